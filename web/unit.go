package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"jixiao/input"
	"jixiao/render/pdf"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"jixiao"
)

// jobWait is how long a request waits for a free job slot before 503.
var jobWait = 3 * time.Second

// unitView is the 单位 page, with the result of a check when there is one.
type unitView struct {
	base
	Profiles []profileChoice
	Year     int
	HavePDF  bool
	MaxBytes int64 // the largest upload
	Result   *resultView
}

type profileChoice struct {
	ID       string
	Label    string // short (jixiao.Profile.Label): 岳阳楼区财政局 2021 年度表式（附件3-1、附件3-2）
	Name     string
	Selected bool // chosen for this upload
	Default  bool // the profile of a report that names none
}

// resultView is the result of checking one upload.
type resultView struct {
	input.View
	Name    string         // the file as uploaded
	Groups  []problemGroup // problems by sheet (workbook) or part (JSON)
	Report  string         // the report as JSON, posted back to download; "" when unreadable
	Profile string         // the profile chosen, "" for the one the report names
	DocName string         // the documents' base name
}

type problemGroup struct {
	Title    string
	Errors   int
	Warnings int
	Problems []problemView
}

// problemView is a problem as the page shows it.
type problemView struct{ input.ProblemView }

// Class is the CSS class of a problem's severity.
func (p problemView) Class() string {
	if p.Severity == jixiao.Warning {
		return "warning"
	}
	return "error"
}

// IsJSON reports whether the problem's place is a JSON line:column.
func (p problemView) IsJSON() bool {
	return p.Problem.Place.IsJSON()
}

func (s *Server) choices(selected string) []profileChoice {
	var cs []profileChoice
	for _, p := range profiles() {
		cs = append(cs, profileChoice{p.ID, p.Label(), p.Name, p.ID == selected, p.ID == defaultProfile})
	}
	return cs
}

func (s *Server) unitPage(w http.ResponseWriter, r *http.Request) {
	s.show(w, http.StatusOK, "unit", s.unitView(nil, ""))
}

func (s *Server) unitView(res *resultView, profile string) unitView {
	return unitView{base: base{Title: "单位填报", Nav: "unit", Version: s.o.Version},
		Profiles: s.choices(profile), Year: time.Now().Year() - 1, HavePDF: havePDF(), MaxBytes: s.o.MaxUpload, Result: res}
}

// templateFrom downloads this year's fill-in workbook started from last
// year's report (uploaded: .docx, .xlsx or .json), or says why it cannot be
// read.
func (s *Server) templateFrom(w http.ResponseWriter, r *http.Request) {
	done, ok := s.jobs.take(r.Context(), jobWait)
	if !ok {
		s.busy(w, r)
		return
	}
	defer done()
	dir, err := s.tempDir()
	if err != nil {
		s.failWith(w, r, err)
		return
	}
	defer s.removeAll(dir)
	rc, err := receive(w, r, dir, limits{body: s.o.MaxUpload, files: 1})
	if err != nil {
		s.failWith(w, r, err)
		return
	}
	year := 0
	if y := strings.TrimSpace(rc.fields["year"]); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 2000 || n > 2100 {
			s.fail(w, r, http.StatusBadRequest, "年度应为 2000 到 2100 之间的年份，实际为 "+strconv.Quote(y))
			return
		}
		year = n
	}
	if len(rc.files) == 0 {
		s.fail(w, r, http.StatusBadRequest, "请选择去年的报告（Word 文档 .docx、填报表 .xlsx 或报告 .json）。")
		return
	}
	f := rc.files[0]
	c := readReport(f.path, "")
	if c.Report == nil {
		msg := f.name + " 无法读取，没有生成填报表"
		if len(c.Problems) > 0 {
			msg += "：" + c.Problems[0].Format(f.name)
		}
		s.fail(w, r, http.StatusBadRequest, msg+"。")
		return
	}
	var buf bytes.Buffer
	y, err := nextYearWorkbook(&buf, c, year)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	name := strconv.Itoa(y) + "年度绩效自评填报表"
	if u := c.Report.Cover.Unit; u != "" {
		name = safeName(u) + "_" + name
	}
	download(w, name+".xlsx", buf.Bytes())
}

// template downloads the blank fill-in workbook.
func (s *Server) template(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	profile := q.Get("profile")
	if profile != "" && !shipped(profile) {
		s.fail(w, r, http.StatusBadRequest, "没有表式 "+strconv.Quote(profile)+"（可用："+shippedIDs()+"）")
		return
	}
	year := 0
	if y := strings.TrimSpace(q.Get("year")); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 2000 || n > 2100 {
			s.fail(w, r, http.StatusBadRequest, "年度应为 2000 到 2100 之间的年份，实际为 "+strconv.Quote(y))
			return
		}
		year = n
	}
	unit, code := strings.TrimSpace(q.Get("unit")), strings.TrimSpace(q.Get("code"))
	if len([]rune(unit)) > 100 || len([]rune(code)) > 50 {
		s.fail(w, r, http.StatusBadRequest, "单位名称最多 100 个字，预算编码最多 50 个字符")
		return
	}
	done, ok := s.jobs.take(r.Context(), jobWait)
	if !ok {
		s.busy(w, r)
		return
	}
	defer done()
	var buf bytes.Buffer
	if err := blankWorkbook(&buf, profile, year, unit, code); err != nil {
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	name := "绩效自评填报表"
	if year != 0 {
		name = strconv.Itoa(year) + "年度" + name
	}
	if unit != "" {
		name = safeName(unit) + "_" + name
	}
	download(w, name+".xlsx", buf.Bytes())
}

// check reads an uploaded report and shows its problems and scores.
func (s *Server) check(w http.ResponseWriter, r *http.Request) {
	done, ok := s.jobs.take(r.Context(), jobWait)
	if !ok {
		s.busy(w, r)
		return
	}
	defer done()
	dir, err := s.tempDir()
	if err != nil {
		s.failWith(w, r, err)
		return
	}
	defer s.removeAll(dir)
	rc, err := receive(w, r, dir, limits{body: s.o.MaxUpload, files: 1})
	if err != nil {
		s.failWith(w, r, err)
		return
	}
	profile := rc.fields["profile"]
	if profile != "" && !shipped(profile) {
		s.fail(w, r, http.StatusBadRequest, "没有表式 "+strconv.Quote(profile)+"（可用："+shippedIDs()+"）")
		return
	}
	if len(rc.files) == 0 {
		s.fail(w, r, http.StatusBadRequest, "请选择要检查的文件（填好的 .xlsx 工作簿、Word 报告 .docx 或报告 .json）。")
		return
	}
	f := rc.files[0]
	c := readReport(f.path, profile)
	res := &resultView{View: viewOf(c, f.name), Name: f.name, Profile: profile}
	res.Groups = groups(res.View.Problems)
	if c.Report != nil {
		if res.Report, err = reportJSON(c.Report); err != nil {
			s.failWith(w, r, err)
			return
		}
		res.DocName = ReportName(c.Report)
	}
	if wantsJSON(r) {
		writeJSON(w, http.StatusOK, res.View)
		return
	}
	s.show(w, http.StatusOK, "unit", s.unitView(res, profile))
}

// groups groups problems (sorted by place) by their sheet, or for a JSON
// report by the part of the form their path is in.
func groups(ps []input.ProblemView) []problemGroup {
	var gs []problemGroup
	index := map[string]int{}
	for _, p := range ps {
		title := p.Problem.Place.Sheet
		if title == "" {
			title = partTitle(p.Path)
		}
		i, ok := index[title]
		if !ok {
			i = len(gs)
			index[title] = i
			gs = append(gs, problemGroup{Title: title})
		}
		gs[i].Problems = append(gs[i].Problems, problemView{p})
		if p.Severity == jixiao.Warning {
			gs[i].Warnings++
		} else {
			gs[i].Errors++
		}
	}
	return gs
}

// render downloads the Word file, the workbook or the PDF of a report the
// result page posts back (as JSON): it is read and checked again as any
// upload is, so that what is rendered is what the readers accept.
func (s *Server) render(w http.ResponseWriter, r *http.Request) {
	done, ok := s.jobs.take(r.Context(), jobWait)
	if !ok {
		s.busy(w, r)
		return
	}
	defer done()
	dir, err := s.tempDir()
	if err != nil {
		s.failWith(w, r, err)
		return
	}
	defer s.removeAll(dir)
	rc, err := receive(w, r, dir, limits{body: s.o.MaxUpload, files: 0, field: maxReport})
	if err != nil {
		s.failWith(w, r, err)
		return
	}
	format, profile := rc.fields["format"], rc.fields["profile"]
	if format != "docx" && format != "xlsx" && format != "pdf" {
		s.fail(w, r, http.StatusBadRequest, "没有格式 "+strconv.Quote(format)+"（可用：docx、xlsx、pdf）")
		return
	}
	if profile != "" && !shipped(profile) {
		s.fail(w, r, http.StatusBadRequest, "没有表式 "+strconv.Quote(profile)+"（可用："+shippedIDs()+"）")
		return
	}
	file := filepath.Join(dir, "report.json")
	if err := os.WriteFile(file, []byte(rc.fields["report"]), 0o600); err != nil {
		s.failWith(w, r, err)
		return
	}
	c := readReport(file, profile)
	if c.Report == nil {
		msg := "报告无法读取"
		if len(c.Problems) > 0 {
			msg += "：" + c.Problems[0].Format("报告")
		}
		s.fail(w, r, http.StatusBadRequest, msg+"。请重新上传文件检查。")
		return
	}
	name := ReportName(c.Report)
	render := format
	if format == "pdf" {
		render = "docx"
	}
	data, err := renderReport(render, c)
	if err != nil {
		s.failWith(w, r, err)
		return
	}
	if format == "pdf" {
		if data, err = s.pdf(r, dir, name, data); err != nil {
			s.failWith(w, r, err)
			return
		}
	}
	download(w, name+"."+format, data)
}

// pdf converts a Word file to PDF in dir.
func (s *Server) pdf(r *http.Request, dir, name string, docx []byte) ([]byte, error) {
	if !havePDF() {
		return nil, &statusError{http.StatusNotImplemented, "生成 PDF 需要 LibreOffice，本机没有安装。可以下载 Word 文件，用 Word 或 WPS 另存为 PDF。"}
	}
	pdfs, err := pdf.Documents(r.Context(), [][]byte{docx}, pdf.Options{Jobs: 1})
	if err != nil {
		var fe *pdf.FileError
		if errors.As(err, &fe) {
			return nil, errors.New("无法转换为 PDF：" + fe.Reason)
		}
		return nil, err
	}
	return pdfs[0], nil
}

// download answers with a file to save.
func download(w http.ResponseWriter, name string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType(name))
	h.Set("Content-Disposition", disposition(name))
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Cache-Control", "no-store")
	w.Write(data)
}

// disposition is an attachment's Content-Disposition: the name in UTF-8
// (RFC 5987), and a plain fallback.
func disposition(name string) string {
	if v := mime.FormatMediaType("attachment", map[string]string{"filename": name}); v != "" {
		return v
	}
	return `attachment; filename="jixiao` + path.Ext(name) + `"`
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".docx":
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case ".xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case ".pdf":
		return "application/pdf"
	case ".zip":
		return "application/zip"
	}
	return "application/octet-stream"
}

// wantsJSON reports whether a script asked for JSON.
func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b)
}

// formatNumber shows a score: 95, 92.5, or 未填.
func formatNumber(v any) string {
	switch d := v.(type) {
	case *decimal.Decimal:
		if d == nil {
			return "—"
		}
		return d.String()
	case decimal.Decimal:
		return d.String()
	}
	return ""
}

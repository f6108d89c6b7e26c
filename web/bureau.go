package web

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"jixiao"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"jixiao/bundle"
)

// bundleName is the name of the bundle's folder inside its .zip.
const bundleName = "汇总包"

// maxListed bounds the files listed in a message.
const maxListed = 50

// maxShownUnits bounds the rows of the units table on the page (all are in
// 汇总表.xlsx).
const maxShownUnits = 1000

// A job is one bundle: its files, from the upload until its download.
type job struct {
	token string
	dir   string // the job's private folder: in/ the uploads, out/ the bundle

	mu      sync.Mutex
	state   string // see the job states
	done    int
	total   int
	errors  int           // units with errors so far
	left    time.Duration // in the PDF phase: the time still needed, as estimated
	message string
	skipped []skipped
	summary *summaryView
	expires time.Time
	claimed bool // a download is under way
	timer   *time.Timer
}

// Job states.
const (
	stateQueued  = "queued"
	stateReading = "reading"
	stateRunning = "running"
	statePDF     = "pdf"
	stateDone    = "done"
	stateFailed  = "failed"
)

var stateText = map[string]string{
	stateQueued:  "排队等待（正在生成另一个汇总包）",
	stateReading: "正在读取报告",
	stateRunning: "正在生成各单位的文件",
	statePDF:     "正在用 LibreOffice 转换 PDF",
	stateDone:    "已完成",
	stateFailed:  "失败",
}

// stateText says what the job is doing; in the PDF phase, with the time
// left. Called with the job's lock held.
func (j *job) stateText() string {
	if j.state == statePDF && j.done > 0 && j.done < j.total {
		return stateText[j.state] + "，还需约 " + duration(j.left.Round(time.Second))
	}
	return stateText[j.state]
}

// remove deletes the job's files. Called with the server's lock held.
func (j *job) remove() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.timer != nil {
		j.timer.Stop()
	}
	return os.RemoveAll(j.dir) // again, if an upload wrote after a first removal
}

// bureauView is the 财政局 page.
type bureauView struct {
	base
	Profiles []profileChoice
	HavePDF  bool
	MaxFiles int
	MaxSize  string
	MaxBytes int64
	Keep     string
}

// jobView is a bundle's page: its progress, or its summary.
type jobView struct {
	base
	Token     string
	State     string
	StateText string
	Done      int
	Total     int
	Errors    int
	Message   string
	Skipped   []skipped
	Summary   *summaryView
	Expires   string
	Claimed   bool
}

// summaryView is what the page shows of a finished bundle (from bundle.json).
type summaryView struct {
	Counts    bundle.ManifestCounts
	Year      int // the bundle's year; 0 when no report gives one
	Grades    []gradeCount
	Units     []bundle.ManifestUnit
	MoreUnits int // units not shown
	// Intake are the files not counted (replaced, of another year, not
	// read), the units of the roster that sent none and the units counted
	// that are not on it; MoreIntake those not shown.
	Intake     []intakeView
	MoreIntake int
	Size       int64
	PDF        bool
}

// statusNotOnRoster marks in the list of what needs attention a unit that
// is counted but is not on the roster (bundle.json has it as a problem of
// the code not_on_roster).
const statusNotOnRoster = "not_on_roster"

// intakeView is a file not counted in the bundle, with what became of it,
// or a unit counted that is not on the roster.
type intakeView struct {
	bundle.ManifestIntake
	StatusText string
}

type gradeCount struct {
	Grade string
	Count int
}

func (s *Server) bureauPage(w http.ResponseWriter, r *http.Request) {
	s.show(w, http.StatusOK, "bureau", bureauView{base: base{Title: "财政局汇总", Nav: "bureau", Version: s.o.Version},
		Profiles: s.choices(""), HavePDF: havePDF(), MaxFiles: s.o.MaxFiles, MaxSize: megabytes(s.o.MaxBundleUpload), MaxBytes: s.o.MaxBundleUpload, Keep: duration(s.o.Keep)})
}

// startBundle receives a bundle's files and starts building it.
func (s *Server) startBundle(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		s.fail(w, r, http.StatusServiceUnavailable, "服务正在停止。")
		return
	}
	kept := 0
	for _, j := range s.bundles {
		j.mu.Lock()
		if j.state != stateFailed { // a failed bundle keeps only its message
			kept++
		}
		j.mu.Unlock()
	}
	if kept >= s.o.Bundles {
		s.mu.Unlock()
		s.fail(w, r, http.StatusServiceUnavailable, fmt.Sprintf("已有 %d 个汇总包正在生成或等待下载，请稍后再试（未下载的汇总包 %s后自动删除）。",
			s.o.Bundles, duration(s.o.Keep)))
		return
	}
	dir, err := s.tempDir()
	if err != nil {
		s.mu.Unlock()
		s.failWith(w, r, err)
		return
	}
	j := &job{token: token(), dir: dir, state: stateQueued}
	s.bundles[j.token] = j // reserves the place while the upload arrives
	s.mu.Unlock()
	started := false
	defer func() {
		if !started {
			s.drop(j)
		}
	}()

	rc, err := receive(w, r, dir, limits{body: s.o.MaxBundleUpload, files: s.o.MaxFiles, unzipped: s.o.MaxUnzipped, many: true,
		apart: []string{"roster"}})
	if err != nil {
		s.failWith(w, r, err)
		return
	}
	profile := rc.fields["profile"]
	if profile != "" && !shipped(profile) {
		s.fail(w, r, http.StatusBadRequest, "没有表式 "+strconv.Quote(profile)+"（可用："+shippedIDs()+"）")
		return
	}
	year := 0
	if y := strings.TrimSpace(rc.fields["year"]); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 2000 || n > 2100 {
			s.fail(w, r, http.StatusBadRequest, "年度应为 2000 到 2100 之间的年份，实际为 "+strconv.Quote(y)+"；不填时取多数报告的年度。")
			return
		}
		year = n
	}
	rosterFile := rc.apart["roster"]
	if rosterFile.path != "" {
		if err := checkRoster(rosterFile); err != nil {
			s.fail(w, r, http.StatusBadRequest, err.Error()+"\n没有生成汇总包：请改正名单后重新上传（jixiao roster-template 生成空白名单），或不选名单。")
			return
		}
	}
	withPDF := rc.fields["pdf"] != ""
	if withPDF && !havePDF() {
		s.fail(w, r, http.StatusBadRequest, "生成 PDF 需要 LibreOffice，本机没有安装。请不选 PDF 再试。")
		return
	}
	reports := 0
	for _, f := range rc.files {
		if readable(f.name) {
			reports++
		}
	}
	if reports == 0 {
		msg := "没有收到报告文件：请选择填好的 .xlsx 工作簿、Word 报告 .docx、报告 .json，或包含它们的 .zip 压缩包。"
		for i, f := range rc.files {
			if i == maxListed {
				msg += fmt.Sprintf("\n……另有 %d 个", len(rc.files)-i)
				break
			}
			msg += "\n" + f.sent + "：" + notReadable(f.name)
		}
		for _, sk := range rc.skipped {
			msg += "\n" + sk.Name + "：" + sk.Reason
		}
		s.fail(w, r, http.StatusBadRequest, msg)
		return
	}
	bj := bundleJob{in: filepath.Join(dir, "in"), names: map[string]string{}, notRead: rc.skipped, profile: profile,
		year: year, roster: rosterFile, withPDF: withPDF, version: s.o.Version}
	for _, f := range rc.files {
		if f.sent != f.name {
			bj.names[f.path] = f.sent
		}
	}
	j.skipped = rc.skipped
	j.total = reports
	s.mu.Lock()
	if s.closed { // Close came while the files arrived
		s.mu.Unlock()
		s.fail(w, r, http.StatusServiceUnavailable, "服务正在停止。")
		return
	}
	started = true
	s.wg.Go(func() { s.build(j, bj) })
	s.mu.Unlock()
	http.Redirect(w, r, "/bundle/"+j.token, http.StatusSeeOther)
}

// build runs a job: it waits its turn, makes the bundle, and keeps it for its
// download until it expires.
func (s *Server) build(j *job, bj bundleJob) {
	set := func(f func()) {
		j.mu.Lock()
		f()
		j.mu.Unlock()
	}
	err := func() error {
		done, ok := s.run.take(s.ctx, 24*time.Hour)
		if !ok {
			return context.Canceled
		}
		defer done()
		set(func() { j.state, j.done = stateRunning, 0 })
		out := filepath.Join(j.dir, "out", bundleName)
		_, err := bundleRun(s.ctx, bj, out, func(done, total, withErrors int) {
			set(func() { j.done, j.total, j.errors = done, total, withErrors })
		}, func(done, total int, left time.Duration) {
			set(func() { j.state, j.done, j.total, j.left = statePDF, done, total, left })
		})
		if err != nil {
			return err
		}
		for _, d := range []string{"in", "roster"} {
			if err := os.RemoveAll(filepath.Join(j.dir, d)); err != nil {
				return err
			}
		}
		m, err := bundleManifest(out)
		if err != nil {
			return err
		}
		sum := &summaryView{Counts: m.Counts, Year: m.Year, Units: m.Units, PDF: bj.withPDF}
		if len(sum.Units) > maxShownUnits {
			sum.MoreUnits = len(sum.Units) - maxShownUnits
			sum.Units = sum.Units[:maxShownUnits]
		}
		sum.Grades = orderGrades(m.Grades)
		for _, in := range m.Intake {
			if in.Status == jixiao.IntakeCounted {
				continue
			}
			if len(sum.Intake) == maxShownUnits {
				sum.MoreIntake++
				continue
			}
			sum.Intake = append(sum.Intake, intakeView{in, jixiao.StatusText(in.Status)})
		}
		for _, p := range m.Problems { // counted, but not on the roster
			if p.Problem.Code != jixiao.CodeNotOnRoster {
				continue
			}
			if len(sum.Intake) == maxShownUnits {
				sum.MoreIntake++
				continue
			}
			sum.Intake = append(sum.Intake, intakeView{bundle.ManifestIntake{File: p.File, Status: statusNotOnRoster, Code: p.Code,
				Unit: p.Unit, Note: p.Problem.Message}, "名单外"})
		}
		sum.Size = folderSize(out)
		set(func() { j.summary = sum })
		return nil
	}()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return // Close removes the job
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if err != nil {
		j.state, j.message = stateFailed, err.Error()
		if errors.Is(err, context.Canceled) {
			j.message = "服务已停止，汇总包没有生成。"
		}
		if rerr := os.RemoveAll(j.dir); rerr != nil {
			s.o.Log.Printf("jixiao serve：无法删除汇总包的临时文件：%v", rerr)
		}
	} else {
		j.state = stateDone
	}
	j.expires = time.Now().Add(s.o.Keep)
	j.timer = time.AfterFunc(s.o.Keep, func() { s.drop(j) })
}

// drop removes a job and its files.
func (s *Server) drop(j *job) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.bundles[j.token] == j {
		delete(s.bundles, j.token)
	}
	if err := j.remove(); err != nil {
		s.o.Log.Printf("jixiao serve：无法删除汇总包的临时文件：%v", err)
	}
}

// lookup returns the job of the request's token, or answers 404.
func (s *Server) lookup(w http.ResponseWriter, r *http.Request) *job {
	s.mu.Lock()
	j := s.bundles[r.PathValue("token")]
	s.mu.Unlock()
	if j == nil || r.PathValue("token") == "" {
		s.fail(w, r, http.StatusNotFound, "这个汇总包不存在，或已下载、已过期：服务器上的文件已经删除。需要时请重新上传生成。")
		return nil
	}
	return j
}

func (j *job) view(version string) jobView {
	j.mu.Lock()
	defer j.mu.Unlock()
	v := jobView{base: base{Title: "汇总包", Nav: "bureau", Version: version}, Token: j.token, State: j.state,
		StateText: j.stateText(), Done: j.done, Total: j.total, Errors: j.errors, Message: j.message,
		Skipped: j.skipped, Summary: j.summary, Claimed: j.claimed}
	if !j.expires.IsZero() {
		v.Expires = j.expires.Format("15:04")
	}
	return v
}

func (s *Server) bundlePage(w http.ResponseWriter, r *http.Request) {
	if j := s.lookup(w, r); j != nil {
		s.show(w, http.StatusOK, "job", j.view(s.o.Version))
	}
}

// bundleStatus is the progress of a bundle, for the page's script.
func (s *Server) bundleStatus(w http.ResponseWriter, r *http.Request) {
	j := s.lookup(w, r)
	if j == nil {
		return
	}
	v := j.view(s.o.Version)
	writeJSON(w, http.StatusOK, map[string]any{"state": v.State, "text": v.StateText, "done": v.Done, "total": v.Total,
		"with_errors": v.Errors, "message": v.Message})
}

// bundleDownload sends the bundle as a .zip, once: the files are removed when
// it has been sent. An interrupted download can be tried again until the
// bundle expires.
func (s *Server) bundleDownload(w http.ResponseWriter, r *http.Request) {
	j := s.lookup(w, r)
	if j == nil {
		return
	}
	j.mu.Lock()
	switch {
	case j.state != stateDone:
		j.mu.Unlock()
		s.fail(w, r, http.StatusConflict, "汇总包还没有生成完。")
		return
	case j.claimed:
		j.mu.Unlock()
		s.fail(w, r, http.StatusGone, "汇总包正在下载。下载完成后服务器上的文件即删除。")
		return
	}
	j.claimed = true
	j.mu.Unlock()
	h := w.Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Disposition", disposition(bundleName+".zip"))
	h.Set("Cache-Control", "no-store")
	err := writeZip(w, filepath.Join(j.dir, "out", bundleName), bundleName)
	if err != nil {
		s.o.Log.Printf("jixiao serve：汇总包下载中断：%v", err)
		j.mu.Lock()
		j.claimed = false
		j.mu.Unlock()
		return
	}
	s.drop(j)
}

// writeZip writes the folder dir as a zip whose entries are under root/. The
// documents are stored as they are (they are zip files already), the rest
// deflated.
func writeZip(w io.Writer, dir, root string) error {
	zw := zip.NewWriter(w)
	mtime := time.Now()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		h := &zip.FileHeader{Name: path.Join(root, filepath.ToSlash(rel)), Method: zip.Deflate, Modified: mtime}
		switch strings.ToLower(filepath.Ext(p)) {
		case ".docx", ".xlsx", ".pdf", ".zip":
			h.Method = zip.Store
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		zf, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		_, err = io.Copy(zf, f)
		return err
	})
	if err != nil {
		return err
	}
	return zw.Close()
}

// orderGrades lists the grades from best to worst, then any others.
func orderGrades(m map[string]int) []gradeCount {
	var gs []gradeCount
	for _, g := range []string{"优", "良", "中", "差"} {
		gs = append(gs, gradeCount{g, m[g]})
	}
	var other []string
	for g := range m {
		if !slices.Contains([]string{"优", "良", "中", "差"}, g) {
			other = append(other, g)
		}
	}
	slices.Sort(other)
	for _, g := range other {
		gs = append(gs, gradeCount{g, m[g]})
	}
	return gs
}

func folderSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// duration says a duration in Chinese: 15 分钟.
func duration(d time.Duration) string {
	if d >= time.Hour && d%time.Hour == 0 {
		return strconv.Itoa(int(d/time.Hour)) + " 小时"
	}
	if d >= time.Minute {
		return strconv.Itoa(int(d/time.Minute)) + " 分钟"
	}
	return strconv.Itoa(int(d/time.Second)) + " 秒"
}

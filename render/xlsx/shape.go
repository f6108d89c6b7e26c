package xlsx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"jixiao"
)

// shape is how many rows each variable part of the form has: the report's
// counts in the report workbook, the spare rows in the template. With the
// profile it fixes the whole grid; both are stored in the workbook's hidden
// sheet, so that the reader rebuilds the very grid the writer used.
type shape struct {
	Units      int     `json:"units"`      // 收支情况: rows 1、局机关, 2、… of each table
	Tasks      int     `json:"tasks"`      // 基本概况: 任务1 …
	Operation  int     `json:"operation"`  // 基本概况: rows of 总体运行情况及取得的成绩
	Goals      int     `json:"goals"`      // 绩效自评: 目标1 …
	Targets    [][]int `json:"targets"`    // 绩效自评: rows of each indicator, per group
	Evaluators int     `json:"evaluators"` // 评价人员
	Narrative  int     `json:"narrative"`  // 评价报告综述: rows
}

// Bounds on a shape: far above any real report, low enough that a forged
// hidden sheet cannot make the reader build a huge grid.
const (
	maxRows       = 2000 // rows of one variable part
	maxGroups     = 20   // 定量目标 groups
	maxIndicators = 50   // indicators of one group
	maxGridRows   = 20000
)

func (sh shape) check() error {
	total := 0
	for _, n := range []int{sh.Units, sh.Tasks, sh.Operation, sh.Goals, sh.Evaluators, sh.Narrative} {
		if n < 1 || n > maxRows {
			return fmt.Errorf("行数 %d 超出范围（1 到 %d）", n, maxRows)
		}
		total += n
	}
	if len(sh.Targets) > maxGroups {
		return fmt.Errorf("定量目标分组 %d 个，最多 %d 个", len(sh.Targets), maxGroups)
	}
	for _, g := range sh.Targets {
		if len(g) < 1 || len(g) > maxIndicators {
			return fmt.Errorf("一组定量目标有 %d 个指标，应为 1 到 %d 个", len(g), maxIndicators)
		}
		for _, n := range g {
			if n < 1 || n > maxRows {
				return fmt.Errorf("行数 %d 超出范围（1 到 %d）", n, maxRows)
			}
			total += n
		}
	}
	if total > maxGridRows {
		return fmt.Errorf("表格共 %d 行，超过 %d 行", total, maxGridRows)
	}
	return nil
}

// shapeOf returns the shape of a report: one row per element of each part,
// at least one row each.
func shapeOf(r *jixiao.Report) (shape, error) {
	sh := shape{
		Units:      max(1, len(r.Finance.Units)),
		Tasks:      max(1, len(r.Overview.Tasks)),
		Goals:      max(1, len(r.Performance.Qualitative.Goals)),
		Evaluators: max(1, len(r.Evaluation.Evaluators)),
	}
	var err error
	if sh.Operation, err = sectionRows(r.Overview.Operation); err != nil {
		return sh, fmt.Errorf("%s：%w", jixiao.Label("overview.operation"), err)
	}
	if sh.Narrative, err = sectionRows(r.Narrative); err != nil {
		return sh, fmt.Errorf("%s：%w", jixiao.Label("narrative"), err)
	}
	for _, g := range r.Performance.Quantitative {
		var inds []int
		for _, ind := range g.Indicators {
			inds = append(inds, max(1, len(ind.Targets)))
		}
		if len(inds) == 0 {
			inds = []int{1}
		}
		sh.Targets = append(sh.Targets, inds)
	}
	return sh, sh.check()
}

// sectionRows counts the rows of a headed text: one per heading and one per
// paragraph; at least one.
func sectionRows(ss []jixiao.Section) (int, error) {
	rows, err := flatten(ss)
	return max(1, len(rows)), err
}

// The hidden sheet: one key per row in column A, its value in B (and C, D …
// for a value too long for one cell).
const (
	metaSheet   = "_jixiao"
	metaMagic   = "jixiao-xlsx"
	metaVersion = "1"
	// labelVersion is the version of the form's labels this program prints. A
	// workbook records the one it was printed with ("1" when it records
	// none); the reader accepts the labels of that version (form.EarlierLabels).
	labelVersion = 2
	metaChunk    = 8000 // characters per cell of a long value
)

// meta is what the hidden sheet holds.
type meta struct {
	Kind    string // "report" or "template"
	Shape   shape
	Profile *jixiao.Profile
	Labels  int // the label version the workbook was printed with
}

// rows returns the hidden sheet's rows but the last, profileRow.
func (m meta) rows() ([][]string, error) {
	sh, err := json.Marshal(m.Shape)
	if err != nil {
		return nil, err
	}
	return [][]string{
		{metaMagic, metaVersion},
		{"kind", m.Kind},
		{"labels", strconv.Itoa(labelVersion)},
		{"shape", string(sh)},
	}, nil
}

// profileRow returns the hidden sheet's last row: the profile as JSON, in
// cells of metaChunk characters.
func profileRow(p *jixiao.Profile) ([]string, error) {
	var prof bytes.Buffer
	enc := json.NewEncoder(&prof)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		return nil, err
	}
	r := []rune(strings.TrimSpace(prof.String()))
	row := []string{"profile"}
	for len(r) > 0 {
		n := min(len(r), metaChunk)
		row = append(row, string(r[:n]))
		r = r[n:]
	}
	return row, nil
}

// errVersion is a workbook of another format version.
type errVersion struct{ version string }

func (e errVersion) Error() string {
	return fmt.Sprintf("格式版本为 %q，本程序读取的是 %q", e.version, metaVersion)
}

// errMeta is a broken hidden sheet.
var errMeta = errors.New("结构信息已损坏")

// parseMeta reads the hidden sheet's rows; decodeProfile decodes and checks
// the profile it holds.
func parseMeta(rows [][]string, decodeProfile func([]byte) (*jixiao.Profile, error)) (meta, error) {
	var m meta
	values := map[string][]string{}
	for _, r := range rows {
		if len(r) > 0 {
			values[r[0]] = r[1:]
		}
	}
	if v := values[metaMagic]; len(v) == 0 {
		return m, fmt.Errorf("%w：缺少格式版本", errMeta)
	} else if v[0] != metaVersion {
		return m, errVersion{v[0]}
	}
	if v := values["kind"]; len(v) > 0 {
		m.Kind = v[0]
	}
	m.Labels = 1
	if v := values["labels"]; len(v) > 0 {
		n, err := strconv.Atoi(v[0])
		if err != nil || n < 1 || n > labelVersion {
			return m, fmt.Errorf("%w：标签版本 %s 无法识别", errMeta, jixiao.Quote(v[0]))
		}
		m.Labels = n
	}
	v := values["shape"]
	if len(v) == 0 {
		return m, fmt.Errorf("%w：缺少行数信息", errMeta)
	}
	dec := json.NewDecoder(strings.NewReader(v[0]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m.Shape); err != nil {
		return m, fmt.Errorf("%w：行数信息无法读取（%v）", errMeta, err)
	}
	if err := m.Shape.check(); err != nil {
		return m, fmt.Errorf("%w：%v", errMeta, err)
	}
	p := strings.Join(values["profile"], "")
	if p == "" {
		return m, fmt.Errorf("%w：缺少表式", errMeta)
	}
	var err error
	if m.Profile, err = decodeProfile([]byte(p)); err != nil {
		return m, fmt.Errorf("%w：表式无法读取（%v）", errMeta, err)
	}
	return m, nil
}

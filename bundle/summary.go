package bundle

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/disk"
	"jixiao/render"
	"jixiao/render/xlsx"
)

// rows are the sequences of a bundle's lists, read back from the spill file
// in order: the counted units, the intake list, the problem list. The first
// error reading the spill is kept in err.
type rows struct {
	r   *run
	err error
}

func (l *rows) keep(err error) {
	if err != nil && l.err == nil {
		l.err = err
	}
}

func (l *rows) units(yield func(jixiao.UnitSummary) bool) {
	l.keep(l.r.sp.each(l.r.units, func(u *unit, rec *record, _ []jixiao.Problem) bool {
		return u.status != jixiao.IntakeCounted || yield(rec.Summary)
	}))
}

func (l *rows) intake(yield func(jixiao.IntakeRow) bool) {
	l.keep(l.r.sp.each(l.r.units, func(u *unit, rec *record, _ []jixiao.Problem) bool {
		return yield(jixiao.IntakeRow{Code: u.code, Unit: u.unit, Department: rec.Summary.Department, File: u.shown,
			Status: u.status, Note: note(u)})
	}))
}

func (l *rows) problems(yield func(jixiao.UnitProblem) bool) {
	l.keep(l.r.sp.each(l.r.units, func(u *unit, _ *record, ps []jixiao.Problem) bool {
		for _, p := range ps {
			if !yield(jixiao.UnitProblem{Code: u.code, Unit: u.unit, File: l.r.problemFile(u), Problem: p}) {
				return false
			}
		}
		return true
	}))
}

// note is the intake list's word on an entry: why it was not read or not
// counted, and what the intake found.
func note(u *unit) string {
	var parts []string
	if u.note != "" {
		parts = append(parts, u.note)
	}
	if e, w := u.counts(); u.status == jixiao.IntakeCounted && e+w > 0 {
		parts = append(parts, fmt.Sprintf("错误 %d 个，警告 %d 个（见问题清单）", e, w))
	}
	for _, p := range u.extra {
		if p.Code != jixiao.CodeDuplicate && p.Message != u.note {
			parts = append(parts, p.Message)
		}
	}
	return strings.Join(parts, "；")
}

// intakeNote is the line under 报送情况's title: what came in, in numbers.
func intakeNote(c ManifestCounts) string {
	s := fmt.Sprintf("收到文件 %d 个：计入汇总 %d 个单位", c.Files, c.Units)
	for _, p := range []struct {
		n    int
		what string
	}{{c.Replaced, "被同一单位较新的报告替换"}, {c.OtherYear, "年度不符"}, {c.NotRead, "未读取"}} {
		if p.n > 0 {
			s += "，" + p.what + " " + strconv.Itoa(p.n) + " 个"
		}
	}
	if c.Expected > 0 {
		s += fmt.Sprintf("。名单中应报送 %d 个单位，未报送 %d 个", c.Expected, c.Missing)
		if c.NotOnRoster > 0 {
			s += "，名单外 " + strconv.Itoa(c.NotOnRoster) + " 个"
		}
	}
	if c.NameMismatch > 0 {
		s += "；名称或编码需核对的单位 " + strconv.Itoa(c.NameMismatch) + " 个"
	}
	return s + "。"
}

// writeSummary writes 汇总表.xlsx, 问题清单.csv and bundle.json into the
// bundle, reading the units back from the spill file in order.
func (r *run) writeSummary(t *jixiao.Totals, counts ManifestCounts) error {
	l := &rows{r: r}
	p := r.profile()
	var grades []jixiao.Grade
	if p != nil {
		grades = p.Grades
	}
	department := r.roster != nil && r.roster.HasDepartment
	s := &xlsx.Summary{Title: r.title(p), Note: intakeNote(counts), Grades: t.GradeNames(grades), Department: department,
		Totals: t, Units: l.units, Intake: l.intake, NIntake: len(r.units), Problems: l.problems, NProblems: r.lines}
	err := writeFile(filepath.Join(r.tmp, SummaryName), func(w io.Writer) error { return render.Summary(w, s) })
	if err = cmp.Or(l.err, err); err != nil {
		return fmt.Errorf("无法生成%s：%w", SummaryName, err)
	}
	err = writeFile(filepath.Join(r.tmp, ProblemsName), func(w io.Writer) error { return writeCSV(w, l.problems) })
	if err = cmp.Or(l.err, err); err != nil {
		return fmt.Errorf("无法生成%s：%w", ProblemsName, err)
	}
	return nil
}

// writeManifestFile writes bundle.json, last: it lists every file written.
func (r *run) writeManifestFile(t *jixiao.Totals, counts ManifestCounts) error {
	err := writeFile(filepath.Join(r.tmp, ManifestName), func(w io.Writer) error { return r.writeManifest(w, t, counts) })
	if err != nil {
		return fmt.Errorf("无法生成%s：%w", ManifestName, err)
	}
	return nil
}

// writeFile writes a file through a buffer.
func writeFile(name string, write func(io.Writer) error) error {
	f, err := os.Create(name)
	if err != nil {
		return disk.Chinese(err)
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return disk.Chinese(err)
}

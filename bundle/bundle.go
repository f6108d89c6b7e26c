// Package bundle turns a folder of submissions into the finance bureau's bundle
// for the year: each unit's Word and Excel forms (and PDF) and its feedback
// sheet, a summary workbook (汇总表.xlsx) with the intake list, the problem
// list and charts, the problem list as CSV, and a manifest (bundle.json).
//
// Every file that comes in is accounted for: a report becomes a unit, and
// what is not read is listed with the reason and what to do. A unit (by
// 预算编码) is counted once, by its newest report; reports of another year
// are listed and left out of the totals; a roster of units, when given, says
// who has not reported.
//
// Units render in parallel and are not all held in memory; the bundle is
// built in a temporary folder beside its destination and renamed into place,
// so an interrupted run leaves nothing half-written.
//
// The files of this package, by concern: bundle.go (the run), places.go and
// swap.go (where a bundle may go, the lock and the swap), collect.go (the
// inputs), workers.go (reading, checking and rendering in parallel),
// spill.go (the units on disk), intake.go (years, resubmissions, the roster),
// names.go (file names), feedback.go, tally.go (the totals, tallied once),
// summary.go, csv.go, manifest.go, and pdf.go.
package bundle

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"jixiao"
	"jixiao/disk"
	"jixiao/render"
	"jixiao/render/pdf"
	"jixiao/roster"
)

// Options control a bundle run. The zero value of each field is its default.
type Options struct {
	Out     string   // the bundle folder to create
	Jobs    int      // parallel workers; 0: the number of CPUs
	Formats []string // per unit: "docx", "xlsx", "pdf"; nil: docx and xlsx
	Profile string   // overrides the profile each report names; "": as named
	// Year is the year of the bundle; 0: the year most reports give.
	// Reports of another year are listed and not counted.
	Year int
	// Roster is the file of the units that are to report (名单, .xlsx or
	// .csv); "": none.
	Roster  string
	Strict  bool   // write nothing if anything has errors
	Force   bool   // replace an existing Out
	Version string // the tool version recorded in bundle.json
	// Base, when set, is the folder the inputs are named relative to in
	// the bundle (汇总表, 问题清单, bundle.json): a server's upload folder
	// is nobody's business. "": as given.
	Base string
	// Names, when set, are the names the bundle shows for inputs (and for
	// the roster) by their path, in place of the path: a server's uploads
	// as they were sent, before their names were made safe for its disk.
	// An input not in Names is shown as Base says.
	Names map[string]string
	// NotRead are files that came in but were never put where Collect
	// finds them (a server's zip entries it did not unpack: links, special
	// files, encrypted entries): each is accounted for as Collect accounts
	// for a file it does not read (its File is a key of Names, or shown as
	// an input is).
	NotRead []WalkProblem
	// Progress, when set, is called after each file with the counts so far,
	// from one goroutine at a time.
	Progress func(done, total, withErrors int)
	// PDFProgress, when set, is called in the PDF phase after each document
	// LibreOffice has converted, with the counts and the time left as
	// estimated, from one goroutine at a time.
	PDFProgress func(done, total int, left time.Duration)
}

// Result is what a run did. Per-unit results are in the bundle (汇总表.xlsx,
// 问题清单.csv, bundle.json), not in memory: a run's memory does not grow with
// the number of units.
type Result struct {
	Counts ManifestCounts
	Year   int // the bundle's year; 0 when no report gives one
	// Errors are the error problems of the bundle, in the order of 问题清单
	// (for printing when --strict refuses to write).
	Errors []jixiao.UnitProblem
	// Attention are the files and units the bureau must look at, by kind
	// (AttentionGroup), in the order of 问题清单 within a kind: at most
	// MaxAttention entries in all, shared fairly between the kinds; each
	// group counts all of its kind.
	Attention []AttentionGroup
	Written   bool // false when --strict refused to write
}

// MaxAttention is the most entries Result.Attention holds; the groups count
// how many there are.
const MaxAttention = 50

// AttentionGroup is one kind of what the bureau must look at: files not
// read, reports of another year, units that have not reported …
type AttentionGroup struct {
	Kind    string // an intake status (jixiao.Intake…), AttentionNotOnRoster or AttentionName
	Title   string // the kind in words: 无法读取, 年度不符, 未报送, 名单外 …
	Count   int    // the files or units of the kind
	Entries []Attention
}

// Attention is one file or unit the bureau must look at: the problem that
// says why (for a file of another year, the year), and how many more
// problems it has (in 问题清单).
type Attention struct {
	jixiao.UnitProblem
	More int
}

// Names of the files of a bundle.
const (
	SummaryName  = "汇总表.xlsx"
	ProblemsName = "问题清单.csv"
	ManifestName = "bundle.json"
	UnitsDir     = "报告"
	FeedbackDir  = "反馈"
)

// ErrExists is returned when a bundle is at the destination and Force is not
// set.
var ErrExists = errors.New("已有汇总包（加 --force 替换）")

// ErrForeign is returned when Force would replace a bundle that holds files
// the tool did not make (added, or changed since): they are never removed.
var ErrForeign = errors.New("汇总包中有不是 jixiao 生成的文件")

// ErrUsage marks an error in how the run was asked for (an output inside an
// input, a folder that is not a bundle to replace, a missing input): the
// command line must change.
var ErrUsage = errors.New("用法错误")

// ErrNoReports is returned when the inputs hold no report to read: nothing
// is written.
var ErrNoReports = errors.New("没有找到可以读取的报告（.json、.xlsx 或 .docx 文件）")

func usage(format string, args ...any) error {
	return fmt.Errorf("%w：%s", ErrUsage, fmt.Sprintf(format, args...))
}

// run is one bundle run.
type run struct {
	o       Options
	tmp     string // the bundle being made
	sp      *spill
	roster  *roster.Roster
	units   []*unit // every entry: files found, units of the roster that sent nothing
	year    int
	lines   int      // of the problem list
	volumes []string // the printable volumes written (--format pdf)
}

// Run builds the bundle of inputs (files, or folders searched recursively;
// see Collect).
func Run(ctx context.Context, inputs []string, o Options) (*Result, error) {
	if o.Jobs <= 0 {
		o.Jobs = runtime.NumCPU()
	}
	if len(o.Formats) == 0 {
		o.Formats = []string{"docx", "xlsx"}
	}
	for _, f := range o.Formats {
		if f != "pdf" && render.Formats[f] == nil {
			return nil, fmt.Errorf("没有格式 %q（可用：docx、xlsx、pdf）", f)
		}
	}
	if o.Year != 0 && (o.Year < 2000 || o.Year > 2100) {
		return nil, usage("年度应为 2000 到 2100 之间的年份，实际为 %d", o.Year)
	}
	if slices.Contains(o.Formats, "pdf") {
		if _, err := pdf.Find(); err != nil {
			return nil, err
		}
	}
	out := disk.Abs(o.Out)
	if err := checkInputs(inputs, o.Roster, out); err != nil {
		return nil, err
	}
	r := &run{o: o}
	if o.Roster != "" {
		var err error
		if r.roster, err = roster.Read(o.Roster); err != nil {
			return nil, err
		}
		if name := o.Names[o.Roster]; name != "" {
			r.roster.File = name
		}
	}
	parent, base := filepath.Dir(out), filepath.Base(out)
	if err := disk.MkdirAll(parent); err != nil {
		return nil, fmt.Errorf("无法创建 %s：%w", parent, disk.Chinese(err))
	}
	unlock, err := lock(parent, base)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if err := recoverSwap(parent, base); err != nil {
		return nil, err
	}
	if err := checkDestination(out, o.Force); err != nil {
		return nil, err
	}
	files, walkProblems, err := Collect(inputs)
	if err != nil {
		return nil, err
	}
	walkProblems = append(walkProblems, o.NotRead...)
	if r.roster != nil { // the roster inside an input folder is not a report
		files = slices.DeleteFunc(files, func(f string) bool { return disk.Same(f, o.Roster) })
	}
	if len(files) == 0 {
		return nil, noReports(walkProblems)
	}
	disk.RemoveStale(parent)
	r.tmp = disk.TempName(out)
	if err := os.Mkdir(r.tmp, 0o777); err != nil {
		return nil, fmt.Errorf("无法在 %s 中创建临时文件夹：%w", parent, disk.Chinese(err))
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(r.tmp)
		}
	}()
	for _, dir := range []string{UnitsDir, FeedbackDir} {
		if err := os.Mkdir(filepath.Join(r.tmp, dir), 0o777); err != nil {
			return nil, fmt.Errorf("无法创建临时文件夹：%w", disk.Chinese(err))
		}
	}
	if r.sp, err = newSpill(filepath.Join(r.tmp, ".work", "units.gob")); err != nil {
		return nil, err
	}
	defer r.sp.close()

	if r.units, err = r.renderAll(ctx, files); err != nil {
		return nil, err
	}
	for _, p := range walkProblems {
		r.units = append(r.units, r.walked(p))
	}
	r.intake()
	r.nameOutputs()
	slices.SortStableFunc(r.units, func(a, b *unit) int {
		return cmp.Or(cmp.Compare(a.code, b.code), cmp.Compare(a.unit, b.unit), cmp.Compare(a.file, b.file))
	})
	res := &Result{Year: r.year}
	if err := r.feedbacks(ctx); err != nil {
		return nil, err
	}
	if r.wantPDF() {
		if err := r.toPDF(ctx); err != nil {
			return nil, err
		}
	}
	t, err := r.tally(res)
	if err != nil {
		return nil, err
	}
	if o.Strict && res.Counts.Errors > 0 {
		return res, nil
	}
	if err := r.writeSummary(t, res.Counts); err != nil {
		return nil, err
	}
	if r.wantPDF() {
		if err := r.writeVolume(ctx); err != nil {
			return nil, err
		}
	}
	if err := r.writeManifestFile(t, res.Counts); err != nil {
		return nil, err
	}
	r.sp.close()
	if err := os.RemoveAll(filepath.Join(r.tmp, ".work")); err != nil {
		return nil, fmt.Errorf("无法删除临时文件：%w", disk.Chinese(err))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := checkDestination(out, o.Force); err != nil { // again: files may have come in meanwhile
		return nil, err
	}
	if err := replaceDir(r.tmp, out); err != nil {
		return nil, err
	}
	done = true
	res.Written = true
	return res, nil
}

// noReports is the error of a run whose inputs hold no report, listing what
// they hold instead.
func noReports(walked []WalkProblem) error {
	if len(walked) == 0 {
		return ErrNoReports
	}
	msg := ""
	for i, p := range walked {
		if i == MaxAttention {
			msg += fmt.Sprintf("\n  ……另有 %d 个", len(walked)-i)
			break
		}
		msg += "\n  " + p.Problem.Format(p.File)
	}
	return fmt.Errorf("%w；输入中的文件都不能作为报告读取：%s", ErrNoReports, msg)
}

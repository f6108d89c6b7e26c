// Package bundle turns a folder of submissions into the finance bureau's bundle
// for the year: each unit's Word and Excel forms (and PDF), a summary workbook
// (汇总表.xlsx) with the problem list and charts, the problem list as CSV, and a
// manifest (bundle.json). Units render in parallel and are not all held in
// memory; the bundle is built in a temporary folder beside its destination and
// renamed into place, so an interrupted run leaves nothing half-written.
package bundle

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"jixiao"
	"jixiao/disk"
	"jixiao/input"
	"jixiao/render"
	"jixiao/render/pdf"
)

// Options control a bundle run. The zero value of each field is its default.
type Options struct {
	Out     string   // the bundle folder to create
	Jobs    int      // parallel workers; 0: the number of CPUs
	Formats []string // per unit: "docx", "xlsx", "pdf"; nil: docx and xlsx
	Profile string   // overrides the profile each report names; "": as named
	Strict  bool     // write nothing if any unit has errors
	Force   bool     // replace an existing Out
	Version string   // the tool version recorded in bundle.json
	// Progress, when set, is called after each unit with the counts so far,
	// from one goroutine at a time.
	Progress func(done, total, withErrors int)
}

// Result is what a run did. Per-unit results are in the bundle (汇总表.xlsx,
// 问题清单.csv, bundle.json), not in memory: a run's memory does not grow with
// the number of units.
type Result struct {
	Counts ManifestCounts
	// Errors are the error problems of every unit, in the order of 汇总表 (for
	// printing when --strict refuses to write).
	Errors  []jixiao.UnitProblem
	Written bool // false when --strict refused to write
}

// Names of the files of a bundle.
const (
	SummaryName  = "汇总表.xlsx"
	ProblemsName = "问题清单.csv"
	ManifestName = "bundle.json"
	UnitsDir     = "报告"
)

// ErrExists is returned when the bundle folder exists and Force is not set.
var ErrExists = errors.New("输出文件夹已存在（加 --force 替换）")

// ErrUsage marks an error in how the run was asked for (an output inside an
// input, a folder that is not a bundle to replace, a missing input): the
// command line must change.
var ErrUsage = errors.New("用法错误")

func usage(format string, args ...any) error {
	return fmt.Errorf("%w：%s", ErrUsage, fmt.Sprintf(format, args...))
}

// IsBundle reports whether dir is a bundle this tool made: a folder holding a
// bundle.json that says so.
func IsBundle(dir string) bool {
	f, err := os.Open(filepath.Join(dir, ManifestName))
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 256)
	n, _ := io.ReadFull(f, head)
	return manifestHead.Match(head[:n])
}

var manifestHead = regexp.MustCompile(`^\{\s*"tool":\s*"jixiao"`)

// checkInputs refuses a run whose bundle would be written over or inside its
// inputs, or whose inputs lie inside the bundle, or that names an input that
// does not exist.
func checkInputs(inputs []string, out string) error {
	for _, in := range inputs {
		if !disk.Exists(in) {
			return usage("输入 %s 不存在", in)
		}
		switch {
		case disk.Within(out, in):
			return usage("汇总包 %s 在输入 %s 之中：下次运行会把汇总包当作报告读入；请写到输入文件夹之外（-o）", out, in)
		case disk.Within(in, out):
			return usage("输入 %s 在汇总包 %s 之中：替换汇总包会删除它；请写到别处（-o）", in, out)
		}
	}
	return nil
}

// checkDestination refuses an existing destination without force, and one
// that is not a bundle this tool made even with force.
func checkDestination(out string, force bool) error {
	if !disk.Exists(out) {
		return nil
	}
	if !force {
		return fmt.Errorf("%s：%w", out, ErrExists)
	}
	if !IsBundle(out) {
		return usage("%s 已存在，但不是 jixiao 生成的汇总包（没有 %s）：--force 只替换汇总包，不会删除它；请用 -o 指定新的文件夹", out, ManifestName)
	}
	return nil
}

// Run builds the bundle of inputs (files, or folders searched recursively for
// .json and .xlsx files).
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
	if slices.Contains(o.Formats, "pdf") {
		if _, err := pdf.Find(); err != nil {
			return nil, err
		}
	}
	out := disk.Abs(o.Out)
	if err := checkInputs(inputs, out); err != nil {
		return nil, err
	}
	parent, base := filepath.Dir(out), filepath.Base(out)
	if err := disk.MkdirAll(parent); err != nil {
		return nil, fmt.Errorf("无法创建 %s：%w", parent, err)
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
	disk.RemoveStale(parent)
	tmp := disk.TempName(out)
	if err := os.Mkdir(tmp, 0o777); err != nil {
		return nil, fmt.Errorf("无法在 %s 中创建临时文件夹：%w", parent, err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Mkdir(filepath.Join(tmp, UnitsDir), 0o777); err != nil {
		return nil, err
	}

	sp, err := newSpill(filepath.Join(tmp, ".work", "units.gob"))
	if err != nil {
		return nil, err
	}
	sp.formats = o.Formats
	defer sp.close()
	units, err := renderAll(ctx, files, tmp, sp, o)
	if err != nil {
		return nil, err
	}
	for _, p := range walkProblems {
		u := &unit{index: -1, file: p.File, errors: 1}
		if p.Severity == jixiao.Warning {
			u.errors, u.warnings = 0, 1
		}
		if err := sp.put(u, jixiao.UnitSummary{File: p.File}, []jixiao.Problem{p.Problem}); err != nil {
			return nil, err
		}
		units = append(units, u)
	}
	if slices.Contains(o.Formats, "pdf") {
		if err := toPDF(ctx, tmp, units, o.Jobs); err != nil {
			return nil, err
		}
	}
	if err := nameOutputs(tmp, units, o.Formats); err != nil {
		return nil, err
	}
	slices.SortStableFunc(units, func(a, b *unit) int {
		return cmp.Or(cmp.Compare(a.code, b.code), cmp.Compare(a.unit, b.unit), cmp.Compare(a.file, b.file))
	})
	res := &Result{}
	for _, u := range units {
		res.Counts.Units++
		res.Counts.Errors += u.errors
		res.Counts.Warnings += u.warnings
		if u.errors > 0 {
			res.Counts.UnitsWithErrors++
		}
	}
	if o.Strict && res.Counts.UnitsWithErrors > 0 {
		err := sp.each(units, func(s jixiao.UnitSummary, ps []jixiao.Problem) bool {
			for _, p := range ps {
				if p.Severity == jixiao.Error {
					res.Errors = append(res.Errors, jixiao.UnitProblem{Code: s.Code, Unit: s.Unit, File: s.File, Problem: p})
				}
			}
			return true
		})
		return res, err
	}
	if err := writeSummary(tmp, units, sp, files, o, res.Counts); err != nil {
		return nil, err
	}
	sp.close()
	if err := os.RemoveAll(filepath.Join(tmp, ".work")); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := replaceDir(tmp, out); err != nil {
		return nil, err
	}
	done = true
	res.Written = true
	return res, nil
}

// oldName is where replaceDir keeps the old bundle while it swaps the new one
// in.
func oldName(parent, base string) string { return filepath.Join(parent, "."+base+".jixiao-old") }

// ErrBusy is returned when another run is writing the same bundle.
var ErrBusy = errors.New("另一个 jixiao bundle 正在写入同一个汇总包")

// lock takes the bundle's lock file beside it, .<name>.jixiao-lock holding the
// owner's pid, so that two runs into one destination never interleave; a lock
// whose owner is gone (killed) is taken over.
func lock(parent, base string) (func(), error) {
	name := filepath.Join(parent, "."+base+".jixiao-lock")
	for range 2 {
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if err == nil {
			_, werr := fmt.Fprintf(f, "%d\n", os.Getpid())
			if cerr := f.Close(); werr == nil {
				werr = cerr
			}
			if werr != nil {
				os.Remove(name)
				return nil, fmt.Errorf("无法创建锁文件 %s：%w", name, werr)
			}
			return func() { os.Remove(name) }, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("无法创建锁文件 %s：%w", name, err)
		}
		data, _ := os.ReadFile(name)
		pid, perr := strconv.Atoi(strings.TrimSpace(string(data)))
		if perr == nil && disk.Alive(pid) {
			return nil, fmt.Errorf("%w %s（进程 %d）：请等它完成后再运行", ErrBusy, filepath.Join(parent, base), pid)
		}
		os.Remove(name) // its owner was killed
	}
	return nil, fmt.Errorf("无法取得锁文件 %s", name)
}

// recoverSwap finishes what a run killed while it swapped bundles left: the old
// bundle kept aside while the destination is missing is put back; one kept
// aside beside a new bundle in place is removed. It runs under the lock,
// before anything else.
func recoverSwap(parent, base string) error {
	old, out := oldName(parent, base), filepath.Join(parent, base)
	if !disk.Exists(old) {
		return nil
	}
	if !disk.Exists(out) {
		if err := os.Rename(old, out); err != nil {
			return fmt.Errorf("无法恢复上次被中断时留下的汇总包 %s：%w", old, err)
		}
		return nil
	}
	if IsBundle(old) {
		return os.RemoveAll(old)
	}
	return nil
}

// replaceDir renames tmp to out, replacing an existing out: the old bundle is
// first renamed aside, so that a kill between the two renames loses nothing
// (recoverSwap puts it back).
func replaceDir(tmp, out string) error {
	old := oldName(filepath.Dir(out), filepath.Base(out))
	hadOld := false
	if _, err := os.Lstat(out); err == nil {
		if err := os.Rename(out, old); err != nil {
			return fmt.Errorf("无法替换 %s：%w", out, err)
		}
		hadOld = true
	}
	if err := os.Rename(tmp, out); err != nil {
		if hadOld {
			os.Rename(old, out)
		}
		return fmt.Errorf("无法写入 %s：%w", out, err)
	}
	if hadOld {
		return os.RemoveAll(old)
	}
	return nil
}

// WalkProblem is a problem found while collecting inputs (a symbolic link to a
// folder, an unreadable folder).
type WalkProblem struct {
	File string
	jixiao.Problem
}

// Collect expands inputs: a file is taken as it is; a folder is searched
// recursively, in name order, for .json and .xlsx files (skipping hidden files
// and Office lock files ~$…). Symbolic links to folders are not followed. The
// result has no duplicates and keeps the order of the inputs.
func Collect(inputs []string) ([]string, []WalkProblem, error) {
	var files []string
	var problems []WalkProblem
	seen := map[string]bool{}
	add := func(f string) {
		key := filepath.Clean(f)
		if abs, err := filepath.Abs(f); err == nil {
			key = abs
		}
		if !seen[key] {
			seen[key] = true
			files = append(files, f)
		}
	}
	for _, in := range inputs {
		st, err := os.Stat(in)
		if err != nil || !st.IsDir() {
			add(in) // input.Read reports a missing or unreadable file
			continue
		}
		err = filepath.WalkDir(in, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				problems = append(problems, WalkProblem{path, jixiao.Problem{Code: jixiao.CodeFile, Message: "无法读取文件夹：" + err.Error()}})
				return nil
			}
			name := d.Name()
			if path != in && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$")) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() && IsBundle(path) {
				problems = append(problems, WalkProblem{path, jixiao.Problem{Severity: jixiao.Warning, Code: jixiao.CodeFile,
					Message: "这是 jixiao 生成的汇总包，其中的文件不作为报告读入"}})
				return filepath.SkipDir
			}
			if d.IsDir() {
				return nil
			}
			ext := strings.ToLower(filepath.Ext(name))
			if ext != ".json" && ext != ".xlsx" {
				return nil
			}
			mode := d.Type()
			if mode&fs.ModeSymlink != 0 {
				st, err := os.Stat(path)
				switch {
				case err != nil:
					problems = append(problems, WalkProblem{path, jixiao.Problem{Code: jixiao.CodeFile,
						Message: "符号链接指向的文件不存在或无法读取"}})
					return nil
				case st.IsDir():
					problems = append(problems, WalkProblem{path, jixiao.Problem{Severity: jixiao.Warning, Code: jixiao.CodeFile,
						Message: "符号链接指向文件夹，未进入（避免循环）"}})
					return nil
				}
				mode = st.Mode().Type()
			}
			if !mode.IsRegular() { // a FIFO, a device, a socket: never opened
				problems = append(problems, WalkProblem{path, jixiao.Problem{Code: jixiao.CodeFile, Message: disk.ErrNotRegular.Error()}})
				return nil
			}
			add(path)
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return files, problems, nil
}

// unit is what a run keeps of one unit while it goes: the keys to sort and
// name it by, its counts, and where its summary row and problems are in the
// spill file.
type unit struct {
	index            int // in the input order; -1 for a problem found while collecting
	file, code, unit string
	errors, warnings int
	rendered         bool
	name             string           // the base name of its documents
	extra            []jixiao.Problem // found after it was spilled: a clash of names, outputs not written
	off, size        int64            // its record in the spill file
}

// renderAll reads, checks and renders every file on o.Jobs workers, writing
// each unit's documents into tmp/.work/<index>.<format> and its summary row
// and problems into the spill file.
func renderAll(ctx context.Context, files []string, tmp string, sp *spill, o Options) ([]*unit, error) {
	work := filepath.Join(tmp, ".work")
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	units := make([]*unit, len(files))
	next := make(chan int)
	var (
		mu         sync.Mutex
		firstErr   error
		done       int
		withErrors int
		wg         sync.WaitGroup
	)
	for range min(o.Jobs, max(len(files), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				u, s, ps, err := renderOne(files[i], i, work, o)
				mu.Lock()
				if err == nil {
					err = sp.put(u, s, ps)
				}
				if err != nil && firstErr == nil {
					firstErr = err
					cancel()
				}
				units[i] = u
				done++
				if u != nil && u.errors > 0 {
					withErrors++
				}
				if o.Progress != nil {
					o.Progress(done, len(files), withErrors)
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for i := range files {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return units, nil
}

func renderOne(file string, i int, work string, o Options) (*unit, jixiao.UnitSummary, []jixiao.Problem, error) {
	c := input.Read(file, o.Profile)
	var s jixiao.UnitSummary
	if c.Report == nil {
		s = jixiao.Summarize(file, nil, jixiao.Org{}, jixiao.Number{}, jixiao.Number{}, "", c.Problems)
	} else {
		s = jixiao.Summarize(file, c.Report, c.Score.Finance.Summary, c.Score.Self, c.Score.Suggested, c.Score.Grade, c.Problems)
	}
	u := &unit{index: i, file: file, code: s.Code, unit: s.Unit, errors: s.Errors, warnings: s.Warnings}
	problems := c.Problems
	if c.Report == nil || o.Strict && u.errors > 0 {
		return u, s, problems, nil
	}
	formats := o.Formats
	if slices.Contains(formats, "pdf") && !slices.Contains(formats, "docx") {
		formats = append(slices.Clone(formats), "docx") // the PDF is made from the Word file
	}
	formats = slices.DeleteFunc(slices.Clone(formats), func(f string) bool { return f == "pdf" })
	docs, err := render.All(formats, c.Printed())
	if err != nil { // a unit that cannot be rendered is reported, not fatal
		problems = append(problems, jixiao.Problem{Code: jixiao.CodeFile, Message: err.Error()})
		u.errors++
		s.Errors++
		return u, s, problems, nil
	}
	for j, f := range formats {
		if err := os.WriteFile(filepath.Join(work, strconv.Itoa(i)+"."+f), docs[j], 0o644); err != nil {
			return nil, s, nil, fmt.Errorf("无法写入临时文件：%w", err)
		}
	}
	u.rendered = true
	return u, s, problems, nil
}

// nameOutputs moves each unit's documents from .work to 报告/<name>.<format>,
// naming them from 预算编码 and the unit name in input order, so that names do
// not depend on which worker finished first.
func nameOutputs(tmp string, units []*unit, formats []string) error {
	taken := map[string]bool{}
	for _, u := range units {
		if !u.rendered {
			continue
		}
		base := FileName(u.code, u.unit)
		name := base
		for n := 2; taken[strings.ToLower(name)]; n++ {
			name = base + "（" + strconv.Itoa(n) + "）"
		}
		taken[strings.ToLower(name)] = true
		u.name = name
		if name != base {
			u.extra = append(u.extra, jixiao.Problem{Severity: jixiao.Warning, Code: jixiao.CodeDuplicate,
				Message: fmt.Sprintf("与另一份报告的预算编码和单位名称相同，文件名改为 %s", name)})
			u.warnings++
		}
		for _, f := range formats {
			if err := os.Rename(filepath.Join(tmp, ".work", strconv.Itoa(u.index)+"."+f), filepath.Join(tmp, UnitsDir, name+"."+f)); err != nil {
				// This unit's problem, never the bundle's.
				u.rendered = false
				u.extra = append(u.extra, jixiao.Problem{Code: jixiao.CodeFile,
					Message: fmt.Sprintf("无法写出本单位的文件 %s.%s：%v", jixiao.Short(name), f, err)})
				u.errors++
				for _, g := range formats {
					os.Remove(filepath.Join(tmp, UnitsDir, name+"."+g))
				}
				break
			}
		}
	}
	return nil
}

// outputs are the documents of a unit, relative to the bundle.
func (u *unit) outputs(formats []string) []string {
	if !u.rendered {
		return nil
	}
	var out []string
	for _, f := range formats {
		out = append(out, UnitsDir+"/"+u.name+"."+f)
	}
	return out
}

// spill is a file of units' summary rows and problems, so that a run keeps
// only a few keys per unit in memory.
type spill struct {
	f       *os.File
	end     int64
	formats []string
}

type spillRecord struct {
	Summary  jixiao.UnitSummary
	Problems []jixiao.Problem
}

func newSpill(name string) (*spill, error) {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return nil, err
	}
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	return &spill{f: f}, nil
}

func (sp *spill) close() {
	if sp.f != nil {
		sp.f.Close()
		sp.f = nil
	}
}

// put appends a unit's record; the caller serialises calls.
func (sp *spill) put(u *unit, s jixiao.UnitSummary, ps []jixiao.Problem) error {
	if u == nil {
		return nil
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(spillRecord{s, ps}); err != nil {
		return err
	}
	if _, err := sp.f.WriteAt(buf.Bytes(), sp.end); err != nil {
		return fmt.Errorf("无法写入临时文件：%w", err)
	}
	u.off, u.size = sp.end, int64(buf.Len())
	sp.end += int64(buf.Len())
	return nil
}

// each calls fn with the summary row and problems of each unit, in order,
// until fn returns false.
func (sp *spill) each(units []*unit, fn func(jixiao.UnitSummary, []jixiao.Problem) bool) error {
	buf := make([]byte, 0, 4096)
	for _, u := range units {
		buf = slices.Grow(buf[:0], int(u.size))[:u.size]
		if _, err := sp.f.ReadAt(buf, u.off); err != nil {
			return err
		}
		var rec spillRecord
		if err := gob.NewDecoder(bytes.NewReader(buf)).Decode(&rec); err != nil {
			return err
		}
		rec.Summary.Errors, rec.Summary.Warnings = u.errors, u.warnings
		rec.Summary.Outputs = u.outputs(sp.formats)
		rec.Problems = append(rec.Problems, u.extra...)
		if !fn(rec.Summary, rec.Problems) {
			return nil
		}
	}
	return nil
}

// pdfBatch is how many documents one LibreOffice call converts.
const pdfBatch = 40

// toPDF converts every unit's .work/<i>.docx to .work/<i>.pdf with LibreOffice,
// in batches, on up to two processes (each with its own profile).
func toPDF(ctx context.Context, tmp string, units []*unit, jobs int) error {
	var docs []string
	for _, u := range units {
		if u.rendered {
			docs = append(docs, filepath.Join(tmp, ".work", strconv.Itoa(u.index)+".docx"))
		}
	}
	var batches [][]string
	for len(docs) > 0 {
		n := min(pdfBatch, len(docs))
		batches = append(batches, docs[:n])
		docs = docs[n:]
	}
	errs := make([]error, len(batches))
	sem := make(chan struct{}, max(1, min(jobs, 2)))
	var wg sync.WaitGroup
	for i, b := range batches {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			errs[i] = pdf.Convert(ctx, filepath.Join(tmp, ".work"), b)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// FileName makes a file name from a budget code and a unit name that is safe on
// Windows, macOS and Linux (disk.Name): no path separators or reserved
// characters, no control characters, no reserved device names, no leading or
// trailing dots or spaces, and short enough in bytes for every file system
// with its extension and a clash counter （2）.
func FileName(code, unit string) string {
	return disk.Name(strings.TrimSpace(code)+"_"+strings.TrimSpace(unit), "")
}

// Manifest is bundle.json: what went in and what came out, for audit and rerun
// checks. It is written as it goes, one unit at a time.
type Manifest struct {
	Tool     string            `json:"tool"`
	Version  string            `json:"version"`
	Profile  string            `json:"profile"`
	Formats  []string          `json:"formats"`
	Counts   ManifestCounts    `json:"counts"`
	Grades   map[string]int    `json:"grades"`
	Inputs   []ManifestFile    `json:"inputs"`
	Outputs  []ManifestFile    `json:"outputs"`
	Units    []ManifestUnit    `json:"units"`
	Problems []ManifestProblem `json:"problems"`
}

// ManifestFile is one file with its SHA-256.
type ManifestFile struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// ManifestCounts are the totals of a bundle.
type ManifestCounts struct {
	Units           int `json:"units"`
	UnitsWithErrors int `json:"units_with_errors"`
	Errors          int `json:"errors"`
	Warnings        int `json:"warnings"`
}

// ManifestUnit is one unit's row of 汇总表, as recorded in bundle.json.
type ManifestUnit struct {
	File      string   `json:"file"`
	Code      string   `json:"code"`
	Unit      string   `json:"unit"`
	Self      string   `json:"self"`
	Suggested string   `json:"suggested"`
	Grade     string   `json:"grade"`
	Errors    int      `json:"errors"`
	Warnings  int      `json:"warnings"`
	Outputs   []string `json:"outputs"`
}

func fileSum(path, name string) (ManifestFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return ManifestFile{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return ManifestFile{}, err
	}
	return ManifestFile{Path: name, SHA256: hex.EncodeToString(h.Sum(nil)), Size: n}, nil
}

// writeSummary writes 汇总表.xlsx, 问题清单.csv and bundle.json into tmp,
// reading the units back from the spill file in order.
func writeSummary(tmp string, units []*unit, sp *spill, files []string, o Options, counts ManifestCounts) error {
	var iterErr error
	rows := func(yield func(jixiao.UnitSummary) bool) {
		if err := sp.each(units, func(s jixiao.UnitSummary, _ []jixiao.Problem) bool { return yield(s) }); err != nil && iterErr == nil {
			iterErr = err
		}
	}
	problems := func(yield func(jixiao.UnitProblem) bool) {
		err := sp.each(units, func(s jixiao.UnitSummary, ps []jixiao.Problem) bool {
			for _, p := range ps {
				if !yield(jixiao.UnitProblem{Code: s.Code, Unit: s.Unit, File: s.File, Problem: p}) {
					return false
				}
			}
			return true
		})
		if err != nil && iterErr == nil {
			iterErr = err
		}
	}
	err := writeFile(filepath.Join(tmp, SummaryName), func(w io.Writer) error {
		return render.Summary(w, len(units), rows, counts.Errors+counts.Warnings, problems)
	})
	if err = cmp.Or(err, iterErr); err != nil {
		return fmt.Errorf("无法生成%s：%w", SummaryName, err)
	}
	err = writeFile(filepath.Join(tmp, ProblemsName), func(w io.Writer) error {
		io.WriteString(w, "\ufeff") // so that Excel opens the UTF-8 file as UTF-8
		cw := csv.NewWriter(w)
		cw.UseCRLF = true
		cw.Write(jixiao.ProblemColumns)
		for p := range problems {
			row := p.Row()
			for i := range row {
				row[i] = csvText(row[i])
			}
			cw.Write(row)
		}
		cw.Flush()
		return cw.Error()
	})
	if err = cmp.Or(err, iterErr); err != nil {
		return err
	}
	return writeFile(filepath.Join(tmp, ManifestName), func(w io.Writer) error {
		return writeManifest(w, tmp, units, sp, files, o, counts)
	})
}

// writeManifest writes bundle.json one entry at a time.
func writeManifest(w io.Writer, tmp string, units []*unit, sp *spill, files []string, o Options, counts ManifestCounts) error {
	profile := o.Profile
	if profile == "" {
		profile = "（按各报告）"
	}
	put := func(s string) { io.WriteString(w, s) }
	value := func(v any) error {
		b, err := json.Marshal(v)
		if err == nil {
			_, err = w.Write(b)
		}
		return err
	}
	list := func(name string, last bool, each func(item func(any) error) error) error {
		put(`  "` + name + `": [`)
		first := true
		err := each(func(v any) error {
			if !first {
				put(",")
			}
			first = false
			put("\n    ")
			return value(v)
		})
		if !first {
			put("\n  ")
		}
		put("]")
		if !last {
			put(",")
		}
		put("\n")
		return err
	}
	grades := map[string]int{}
	if err := sp.each(units, func(s jixiao.UnitSummary, _ []jixiao.Problem) bool {
		if s.Grade != "" {
			grades[s.Grade]++
		}
		return true
	}); err != nil {
		return err
	}
	put("{\n")
	for _, kv := range []struct {
		k string
		v any
	}{{"tool", "jixiao"}, {"version", o.Version}, {"profile", profile}, {"formats", o.Formats}, {"counts", counts}, {"grades", grades}} {
		put(`  "` + kv.k + `": `)
		if err := value(kv.v); err != nil {
			return err
		}
		put(",\n")
	}
	err := list("inputs", false, func(item func(any) error) error {
		for _, f := range files {
			mf, err := fileSum(f, filepath.ToSlash(f))
			if err != nil {
				continue // reported as the unit's problem
			}
			if err := item(mf); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = list("outputs", false, func(item func(any) error) error {
		for _, u := range units {
			for _, rel := range u.outputs(o.Formats) {
				mf, err := fileSum(filepath.Join(tmp, filepath.FromSlash(rel)), rel)
				if err == nil {
					err = item(mf)
				}
				if err != nil {
					return err
				}
			}
		}
		for _, name := range []string{SummaryName, ProblemsName} {
			mf, err := fileSum(filepath.Join(tmp, name), name)
			if err == nil {
				err = item(mf)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	var itemErr error
	err = list("units", false, func(item func(any) error) error {
		return sp.each(units, func(s jixiao.UnitSummary, _ []jixiao.Problem) bool {
			itemErr = item(ManifestUnit{File: s.File, Code: s.Code, Unit: s.Unit, Self: s.Self.String(),
				Suggested: s.Suggested.String(), Grade: s.Grade, Errors: s.Errors, Warnings: s.Warnings, Outputs: s.Outputs})
			return itemErr == nil
		})
	})
	if err = cmp.Or(err, itemErr); err != nil {
		return err
	}
	err = list("problems", true, func(item func(any) error) error {
		return sp.each(units, func(s jixiao.UnitSummary, ps []jixiao.Problem) bool {
			for _, p := range ps {
				itemErr = item(ManifestProblem{File: s.File, Code: s.Code, Unit: s.Unit, Place: p.Place.String(), Problem: p})
				if itemErr != nil {
					return false
				}
			}
			return true
		})
	})
	put("}\n")
	return cmp.Or(err, itemErr)
}

// ManifestProblem is one problem of a unit in bundle.json, with its whole
// text (the summary workbook cuts what an Excel cell cannot hold).
type ManifestProblem struct {
	File  string `json:"file"`
	Code  string `json:"budget_code"`
	Unit  string `json:"unit"`
	Place string `json:"place,omitempty"`
	jixiao.Problem
}

// writeFile writes a file through a buffer.
func writeFile(name string, write func(io.Writer) error) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// csvText keeps a text from being taken for a formula by a spreadsheet: one
// whose first character, after any white space and line breaks, starts a
// formula (= + - @), or that starts with a tab or a line break, is prefixed
// with an apostrophe.
func csvText(s string) string {
	t := strings.TrimLeftFunc(s, unicode.IsSpace)
	if t != "" && strings.ContainsRune("=+-@", rune(t[0])) || s != "" && strings.ContainsRune("\t\r\n", rune(s[0])) {
		return "'" + s
	}
	return s
}

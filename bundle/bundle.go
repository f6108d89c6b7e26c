// Package bundle turns a folder of submissions into the finance bureau's bundle
// for the year: each unit's Word and Excel forms (and PDF), a summary workbook
// (汇总表.xlsx) with the problem list and charts, the problem list as CSV, and a
// manifest (bundle.json). Units render in parallel and are not all held in
// memory; the bundle is built in a temporary folder beside its destination and
// renamed into place, so an interrupted run leaves nothing half-written.
package bundle

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"jixiao"
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

// Result is what a run did.
type Result struct {
	Units    []jixiao.UnitSummary // sorted by code, then name, then file
	Problems []jixiao.UnitProblem
	Written  bool // false when --strict refused to write
}

// UnitsWithErrors counts the units with at least one error.
func (r *Result) UnitsWithErrors() int {
	n := 0
	for _, u := range r.Units {
		if u.Errors > 0 {
			n++
		}
	}
	return n
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
	files, walkProblems, err := Collect(inputs)
	if err != nil {
		return nil, err
	}
	out, err := filepath.Abs(o.Out)
	if err != nil {
		return nil, err
	}
	if _, err := os.Lstat(out); err == nil && !o.Force {
		return nil, fmt.Errorf("%s：%w", o.Out, ErrExists)
	}
	parent, base := filepath.Dir(out), filepath.Base(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("无法创建 %s：%w", parent, err)
	}
	removeStale(parent, base)
	tmp, err := os.MkdirTemp(parent, tempPrefix(base))
	if err != nil {
		return nil, fmt.Errorf("无法在 %s 中创建临时文件夹：%w", parent, err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Mkdir(filepath.Join(tmp, UnitsDir), 0o755); err != nil {
		return nil, err
	}

	units, err := renderAll(ctx, files, tmp, o)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	for _, p := range walkProblems {
		res.Problems = append(res.Problems, jixiao.UnitProblem{File: p.File, Problem: p.Problem})
		res.Units = append(res.Units, jixiao.UnitSummary{File: p.File, Errors: 1})
	}
	if slices.Contains(o.Formats, "pdf") {
		if err := toPDF(ctx, tmp, units, o.Jobs); err != nil {
			return nil, err
		}
	}
	if err := nameOutputs(tmp, units, o.Formats); err != nil {
		return nil, err
	}
	for _, u := range units {
		res.Units = append(res.Units, u.summary)
		for _, p := range u.problems {
			res.Problems = append(res.Problems, jixiao.UnitProblem{Code: u.summary.Code, Unit: u.summary.Unit, File: u.summary.File, Problem: p})
		}
	}
	slices.SortStableFunc(res.Units, func(a, b jixiao.UnitSummary) int {
		return cmp.Or(cmp.Compare(a.Code, b.Code), cmp.Compare(a.Unit, b.Unit), cmp.Compare(a.File, b.File))
	})
	slices.SortStableFunc(res.Problems, func(a, b jixiao.UnitProblem) int {
		return cmp.Or(cmp.Compare(a.Code, b.Code), cmp.Compare(a.Unit, b.Unit), cmp.Compare(a.File, b.File))
	})
	if o.Strict && res.UnitsWithErrors() > 0 {
		return res, nil
	}
	if err := writeSummary(tmp, res, files, o); err != nil {
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

func tempPrefix(base string) string { return "." + base + ".jixiao-tmp-" }

// removeStale removes the temporary folders that an interrupted earlier run
// left beside the bundle. Two runs at once into one folder are not supported.
func removeStale(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.IsDir() && (strings.HasPrefix(e.Name(), tempPrefix(base)) || e.Name() == "."+base+".jixiao-old") {
			os.RemoveAll(filepath.Join(parent, e.Name()))
		}
	}
}

// replaceDir renames tmp to out, replacing an existing out.
func replaceDir(tmp, out string) error {
	old := filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".jixiao-old")
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
			if d.Type()&fs.ModeSymlink != 0 {
				if st, err := os.Stat(path); err == nil && st.IsDir() {
					problems = append(problems, WalkProblem{path, jixiao.Problem{Severity: jixiao.Warning, Code: jixiao.CodeFile,
						Message: "符号链接指向文件夹，未进入（避免循环）"}})
					return nil
				}
			}
			ext := strings.ToLower(filepath.Ext(name))
			if !d.IsDir() && (ext == ".json" || ext == ".xlsx") {
				add(path)
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return files, problems, nil
}

// unit is one rendered unit, kept small: no report, no document bytes.
type unit struct {
	index    int
	summary  jixiao.UnitSummary
	problems []jixiao.Problem
	rendered bool
}

// renderAll reads, checks and renders every file on o.Jobs workers, writing
// each unit's documents into tmp/.work/<index>.<format>.
func renderAll(ctx context.Context, files []string, tmp string, o Options) ([]*unit, error) {
	work := filepath.Join(tmp, ".work")
	if err := os.Mkdir(work, 0o755); err != nil {
		return nil, err
	}
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
				u, err := renderOne(files[i], i, work, o)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
					cancel()
				}
				units[i] = u
				done++
				if u != nil && u.summary.Errors > 0 {
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

func renderOne(file string, i int, work string, o Options) (*unit, error) {
	c := input.Read(file, o.Profile)
	u := &unit{index: i, problems: c.Problems}
	if c.Report == nil {
		u.summary = jixiao.Summarize(file, nil, decimal.Zero, decimal.Zero, "", c.Problems)
		return u, nil
	}
	u.summary = jixiao.Summarize(file, c.Report, c.Score.Self, c.Score.Suggested, c.Score.Grade, c.Problems)
	if o.Strict && u.summary.Errors > 0 {
		return u, nil
	}
	formats := o.Formats
	if slices.Contains(formats, "pdf") && !slices.Contains(formats, "docx") {
		formats = append(slices.Clone(formats), "docx") // the PDF is made from the Word file
	}
	// Render every format before writing any, so that a unit has all its
	// documents or none; a unit that cannot be rendered is reported, not fatal.
	docs := make([][]byte, len(formats))
	for j, f := range formats {
		if f == "pdf" {
			continue
		}
		var buf bytes.Buffer
		if err := render.Formats[f](&buf, c.Profile, c.Report, c.Score); err != nil {
			u.problems = append(u.problems, jixiao.Problem{Code: jixiao.CodeFile, Message: "无法生成 " + f + "：" + err.Error()})
			u.summary.Errors++
			return u, nil
		}
		docs[j] = buf.Bytes()
	}
	for j, f := range formats {
		if f == "pdf" {
			continue
		}
		if err := os.WriteFile(filepath.Join(work, strconv.Itoa(i)+"."+f), docs[j], 0o644); err != nil {
			return nil, fmt.Errorf("无法写入临时文件：%w", err)
		}
	}
	u.rendered = true
	return u, nil
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
		base := FileName(u.summary.Code, u.summary.Unit)
		name := base
		for n := 2; taken[strings.ToLower(name)]; n++ {
			name = base + "（" + strconv.Itoa(n) + "）"
		}
		taken[strings.ToLower(name)] = true
		if name != base {
			u.problems = append(u.problems, jixiao.Problem{Severity: jixiao.Warning, Code: jixiao.CodeDuplicate,
				Message: fmt.Sprintf("与另一份报告的预算编码和单位名称相同，文件名改为 %s", name)})
			u.summary.Warnings++
		}
		for _, f := range formats {
			rel := filepath.ToSlash(filepath.Join(UnitsDir, name+"."+f))
			if err := os.Rename(filepath.Join(tmp, ".work", strconv.Itoa(u.index)+"."+f), filepath.Join(tmp, rel)); err != nil {
				return err
			}
			u.summary.Outputs = append(u.summary.Outputs, rel)
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
// Windows, macOS and Linux: no path separators or reserved characters, no
// control characters, no reserved device names, no leading or trailing dots or
// spaces, at most 100 characters.
func FileName(code, unit string) string {
	name := strings.TrimSpace(code) + "_" + strings.TrimSpace(unit)
	name = strings.Map(func(r rune) rune {
		switch {
		case r < 0x20 || r == 0x7f || strings.ContainsRune(`/\:*?"<>|`, r):
			return '_'
		case r == utf8.RuneError:
			return -1
		}
		return r
	}, name)
	if utf8.RuneCountInString(name) > 100 {
		name = string([]rune(name)[:100])
	}
	name = strings.Trim(name, " .")
	if strings.Trim(name, "_") == "" {
		name = "未命名"
	}
	stem, _, _ := strings.Cut(strings.ToUpper(name), ".")
	switch stem {
	case "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
		"LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9":
		name = "_" + name
	}
	return name
}

// Manifest is bundle.json: what went in and what came out, for audit and rerun checks.
type Manifest struct {
	Tool    string         `json:"tool"`
	Version string         `json:"version"`
	Profile string         `json:"profile"`
	Formats []string       `json:"formats"`
	Inputs  []ManifestFile `json:"inputs"`
	Outputs []ManifestFile `json:"outputs"`
	Counts  ManifestCounts `json:"counts"`
	Grades  map[string]int `json:"grades"`
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

func fileSum(path, name string) (ManifestFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return ManifestFile{}, err
	}
	sum := sha256.Sum256(data)
	return ManifestFile{Path: name, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data))}, nil
}

// writeSummary writes 汇总表.xlsx, 问题清单.csv and bundle.json into tmp.
func writeSummary(tmp string, res *Result, files []string, o Options) error {
	var buf bytes.Buffer
	if err := render.Summary(&buf, res.Units, res.Problems); err != nil {
		return fmt.Errorf("无法生成%s：%w", SummaryName, err)
	}
	if err := os.WriteFile(filepath.Join(tmp, SummaryName), buf.Bytes(), 0o644); err != nil {
		return err
	}
	buf.Reset()
	buf.WriteString("\ufeff") // so that Excel opens the UTF-8 file as UTF-8
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	w.Write([]string{"预算编码", "单位名称", "文件", "位置", "严重程度", "类别", "路径", "字段", "问题"})
	for _, p := range res.Problems {
		w.Write([]string{csvText(p.Code), csvText(p.Unit), csvText(p.File), p.Place.String(), p.Severity.String(), p.Problem.Code, p.Path, p.Label, csvText(p.Message)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, ProblemsName), buf.Bytes(), 0o644); err != nil {
		return err
	}
	profile := o.Profile
	if profile == "" {
		profile = "（按各报告）"
	}
	m := Manifest{Tool: "jixiao", Version: o.Version, Profile: profile, Formats: o.Formats, Grades: map[string]int{}}
	for _, f := range files {
		mf, err := fileSum(f, filepath.ToSlash(f))
		if err != nil {
			continue // reported as the unit's problem
		}
		m.Inputs = append(m.Inputs, mf)
	}
	for _, u := range res.Units {
		for _, rel := range u.Outputs {
			mf, err := fileSum(filepath.Join(tmp, filepath.FromSlash(rel)), rel)
			if err != nil {
				return err
			}
			m.Outputs = append(m.Outputs, mf)
		}
		m.Counts.Units++
		m.Counts.Errors += u.Errors
		m.Counts.Warnings += u.Warnings
		if u.Errors > 0 {
			m.Counts.UnitsWithErrors++
		}
		if u.Grade != "" {
			m.Grades[u.Grade]++
		}
	}
	for _, name := range []string{SummaryName, ProblemsName} {
		mf, err := fileSum(filepath.Join(tmp, name), name)
		if err != nil {
			return err
		}
		m.Outputs = append(m.Outputs, mf)
	}
	buf.Reset()
	if err := jixiao.EncodeJSON(&buf, m); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, ManifestName), buf.Bytes(), 0o644); err != nil {
		return err
	}
	return os.RemoveAll(filepath.Join(tmp, ".work"))
}

// csvText keeps a text from being taken for a formula by a spreadsheet.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

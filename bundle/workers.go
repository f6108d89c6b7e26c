package bundle

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"

	"jixiao"
	"jixiao/disk"
	"jixiao/input"
	"jixiao/render"
	"jixiao/render/xlsx"
)

// unit is what a run keeps of one entry while it goes: a file found in the
// inputs, or a unit of the roster that sent none. It holds the keys to sort,
// match and name it by, what the intake made of it, its counts, and where its
// record is in the spill file.
type unit struct {
	index      int // in the input order; -1 for a file not read or a unit of the roster
	file       string
	shown      string // file as the bundle shows it (run.shown)
	code, unit string
	department string // 主管部门, from the roster
	profile    string // the ID of the profile that scored it
	year       int
	date       jixiao.Date
	read       bool   // the report was read
	status     string // jixiao.Intake…
	note       string // the intake's word on it
	// own is true when the unit's own problems are listed (its report is the
	// one the bundle takes for its 预算编码, or could not be read at all).
	own                    bool
	ownErrors, ownWarnings int
	extra                  []jixiao.Problem // found after it was spilled
	others                 []string         // the unit's other files, not used
	rendered               bool             // its documents are in .work
	made                   []string         // the formats of those (a format that failed is missing)
	name                   string           // the base name of its documents
	outputs                []string         // written, relative to the bundle
	rec, fb                at               // its record and its feedback in the spill file
	// places are where the values the intake compares (intakePaths) are in
	// the file, as its reader found them.
	places map[string]jixiao.Place
}

// intakePaths are the values of a report the intake compares and may find
// problems with.
var intakePaths = []string{"cover.year", "cover.unit", "cover.budget_code"}

// counts returns the numbers of errors and warnings listed for the unit.
func (u *unit) counts() (errors, warnings int) {
	if u.own {
		errors, warnings = u.ownErrors, u.ownWarnings
	}
	e, w := jixiao.Count(u.extra)
	return errors + e, warnings + w
}

// update brings a summary row read from the spill up to date.
func (u *unit) update(s *jixiao.UnitSummary) {
	s.File, s.Code, s.Unit = u.shown, u.code, u.unit
	s.Errors, s.Warnings = u.counts()
	s.Outputs = u.outputs
	if u.department != "" {
		s.Department = u.department
	}
}

// problem adds a problem the intake found, at the place of its value in the
// file when the reader knows it.
func (u *unit) problem(sev jixiao.Severity, code, path, msg string) {
	u.extra = append(u.extra, jixiao.Problem{Severity: sev, Code: code, Path: path, Place: u.places[path], Label: jixiao.Label(path), Message: msg})
}

// walked is the entry of a file not read.
func (r *run) walked(p WalkProblem) *unit {
	return &unit{index: -1, file: p.File, shown: r.shown(p.File), status: p.Status, note: p.Message, extra: []jixiao.Problem{p.Problem}}
}

// parallel calls fn(i) for i in [0, n) on up to jobs goroutines, stopping at
// the first error or when ctx is done.
func parallel(ctx context.Context, n, jobs int, fn func(i int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan int)
	var (
		mu       sync.Mutex
		firstErr error
		wg       sync.WaitGroup
	)
	for range min(jobs, max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := fn(i); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
						cancel()
					}
					mu.Unlock()
				}
			}
		}()
	}
feed:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return ctx.Err()
}

// renderAll reads, checks and renders every file on o.Jobs workers, writing
// each unit's documents into tmp/.work/<index>.<format> and its record into
// the spill file.
func (r *run) renderAll(ctx context.Context, files []string) ([]*unit, error) {
	units := make([]*unit, len(files))
	var (
		mu               sync.Mutex
		done, withErrors int
	)
	err := parallel(ctx, len(files), r.o.Jobs, func(i int) error {
		u, rec, fb, err := r.renderOne(files[i], i)
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		if err := r.sp.put(u, rec, fb); err != nil {
			return err
		}
		units[i] = u
		done++
		if u.ownErrors > 0 {
			withErrors++
		}
		if r.o.Progress != nil {
			r.o.Progress(done, len(files), withErrors)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return units, nil
}

// work is the folder of a run's documents before they are named.
func (r *run) work() string { return filepath.Join(r.tmp, ".work") }

func (r *run) renderOne(file string, i int) (*unit, *record, *jixiao.Feedback, error) {
	c := input.Read(file, r.o.Profile)
	rec := &record{Problems: c.Problems}
	var fb *jixiao.Feedback
	if c.Report == nil {
		rec.Summary = jixiao.Summarize(r.shown(file), nil, jixiao.Org{}, jixiao.Number{}, jixiao.Number{}, "", c.Problems)
	} else {
		rec.Summary = jixiao.Summarize(r.shown(file), c.Report, c.Score.Finance.Summary, c.Score.Self, c.Score.Suggested, c.Score.Grade, c.Problems)
		rec.Summary.SuggestedGrade = c.Score.SuggestedGrade
		rec.Summary.Profile = c.Profile.ID
		fb = feedbackOf(file, c, rec.Summary.Stated)
	}
	s := &rec.Summary
	u := &unit{index: i, file: file, shown: r.shown(file), code: s.Code, unit: s.Unit, profile: s.Profile, year: s.Year,
		read: c.Report != nil, ownErrors: s.Errors, ownWarnings: s.Warnings}
	if c.Report != nil {
		u.date = c.Report.Cover.Date
		for _, path := range intakePaths {
			if c.Source == nil {
				break
			}
			if p, ok := c.Source.Places[path]; ok {
				if u.places == nil {
					u.places = map[string]jixiao.Place{}
				}
				u.places[path] = p
			}
		}
	} else if len(c.Problems) > 0 {
		u.note = c.Problems[0].Message
	}
	if c.Report == nil || r.o.Strict && u.ownErrors > 0 {
		return u, rec, fb, nil
	}
	formats := r.o.Formats
	if slices.Contains(formats, "pdf") && !slices.Contains(formats, "docx") {
		formats = append(slices.Clone(formats), "docx") // the PDF is made from the Word file
	}
	formats = slices.DeleteFunc(slices.Clone(formats), func(f string) bool { return f == "pdf" })
	pr := c.Printed()
	for _, f := range formats {
		var buf bytes.Buffer
		if err := render.Formats[f](&buf, pr); err != nil {
			// This unit's problem, and only this format's: the others are written.
			p := jixiao.Problem{Severity: jixiao.Error, Code: jixiao.CodeFile,
				Message: fmt.Sprintf("无法生成本单位的 .%s 文件：%v；其他格式的文件照常生成", f, err)}
			var te *xlsx.TextError
			if errors.As(err, &te) {
				p.Path, p.Label, p.Place = te.Path, jixiao.Label(te.Path), c.Source.Place(te.Path)
			}
			rec.Problems = append(rec.Problems, p)
			u.ownErrors++
			s.Errors++
			continue
		}
		if err := os.WriteFile(filepath.Join(r.work(), strconv.Itoa(i)+"."+f), buf.Bytes(), 0o644); err != nil {
			return nil, nil, nil, fmt.Errorf("无法写入临时文件：%w", disk.Chinese(err))
		}
		u.made = append(u.made, f)
	}
	u.rendered = len(u.made) > 0
	return u, rec, fb, nil
}

package bundle

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"jixiao"
	"jixiao/disk"
)

// Manifest is bundle.json: what went in and what came out, for audit and
// rerun checks, with every problem in full and its machine code.
type Manifest struct {
	Tool    string   `json:"tool"`
	Version string   `json:"version"`
	Profile string   `json:"profile"`
	Formats []string `json:"formats"`
	Year    int      `json:"year"` // the bundle's year; 0 when no report gives one
	// Roster is the roster of units the reports were matched with.
	Roster          *ManifestFile     `json:"roster,omitempty"`
	Counts          ManifestCounts    `json:"counts"`
	Grades          map[string]int    `json:"grades"`           // counted units per 评价等次 (by the self total)
	SuggestedGrades map[string]int    `json:"suggested_grades"` // by the suggested total
	Inputs          []ManifestFile    `json:"inputs"`           // every regular file found, read or not
	Outputs         []ManifestFile    `json:"outputs"`
	Intake          []ManifestIntake  `json:"intake"`   // every file and every unit of the roster, with what became of it
	Units           []ManifestUnit    `json:"units"`    // the counted units, as 汇总表 lists them
	Problems        []ManifestProblem `json:"problems"` // as 问题清单 lists them
}

// ManifestFile is one file with its SHA-256.
type ManifestFile struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// ManifestIntake is what became of a file that came in, or of a unit of the
// roster.
type ManifestIntake struct {
	File   string   `json:"file,omitempty"`
	Status string   `json:"status"` // jixiao.Intake…: counted, replaced, other_year, unreadable, not_report, skipped, missing
	Code   string   `json:"code,omitempty"`
	Unit   string   `json:"unit,omitempty"`
	Year   int      `json:"year,omitempty"`
	Others []string `json:"others,omitempty"` // for a unit's report: its other files, not used
	Note   string   `json:"note,omitempty"`
}

// ManifestUnit is one unit's row of 汇总表, as recorded in bundle.json.
type ManifestUnit struct {
	File       string `json:"file"`
	Code       string `json:"code"`
	Unit       string `json:"unit"`
	Department string `json:"department,omitempty"`
	Year       int    `json:"year"`
	// The amounts of 汇总表 (万元), as decimal strings; "" when blank.
	Income         string   `json:"income"`       // 收入合计
	Spending       string   `json:"spending"`     // 支出合计
	ThreePublic    string   `json:"three_public"` // 三公经费
	Stated         string   `json:"stated"`
	Self           string   `json:"self"`
	Suggested      string   `json:"suggested"`
	Grade          string   `json:"grade"`
	SuggestedGrade string   `json:"suggested_grade"`
	Errors         int      `json:"errors"`
	Warnings       int      `json:"warnings"`
	Outputs        []string `json:"outputs"`
}

// ManifestProblem is one problem in bundle.json, with its whole text (the
// summary workbook cuts what an Excel cell cannot hold).
type ManifestProblem struct {
	File  string `json:"file"`
	Code  string `json:"budget_code"`
	Unit  string `json:"unit"`
	Place string `json:"place,omitempty"`
	jixiao.Problem
}

// manifestOut is Manifest as it is written: the same fields, in the same
// order with the same names (a test checks it), its lists streamed from the
// spill file one entry at a time, so that memory does not grow with the
// number of units.
type manifestOut struct {
	Tool            string         `json:"tool"`
	Version         string         `json:"version"`
	Profile         string         `json:"profile"`
	Formats         []string       `json:"formats"`
	Year            int            `json:"year"`
	Roster          *ManifestFile  `json:"roster,omitempty"`
	Counts          ManifestCounts `json:"counts"`
	Grades          map[string]int `json:"grades"`
	SuggestedGrades map[string]int `json:"suggested_grades"`
	Inputs          list           `json:"inputs"`
	Outputs         list           `json:"outputs"`
	Intake          list           `json:"intake"`
	Units           list           `json:"units"`
	Problems        list           `json:"problems"`
}

// list is a JSON array written one element at a time: it calls put with
// each element in order.
type list func(put func(any) error) error

// encode writes v, a struct, as a JSON object with a field a line and each
// element of a list field on a line of its own.
func encode(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	value := func(x any) error {
		buf.Reset()
		if err := enc.Encode(x); err != nil {
			return err
		}
		_, err := w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		return err
	}
	rv := reflect.ValueOf(v)
	rt := rv.Type()
	if _, err := io.WriteString(w, "{"); err != nil {
		return err
	}
	first := true
	for i := range rt.NumField() {
		name, opts, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
		fv := rv.Field(i)
		if strings.Contains(opts, "omitempty") && fv.IsZero() {
			continue
		}
		sep := ",\n  "
		if first {
			sep, first = "\n  ", false
		}
		if _, err := io.WriteString(w, sep+`"`+name+`": `); err != nil {
			return err
		}
		l, ok := fv.Interface().(list)
		if !ok {
			if err := value(fv.Interface()); err != nil {
				return err
			}
			continue
		}
		if _, err := io.WriteString(w, "["); err != nil {
			return err
		}
		n := 0
		err := l(func(x any) error {
			sep := ",\n    "
			if n == 0 {
				sep = "\n    "
			}
			n++
			if _, err := io.WriteString(w, sep); err != nil {
				return err
			}
			return value(x)
		})
		if err != nil {
			return err
		}
		end := "]"
		if n > 0 {
			end = "\n  ]"
		}
		if _, err := io.WriteString(w, end); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "\n}\n")
	return err
}

// fileSum returns a file's size and SHA-256; it opens regular files only.
func fileSum(path, name string) (ManifestFile, error) {
	if !disk.IsRegular(path) {
		return ManifestFile{}, disk.ErrNotRegular
	}
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

// writeManifest writes bundle.json.
func (r *run) writeManifest(w io.Writer, t *jixiao.Totals, counts ManifestCounts) error {
	profile := r.o.Profile
	if profile == "" {
		profile = "（按各报告）"
	}
	grades := func(m map[string]int) map[string]int {
		out := map[string]int{}
		for g, n := range m {
			if g != "" {
				out[g] = n
			}
		}
		return out
	}
	m := manifestOut{Tool: "jixiao", Version: r.o.Version, Profile: profile, Formats: r.o.Formats, Year: r.year,
		Counts: counts, Grades: grades(t.Grades), SuggestedGrades: grades(t.SuggestedGrades)}
	if r.roster != nil {
		mf, err := fileSum(r.o.Roster, filepath.ToSlash(r.roster.File)) // File: as Options.Names shows it
		if err != nil {
			return disk.Chinese(err)
		}
		m.Roster = &mf
	}
	each := func(fn func(u *unit, rec *record, ps []jixiao.Problem, put func(any) error) error) list {
		return func(put func(any) error) error {
			var err error
			serr := r.sp.each(r.units, func(u *unit, rec *record, ps []jixiao.Problem) bool {
				err = fn(u, rec, ps, put)
				return err == nil
			})
			if err != nil {
				return err
			}
			return serr
		}
	}
	m.Inputs = each(func(u *unit, _ *record, _ []jixiao.Problem, put func(any) error) error {
		if u.file == "" {
			return nil
		}
		mf, err := fileSum(u.file, u.shown)
		if err != nil {
			return nil // a file that cannot be read is listed in problems
		}
		return put(mf)
	})
	m.Outputs = func(put func(any) error) error {
		err := each(func(u *unit, _ *record, _ []jixiao.Problem, put func(any) error) error {
			for _, rel := range u.outputs {
				mf, err := fileSum(filepath.Join(r.tmp, filepath.FromSlash(rel)), rel)
				if err == nil {
					err = put(mf)
				}
				if err != nil {
					return err
				}
			}
			return nil
		})(put)
		if err != nil {
			return err
		}
		names := append([]string{SummaryName, ProblemsName}, r.volumes...)
		for _, name := range names {
			mf, err := fileSum(filepath.Join(r.tmp, name), name)
			if err == nil {
				err = put(mf)
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	m.Intake = each(func(u *unit, _ *record, _ []jixiao.Problem, put func(any) error) error {
		return put(ManifestIntake{File: u.shown, Status: u.status, Code: u.code, Unit: u.unit,
			Year: u.year, Others: u.others, Note: note(u)})
	})
	m.Units = each(func(u *unit, rec *record, _ []jixiao.Problem, put func(any) error) error {
		if u.status != jixiao.IntakeCounted {
			return nil
		}
		s := rec.Summary
		return put(ManifestUnit{File: s.File, Code: s.Code, Unit: s.Unit, Department: s.Department, Year: s.Year,
			Income: s.Income.String(), Spending: s.Spending.String(), ThreePublic: s.ThreePublic.String(),
			Stated: s.Stated.String(), Self: s.Self.String(), Suggested: s.Suggested.String(), Grade: s.Grade,
			SuggestedGrade: s.SuggestedGrade, Errors: s.Errors, Warnings: s.Warnings, Outputs: s.Outputs})
	})
	m.Problems = each(func(u *unit, _ *record, ps []jixiao.Problem, put func(any) error) error {
		for _, p := range ps {
			if err := put(ManifestProblem{File: r.problemFile(u), Code: u.code, Unit: u.unit, Place: p.Place.String(), Problem: p}); err != nil {
				return err
			}
		}
		return nil
	})
	return encode(w, m)
}

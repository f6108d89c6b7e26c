package jixiao

import (
	"cmp"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Severity says whether a problem stops the report (Error) or only deserves a look
// (Warning).
type Severity int

const (
	Error Severity = iota
	Warning
)

// String is the Chinese word printed before a problem.
func (s Severity) String() string {
	if s == Warning {
		return "警告"
	}
	return "错误"
}

// UnmarshalJSON reads "error" or "warning".
func (s *Severity) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case `"error"`:
		*s = Error
	case `"warning"`:
		*s = Warning
	default:
		return fmt.Errorf("jixiao: severity %s", b)
	}
	return nil
}

// MarshalJSON writes "error" or "warning".
func (s Severity) MarshalJSON() ([]byte, error) {
	if s == Warning {
		return []byte(`"warning"`), nil
	}
	return []byte(`"error"`), nil
}

// Problem codes: the documented kinds of problem. Code strings are stable.
const (
	CodeSyntax       = "syntax"        // the file is not well-formed (JSON, xlsx)
	CodeUnknownField = "unknown_field" // a field the format does not have
	CodeDuplicate    = "duplicate"     // the same field or ID twice
	CodeType         = "type"          // a value of the wrong kind (text for a number …)
	CodeFormat       = "format"        // a number or date that cannot be read
	CodeRequired     = "required"      // a field the form needs is empty
	CodeRange        = "range"         // a value outside what the form allows
	CodeSum          = "sum"           // a stated total differs from the sum of its parts
	CodeScoreTotal   = "score_total"   // a stated score total differs from the sum of scores
	CodeGrade        = "grade"         // the stated grade does not match the total
	CodeRule         = "rule"          // a self score differs from what the item's rule gives
	CodeUnscorable   = "unscorable"    // an item's rule cannot score it (denominator zero …)
	CodeText         = "text"          // text that had to be altered (control characters …)
	CodeProfile      = "profile"       // unknown profile, or a profile that is itself wrong
	CodeFile         = "file"          // the file is missing, unreadable or too large
	CodeOmitted      = "omitted"       // more problems than a report lists (MaxProblems)
)

// MaxProblems is the most problems listed for one report; the last line of a
// longer list says how many more there are (CodeOmitted), so that no input
// can make the output grow without bound.
const MaxProblems = 500

// MaxMessage bounds the length of a problem's message, in bytes: a message
// quotes at most a short prefix of any value it shows (Quote, Short), and
// lists at most a few terms of a sum.
const MaxMessage = 2000

// Omission counts the problems a list leaves out.
type Omission struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
}

// Limit returns ps (sorted) cut to MaxProblems: the first MaxProblems−1, then
// one problem that says how many more there are and counts them.
func Limit(ps []Problem) []Problem {
	if len(ps) <= MaxProblems {
		return ps
	}
	var o Omission
	for _, p := range ps[MaxProblems-1:] {
		e, w := Count([]Problem{p})
		o.Errors, o.Warnings = o.Errors+e, o.Warnings+w
	}
	sev := Warning
	if o.Errors > 0 {
		sev = Error
	}
	out := append(ps[:MaxProblems-1:MaxProblems-1], Problem{Severity: sev, Code: CodeOmitted, Omitted: &o,
		Message: fmt.Sprintf("还有 %d 个问题未列出（错误 %d 个，警告 %d 个）：请先改正上面的问题", o.Errors+o.Warnings, o.Errors, o.Warnings)})
	return out
}

// Short cuts a name for a message: at most 20 characters, then …
func Short(s string) string {
	n := 0
	for i := range s {
		if n == 20 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// Place is where a value came from in an input file: a line and column of a JSON
// file, a cell of a workbook, or a table cell or paragraph of a Word document.
type Place struct {
	Sheet string // workbook sheet; "" for JSON and Word
	// SheetIndex orders places for sorting: the order of the sheet in a
	// workbook, of the table row or paragraph in a Word document.
	SheetIndex int
	// Table is the number of a Word table (表3), 1-based in the order tables
	// begin; Para the number of a Word paragraph outside tables (第12段),
	// counting the paragraphs that hold text. Both 0 for other files.
	Table, Para int
	Line, Col   int // JSON: 1-based line and column; workbook and Word table: 1-based row and column
}

// IsZero reports whether the place is unknown.
func (p Place) IsZero() bool { return p == Place{} }

// IsJSON reports whether the place is a line and column of a JSON file.
func (p Place) IsJSON() bool { return p.Sheet == "" && p.Table == 0 && p.Para == 0 && p.Line > 0 }

// String formats the place as 12:5 (JSON), 收支情况!D7 (workbook), 表3 第5行
// 第2列, 表9 (a table as a whole) or 第12段 (Word).
func (p Place) String() string {
	switch {
	case p.Sheet != "":
		return p.Sheet + "!" + CellName(p.Col, p.Line)
	case p.Table > 0 && p.Line == 0: // the table as a whole
		return "表" + strconv.Itoa(p.Table)
	case p.Table > 0:
		return "表" + strconv.Itoa(p.Table) + " 第" + strconv.Itoa(p.Line) + "行 第" + strconv.Itoa(p.Col) + "列"
	case p.Para > 0:
		return "第" + strconv.Itoa(p.Para) + "段"
	case p.Line > 0:
		return strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Col)
	}
	return ""
}

// CellName returns the A1 name of a 1-based column and row (3, 7 → C7).
func CellName(col, row int) string {
	name := ""
	for c := col; c > 0; c = (c - 1) / 26 {
		name = string(rune('A'+(c-1)%26)) + name
	}
	return name + strconv.Itoa(row)
}

func comparePlace(a, b Place) int {
	return cmp.Or(cmp.Compare(a.SheetIndex, b.SheetIndex), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
}

// Problem is one thing wrong with an input.
type Problem struct {
	Severity Severity `json:"severity"`
	Code     string   `json:"code"`
	// Path is the JSON path of the value (finance.units[1].income.total); "" for
	// the file as a whole.
	Path  string `json:"path"`
	Place Place  `json:"-"`
	// Label is the value's label as printed on the form, with its unit.
	Label string `json:"label,omitempty"`
	// Message says in Chinese what was expected and what was found.
	Message string `json:"message"`
	// Omitted counts the problems a list left out (CodeOmitted only).
	Omitted *Omission `json:"omitted,omitempty"`
}

// Where formats the problem's place, path and label: `12:5 finance.units[0].name（机构名称）`.
func (p Problem) Where() string {
	var b strings.Builder
	if s := p.Place.String(); s != "" {
		b.WriteString(s)
	}
	if p.Path != "" && (p.Place.IsZero() || p.Place.IsJSON()) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p.Path)
	}
	if p.Label != "" {
		b.WriteString("（" + p.Label + "）")
	}
	return b.String()
}

// Format renders the problem as one line for people: file, place, severity and
// message, for example
//
//	report.json:57:22 finance.units[1].spending.surplus_year（当年结余，万元）：错误：应为 -8.58 …
func (p Problem) Format(file string) string {
	where := p.Where()
	if where == "" {
		return file + "：" + p.Severity.String() + "：" + p.Message
	}
	sep := ":"
	switch {
	case p.Place.Table > 0 || p.Place.Para > 0:
		sep = "："
	case !p.Place.IsJSON():
		sep = ": "
	}
	return file + sep + where + "：" + p.Severity.String() + "：" + p.Message
}

// SortProblems orders problems by place, then path; problems at one place keep
// the order they were found in.
func SortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(comparePlace(a.Place, b.Place), comparePath(a.Path, b.Path))
	})
}

// comparePath orders paths with their indexes compared as numbers.
func comparePath(a, b string) int {
	for a != "" && b != "" {
		ia, ib := strings.IndexAny(a, "0123456789"), strings.IndexAny(b, "0123456789")
		if ia < 0 || ib < 0 || a[:ia] != b[:ib] {
			return strings.Compare(a, b)
		}
		a, b = a[ia:], b[ib:]
		na, nb := len(a)-len(strings.TrimLeft(a, "0123456789")), len(b)-len(strings.TrimLeft(b, "0123456789"))
		x, _ := strconv.Atoi(a[:na])
		y, _ := strconv.Atoi(b[:nb])
		if c := cmp.Compare(x, y); c != 0 {
			return c
		}
		a, b = a[na:], b[nb:]
	}
	return strings.Compare(a, b)
}

// Count returns the numbers of errors and warnings among ps, those a list
// left out (CodeOmitted) included.
func Count(ps []Problem) (errors, warnings int) {
	for _, p := range ps {
		if p.Omitted != nil {
			errors += p.Omitted.Errors
			warnings += p.Omitted.Warnings
			continue
		}
		if p.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// HasErrors reports whether any problem is an Error.
func HasErrors(ps []Problem) bool {
	return slices.ContainsFunc(ps, func(p Problem) bool { return p.Severity == Error })
}

// InputError is the error of a decoder: every problem found in one input file.
type InputError struct {
	File     string
	Problems []Problem
}

func (e *InputError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.Format(e.File)
	}
	return strings.Join(lines, "\n")
}

// Source records where each value of a decoded report came from.
type Source struct {
	File   string
	Places map[string]Place // by JSON path
	// Layout is the profile a workbook was laid out by, as its hidden sheet
	// holds it; nil for other inputs. It places the cells; it never scores.
	Layout *Profile
}

// Place returns where the value at path came from, or where its nearest recorded
// parent did; the zero Place when nothing is known.
func (s *Source) Place(path string) Place {
	if s == nil {
		return Place{}
	}
	for {
		if p, ok := s.Places[path]; ok {
			return p
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			return Place{}
		}
		path = path[:i]
	}
}

// Locate fills in each problem's Place from s and sorts the problems.
func (s *Source) Locate(ps []Problem) {
	for i := range ps {
		if ps[i].Place.IsZero() {
			ps[i].Place = s.Place(ps[i].Path)
		}
	}
	SortProblems(ps)
}

// Label returns the label as printed on the form of the value at path in a
// Report, with its unit (收入合计，万元), or "" when the path names nothing.
func Label(path string) string { return labelOf(reflect.TypeFor[Report](), path) }

// FormLabel is the label as printed on the form of the value at path in a
// Report, without its unit (收入合计), or "" when the path names nothing.
func FormLabel(path string) string {
	l, _, _ := strings.Cut(Label(path), "，")
	return l
}

// PathText names the place of the value at path in a Report in words, for
// people who never see a JSON path: the labels of the path's fields, outer to
// inner, without units (cover.year → 封面 年度); "" when the path names
// nothing.
func PathText(path string) string {
	var parts []string
	for i := 0; i <= len(path); i++ {
		if i < len(path) && path[i] != '.' && path[i] != '[' {
			continue
		}
		if l := FormLabel(path[:i]); l != "" && (len(parts) == 0 || parts[len(parts)-1] != l) {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " ")
}

// ProfileLabel is Label for a path in a Profile.
func ProfileLabel(path string) string { return labelOf(reflect.TypeFor[Profile](), path) }

func labelOf(t reflect.Type, path string) string {
	label, unit := "", ""
	for path != "" {
		switch {
		case path[0] == '[':
			end := strings.IndexByte(path, ']')
			if end < 0 || t.Kind() != reflect.Slice {
				return ""
			}
			t, path = t.Elem(), path[end+1:]
		default:
			path = strings.TrimPrefix(path, ".")
			end := strings.IndexAny(path, ".[")
			if end < 0 {
				end = len(path)
			}
			name := path[:end]
			path = path[end:]
			if t.Kind() != reflect.Struct {
				return ""
			}
			f, ok := fieldByJSON(t, name)
			if !ok {
				return ""
			}
			t, label, unit = f.Type, f.Tag.Get("label"), f.Tag.Get("unit")
		}
	}
	if unit != "" && label != "" {
		return label + "，" + unit
	}
	return label
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}

// fieldsByJSON caches, per struct type, its fields by JSON name.
var fieldsByJSON sync.Map // reflect.Type → map[string]reflect.StructField

func fieldByJSON(t reflect.Type, name string) (reflect.StructField, bool) {
	m, ok := fieldsByJSON.Load(t)
	if !ok {
		fields := map[string]reflect.StructField{}
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() {
				fields[jsonName(f)] = f
			}
		}
		m, _ = fieldsByJSON.LoadOrStore(t, fields)
	}
	f, ok := m.(map[string]reflect.StructField)[name]
	return f, ok
}

// MaxQuote is the most characters of a found value a message quotes; a longer
// value is cut and its length given, so that a message stays short whatever
// the input.
const MaxQuote = 40

// lineBreaks shows a text's line breaks as ↵ when quoted.
var lineBreaks = strings.NewReplacer("\r\n", "↵", "\n", "↵", "\r", "↵", "\v", "↵", "\u2028", "↵", "\u2029", "↵")

// Quote formats a found value for a message: %q of the text, or of its first
// MaxQuote characters followed by …（共 N 字） when it is longer. A line break
// shows as ↵ ("其他工作实绩指标↵完成情况"), not as an escape.
func Quote(s string) string {
	s = lineBreaks.Replace(s)
	n := 0
	for i := range s {
		if n == MaxQuote {
			return strconv.Quote(s[:i]) + "…（共 " + strconv.Itoa(utf8.RuneCountInString(s)) + " 字）"
		}
		n++
	}
	return strconv.Quote(s)
}

// marshalIndent is json.MarshalIndent without HTML escaping, ending in a newline.
func marshalIndent(v any) ([]byte, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}

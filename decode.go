package jixiao

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"jixiao/internal/sizes"
)

// MaxJSONSize is the largest JSON input accepted (a report is a few dozen KB;
// one of 200 units with long texts, a few hundred).
const MaxJSONSize = 4 << 20

// MaxText is the longest text a field may hold, in characters: the limit of
// an Excel cell, so that the Word and Excel forms always agree.
const MaxText = 32767

// MaxElements bounds the elements of all the lists of one report together
// (units, tasks, targets, paragraphs …), beyond each list's own `max`.
const MaxElements = 20000

// maxDepth bounds how deeply sections may nest in the input.
const maxDepth = 24

// ReadReport decodes a report from JSON. Unknown fields, values of the wrong kind
// and numbers or dates that cannot be read are reported all at once in the
// returned problems, each with its line:column, JSON path and label; such a value
// is left out (as if not filled in) and the rest of the report is read, so that
// every other check can still run. Control characters in text, which XML cannot
// carry, are removed and reported as warnings. The error is an *InputError only
// when the file as a whole cannot be read (too large, not UTF-8, not JSON).
func ReadReport(file string, data []byte) (*Report, *Source, []Problem, error) {
	var r Report
	places, problems, err := DecodeJSON(file, data, &r)
	if err != nil {
		return nil, nil, nil, err
	}
	return &r, &Source{File: file, Places: places}, problems, nil
}

// DecodeJSON decodes data strictly into v (a pointer to a struct of the model's
// kinds: structs, slices, strings, ints, Number, Date). It returns where each
// value was found, by JSON path, and every problem with a value (errors and
// warnings, sorted by place); a value with an error is left at its zero value.
// The error is an *InputError when the file as a whole cannot be read.
func DecodeJSON(file string, data []byte, v any) (map[string]Place, []Problem, error) {
	d := &jsonDecoder{data: data, places: map[string]Place{}}
	if len(data) > MaxJSONSize {
		return nil, nil, &InputError{File: file, Problems: []Problem{{Code: CodeFile,
			Message: "文件过大（" + sizes.Limit(int64(len(data)), MaxJSONSize) + "）"}}}
	}
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		data = data[3:]
		d.data = data
	}
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, n := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		return nil, nil, &InputError{File: file, Problems: []Problem{{Code: CodeSyntax, Place: d.place(int64(off)),
			Message: "不是 UTF-8 编码的文本（请以 UTF-8 保存）"}}}
	}
	d.dec = json.NewDecoder(bytes.NewReader(data))
	d.dec.UseNumber()
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, &InputError{File: file, Problems: []Problem{{Code: CodeSyntax, Message: "文件是空的"}}}
	}
	rv := reflect.ValueOf(v).Elem()
	err := d.value("", rv, reflect.StructField{}, 0)
	if err == nil {
		off := d.dec.InputOffset()
		for off < int64(len(data)) && strings.IndexByte(" \t\r\n", data[off]) >= 0 {
			off++
		}
		if _, e := d.dec.Token(); e != io.EOF {
			err = &syntaxProblem{Problem{Code: CodeSyntax, Place: d.place(off), Message: "JSON 之后还有多余的内容"}}
		}
	}
	if err != nil {
		var se *syntaxProblem
		if !errors.As(err, &se) {
			return nil, nil, err
		}
		// The file is not well-formed: what was read before is incomplete.
		ps := []Problem{se.Problem}
		for _, p := range d.problems {
			if p.Severity == Error {
				ps = append(ps, p)
			}
		}
		SortProblems(ps)
		return nil, nil, &InputError{File: file, Problems: ps}
	}
	for _, p := range d.problems {
		if p.Path == "" && p.Code == CodeType { // not an object at all: nothing is a report
			return nil, nil, &InputError{File: file, Problems: []Problem{p}}
		}
	}
	SortProblems(d.problems)
	return d.places, d.problems, nil
}

type syntaxProblem struct{ Problem }

func (e *syntaxProblem) Error() string { return e.Message }

type jsonDecoder struct {
	data     []byte
	dec      *json.Decoder
	places   map[string]Place
	problems []Problem
	elements int // list elements decoded so far (MaxElements)
	// the cursor of place: the last offset converted, its line and column,
	// so that offsets in increasing order cost the bytes between them only
	line, col int
	off       int64
	scanned   int64 // bytes place has looked at, for the test that it is linear
}

var (
	numberType = reflect.TypeFor[Number]()
	dateType   = reflect.TypeFor[Date]()
)

// place converts a byte offset into a line:column (columns count characters).
// Offsets come in increasing order, so it advances from the last one: the
// positions of a whole file cost one pass over it, however long its lines.
func (d *jsonDecoder) place(off int64) Place {
	off = min(max(off, 0), int64(len(d.data)))
	if off < d.off || d.line == 0 {
		d.off, d.line, d.col = 0, 1, 1
	}
	seg := d.data[d.off:off]
	d.scanned += int64(len(seg))
	for {
		i := bytes.IndexByte(seg, '\n')
		if i < 0 {
			break
		}
		d.line++
		d.col = 1
		seg = seg[i+1:]
	}
	d.col += utf8.RuneCount(seg)
	d.off = off
	return Place{Line: d.line, Col: d.col}
}

// next returns the next token and the offset where it starts.
func (d *jsonDecoder) next() (json.Token, int64, error) {
	off := d.dec.InputOffset()
	for off < int64(len(d.data)) && strings.IndexByte(" \t\r\n:,", d.data[off]) >= 0 {
		off++
	}
	t, err := d.dec.Token()
	if err != nil {
		return nil, off, d.syntaxErr(err, "")
	}
	return t, off, nil
}

func (d *jsonDecoder) syntaxErr(err error, msg string) error {
	var se *json.SyntaxError
	off := d.dec.InputOffset()
	switch {
	case errors.As(err, &se):
		off = se.Offset - 1 // Offset counts the offending byte
		msg = "JSON 格式错误：" + d.explain(se, off)
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		off = int64(len(d.data))
		msg = "JSON 不完整：文件意外结束"
	case msg == "":
		msg = "JSON 格式错误：" + err.Error()
	}
	return &syntaxProblem{Problem{Code: CodeSyntax, Place: d.place(off), Message: msg}}
}

// syntaxHints translate the contexts of encoding/json's syntax errors.
var syntaxHints = []struct{ context, hint string }{
	{"looking for beginning of object key string", "这里应为带引号的字段名（是否多了逗号？）"},
	{"after object key:value pair", "这里应为逗号或 }（是否少了逗号？）"},
	{"after object key", "字段名之后应为冒号"},
	{"after array element", "这里应为逗号或 ]（是否少了逗号？）"},
	{"looking for beginning of value", "这里应为一个值（文字要加引号）"},
	{"in string literal", "文字中有未转义的控制字符（换行要写成 \\n）"},
	{"in string escape code", "文字中的转义写法不对"},
	{"in numeric literal", "数字写法不对"},
	{"in literal", "应为 true、false 或 null（文字要加引号）"},
	{"after top-level value", "JSON 之后还有多余的内容"},
}

// explain turns a syntax error into Chinese, quoting the character found.
func (d *jsonDecoder) explain(se *json.SyntaxError, off int64) string {
	msg := se.Error()
	for _, h := range syntaxHints {
		if strings.Contains(msg, h.context) {
			if off >= 0 && off < int64(len(d.data)) {
				r, _ := utf8.DecodeRune(d.data[off:])
				return h.hint + "，实际为 " + Quote(string(r))
			}
			return h.hint
		}
	}
	return msg
}

func (d *jsonDecoder) add(code, path string, at int64, f reflect.StructField, msg string) {
	d.problems = append(d.problems, Problem{Code: code, Path: path, Place: d.place(at), Label: fieldLabel(f), Message: msg})
}

func fieldLabel(f reflect.StructField) string {
	label, unit := f.Tag.Get("label"), f.Tag.Get("unit")
	if label != "" && unit != "" {
		return label + "，" + unit
	}
	return label
}

// kindName names a JSON token's kind in Chinese, with the value where short.
func kindName(t json.Token) string {
	switch t := t.(type) {
	case json.Delim:
		if t == '{' {
			return "对象 {…}"
		}
		return "数组 […]"
	case string:
		return "文字 " + Quote(t)
	case json.Number:
		return "数字 " + t.String()
	case bool:
		return "布尔值 " + strconv.FormatBool(t)
	}
	return "null"
}

// quoteToken formats a scalar token as found: a number as written, a text quoted.
func quoteToken(t json.Token) string {
	if s, ok := t.(string); ok {
		return Quote(s)
	}
	return fmt.Sprint(t)
}

// value decodes one JSON value at path into v; f is the struct field holding it.
func (d *jsonDecoder) value(path string, v reflect.Value, f reflect.StructField, depth int) error {
	t, at, err := d.next()
	if err != nil {
		return err
	}
	d.places[path] = d.place(at)
	if depth > maxDepth {
		d.add(CodeRange, path, at, f, fmt.Sprintf("嵌套过深（最多 %d 层）", maxDepth))
		return d.skip(t)
	}
	if t == nil { // null: leave the zero value, which means "not filled in"
		return nil
	}
	expect := func(what string) error {
		d.add(CodeType, path, at, f, "应为"+what+"，实际为"+kindName(t))
		return d.skip(t)
	}
	switch v.Type() {
	case numberType:
		var s string
		switch t := t.(type) {
		case json.Number:
			s = t.String()
		case string:
			s = t
		default:
			return expect("数字")
		}
		if strings.TrimSpace(s) == "" {
			return nil
		}
		n, err := ParseNumber(s, f.Tag.Get("unit"))
		if err != nil {
			d.add(CodeFormat, path, at, f, err.Error())
			return nil
		}
		v.Set(reflect.ValueOf(Num(n)))
		return nil
	case dateType:
		s, ok := t.(string)
		if !ok {
			return expect("日期文字（如 \"2021年6月27日\"）")
		}
		date, err := ParseDate(s)
		if err != nil {
			d.add(CodeFormat, path, at, f, err.Error())
			return nil
		}
		v.Set(reflect.ValueOf(date))
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		s, ok := t.(string)
		if n, isNum := t.(json.Number); isNum {
			s, ok = n.String(), true // a code or phone number written as a number: its digits as typed
		}
		if !ok {
			return expect("文字")
		}
		clean, removed := CleanText(s)
		if removed > 0 {
			d.problems = append(d.problems, Problem{Severity: Warning, Code: CodeText, Path: path, Place: d.place(at),
				Label: fieldLabel(f), Message: fmt.Sprintf("删除了 %d 个不可打印的控制字符", removed)})
		}
		v.SetString(clean)
	case reflect.Bool:
		b, ok := t.(bool)
		if !ok {
			return expect("true 或 false")
		}
		v.SetBool(b)
	case reflect.Int:
		var text string
		switch t := t.(type) {
		case json.Number:
			text = t.String()
		case string: // a number written as text: "2019", "２０１９", "2019年", "二〇一九"
			if strings.TrimSpace(t) == "" {
				return nil
			}
			if y, ok := ParseYear(t); ok {
				v.SetInt(int64(y))
				return nil
			}
			text = t
		default:
			return expect("整数")
		}
		n, err := ParseNumber(text, "个")
		if err != nil || !n.IsInteger() || n.Abs().GreaterThan(decimal.NewFromInt(1<<31-1)) {
			d.add(CodeFormat, path, at, f, "应为整数，实际为 "+quoteToken(t))
			return nil
		}
		v.SetInt(n.IntPart())
	case reflect.Slice:
		if t != json.Delim('[') {
			return expect("数组 […]")
		}
		limit := math.MaxInt
		if m, err := strconv.Atoi(f.Tag.Get("max")); err == nil {
			limit = m
		}
		skipped := 0
		for i := 0; d.dec.More(); i++ {
			if i >= limit || d.elements >= MaxElements {
				if err := d.skipValue(); err != nil {
					return err
				}
				skipped++
				continue
			}
			d.elements++
			v.Set(reflect.Append(v, reflect.Zero(v.Type().Elem())))
			if err := d.value(path+"["+strconv.Itoa(i)+"]", v.Index(i), f, depth+1); err != nil {
				return err
			}
		}
		if skipped > 0 {
			msg := fmt.Sprintf("最多 %d 项，多出的 %d 项未读取", limit, skipped)
			if v.Len() < limit {
				msg = fmt.Sprintf("整份报告最多 %d 个列表项，这里多出的 %d 项未读取", MaxElements, skipped)
			}
			d.add(CodeRange, path, at, f, msg)
		}
		_, _, err := d.next()
		return err
	case reflect.Struct:
		if t != json.Delim('{') {
			return expect("对象 {…}")
		}
		seen := map[string]bool{}
		for d.dec.More() {
			kt, kat, err := d.next()
			if err != nil {
				return err
			}
			key := kt.(string)
			sub := key
			if path != "" {
				sub = path + "." + key
			}
			field, ok := fieldByJSON(v.Type(), key)
			switch {
			case !ok:
				msg := "没有这个字段 " + Quote(key)
				if s := suggest(v.Type(), key); s != "" {
					msg += "（是否应为 " + Quote(s) + "？）"
				}
				d.add(CodeUnknownField, sub, kat, reflect.StructField{}, msg)
				if err := d.skipValue(); err != nil {
					return err
				}
				continue
			case seen[key]:
				d.add(CodeDuplicate, sub, kat, field, "字段 "+Quote(key)+" 出现了两次")
			}
			seen[key] = true
			fv := v.FieldByIndex(field.Index)
			fv.Set(reflect.Zero(fv.Type()))
			if err := d.value(sub, fv, field, depth+1); err != nil {
				return err
			}
		}
		_, _, err := d.next()
		return err
	default:
		return fmt.Errorf("jixiao: cannot decode into %s", v.Type())
	}
	return nil
}

// skip consumes the rest of a value whose first token was t.
func (d *jsonDecoder) skip(t json.Token) error {
	if t != json.Delim('{') && t != json.Delim('[') {
		return nil
	}
	for depth := 1; depth > 0; {
		t, _, err := d.next()
		if err != nil {
			return err
		}
		switch t {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return nil
}

func (d *jsonDecoder) skipValue() error {
	t, _, err := d.next()
	if err != nil {
		return err
	}
	return d.skip(t)
}

// suggest returns the field name of t closest to a mistyped key, if close enough.
func suggest(t reflect.Type, key string) string {
	best, bestDist := "", 3
	for i := range t.NumField() {
		name := jsonName(t.Field(i))
		if dist := editDistance(strings.ToLower(key), name); dist < bestDist {
			best, bestDist = name, dist
		}
	}
	return best
}

// Closest returns the choice closest to a mistyped word (at most two edits
// away), or "" when none is close: the "是否应为 …？" of a message.
func Closest(word string, choices []string) string {
	best, bestDist := "", 3
	for _, c := range choices {
		if dist := editDistance(word, c); dist < bestDist && dist < len([]rune(c)) {
			best, bestDist = c, dist
		}
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// CleanText removes the characters that XML 1.0 cannot carry (control characters
// other than tab, newline and carriage return, U+FFFE, U+FFFF, unpaired
// surrogates) and reports how many it removed. Line ends are normalised to \n.
func CleanText(s string) (string, int) {
	if !strings.ContainsFunc(s, func(r rune) bool { return r == '\r' || badXMLRune(r) }) {
		return s, 0
	}
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	removed := 0
	clean := strings.Map(func(r rune) rune {
		if badXMLRune(r) {
			removed++
			return -1
		}
		return r
	}, s)
	return clean, removed
}

func badXMLRune(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return false
	case r < 0x20, r >= 0x7f && r <= 0x9f && r != 0x85, r == 0xFFFE, r == 0xFFFF, r >= 0xD800 && r <= 0xDFFF:
		return true
	}
	return false
}

// EncodeJSON writes v as indented JSON (UTF-8, no HTML escaping).
func EncodeJSON(w io.Writer, v any) error {
	b, err := marshalIndent(v)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

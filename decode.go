package jixiao

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxJSONSize is the largest JSON input accepted (a report is a few dozen KB).
const MaxJSONSize = 16 << 20

// maxDepth bounds how deeply sections may nest in the input.
const maxDepth = 24

// ReadReport decodes a report from JSON. Unknown fields, values of the wrong kind
// and numbers or dates that cannot be read are reported all at once, each with its
// line:column, JSON path and label, as an *InputError naming file. Control
// characters in text, which XML cannot carry, are removed and reported as
// warnings in the returned problems.
func ReadReport(file string, data []byte) (*Report, *Source, []Problem, error) {
	var r Report
	places, warnings, err := DecodeJSON(file, data, &r)
	if err != nil {
		return nil, nil, nil, err
	}
	return &r, &Source{File: file, Places: places}, warnings, nil
}

// DecodeJSON decodes data strictly into v (a pointer to a struct of the model's
// kinds: structs, slices, strings, ints, Number, Date). It returns where each
// value was found, by JSON path, and the warnings about text it had to clean. Any
// error is an *InputError with every problem found.
func DecodeJSON(file string, data []byte, v any) (map[string]Place, []Problem, error) {
	d := &jsonDecoder{data: data, places: map[string]Place{}}
	if len(data) > MaxJSONSize {
		return nil, nil, &InputError{File: file, Problems: []Problem{{Code: CodeFile,
			Message: fmt.Sprintf("文件过大（%d 字节，最多 %d 字节）", len(data), MaxJSONSize)}}}
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
		d.problems = append(d.problems, se.Problem)
	}
	var warnings []Problem
	errs := d.problems[:0]
	for _, p := range d.problems {
		if p.Severity == Warning {
			warnings = append(warnings, p)
		} else {
			errs = append(errs, p)
		}
	}
	if len(errs) > 0 {
		SortProblems(errs)
		return nil, nil, &InputError{File: file, Problems: errs}
	}
	SortProblems(warnings)
	return d.places, warnings, nil
}

type syntaxProblem struct{ Problem }

func (e *syntaxProblem) Error() string { return e.Message }

type jsonDecoder struct {
	data     []byte
	dec      *json.Decoder
	places   map[string]Place
	problems []Problem
	// the line cursor of place
	line               int
	lineOff, lineStart int64
}

var (
	numberType = reflect.TypeFor[Number]()
	dateType   = reflect.TypeFor[Date]()
)

// place converts a byte offset into a line:column (columns count characters).
// Offsets come mostly in increasing order, so it counts lines from the last one.
func (d *jsonDecoder) place(off int64) Place {
	off = min(max(off, 0), int64(len(d.data)))
	if off < d.lineOff {
		d.lineOff, d.line, d.lineStart = 0, 1, 0
	}
	if d.line == 0 {
		d.line = 1
	}
	for {
		i := bytes.IndexByte(d.data[d.lineOff:off], '\n')
		if i < 0 {
			break
		}
		d.line++
		d.lineOff += int64(i) + 1
		d.lineStart = d.lineOff
	}
	d.lineOff = off
	return Place{Line: d.line, Col: utf8.RuneCount(d.data[d.lineStart:off]) + 1}
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
		n, ok := t.(json.Number)
		if !ok {
			return expect("整数")
		}
		i, err := strconv.ParseInt(n.String(), 10, 32)
		if err != nil {
			d.add(CodeFormat, path, at, f, "应为整数，实际为 "+n.String())
			return nil
		}
		v.SetInt(i)
	case reflect.Slice:
		if t != json.Delim('[') {
			return expect("数组 […]")
		}
		for i := 0; d.dec.More(); i++ {
			v.Set(reflect.Append(v, reflect.Zero(v.Type().Elem())))
			if err := d.value(path+"["+strconv.Itoa(i)+"]", v.Index(i), f, depth+1); err != nil {
				return err
			}
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
	if !slices.ContainsFunc([]rune(s), badXMLRune) && !strings.Contains(s, "\r") {
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

package ooxml

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// The scanner reads the tags of a part and the text between them, one token
// at a time. It knows XML's syntax (comments, processing instructions, CDATA,
// character references, either quote) but no schema and no namespace: names
// are compared without their prefix. A document type declaration is skipped
// and never used: the only entities are XML's five, and any other is an
// error, so that no entity can expand (no "billion laughs"). Work is linear in
// the input; the scanner allocates per distinct name and per text holding a
// reference, never per byte.

// Kind is the kind of a token.
type Kind uint8

const (
	EOF      Kind = iota // the end of the input
	StartTag             // <w:p w:rsidR="00A1">
	EndTag               // </w:p>
	EmptyTag             // <w:br/>
	CharData             // text between tags, references decoded; a CDATA section's content as is
)

// Token is one piece of the input.
type Token struct {
	Kind Kind
	// Name is the local name of a tag, its prefix dropped: "p" for <w:p>.
	Name string
	// Text is the decoded text of a CharData token. It points into the input
	// or into the scanner's buffer and is valid until the next call of Next.
	Text []byte

	attrs []byte // a tag's raw attributes, checked by the scanner
}

// Attr returns the decoded value of the tag's attribute with the local name
// (w:val and val are both "val"), or "" when the tag has none. Namespace
// declarations (xmlns, xmlns:w) are not attributes.
func (t *Token) Attr(local string) string {
	v, _ := t.LookupAttr(local)
	return v
}

// LookupAttr is Attr that also reports whether the attribute is present.
func (t *Token) LookupAttr(local string) (string, bool) {
	a := t.attrs
	for {
		name, value, rest, ok := nextAttr(a)
		if !ok {
			return "", false
		}
		a = rest
		if bytes.HasPrefix(name, []byte("xmlns")) && (len(name) == 5 || name[5] == ':') {
			continue
		}
		if i := bytes.IndexByte(name, ':'); i >= 0 {
			name = name[i+1:]
		}
		if string(name) != local {
			continue
		}
		if bytes.IndexByte(value, '&') < 0 {
			return string(value), true
		}
		b, err := decode(nil, value)
		if err != nil { // checked when the tag was scanned
			return "", false
		}
		return string(b), true
	}
}

// nextAttr splits the first attribute off a checked attribute list.
func nextAttr(a []byte) (name, value, rest []byte, ok bool) {
	a = trimSpace(a)
	eq := bytes.IndexByte(a, '=')
	if eq < 0 {
		return nil, nil, nil, false
	}
	name = trimRightSpace(a[:eq])
	a = trimSpace(a[eq+1:])
	if len(a) == 0 {
		return nil, nil, nil, false
	}
	end := bytes.IndexByte(a[1:], a[0])
	if end < 0 {
		return nil, nil, nil, false
	}
	return name, a[1 : end+1], a[end+2:], true
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	return b
}

func trimRightSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// DefaultMaxDepth is the nesting of elements a Scanner accepts unless told
// otherwise. A Word paragraph in a text box in a table is about 20 deep.
const DefaultMaxDepth = 256

// maxNames bounds the distinct names a scanner keeps as strings; later ones
// are allocated per tag.
const maxNames = 1024

// Scanner reads the tokens of one XML document.
type Scanner struct {
	// MaxDepth is the deepest nesting of elements accepted; 0 means
	// DefaultMaxDepth.
	MaxDepth int

	data    []byte
	pos     int
	started bool
	stack   [][]byte // qualified names of the open elements
	names   map[string]string
	recent  [16]string // names recently returned by local
	buf     []byte
	err     error
}

// NewScanner returns a scanner of data, which must be UTF-8.
func NewScanner(data []byte) *Scanner {
	return &Scanner{data: data, names: map[string]string{}}
}

// Depth is the number of elements open after the last token: 1 after the
// root's start tag, 0 after its end tag.
func (s *Scanner) Depth() int { return len(s.stack) }

// Offset is the byte offset in the input after the last token.
func (s *Scanner) Offset() int { return s.pos }

// fail records a syntax error at byte offset off.
func (s *Scanner) fail(off int, format string, args ...any) (Token, error) {
	s.err = newSyntaxError(s.data, off, fmt.Sprintf(format, args...))
	return Token{}, s.err
}

// Next returns the next token. At the end of the input it returns a token of
// Kind EOF, or an error when an element is still open. An error is returned
// again by every later call.
func (s *Scanner) Next() (Token, error) {
	if s.err != nil {
		return Token{}, s.err
	}
	if !s.started {
		s.started = true
		if bytes.HasPrefix(s.data, []byte("\xfe\xff")) || bytes.HasPrefix(s.data, []byte("\xff\xfe")) {
			return s.fail(0, "XML 不是 UTF-8 编码（是 UTF-16）")
		}
		if !utf8.Valid(s.data) {
			off := 0
			for off < len(s.data) {
				r, n := utf8.DecodeRune(s.data[off:])
				if r == utf8.RuneError && n <= 1 {
					break
				}
				off += n
			}
			return s.fail(off, "不是合法的 UTF-8 文本")
		}
		s.pos = len(s.data) - len(bytes.TrimPrefix(s.data, []byte("\xef\xbb\xbf")))
	}
	for {
		if s.pos >= len(s.data) {
			if n := len(s.stack); n > 0 {
				return s.fail(s.pos, "文件意外结束：元素 <%s> 没有结束", clip(s.stack[n-1]))
			}
			return Token{Kind: EOF}, nil
		}
		rest := s.data[s.pos:]
		if rest[0] != '<' {
			end := bytes.IndexByte(rest, '<')
			if end < 0 {
				end = len(rest)
			}
			raw := rest[:end]
			start := s.pos
			s.pos += end
			if bytes.IndexByte(raw, '&') < 0 {
				return Token{Kind: CharData, Text: raw}, nil
			}
			var err error
			if s.buf, err = decode(s.buf[:0], raw); err != nil {
				return s.fail(start+refOffset(raw), "%v", err)
			}
			return Token{Kind: CharData, Text: s.buf}, nil
		}
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			end := bytes.Index(rest[4:], []byte("-->"))
			if end < 0 {
				return s.fail(s.pos, "注释没有结束")
			}
			s.pos += 4 + end + 3
			continue
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			end := bytes.Index(rest[9:], []byte("]]>"))
			if end < 0 {
				return s.fail(s.pos, "CDATA 段没有结束")
			}
			s.pos += 9 + end + 3
			if len(s.stack) == 0 {
				return s.fail(s.pos, "CDATA 段在根元素之外")
			}
			return Token{Kind: CharData, Text: rest[9 : 9+end]}, nil
		case bytes.HasPrefix(rest, []byte("<?")):
			end := bytes.Index(rest[2:], []byte("?>"))
			if end < 0 {
				return s.fail(s.pos, "处理指令没有结束")
			}
			s.pos += 2 + end + 2
			continue
		case bytes.HasPrefix(rest, []byte("<!DOCTYPE")):
			end := doctypeEnd(rest)
			if end < 0 {
				return s.fail(s.pos, "文档类型声明没有结束")
			}
			if len(s.stack) > 0 {
				return s.fail(s.pos, "文档类型声明不能出现在元素之内")
			}
			s.pos += end + 1
			continue
		case bytes.HasPrefix(rest, []byte("<!")):
			return s.fail(s.pos, "无法识别的标记 %q", clip(rest[:min(len(rest), 12)]))
		}
		end := tagEnd(rest)
		if end < 0 {
			return s.fail(s.pos, "标签没有结束")
		}
		start := s.pos
		body := rest[1:end]
		s.pos += end + 1
		if len(body) == 0 || len(body) == 1 && body[0] == '/' {
			return s.fail(start, "标签缺少名字")
		}
		if body[0] == '/' {
			name := trimRightSpace(body[1:])
			n := len(s.stack)
			if n == 0 {
				return s.fail(start, "多余的结束标签 </%s>", clip(name))
			}
			if !bytes.Equal(name, s.stack[n-1]) {
				return s.fail(start, "结束标签 </%s> 与开始标签 <%s> 不匹配", clip(name), clip(s.stack[n-1]))
			}
			s.stack = s.stack[:n-1]
			return Token{Kind: EndTag, Name: s.local(name)}, nil
		}
		t := Token{Kind: StartTag}
		if body[len(body)-1] == '/' {
			t.Kind, body = EmptyTag, body[:len(body)-1]
		}
		n := 0
		for n < len(body) && !isSpace(body[n]) {
			n++
		}
		name := body[:n]
		if !validName(name) {
			return s.fail(start, "元素名 %q 不合法", clip(name))
		}
		if err := checkAttrs(body[n:]); err != nil {
			return s.fail(start, "元素 <%s> 的属性：%v", clip(name), err)
		}
		t.Name, t.attrs = s.local(name), body[n:]
		if t.Kind == StartTag {
			max := s.MaxDepth
			if max <= 0 {
				max = DefaultMaxDepth
			}
			if len(s.stack) >= max {
				t, err := s.fail(start, "元素嵌套超过 %d 层", max)
				s.err.(*SyntaxError).limit = true
				return t, err
			}
			s.stack = append(s.stack, name)
		}
		return t, nil
	}
}

// Skip reads up to the end of the element whose start tag was the last token.
func (s *Scanner) Skip() error {
	depth := len(s.stack)
	for {
		t, err := s.Next()
		if err != nil {
			return err
		}
		if t.Kind == EOF || t.Kind == EndTag && len(s.stack) < depth {
			return nil
		}
	}
}

// local returns the local name of a qualified name, as a string kept for the
// next tags of the same name.
func (s *Scanner) local(name []byte) string {
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	// The few names a part repeats are found in recent, by their first
	// byte and length, before the map.
	slot := &s.recent[0]
	if len(name) > 0 {
		slot = &s.recent[(int(name[0])+len(name))%len(s.recent)]
	}
	if *slot == string(name) {
		return *slot
	}
	v, ok := s.names[string(name)]
	if !ok {
		v = string(name)
		if len(s.names) < maxNames {
			s.names[v] = v
		}
	}
	*slot = v
	return v
}

// validName reports whether a tag's or attribute's name is plausible: not
// empty and free of white space and of the characters that end or delimit
// names.
func validName(name []byte) bool {
	if len(name) == 0 || name[0] == ':' || name[len(name)-1] == ':' {
		return false
	}
	for _, c := range name {
		switch {
		case c < 0x20 || c == 0x7f:
			return false
		case c == '<' || c == '>' || c == '&' || c == '"' || c == '\'' || c == '=' || c == '/' || c == ' ':
			return false
		}
	}
	return true
}

// tagEnd returns the index of the '>' ending the tag that begins data,
// skipping quoted attribute values; -1 when a '<' comes first (a tag cannot
// hold one) or nothing ends it. Stopping at '<' keeps the scan linear.
func tagEnd(data []byte) int {
	var quote byte
	for i := 1; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '<':
			return -1
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i
		}
	}
	return -1
}

// doctypeEnd returns the index of the '>' ending the document type
// declaration that begins data, skipping its internal subset, quoted strings
// and comments; -1 if nothing ends it.
func doctypeEnd(data []byte) int {
	var quote byte
	subset := false
	for i := len("<!DOCTYPE"); i < len(data); i++ {
		c := data[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case subset && bytes.HasPrefix(data[i:], []byte("<!--")):
			end := bytes.Index(data[i+4:], []byte("-->"))
			if end < 0 {
				return -1
			}
			i += 4 + end + 2
		case c == '[':
			subset = true
		case c == ']':
			subset = false
		case c == '>' && !subset:
			return i
		}
	}
	return -1
}

// checkAttrs checks a tag's attribute list: name="value" or name='value'
// pairs, values without '<' and with well-formed references.
func checkAttrs(a []byte) error {
	for {
		a = trimSpace(a)
		if len(a) == 0 {
			return nil
		}
		eq := bytes.IndexByte(a, '=')
		if eq < 0 {
			return errorf("%q 缺少属性值", clip(a))
		}
		name := trimRightSpace(a[:eq])
		if !validName(name) {
			return errorf("属性名 %q 不合法", clip(name))
		}
		a = trimSpace(a[eq+1:])
		if len(a) == 0 || a[0] != '"' && a[0] != '\'' {
			return errorf("属性 %s 的值没有引号", clip(name))
		}
		end := bytes.IndexByte(a[1:], a[0])
		if end < 0 {
			return errorf("属性 %s 的值没有结束", clip(name))
		}
		value := a[1 : end+1]
		if bytes.IndexByte(value, '<') >= 0 {
			return errorf("属性 %s 的值含有 <", clip(name))
		}
		if err := checkRefs(value); err != nil {
			return err
		}
		a = a[end+2:]
		if len(a) > 0 && !isSpace(a[0]) {
			return errorf("属性 %s 之后缺少空白", clip(name))
		}
	}
}

// checkRefs checks the references of a text without decoding it.
func checkRefs(s []byte) error {
	for {
		i := bytes.IndexByte(s, '&')
		if i < 0 {
			return nil
		}
		_, n, err := ref(s[i:])
		if err != nil {
			return err
		}
		s = s[i+n:]
	}
}

// decode appends s to dst with its references replaced by their characters.
func decode(dst, s []byte) ([]byte, error) {
	for {
		i := bytes.IndexByte(s, '&')
		if i < 0 {
			return append(dst, s...), nil
		}
		dst = append(dst, s[:i]...)
		r, n, err := ref(s[i:])
		if err != nil {
			return dst, err
		}
		dst = utf8.AppendRune(dst, r)
		s = s[i+n:]
	}
}

// refOffset is the offset of the first bad reference in s, for the position
// of an error.
func refOffset(s []byte) int {
	off := 0
	for {
		i := bytes.IndexByte(s, '&')
		if i < 0 {
			return off
		}
		_, n, err := ref(s[i:])
		if err != nil {
			return off + i
		}
		off += i + n
		s = s[i+n:]
	}
}

// maxRef is the longest reference accepted, "&" and ";" included
// (&#x10FFFF; is 10 bytes; leading zeros are allowed a little room).
const maxRef = 16

// ref reads the reference at the start of s ("&amp;", "&#20013;",
// "&#x4E2D;"): its character and its length.
func ref(s []byte) (rune, int, error) {
	end := bytes.IndexByte(s[:min(len(s), maxRef)], ';')
	if end < 0 {
		return 0, 0, errorf("& 之后不是实体引用（%q）", clip(s[:min(len(s), 12)]))
	}
	name := s[1:end]
	switch string(name) {
	case "lt":
		return '<', end + 1, nil
	case "gt":
		return '>', end + 1, nil
	case "amp":
		return '&', end + 1, nil
	case "quot":
		return '"', end + 1, nil
	case "apos":
		return '\'', end + 1, nil
	}
	if len(name) < 2 || name[0] != '#' {
		return 0, 0, errorf("未定义的实体 &%s;（只接受 XML 预定义的五个实体）", clip(name))
	}
	var n uint64
	var err error
	if name[1] == 'x' {
		n, err = strconv.ParseUint(string(name[2:]), 16, 32)
	} else {
		n, err = strconv.ParseUint(string(name[1:]), 10, 32)
	}
	if err != nil || !isChar(n) {
		return 0, 0, errorf("字符引用 &%s; 不是合法的 XML 字符", clip(name))
	}
	return rune(n), end + 1, nil
}

// isChar reports whether n is a character XML 1.0 allows.
func isChar(n uint64) bool {
	switch {
	case n == 0x9 || n == 0xA || n == 0xD:
		return true
	case n < 0x20:
		return false
	case n <= 0xD7FF:
		return true
	case n < 0xE000:
		return false
	case n <= 0xFFFD:
		return true
	case n < 0x10000:
		return false
	}
	return n <= 0x10FFFF
}

// maxQuoted bounds the characters of input a message quotes.
const maxQuoted = 24

// clip returns at most maxQuoted characters of b for a message, with
// control characters and bytes that are not UTF-8 shown as U+FFFD, so that a
// message stays short and printable whatever it quotes.
func clip(b []byte) string { return Clip(string(b[:min(len(b), 4*maxQuoted)])) }

// Clip returns at most 24 characters of s for a message, its control
// characters and bytes that are not UTF-8 shown as U+FFFD, and "…" when it
// is cut.
func Clip(s string) string {
	var out []rune
	for i, r := range s {
		if len(out) == maxQuoted {
			if i < len(s) {
				return string(out) + "…"
			}
			break
		}
		if r < 0x20 || r >= 0x7f && r < 0xa0 || r == 0x2028 || r == 0x2029 {
			r = utf8.RuneError
		}
		out = append(out, r)
	}
	return string(out)
}

// SyntaxError is malformed XML, or XML nested deeper than the scanner's
// MaxDepth (which errors.Is matches with ErrTooLarge).
type SyntaxError struct {
	Line, Col int // 1-based; Col counts characters
	Msg       string
	limit     bool
}

// Is reports whether the error is a refusal for size: too deep a nesting.
func (e *SyntaxError) Is(target error) bool { return e.limit && target == ErrTooLarge }

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("第 %d 行第 %d 列：%s", e.Line, e.Col, e.Msg)
}

func newSyntaxError(data []byte, off int, msg string) *SyntaxError {
	off = min(max(off, 0), len(data))
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	if i := bytes.LastIndexByte(before, '\n'); i >= 0 {
		before = before[i+1:]
	}
	return &SyntaxError{Line: line, Col: utf8.RuneCount(before) + 1, Msg: msg}
}

// plainError is an error with a Chinese message.
type plainError string

func (e plainError) Error() string { return string(e) }

func errorf(format string, args ...any) error { return plainError(fmt.Sprintf(format, args...)) }

package ooxml

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// tokens returns the tokens of data as text, one per line: <name attrs>,
// </name>, <name/>, "text"; or the error.
func tokens(data string) (string, error) {
	var b strings.Builder
	sc := NewScanner([]byte(data))
	for {
		t, err := sc.Next()
		if err != nil {
			return b.String(), err
		}
		switch t.Kind {
		case EOF:
			return b.String(), nil
		case StartTag:
			fmt.Fprintf(&b, "<%s%s>", t.Name, strings.TrimRight(string(t.attrs), " "))
		case EmptyTag:
			fmt.Fprintf(&b, "<%s%s/>", t.Name, strings.TrimRight(string(t.attrs), " "))
		case EndTag:
			fmt.Fprintf(&b, "</%s>", t.Name)
		case CharData:
			fmt.Fprintf(&b, "%q", t.Text)
		}
		b.WriteByte('\n')
	}
}

func TestScan(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"prefixes dropped", `<w:p><w:r><w:t>甲</w:t></w:r></w:p>`,
			"<p>\n<r>\n<t>\n\"甲\"\n</t>\n</r>\n</p>\n"},
		{"declaration, comment, PI skipped", `<?xml version="1.0"?><!-- c --><a><?pi x?>b</a>`,
			"<a>\n\"b\"\n</a>\n"},
		{"BOM", "\xef\xbb\xbf<a/>", "<a/>\n"},
		{"empty tag with attributes", `<w:br w:type="page" />`, "<br w:type=\"page\" /> \n"},
		{"entities and references", `<a>&lt;&amp;&gt;&quot;&apos;&#20013;&#x6587;&#x1F600;</a>`,
			"<a>\n\"<&>\\\"'中文😀\"\n</a>\n"},
		{"CDATA kept as is", `<a><![CDATA[<b>&amp;]]></a>`, "<a>\n\"<b>&amp;\"\n</a>\n"},
		{"quotes hold > and the other quote", `<a b='x>"y' c="'"/>`, "<a b='x>\"y' c=\"'\"/>\n"},
		{"DOCTYPE skipped, internal subset too", `<!DOCTYPE a [<!ENTITY e "x>]"> <!-- ] > -->]><a>t</a>`,
			"<a>\n\"t\"\n</a>\n"},
		{"default namespace", `<document xmlns="http://x"><body/></document>`,
			"<document xmlns=\"http://x\">\n<body/>\n</document>\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := tokens(c.in)
			if err != nil {
				t.Fatalf("error %v after\n%s", err, got)
			}
			// The test's own format prints an empty tag's attributes with
			// their trailing space trimmed; compare without it.
			if strings.ReplaceAll(got, " /> \n", "/>\n") != strings.ReplaceAll(c.want, " /> \n", "/>\n") {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

func TestScanErrors(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"undefined entity", `<a>&nbsp;</a>`, "第 1 行第 4 列：未定义的实体 &nbsp;（只接受 XML 预定义的五个实体）"},
		{"billion laughs", `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><lolz>&lol2;</lolz>`,
			"第 1 行第 97 列：未定义的实体 &lol2;（只接受 XML 预定义的五个实体）"},
		{"entity in an attribute", `<a b="&x;"/>`, "第 1 行第 1 列：元素 <a> 的属性：未定义的实体 &x;（只接受 XML 预定义的五个实体）"},
		{"bare ampersand", `<a>A & B</a>`, `第 1 行第 6 列：& 之后不是实体引用（"& B"）`},
		{"reference to NUL", `<a>&#0;</a>`, "第 1 行第 4 列：字符引用 &#0; 不是合法的 XML 字符"},
		{"reference to a surrogate", `<a>&#xD800;</a>`, "第 1 行第 4 列：字符引用 &#xD800; 不是合法的 XML 字符"},
		{"reference too large", `<a>&#x110000;</a>`, "第 1 行第 4 列：字符引用 &#x110000; 不是合法的 XML 字符"},
		{"not UTF-8", "<a>\n中\xff</a>", "第 2 行第 2 列：不是合法的 UTF-8 文本"},
		{"UTF-16", "\xff\xfe<\x00a\x00", "第 1 行第 1 列：XML 不是 UTF-8 编码（是 UTF-16）"},
		{"truncated in a tag", `<a><b c="1`, "第 1 行第 4 列：标签没有结束"},
		{"truncated in text", `<a><b>text`, "第 1 行第 11 列：文件意外结束：元素 <b> 没有结束"},
		{"mismatched end", `<w:a></w:b>`, "第 1 行第 6 列：结束标签 </w:b> 与开始标签 <w:a> 不匹配"},
		{"extra end", `<a/></a>`, "第 1 行第 5 列：多余的结束标签 </a>"},
		{"unterminated comment", `<a><!-- x`, "第 1 行第 4 列：注释没有结束"},
		{"unterminated CDATA", `<a><![CDATA[x`, "第 1 行第 4 列：CDATA 段没有结束"},
		{"unterminated PI", `<?xml `, "第 1 行第 1 列：处理指令没有结束"},
		{"unterminated DOCTYPE", `<!DOCTYPE a [ <!ENTITY x "y">`, "第 1 行第 1 列：文档类型声明没有结束"},
		{"DOCTYPE inside", `<a><!DOCTYPE a></a>`, "第 1 行第 4 列：文档类型声明不能出现在元素之内"},
		{"unquoted attribute", `<a b=1/>`, "第 1 行第 1 列：元素 <a> 的属性：属性 b 的值没有引号"},
		{"< in an attribute", `<a b="<"/>`, "第 1 行第 1 列：标签没有结束"},
		{"empty tag", `<>`, "第 1 行第 1 列：标签缺少名字"},
		{"name with =", `<a=b/>`, `第 1 行第 1 列：元素名 "a=b" 不合法`},
		{"long names are clipped", "<" + strings.Repeat("中", 100) + "></b>",
			"第 1 行第 103 列：结束标签 </b> 与开始标签 <" + strings.Repeat("中", 24) + "…> 不匹配"},
		{"control characters are not quoted", "<a\x01\x1b[2J\x7f>", "第 1 行第 1 列：元素名 \"a\ufffd\ufffd[2J\ufffd\" 不合法"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := tokens(c.in)
			if err == nil {
				t.Fatal("no error")
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			if err.Error() != c.want {
				t.Errorf("got  %s\nwant %s", err, c.want)
			}
		})
	}
}

// An error is sticky: every later call returns it.
func TestScanErrorSticky(t *testing.T) {
	sc := NewScanner([]byte(`<a>&x;</a>`))
	if _, err := sc.Next(); err != nil {
		t.Fatal(err)
	}
	_, err1 := sc.Next()
	_, err2 := sc.Next()
	if err1 == nil || err1 != err2 {
		t.Errorf("%v, then %v", err1, err2)
	}
}

func TestScanDepth(t *testing.T) {
	deep := strings.Repeat("<a>", DefaultMaxDepth+1)
	_, err := tokens(deep)
	if err == nil || !strings.Contains(err.Error(), "元素嵌套超过 256 层") || !errors.Is(err, ErrTooLarge) {
		t.Errorf("got %v", err)
	}
	sc := NewScanner([]byte(strings.Repeat("<a>", 10) + strings.Repeat("</a>", 10)))
	sc.MaxDepth = 5
	if err := sc.Skip(); err == nil {
		for err == nil {
			_, err = sc.Next()
		}
	}
	if _, err := sc.Next(); err == nil || !strings.Contains(err.Error(), "超过 5 层") {
		t.Errorf("MaxDepth 5: %v", err)
	}
}

func TestAttr(t *testing.T) {
	sc := NewScanner([]byte(`<w:x xmlns:w="ns" xmlns="d" w:val="a&amp;b" id = '7' r:id="rId1" empty=""/>`))
	tok, err := sc.Next()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		local, want string
		ok          bool
	}{
		{"val", "a&b", true}, {"id", "7", true}, {"empty", "", true}, {"w", "", false}, {"xmlns", "", false}, {"missing", "", false},
	} {
		got, ok := tok.LookupAttr(c.local)
		if got != c.want || ok != c.ok {
			t.Errorf("%s: %q %v, want %q %v", c.local, got, ok, c.want, c.ok)
		}
	}
}

// Skip reads to the end of the current element, nested ones included.
func TestSkip(t *testing.T) {
	sc := NewScanner([]byte(`<a><b><c>x</c><b/></b><d/></a>`))
	for _, want := range []string{"a", "b"} {
		tok, err := sc.Next()
		if err != nil || tok.Name != want {
			t.Fatalf("%v %v", tok, err)
		}
	}
	if err := sc.Skip(); err != nil {
		t.Fatal(err)
	}
	tok, err := sc.Next()
	if err != nil || tok.Name != "d" || tok.Kind != EmptyTag || sc.Depth() != 1 {
		t.Errorf("after Skip: %+v %v depth %d", tok, err, sc.Depth())
	}
}

// The scanner allocates per distinct name and per text with a reference,
// not per byte or per tag: ten times the input costs no more allocations.
func TestScanAllocations(t *testing.T) {
	unit := `<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t xml:space="preserve">甲乙 丙</w:t></w:r></w:p>`
	count := func(n int) float64 {
		data := []byte("<w:body>" + strings.Repeat(unit, n) + "</w:body>")
		return testing.AllocsPerRun(5, func() {
			sc := NewScanner(data)
			for {
				t, err := sc.Next()
				if err != nil || t.Kind == EOF {
					return
				}
			}
		})
	}
	small, large := count(100), count(1000)
	if large > small+8 {
		t.Errorf("%v allocations for 100 paragraphs, %v for 1000", small, large)
	}
}

// Hostile shapes stay linear: each of these megabyte inputs is refused or
// read in one pass (a quadratic scan would take minutes).
func TestScanHostileShapes(t *testing.T) {
	const n = 1 << 20
	for name, data := range map[string]string{
		"many <":             strings.Repeat("<", n),
		"open quote":         `<a b="` + strings.Repeat("x", n),
		"many ampersands":    "<a>" + strings.Repeat("&", n) + "</a>",
		"many short refs":    "<a>" + strings.Repeat("&#1", n/3) + "</a>",
		"many comment opens": "<a>" + strings.Repeat("<!--", n/4) + "</a>",
		"many PI opens":      "<a>" + strings.Repeat("<?", n/2) + "</a>",
		"deep then text":     strings.Repeat("<a>", 200) + strings.Repeat("x", n),
		"many names":         "<r>" + manyNames(20000) + "</r>",
	} {
		t.Run(name, func(t *testing.T) {
			sc := NewScanner([]byte(data))
			for i := 0; ; i++ {
				tok, err := sc.Next()
				if err != nil || tok.Kind == EOF {
					break
				}
				if i > 2*n {
					t.Fatal("no progress")
				}
			}
		})
	}
}

func manyNames(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "<n%d/>", i)
	}
	return b.String()
}

// The scanner never panics; a token's text is UTF-8, and the nesting it
// reports is consistent.
func FuzzScan(f *testing.F) {
	for _, s := range []string{
		`<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>甲&amp;乙</w:t></w:r></w:p></w:body></w:document>`,
		`<!DOCTYPE a [<!ENTITY e "x">]><a b='1'>&e;<![CDATA[y]]><!--z--><?p q?></a>`,
		`<a>&#x4E2D;&#20013;</a>`, "\xef\xbb\xbf<a/>", `<a`, `<a b="`, `</a>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sc := NewScanner(data)
		depth := 0
		for i := 0; i <= len(data)+1; i++ {
			tok, err := sc.Next()
			if err != nil {
				var se *SyntaxError
				if !errors.As(err, &se) || se.Line < 1 || se.Col < 1 || utf8.RuneCountInString(se.Msg) > 200 {
					t.Fatalf("error %#v", err)
				}
				return
			}
			switch tok.Kind {
			case EOF:
				if depth != 0 {
					t.Fatalf("EOF at depth %d", depth)
				}
				return
			case StartTag:
				depth++
			case EndTag:
				depth--
			case CharData:
				if !utf8.Valid(tok.Text) {
					t.Fatalf("text %q", tok.Text)
				}
				if bytes.Contains(tok.Text, []byte{0}) && !bytes.Contains(data, []byte{0}) {
					t.Fatalf("NUL from a reference in %q", data)
				}
			}
			if depth != sc.Depth() {
				t.Fatalf("depth %d, scanner says %d", depth, sc.Depth())
			}
		}
		t.Fatal("more tokens than bytes")
	})
}

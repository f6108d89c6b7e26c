package ooxml

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
)

// Parts small, large and split in two read back whole; the same parts give
// the same bytes.
func TestWriter(t *testing.T) {
	parts := map[string][]byte{
		"a.xml": []byte("<a/>"),
		"b.xml": bytes.Repeat([]byte("<w:p><w:r><w:t>文字</w:t></w:r></w:p>"), 100),
		"c.xml": bytes.Repeat([]byte("<row r=\"1\"><c r=\"A1\"><v>12.5</v></c></row>"), 3000), // split
	}
	write := func() []byte {
		var b bytes.Buffer
		w := NewWriter(&b)
		for _, name := range []string{"a.xml", "b.xml", "c.xml"} {
			if err := w.Add(name, parts[name]); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	one, two := write(), write()
	if !bytes.Equal(one, two) {
		t.Error("the same parts give different bytes")
	}
	zr, err := zip.NewReader(bytes.NewReader(one), int64(len(one)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc)
		if err != nil || !bytes.Equal(got, parts[f.Name]) {
			t.Errorf("%s: %v, %d bytes", f.Name, err, len(got))
		}
		if !f.Modified.Equal(Modified) {
			t.Errorf("%s: time %v", f.Name, f.Modified)
		}
	}
	if Compress("c.xml", parts["c.xml"]).header.CompressedSize64 >= uint64(len(parts["c.xml"]))/4 {
		t.Error("the split part is hardly compressed")
	}
}

func TestAppendText(t *testing.T) {
	for in, want := range map[string]string{
		`a<b>&"c"`:         "a&lt;b&gt;&amp;&quot;c&quot;",
		"x\x01\x08y\tz\n":  "xy\tz\n",
		"中文\uFFFE\uFFFF结束": "中文结束",
		"bad \xff utf-8":   "bad  utf-8",
		"\u0085c1":         "c1",
	} {
		if got := string(AppendText(nil, in)); got != want {
			t.Errorf("AppendText(%q) = %q, want %q", in, got, want)
		}
	}
	if got, want := string(AppendCharData(nil, `{"a":"<b>&"}`)), `{"a":"&lt;b&gt;&amp;"}`; got != want {
		t.Errorf("AppendCharData: %q, want %q", got, want)
	}
	if got := string(AppendText([]byte("<t>"), strings.Repeat("a", 3))); got != "<t>aaa" {
		t.Errorf("appends: %q", got)
	}
}

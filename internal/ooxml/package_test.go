package ooxml

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"reflect"
	"strings"
	"testing"
)

// zipOf writes the files, in the order given (name, content, name, content …).
func zipOf(t testing.TB, files ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i := 0; i+1 < len(files); i += 2 {
		w, err := zw.Create(files[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(files[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// bomb is a zip with one part of size zeros, deflated, that declares the
// given size.
func bomb(t testing.TB, size int, declared uint64) []byte {
	t.Helper()
	var comp bytes.Buffer
	fw, err := flate.NewWriter(&comp, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	zeros := make([]byte, 1<<16)
	crc := crc32.NewIEEE()
	for n := 0; n < size; n += len(zeros) {
		fw.Write(zeros)
		crc.Write(zeros)
	}
	fw.Close()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate, CRC32: crc.Sum32(),
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: declared})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	zw.Close()
	return b.Bytes()
}

func TestOpenLimits(t *testing.T) {
	small := Limits{File: 1 << 20, Unzipped: 2 << 20, Part: 1 << 20, Entries: 3}
	big := strings.Repeat("x", 800<<10)
	cases := []struct {
		name  string
		data  []byte
		want  string
		limit string // the *LimitError's Limit, Part, Size and Max; "" for none
	}{
		{"file too large", make([]byte, 1<<20+1), "文件过大（1048577 字节，最多 1048576 字节，即 1 MB）", "File  1048577 1048576"},
		{"too many entries", zipOf(t, "a", "", "b", "", "c", "", "d", ""), "压缩包内有 4 个部件（最多 3 个）", "Entries  4 3"},
		{"a part declared too large", bomb(t, 2<<20, 2<<20), "部件 word/document.xml 解压后过大（2 MB，最多 1 MB）",
			"Part word/document.xml 2097152 1048576"},
		{"all parts declared too large", zipOf(t, "a", big, "b", big, "c", big),
			"解压后过大（超过 2 MB）", "Unzipped  2457600 2097152"},
		{"a part declared too large after parts too large together", zipOf(t, "a", big, "b", big, "c", big+big),
			"部件 c 解压后过大（1.6 MB，最多 1 MB）", "Part c 1638400 1048576"},
		{"not a zip", []byte("PK\x03\x04 and then nothing"), "压缩包结构错误（文件可能不完整或已损坏）", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Open(c.data, small)
			if err == nil {
				t.Fatal("no error")
			}
			var le *LimitError
			limit := ""
			if errors.As(err, &le) {
				limit = fmt.Sprintf("%s %s %d %d", le.Limit, le.Part, le.Size, le.Max)
			}
			if err.Error() != c.want || limit != c.limit || errors.Is(err, ErrTooLarge) != (c.limit != "") {
				t.Errorf("got %q (%q, too large: %v), want %q (%q)", err, limit, errors.Is(err, ErrTooLarge), c.want, c.limit)
			}
		})
	}
}

// A zip that declares a small part but holds a large one is stopped while
// inflating, within the limit, whatever it declares.
func TestPartStopsInflating(t *testing.T) {
	limits := Limits{Part: 1 << 20}
	for _, declared := range []uint64{1000, 1 << 20} {
		p, err := Open(bomb(t, 64<<20, declared), limits)
		if err != nil {
			t.Fatal(err)
		}
		_, err = p.Part("word/document.xml")
		if err == nil {
			t.Fatalf("declared %d: no error", declared)
		}
		if p.Inflated() > 1<<20+64<<10 {
			t.Errorf("declared %d: inflated %d bytes before refusing (%v)", declared, p.Inflated(), err)
		}
	}
}

// The bytes of all parts together are bounded too.
func TestUnzippedBudget(t *testing.T) {
	p, err := Open(zipOf(t, "a", strings.Repeat("x", 600), "b", strings.Repeat("y", 600)), Limits{Unzipped: 1000})
	if err == nil {
		t.Fatalf("declared sizes over the budget accepted: %v", p.Names())
	}
	p, err = Open(zipOf(t, "a", strings.Repeat("x", 600), "b", strings.Repeat("y", 300)), Limits{Unzipped: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a", "b", "a"} {
		if _, err = p.Part(name); err != nil {
			break
		}
	}
	if err == nil || !errors.Is(err, ErrTooLarge) || err.Error() != "解压后超过 1000 字节" {
		t.Errorf("reading a part twice past the budget: %v", err)
	}
}

func TestPart(t *testing.T) {
	p, err := Open(zipOf(t, "/Word/Document.xml", "<w:document/>", `word\styles.xml`, "<s/>"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Names(); !reflect.DeepEqual(got, []string{"Word/Document.xml", "word/styles.xml"}) {
		t.Errorf("names %q", got)
	}
	for _, name := range []string{"word/document.xml", "WORD/DOCUMENT.XML", "word/styles.xml"} {
		if !p.Has(name) {
			t.Errorf("no part %s", name)
		}
		if _, err := p.Part(name); err != nil {
			t.Error(err)
		}
	}
	_, err = p.Part("word/numbering.xml")
	if !errors.Is(err, fs.ErrNotExist) || err.Error() != "缺少部件 word/numbering.xml" {
		t.Errorf("missing part: %v", err)
	}
}

// A damaged part is an error, not garbage: here the checksum is altered.
func TestPartChecksum(t *testing.T) {
	data := zipOf(t, "a.xml", strings.Repeat("<a/>", 100))
	// The CRC is at offset 14 of the local header and 16 of the central one.
	i := bytes.LastIndex(data, []byte("PK\x01\x02"))
	data[i+16] ^= 0xff
	data[14] ^= 0xff
	p, err := Open(data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Part("a.xml"); err == nil || !strings.Contains(err.Error(), "校验和错误") {
		t.Errorf("got %v", err)
	}
}

func TestRels(t *testing.T) {
	p, err := Open(zipOf(t,
		"_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>`+
			`<Relationship Id="rId2" Type="t" Target="/docProps/core.xml"/></Relationships>`,
		"word/_rels/document.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
			`<Relationship Id="rId1" Type="s" Target="styles.xml"/>`+
			`<Relationship Id="rId2" Type="h" Target="https://example.com/" TargetMode="External"/>`+
			`<Relationship Id="rId3" Type="i" Target="../media/image%201.png"/>`+
			`<Relationship Id="rId4" Type="e" Target="../../../../etc/passwd"/></Relationships>`,
	), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.Rels("")
	if err != nil {
		t.Fatal(err)
	}
	want := []Rel{
		{"rId1", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument", "word/document.xml"},
		{"rId2", "t", "docProps/core.xml"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("package rels %+v", got)
	}
	got, err = p.Rels("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	want = []Rel{{"rId1", "s", "word/styles.xml"}, {"rId3", "i", "media/image 1.png"}, {"rId4", "e", "etc/passwd"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("document rels %+v", got)
	}
	if got, err := p.Rels("word/styles.xml"); got != nil || err != nil {
		t.Errorf("a part without rels: %v %v", got, err)
	}
	if RelsName("word/document.xml") != "word/_rels/document.xml.rels" || RelsName("") != "_rels/.rels" {
		t.Error("RelsName")
	}
}

func TestRelsDamaged(t *testing.T) {
	p, err := Open(zipOf(t, "_rels/.rels", `<Relationships><Relationship Target="&bad;"/></Relationships>`), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Rels("")
	var se *SyntaxError
	if !errors.As(err, &se) || !strings.HasPrefix(err.Error(), "关系部件 _rels/.rels 已损坏：第 1 行第 16 列：") {
		t.Errorf("got %v", err)
	}
}

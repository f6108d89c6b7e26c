package web

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSafePath(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"填报表.xlsx", "填报表.xlsx"},
		{"收到的报告/教育局/填报表.xlsx", "收到的报告/教育局/填报表.xlsx"},
		{`C:\Users\张三\Desktop\填报表.xlsx`, "Users/张三/Desktop/填报表.xlsx"},
		{"../../etc/passwd", "etc/passwd"},
		{"/etc/passwd", "etc/passwd"},
		{"a/./b/../c.json", "a/b/c.json"},
		{"..", "未命名"},
		{"", "未命名"},
		{"CON.xlsx", "_CON.xlsx"},
		{"lpt1", "_lpt1"},
		{` 报告. `, "报告"},
		{"a:b*c?d\"e<f>g|h.json", "a_b_c_d_e_f_g_h.json"},
		{"a\x00b\x1bc\u202e.json", "a_b_c_.json"},
		{"\xff\xfe.json", "__.json"},
		{strings.Repeat("长", 80) + ".xlsx", strings.Repeat("长", 80) + ".xlsx"},  // 245 bytes: kept
		{strings.Repeat("长", 100) + ".xlsx", strings.Repeat("长", 83) + ".xlsx"}, // 305 bytes: cut to 254
		{strings.Repeat("长", 100) + "." + strings.Repeat("x", 20), strings.Repeat("长", 85)},
		{"1/2/3/4/5/6/7/8/9/10/a.json", "4/5/6/7/8/9/10/a.json"},
	} {
		if got := safePath(tc.in); got != tc.want {
			t.Errorf("safePath(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestSentPath: the name as sent keeps everything the disk's name changes,
// in the folders safePath keeps.
func TestSentPath(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"填报表.xlsx", "填报表.xlsx"},
		{`C:\Users\张三\报告:最终?.json`, "Users/张三/报告:最终?.json"},
		{"../../etc/passwd", "etc/passwd"},
		{"CON.xlsx", "CON.xlsx"},
		{` 报告. `, ` 报告. `},
		{"a\x00b\u202e.json", "a_b_.json"},
		{"\xff.json", "_.json"},
		{strings.Repeat("长", 100) + ".xlsx", strings.Repeat("长", 100) + ".xlsx"},
		{"..", "未命名"},
	} {
		if got := sentPath(tc.in); got != tc.want {
			t.Errorf("sentPath(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestCounted: a counter goes before the extension, and the name still fits.
func TestCounted(t *testing.T) {
	long := strings.Repeat("长", 83) + ".xlsx"
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"a/填报表.xlsx", 1, "a/填报表.xlsx"},
		{"a/填报表.xlsx", 2, "a/填报表（2）.xlsx"},
		{"a.b/报告", 3, "a.b/报告（3）"},
		{"a/" + long, 2, "a/" + strings.Repeat("长", 81) + "（2）.xlsx"}, // 243 + 12 bytes
	} {
		got := counted(tc.in, tc.n)
		if got != tc.want {
			t.Errorf("counted(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
		if base := got[strings.LastIndex(got, "/")+1:]; len(base) > maxNameBytes {
			t.Errorf("counted(%q, %d): %d bytes", tc.in, tc.n, len(base))
		}
	}
}

func TestEntryName(t *testing.T) {
	gbkName := string([]byte{0xb5, 0xa5, 0xce, 0xbb, 0xbc, 0xd7}) + ".json" // 单位甲.json
	unicodeExtra := func(name, utf string) []byte {
		field := append([]byte{1}, binary.LittleEndian.AppendUint32(nil, crc32.ChecksumIEEE([]byte(name)))...)
		field = append(field, utf...)
		extra := binary.LittleEndian.AppendUint16(nil, 0x7075)
		extra = binary.LittleEndian.AppendUint16(extra, uint16(len(field)))
		return append(extra, field...)
	}
	for _, tc := range []struct {
		name string
		f    zip.File
		want string
	}{
		{"utf-8 flagged", zip.File{FileHeader: zip.FileHeader{Name: "单位甲.json"}}, "单位甲.json"},
		{"utf-8 not flagged", zip.File{FileHeader: zip.FileHeader{Name: "单位甲.json", NonUTF8: true}}, "单位甲.json"},
		{"gbk", zip.File{FileHeader: zip.FileHeader{Name: gbkName, NonUTF8: true}}, "单位甲.json"},
		{"unicode path field", zip.File{FileHeader: zip.FileHeader{Name: gbkName, NonUTF8: true, Extra: unicodeExtra(gbkName, "单位乙.json")}}, "单位乙.json"},
		{"stale unicode path field", zip.File{FileHeader: zip.FileHeader{Name: gbkName, NonUTF8: true, Extra: unicodeExtra("other", "单位乙.json")}}, "单位甲.json"},
		{"truncated extra", zip.File{FileHeader: zip.FileHeader{Name: gbkName, NonUTF8: true, Extra: []byte{0x75, 0x70, 0xff}}}, "单位甲.json"},
	} {
		if got := entryName(&tc.f); got != tc.want {
			t.Errorf("%s: entryName = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestLitter(t *testing.T) {
	for name, want := range map[string]bool{
		"__MACOSX/a/._b.xlsx": true, "a/.DS_Store": true, "Thumbs.db": true, "a/desktop.ini": true, "~$填报表.xlsx": true,
		".hidden.json": true, "a/填报表.xlsx": false, "报告.json": false,
		".DS_Store": true, `a\.git\config`: true, "ehthumbs.db": true, "../报告.json": false, "./a/报告.json": false,
	} {
		if got := litter(name); got != want {
			t.Errorf("litter(%q) = %v", name, got)
		}
	}
}

// FuzzUnzip: whatever a .zip holds, unzip never panics, writes only inside
// its folder, and answers with a statusError.
func FuzzUnzip(f *testing.F) {
	f.Add(zipOf(f, zipEntry{name: "a/b.json", data: []byte("{}")}, zipEntry{name: "../c.json", data: []byte("x")}))
	f.Add(zipOf(f, zipEntry{name: "l", data: []byte("/etc"), mode: os.ModeSymlink | 0o777}, zipEntry{name: "d/", mode: os.ModeDir | 0o755}))
	f.Add(zipOf(f, zipEntry{name: "\xb5\xa5.json", data: bytes.Repeat([]byte("x"), 1000), nonUTF8: true}))
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	f.Fuzz(func(t *testing.T, data []byte) {
		root := t.TempDir()
		dir := filepath.Join(root, "job")
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		src := filepath.Join(root, "upload.zip")
		if err := os.WriteFile(src, data, 0o600); err != nil {
			t.Fatal(err)
		}
		rc := &received{}
		var unzipped int64
		err := unzip(src, dir, folder{"报告", "报告"}, limits{files: 50, unzipped: 1 << 20}, &unzipped, rc, map[string]bool{})
		if err != nil {
			if _, ok := err.(*statusError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
		}
		for _, f := range rc.files {
			rel, err := filepath.Rel(filepath.Join(dir, "in"), f.path)
			if err != nil || strings.HasPrefix(rel, "..") || f.name != filepath.ToSlash(rel) {
				t.Fatalf("file %q written at %q", f.name, f.path)
			}
		}
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && d.Type()&os.ModeSymlink != 0 {
				t.Errorf("symbolic link %s", p)
			}
			return nil
		})
	})
}

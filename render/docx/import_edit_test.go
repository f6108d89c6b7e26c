package docx

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"jixiao"
)

// ownEdited is the tool's own Word file of the shipped example with its
// document.xml edited, as a reviewer edits it by hand: for each pair old,
// new, the first old made new.
func ownEdited(t testing.TB, edits ...string) []byte {
	t.Helper()
	data := written(defaultProfile, example)(t)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == "word/document.xml" {
			s := string(content)
			for i := 0; i+1 < len(edits); i += 2 {
				if !strings.Contains(s, edits[i]) {
					t.Fatalf("document.xml has no %q", edits[i])
				}
				s = strings.Replace(s, edits[i], edits[i+1], 1)
			}
			content = []byte(s)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(content)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// ownRun is a cell's run as the tool writes it.
func ownRun(s string) string { return "<w:r><w:t>" + s + "</w:t></w:r>" }

// problemLines formats problems one a line.
func problemLines(ps []jixiao.Problem) string {
	var lines []string
	for _, p := range ps {
		lines = append(lines, p.Format("报告.docx"))
	}
	return strings.Join(lines, "\n")
}

// TestImportGradeMarks: 评价等次 ticked in the ways units tick it reads as
// the grade ticked; marks that cannot be told apart are a warning at the
// cell and no grade, never a guess.
func TestImportGradeMarks(t *testing.T) {
	const place = "表7 第15行 第3列（评价等次）：警告：读不出勾选的是哪一个等次"
	for _, c := range []struct {
		typed, want, warn string
	}{
		{"优", "优", ""},
		{"良", "良", ""},
		{"☑优 □良 □中 □差", "优", ""},
		{"□优　☑良　□中　□差", "良", ""},
		{"良√  优  中  差", "良", ""},
		{"优√  良  中  差", "优", ""},
		{"优  良√  中  差", "良", ""},
		{"优■ 良□ 中□ 差□", "优", ""},
		{"优☑ 良□ 中□ 差□", "优", ""},
		{"优□ 良☑ 中□ 差□", "良", ""},
		{"优（√） 良（ ） 中（ ） 差（ ）", "优", ""},
		{"优( ) 良(√) 中( ) 差( )", "良", ""},
		{"优 ✓", "优", ""},
		{"√优 良 中 差", "优", ""},
		{"优 良 ☑中 □差", "中", ""},
		{"●优 ○良 ○中 ○差", "优", ""},
		{"☒优 ☐良 ☐中 ☐差", "优", ""},
		{"□优 □良 □中 □差", "", ""},
		{"□优 □良 □中 □差 良", "良", ""},
		{"☑优 ☑良 □中 □差", "", place + `："☑优 ☑良 □中 □差"，评价等次没有导入`},
		{"☑优 □良 □中 □差 良", "", place},
		{"优√ 良√ 中 差", "", place},
		{"优✗ 良 中 差", "", place},
		{"☑优（95分） □良", "", place},
		{"√ 优 √ 良", "", place},
	} {
		t.Run(c.typed, func(t *testing.T) {
			got, _, ps := readReport(t, "报告.docx", ownEdited(t, ownRun("优")+"</w:p></w:tc></w:tr></w:tbl>", ownRun(c.typed)+"</w:p></w:tc></w:tr></w:tbl>"))
			if got.Performance.Grade != c.want {
				t.Errorf("grade %q, want %q", got.Performance.Grade, c.want)
			}
			text := problemLines(ps)
			if c.warn == "" && strings.Contains(text, "等次") || c.warn != "" && !strings.Contains(text, c.warn) {
				t.Errorf("problems:\n%s\nwant %q", text, c.warn)
			}
		})
	}
}

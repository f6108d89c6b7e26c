package input_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"jixiao"
	"jixiao/input"
	"jixiao/internal/handmade"
	"jixiao/templates"
)

// statedExample is the shipped example as a unit states it, with what the
// Word form does not print (the base data) left out: its JSON
// transcription, and the report typed by hand in Word.
func statedExample(t *testing.T) (*jixiao.Report, []byte, []byte) {
	t.Helper()
	r, _, _, err := jixiao.ReadReport(templates.ExampleName, templates.Example())
	if err != nil {
		t.Fatal(err)
	}
	r.Basis = jixiao.Basis{}
	p, err := templates.Profile(r.Profile)
	if err != nil {
		t.Fatal(err)
	}
	js, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return r, js, handmade.Report(p, r)
}

// problemKeys are the problems without their places, for comparing the
// problems of the same report read from two kinds of file.
func problemKeys(ps []jixiao.Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%s %s %s（%s）：%s", p.Severity, p.Code, p.Path, p.Label, p.Message))
	}
	return out
}

// A report typed by hand in Word and its JSON transcription are the same
// report, and checking them finds the same problems (the stated total 97,
// the 当年结余 8.58 with the wrong sign …), each placed in its file.
func TestWordAgreesWithJSON(t *testing.T) {
	_, js, doc := statedExample(t)
	cj := input.ReadData("报告.json", js, "")
	cw := input.ReadData("报告.docx", doc, "")
	if cw.Report == nil {
		t.Fatalf("the Word report was not read:\n%s", format(cw, "报告.docx"))
	}
	if a, b := mustJSON(t, cj.Report), mustJSON(t, cw.Report); a != b {
		t.Errorf("reports differ:\nJSON: %s\nWord: %s", a, b)
	}
	kj, kw := problemKeys(cj.Problems), problemKeys(cw.Problems)
	if strings.Join(kj, "\n") != strings.Join(kw, "\n") {
		t.Errorf("problems differ:\nJSON:\n%s\nWord:\n%s", format(cj, "报告.json"), format(cw, "报告.docx"))
	}
	if cj.Errors() == 0 {
		t.Fatal("the example states errors: the comparison proves nothing")
	}
	for _, p := range cw.Problems {
		if p.Path != "" && p.Place.Table == 0 && p.Place.Para == 0 {
			t.Errorf("not placed in the Word file: %s", p.Format("报告.docx"))
		}
	}
	t.Logf("\n%s", format(cw, "报告.docx"))
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// An item of the score sheet whose name is edited beyond recognition is a
// warning quoting the name as it reads (a line break as ↵), and the item
// then missing is placed at the score sheet as a whole, not at a cell of
// its header.
func TestWordItemRenamed(t *testing.T) {
	r, _, _ := statedExample(t)
	p, err := templates.Profile(r.Profile)
	if err != nil {
		t.Fatal(err)
	}
	body := handmade.ReportBody(p, r)
	old := handmade.Text("预算调整率")
	if !strings.Contains(body, old) {
		t.Fatalf("the hand-made report has no %q", old)
	}
	body = strings.Replace(body, old, handmade.Text("预算调整")+`<w:r><w:br/></w:r>`+handmade.Text("比例"), 1)
	c := input.ReadData("报告.docx", handmade.Package(body), "")
	text := format(c, "报告.docx")
	for _, w := range []string{
		`警告：评分表中的指标 "预算调整↵比例" 不是表式 yueyanglou-2020 的指标，这一行没有导入`,
		`报告.docx：表9（自评得分）：错误：缺少指标 `,
	} {
		if !strings.Contains(text, w) {
			t.Errorf("lacks %s:\n%s", w, text)
		}
	}
}

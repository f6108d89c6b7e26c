package xlsx

import (
	"bytes"
	"os"
	"testing"

	"jixiao"
	"jixiao/templates"
)

func TestScratch(t *testing.T) {
	p, _ := templates.Profile("")
	r, _, _, err := jixiao.ReadReport("ex.json", templates.Example())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, p, r, nil); err != nil {
		t.Fatal(err)
	}
	os.WriteFile("/tmp/xl/report.xlsx", buf.Bytes(), 0o644)
	var tb bytes.Buffer
	if err := Template(&tb, p, TemplateOptions{Year: 2020}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile("/tmp/xl/template.xlsx", tb.Bytes(), 0o644)
	got, src, warn, err := Read("report.xlsx", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var a bytes.Buffer
	jixiao.EncodeJSON(&a, got)
	os.WriteFile("/tmp/xl/back.json", a.Bytes(), 0o644)
	t.Log(len(src.Places), warn)
	_, _, _, err = Read("template.xlsx", tb.Bytes())
	t.Log(err)
}

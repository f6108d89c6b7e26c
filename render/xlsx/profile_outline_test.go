package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"jixiao"
	"jixiao/templates"
)

// A profile's own 定量目标 groups and 综述 outline are what the fill-in workbook
// offers.
func TestTemplateFollowsProfile(t *testing.T) {
	def, err := templates.Profile("")
	if err != nil {
		t.Fatal(err)
	}
	p := *def
	p.Targets = []jixiao.TargetGroup{{Name: "产出目标", Indicators: []jixiao.TargetIndicator{{Name: "自定义指标"}}}}
	p.Outline = []jixiao.Section{{Title: "自定义提纲", Sections: []jixiao.Section{{Title: "第一小节"}}}, {Title: "结语"}}
	var buf bytes.Buffer
	if err := Template(&buf, &p, TemplateOptions{}); err != nil {
		t.Fatal(err)
	}
	dump := dumpForProfileTest(t, buf.Bytes())
	for _, want := range []string{"自定义指标", "自定义提纲", "第一小节", "结语"} {
		if !strings.Contains(dump, want) {
			t.Errorf("the template lacks %q", want)
		}
	}
	for _, unwanted := range []string{"时效指标", "存在的主要问题"} {
		if strings.Contains(dump, unwanted) {
			t.Errorf("the template still offers %q", unwanted)
		}
	}
}

// dumpForProfileTest returns the text of every part of a workbook.
func dumpForProfileTest(t *testing.T, data []byte) string {
	t.Helper()
	parts, err := unzipForTest(data)
	if err != nil {
		t.Fatal(err)
	}
	return parts
}

func unzipForTest(data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return "", err
		}
		part, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return "", err
		}
		b.Write(part)
	}
	return b.String(), nil
}

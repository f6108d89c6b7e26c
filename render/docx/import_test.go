package docx

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"jixiao"
	"jixiao/form"
	hm "jixiao/internal/handmade"
	"jixiao/templates"
)

// readReport reads a Word report with the shipped profiles.
func readReport(t testing.TB, name string, data []byte) (*jixiao.Report, *jixiao.Source, []jixiao.Problem) {
	t.Helper()
	r, src, ps, err := ReadReport(name, data, templates.Profiles())
	if err != nil {
		t.Fatalf("ReadReport(%s): %v", name, err)
	}
	return r, src, ps
}

func asJSON(t testing.TB, v any) string {
	t.Helper()
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestImportOwnOutput: the tool's own Word file reads back as the report it
// printed (derived values stated), for every shipped profile and a large
// synthetic report.
func TestImportOwnOutput(t *testing.T) {
	for _, c := range []struct {
		name string
		p    *jixiao.Profile
		r    *jixiao.Report
	}{
		{"example", profile(t, ""), example(t)},
		{"city", profile(t, "yueyang-city-2020"), example(t)},
		{"2021", profile(t, "yueyanglou-2021"), example(t)},
		{"large", profile(t, ""), large(t)},
	} {
		t.Run(c.name, func(t *testing.T) {
			pr := form.Print(c.p, c.r, nil, 0)
			data := written(func(testing.TB) *jixiao.Profile { return c.p }, func(testing.TB) *jixiao.Report { return c.r })(t)
			got, _, ps := readReport(t, c.name+".docx", data)
			for _, p := range ps {
				t.Errorf("problem: %s", p.Format(c.name+".docx"))
			}
			want := *pr.Report
			// Not printed: the base data; derived: the sum row's name. A
			// text's line ends print as paragraphs, which read back as
			// lines of text or as paragraphs.
			want.Basis = jixiao.Basis{}
			want.Finance.Summary.Name = ""
			var duties []string
			for _, l := range textLines(strings.ReplaceAll(want.Overview.Duties, "\r", "")) {
				duties = append(duties, strings.TrimSpace(l))
			}
			want.Overview.Duties = strings.Join(duties, "\n")
			splitParagraphs(want.Narrative)
			if d := lineDiff(strings.Split(asJSON(t, want), "\n"), strings.Split(asJSON(t, got), "\n")); len(d) > 0 {
				t.Errorf("read back differs from the printed report:\n%s", strings.Join(d, "\n"))
			}
		})
	}
}

// splitParagraphs makes each line of a paragraph a paragraph, as the form
// prints them.
func splitParagraphs(ss []jixiao.Section) {
	for i := range ss {
		var ps []string
		for _, p := range ss[i].Paragraphs {
			ps = append(ps, textLines(p)...)
		}
		ss[i].Paragraphs = ps
		splitParagraphs(ss[i].Sections)
	}
}

// stated is the shipped example as stated, without the base data the Word
// form does not print.
func stated(t testing.TB) *jixiao.Report {
	r := example(t)
	r.Basis = jixiao.Basis{}
	return r
}

func handmadeReport(t testing.TB) []byte { return hm.Report(profile(t, ""), stated(t)) }

// TestImportHandmade: a report typed by hand in Word (one big form table,
// nested and split tables, ticked boxes, typed numbers, amounts as units
// type them) reads as the report it states, with nothing left over.
func TestImportHandmade(t *testing.T) {
	got, src, ps := readReport(t, "手工.docx", handmadeReport(t))
	for _, p := range ps {
		t.Errorf("problem: %s", p.Format("手工.docx"))
	}
	want := stated(t)
	if a, b := asJSON(t, want), asJSON(t, got); a != b {
		t.Errorf("read differs from the report typed:\n%s", strings.Join(lineDiff(strings.Split(a, "\n"), strings.Split(b, "\n")), "\n"))
	}
	// Values are placed where they are typed.
	for path, place := range map[string]string{
		"cover.unit":                             "第3段",
		"cover.year":                             "第1段",
		"overview.contact":                       "表1 第2行 第2列",
		"finance.units[1].income.total":          "表2 第5行 第2列",
		"finance.units[1].spending.surplus_year": "表3 第6行 第7列",
		"performance.total_score":                "表7 第10行 第3列",
		"evaluation.evaluators[2].org":           "表8 第4行 第3列",
		"score_sheet.items[0].score":             "表9 第2行 第6列",
		"score_sheet.total":                      "表10 第16行 第6列",
		"narrative[0].title":                     "第13段",
	} {
		if got := src.Place(path).String(); got != place {
			t.Errorf("%s at %s, want %s", path, got, place)
		}
	}
}

// TestImportLibreOffice: the tool's own Word file and the hand-made one,
// re-saved by LibreOffice (which renames styles, drops header flags of
// nested tables and repeats merged text), read as before.
func TestImportLibreOffice(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"own.docx":      written(defaultProfile, example)(t),
		"handmade.docx": handmadeReport(t),
	}
	var names []string
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, filepath.Join(dir, name))
	}
	out := filepath.Join(dir, "lo")
	soffice(t, "docx:MS Word 2007 XML", out, names...)
	for name, data := range files {
		want, _, wantPs := readReport(t, name, data)
		resaved, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		got, _, ps := readReport(t, name, resaved)
		if a, b := asJSON(t, want), asJSON(t, got); a != b {
			t.Errorf("%s re-saved by LibreOffice reads differently:\n%s", name, strings.Join(lineDiff(strings.Split(a, "\n"), strings.Split(b, "\n")), "\n"))
		}
		if len(ps) != len(wantPs) {
			t.Errorf("%s re-saved: problems %v, before %v", name, ps, wantPs)
		}
	}
	// The committed fixture too: the example re-saved by LibreOffice 7.4.
	got, _, ps := readReport(t, "lo.docx", fixture("libreoffice-7.4-example.docx")(t))
	want, _, _ := readReport(t, "own.docx", files["own.docx"])
	if a, b := asJSON(t, want), asJSON(t, got); a != b || len(ps) > 0 {
		t.Errorf("libreoffice-7.4-example.docx: %v\n%s", ps, strings.Join(lineDiff(strings.Split(a, "\n"), strings.Split(b, "\n")), "\n"))
	}
}

// edited is the hand-made report with its body edited: every old made new.
func edited(t testing.TB, old, new string) []byte {
	t.Helper()
	body := hm.ReportBody(profile(t, ""), stated(t))
	if !strings.Contains(body, old) {
		t.Fatalf("the hand-made body has no %q", old)
	}
	return hm.Package(strings.ReplaceAll(body, old, new))
}

// Documents that are not the form, or whose tables cannot be recognised,
// are refused with what was expected; content that is not the form's is a
// warning naming it.
func TestImportBad(t *testing.T) {
	extraTable := hm.Table([]int{3000, 3000}, hm.Row("", hm.Cell(3000, "", hm.Para("", hm.Text("附注"))), hm.Cell(3000, "", hm.Para("", hm.Text("另见附件")))))
	for _, c := range []struct {
		name  string
		data  []byte
		fatal bool
		want  []string
	}{
		{"text only", hm.Package(hm.Para("", hm.Text("关于2020年度工作的总结"))), true,
			[]string{"没有找到表格：这不是岳阳楼区部门（单位）整体支出绩效评价自评报告", "而不是图片或 PDF"}},
		{"pictures only", hm.Package(hm.Para("", `<w:r><w:drawing><wp:inline><wp:extent cx="1" cy="1"/><wp:docPr id="1" name="图片 1"/>`+
			`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`)), true,
			[]string{"只有 1 张图片", "粘贴的图片"}},
		{"some other table", hm.Package(extraTable), true, []string{"没有找到表式的各部分"}},
		{"a header changed", edited(t, hm.Bold("收入合计"), hm.Bold("收入总额")), true,
			[]string{`表格 "年度收入情况（万元）" 的表头中找不到 收入合计：表头应为 机构名称、收入合计、其中：、上年结转`}},
		{"the score sheet deleted", edited(t, hm.Bold("三级指标"), hm.Bold("指标")), true,
			[]string{`没有找到表格 "部门整体支出绩效评价评分表"（表头应有 一级指标、二级指标、三级指标`}},
		{"an extra table", edited(t, hm.Para(`<w:pStyle w:val="1"/>`, hm.Text("四、评价人员")), extraTable+hm.Para(`<w:pStyle w:val="1"/>`, hm.Text("四、评价人员"))), false,
			[]string{`表8 第1行 第1列：警告：表格中多出的内容 "附注" 不是表式的栏目，没有导入`, `"另见附件"`}},
		{"a paragraph outside the form", edited(t, hm.Para(`<w:pStyle w:val="1"/>`, hm.Text("四、评价人员")),
			hm.Para("", hm.Text("（以下为评价人员）"))+hm.Para(`<w:pStyle w:val="1"/>`, hm.Text("四、评价人员"))), false,
			[]string{`表式之外的文字 "（以下为评价人员）" 没有导入`}},
		{"an unknown item", edited(t, hm.Text("预算调整率"), hm.Text("预算调整比例")), false,
			[]string{`评分表中的指标 "预算调整比例" 不是表式 yueyanglou-2020 的指标，这一行没有导入`}},
		{"a number that is not one", edited(t, hm.Text("126.23"), hm.Text("一百二十六")), false,
			[]string{`表2 第5行 第4列（公共财政拨款，万元）：错误：`, `实际为 "一百二十六"`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, ps, err := ReadReport("报告.docx", c.data, []*jixiao.Profile{profile(t, "")})
			var ie *jixiao.InputError
			if c.fatal != (err != nil) || err != nil && !errors.As(err, &ie) {
				t.Fatalf("error %v, want fatal %v; problems %v", err, c.fatal, ps)
			}
			var lines []string
			if ie != nil {
				ps = ie.Problems
			}
			for _, p := range ps {
				lines = append(lines, p.Format("报告.docx"))
			}
			text := strings.Join(lines, "\n")
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("lacks %q:\n%s", w, text)
				}
			}
		})
	}
}

// FuzzReadReport: whatever a Word file holds, the report reader never
// panics, refuses with problems of its own codes, and reports at most what
// a list of problems may hold.
func FuzzReadReport(f *testing.F) {
	f.Add(handmadeReport(f))
	f.Add(written(defaultProfile, example)(f))
	f.Add(hm.Package(hm.Para("", hm.Text("甲"))))
	ps := templates.Profiles()
	f.Fuzz(func(t *testing.T, data []byte) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		r, _, problems, err := ReadReport("fuzz.docx", data, ps)
		runtime.ReadMemStats(&after)
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > allocBound(data) {
			t.Fatalf("%d bytes allocated reading %d bytes", alloc, len(data))
		}
		if err != nil {
			var ie *jixiao.InputError
			if !errors.As(err, &ie) || r != nil || len(ie.Problems) == 0 || len(ie.Problems) > jixiao.MaxProblems+1 {
				t.Fatalf("error %T %v with a report or without problems", err, err)
			}
			return
		}
		for _, p := range problems {
			if p.Message == "" || utf8.RuneCountInString(p.Message) > maxMessage {
				t.Fatalf("problem %+v", p)
			}
		}
	})
}

// BenchmarkReadReport reads the long synthetic report (about 20 pages) back.
func BenchmarkReadReport(b *testing.B) {
	data := written(defaultProfile, large)(b)
	ps := templates.Profiles()
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, _, _, err := ReadReport("large.docx", data, ps); err != nil {
			b.Fatal(err)
		}
	}
}

package docx_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/realclient"
	"jixiao/render/docx"
)

// feedbackOf returns a feedback sheet with an error, a warning, and items
// scored by hand, by a rule, and not scorable.
func feedbackOf(counted bool) *jixiao.Feedback {
	n := jixiao.MustNum
	return &jixiao.Feedback{
		Title:  []string{"岳阳楼区2021年度部门（单位）整体支出", "绩效评价自评报告反馈单"},
		Issuer: "岳阳楼区财政局", Unit: "岳阳楼区人力资源和社会保障网络信息服务中心", Code: "200002",
		File: "收到的报告/人社局信息中心（修改后）.xlsx", Others: []string{"收到的报告/人社局信息中心.xlsx"},
		Year: 2021, BundleYear: 2021, Counted: counted, Date: jixiao.Date{Year: 2022, Month: 6, Day: 27},
		Problems: []jixiao.Problem{
			{Code: jixiao.CodeSum, Place: jixiao.Place{Sheet: "收支情况", Line: 9, Col: 8}, Label: "当年结余，万元",
				Message: "应为 -8.58（收入合计 307.47 − 支出合计 316.05），实际为 8.58"},
			{Severity: jixiao.Warning, Code: jixiao.CodeRule, Place: jixiao.Place{Line: 278, Col: 18}, Label: "自评得分，分",
				Message: "财政供养人员控制率：按评分标准应得 0 分（实有人数 10 ÷ 人员编制 6 = 166.67%），自评 3 分"},
		},
		Items: []jixiao.FeedbackItem{
			{Name: "财政供养人员控制率", Points: n("5"), Self: n("3"), Rule: n("0"), Basis: "实有人数 10 ÷ 人员编制 6 = 166.67%"},
			{Name: "重点支出安排率", Points: n("5"), Self: n("5"), Unscorable: "项目支出为 0，比率无法计算"},
			{Name: "经济效益、社会效益、生态效益", Points: n("15"), Self: n("15"), Manual: true},
			{Name: "社会公众或服务对象满意度", Points: n("5"), Rule: n("3"), Basis: "满意度 90%"},
			{Name: "预算调整率", Points: n("5"), Unscorable: "缺少年初预算数"},
		},
		Points: n("30"), Stated: n("28"), Self: n("23"), Suggested: n("21"), Grade: "差", SuggestedGrade: "差",
	}
}

func writeFeedback(t *testing.T, fb *jixiao.Feedback) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := docx.Feedback(&b, fb); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The feedback sheet says what was found, where, and what to do; the same
// feedback gives the same bytes.
func TestFeedback(t *testing.T) {
	data := writeFeedback(t, feedbackOf(true))
	if !bytes.Equal(data, writeFeedback(t, feedbackOf(true))) {
		t.Error("two writes of one feedback differ")
	}
	text := documentText(t, data)
	for _, want := range []string{
		"岳阳楼区2021年度部门（单位）整体支出", "绩效评价自评报告反馈单",
		"岳阳楼区人力资源和社会保障网络信息服务中心：",
		"你单位报送的2021年度部门整体支出绩效自评报告（文件 收到的报告/人社局信息中心（修改后）.xlsx）已收到。经审核，发现错误 1 处、需核实的事项 1 处，报告需修改后重新报送。",
		"未采用的文件", "收到的报告/人社局信息中心.xlsx",
		"收支情况 H9（当年结余，万元）", "第 278 行第 18 列（自评得分，分）", "错误，须修改", "需核实",
		"+3", "实有人数 10 ÷ 人员编制 6 = 166.67%；按评分标准应得 0 分，自评 3 分，请复核",
		"无法按评分标准计算：项目支出为 0，比率无法计算；沿用自评得分", "由单位自评，不按规则核算", "满意度 90%；未填自评得分", "无法按评分标准计算：缺少年初预算数；未填自评得分",
		"填报 28 分；各项自评得分之和 23 分；按评分标准建议 21 分",
		"按评分标准计算，建议总分为 21 分（差），自评总分 23 分比它高 2 分。",
		"岳阳楼区财政局",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the feedback lacks %q", want)
		}
	}
	other := documentText(t, writeFeedback(t, feedbackOf(false)))
	for _, want := range []string{"报告年度与本次汇总的 2021 年度不符，未计入汇总",
		"1. 本次汇总的是 2021 年度的自评报告。请核对封面的年度，报送 2021 年度的报告。"} {
		if !strings.Contains(other, want) {
			t.Errorf("the feedback of a report of another year lacks %q", want)
		}
	}
	clean := feedbackOf(true)
	clean.Problems, clean.Others = nil, nil
	clean.Suggested = clean.Self
	text = documentText(t, writeFeedback(t, clean))
	for _, want := range []string{"经审核，未发现问题。", "未发现问题。", "1. 报告未发现问题，不需修改。"} {
		if !strings.Contains(text, want) {
			t.Errorf("a clean feedback lacks %q", want)
		}
	}
	if strings.Contains(text, "沿用自评得分；未填自评得分") {
		t.Error("an item without a self score is said to keep it")
	}
	if strings.Contains(text, "未采用的文件") || strings.Contains(text, "2. ") {
		t.Error("a clean feedback says more than it should")
	}
}

// documentText returns the text of word/document.xml, a paragraph a line.
func documentText(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		s := strings.ReplaceAll(string(body), "</w:p>", "\n")
		var b strings.Builder
		in := false
		for _, r := range s {
			switch {
			case r == '<':
				in = true
			case r == '>':
				in = false
			case !in:
				b.WriteRune(r)
			}
		}
		return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`).Replace(b.String())
	}
	t.Fatal("no word/document.xml")
	return ""
}

// The feedback sheet is valid under the strict validator; LibreOffice lays it
// out on A4 portrait pages with the title, the tables and the page number.
func TestFeedbackRealClients(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "200002_反馈单.docx")
	if err := os.WriteFile(file, writeFeedback(t, feedbackOf(true)), 0o644); err != nil {
		t.Fatal(err)
	}
	realclient.Validate(t, file)
	got := realclient.RunPython(t, `
import sys, docx
d = docx.Document(sys.argv[1])
s = d.sections[0]
print(len(d.sections), round(s.page_width.mm), round(s.page_height.mm), round(s.top_margin.mm), round(s.left_margin.mm))
print(len(d.tables), [len(t.rows) for t in d.tables])
print(d.tables[2].rows[0].cells[5].text, d.tables[2].rows[1].cells[4].text)
def font(p):
    # A run's font, else its paragraph style's (the styles carry the fonts),
    # else the document's default.
    r = p.runs[0]
    if r.font.name is not None:
        return r.font.name
    st = p.style
    while st is not None:
        if st.font.name is not None:
            return st.font.name
        st = st.base_style
    rpr = d.styles.element.find(docx.oxml.ns.qn('w:docDefaults')).find(docx.oxml.ns.qn('w:rPrDefault')).find(docx.oxml.ns.qn('w:rPr'))
    return rpr.find(docx.oxml.ns.qn('w:rFonts')).get(docx.oxml.ns.qn('w:ascii'))
print(font(d.paragraphs[0]), font(d.paragraphs[2]))
`, []string{file}, "docx")
	want := "1 210 297 37 28\n3 [9, 3, 7]\n计算依据和说明 +3\n方正小标宋简体 仿宋_GB2312\n"
	if got != want {
		t.Errorf("python-docx:\n%s\nwant\n%s", got, want)
	}
	pdf := realclient.ToPDF(t, dir, file)[0]
	for i, p := range realclient.PDFPages(t, pdf) {
		if p.Landscape() || p.W < 590 || p.W > 600 {
			t.Errorf("page %d is %v, want A4 portrait", i+1, p)
		}
	}
	text := realclient.PDFText(t, pdf)
	for _, want := range []string{"绩效评价自评报告反馈单", "二、存在的问题", "三、评分核对", "四、处理意见", "—1—"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	if png := os.Getenv("JIXIAO_FEEDBACK_PNG"); png != "" { // to look at it: pdftoppm's output prefix
		if err := copyFile(pdf, png+".pdf"); err != nil {
			t.Error(err)
		}
	}
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o644)
}

// BenchmarkFeedback writes one feedback sheet per iteration.
func BenchmarkFeedback(b *testing.B) {
	fb := feedbackOf(true)
	b.ReportAllocs()
	for b.Loop() {
		if err := docx.Feedback(io.Discard, fb); err != nil {
			b.Fatal(err)
		}
	}
}

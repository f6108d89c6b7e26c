package docx

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"jixiao"
)

// ownEdited is the tool's own Word file of the shipped example with its
// document.xml edited, as a reviewer edits it by hand: for each pair old,
// new, the first old made new.
func ownEdited(t testing.TB, edits ...string) []byte {
	t.Helper()
	return ownEditedXML(t, func(s string) string {
		for i := 0; i+1 < len(edits); i += 2 {
			if !strings.Contains(s, edits[i]) {
				t.Fatalf("document.xml has no %q", edits[i])
			}
			s = strings.Replace(s, edits[i], edits[i+1], 1)
		}
		return s
	})
}

// ownEditedXML is the tool's own Word file of the shipped example with
// its document.xml edited by edit.
func ownEditedXML(t testing.TB, edit func(string) string) []byte {
	t.Helper()
	zr := open(t, written(defaultProfile, example)(t))
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range zr.File {
		content := readPart(t, zr, f.Name)
		if f.Name == "word/document.xml" {
			content = []byte(edit(string(content)))
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

// addColumn adds a column at the right of the first table holding marker
// in document.xml s, as Word adds one (a cell of its own on every row): on
// row i a cell holding texts[i] ("" or none for an empty cell).
func addColumn(t testing.TB, s, marker string, texts ...string) string {
	t.Helper()
	at := strings.Index(s, marker)
	if at < 0 {
		t.Fatalf("document.xml has no %q", marker)
	}
	from := strings.LastIndex(s[:at], "<w:tbl>")
	to := at + strings.Index(s[at:], "</w:tbl>")
	tbl := strings.Replace(s[from:to], "</w:tblGrid>", `<w:gridCol w:w="900"/></w:tblGrid>`, 1)
	rows := strings.Split(tbl, "</w:tr>")
	for i := range rows[:len(rows)-1] {
		text := ""
		if i < len(texts) && texts[i] != "" {
			text = ownRun(texts[i])
		}
		rows[i] += "<w:tc><w:p>" + text + "</w:p></w:tc>"
	}
	return s[:from] + strings.Join(rows, "</w:tr>") + s[to:]
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

// TestImportExtraColumn: a column added to a table of the form is a
// warning at its header naming it, and the rest of the table reads as
// before, whichever table and header row it is typed in.
func TestImportExtraColumn(t *testing.T) {
	want, _, _ := readReport(t, "报告.docx", written(defaultProfile, example)(t))
	for _, c := range []struct {
		name, marker string
		texts        []string
		warn         string
	}{
		{"评价人员 电话", "职务/职称", []string{"电话", "13800000001"},
			`表8 第1行 第5列：警告：表格 "四、评价人员" 中多出一列 "电话"，不是表式的栏目，这一列没有导入`},
		{"评分表 复核得分", "扣分原因和", []string{"复核得分", "3"},
			`表9 第1行 第8列：警告：表格 "部门整体支出绩效评价评分表" 中多出一列 "复核得分"，不是表式的栏目，这一列没有导入`},
		{"收入 备注 in the first header row", "上年结转", []string{"备注", "", "无"},
			`表3 第1行 第8列：警告：表格 "年度收入情况（万元）" 中多出一列 "备注"，不是表式的栏目，这一列没有导入`},
		{"收入 备注 in the second header row", "上年结转", []string{"", "备注", "无"},
			`表3 第2行 第8列：警告：表格 "年度收入情况（万元）" 中多出一列 "备注"，不是表式的栏目，这一列没有导入`},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := ownEditedXML(t, func(s string) string { return addColumn(t, s, c.marker, c.texts...) })
			got, _, ps, err := ReadReport("报告.docx", data, []*jixiao.Profile{profile(t, "")})
			if err != nil {
				t.Fatal(err)
			}
			text := problemLines(ps)
			if !strings.Contains(text, c.warn) || len(ps) != 1 {
				t.Errorf("problems:\n%s\nwant only %s", text, c.warn)
			}
			if a, b := asJSON(t, want), asJSON(t, got); a != b {
				t.Errorf("reads differently:\n%s", strings.Join(lineDiff(strings.Split(a, "\n"), strings.Split(b, "\n")), "\n"))
			}
		})
	}
}

// TestImportTypedIntoForm: text typed into a printed part of the form (a
// signature column, beside 总分, after a signature label) is a warning at
// its place quoting it, and is not imported.
func TestImportTypedIntoForm(t *testing.T) {
	want, _, _ := readReport(t, "报告.docx", written(defaultProfile, example)(t))
	const empty = `<w:tc><w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr></w:p></w:tc></w:tr>`
	for _, c := range []struct {
		name  string
		edits []string
		warn  string
	}{
		{"a name in 签字", []string{ownRun("人社局信息中心") + "</w:p></w:tc>" + empty,
			ownRun("人社局信息中心") + "</w:p></w:tc>" + `<w:tc><w:p>` + ownRun("傅颖（已签）") + `</w:p></w:tc></w:tr>`},
			`表8 第2行 第4列：警告：签字栏（留给本人手写签名）中的文字 "傅颖（已签）" 不是表式的内容，没有导入`},
		{"beside 总分", []string{ownRun("95") + "</w:p></w:tc>" + empty + "</w:tbl><w:sectPr>",
			ownRun("95") + "</w:p></w:tc>" + `<w:tc><w:p>` + ownRun("经复核") + `</w:p></w:tc></w:tr></w:tbl><w:sectPr>`},
			`表9 第27行 第7列：警告：评分表总分一行中的文字 "经复核" 不是表式的内容，没有导入`},
		{"after 负责人（签章）", []string{ownRun("部门（单位）负责人（签章）："), ownRun("部门（单位）负责人（签章）：已盖章")},
			`表8 第7行 第1列：警告：部门（单位）负责人签章栏（留给签名和盖章）中的文字 "已盖章" 不是表式的内容，没有导入`},
		{"after 评价组组长（签字）", []string{ownRun("评价组组长（签字）："), ownRun("评价组组长（签字）：傅颖")},
			`表8 第6行 第1列：警告：评价组组长签字栏中的文字 "傅颖" 不是表式的内容，没有导入`},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, _, ps, err := ReadReport("报告.docx", ownEdited(t, c.edits...), []*jixiao.Profile{profile(t, "")})
			if err != nil {
				t.Fatal(err)
			}
			if text := problemLines(ps); !strings.Contains(text, c.warn) || len(ps) != 1 {
				t.Errorf("problems:\n%s\nwant only %s", text, c.warn)
			}
			if a, b := asJSON(t, want), asJSON(t, got); a != b {
				t.Errorf("reads differently:\n%s", strings.Join(lineDiff(strings.Split(a, "\n"), strings.Split(b, "\n")), "\n"))
			}
		})
	}
}

// TestImportRenamedUnit: the 收支 tables' rows are matched to units by
// name; an organisation renamed in one table reads as two units, each
// warned of at its row with the name on the same row of the other tables.
func TestImportRenamedUnit(t *testing.T) {
	got, _, ps, err := ReadReport("报告.docx", ownEdited(t, ownRun("2、二级机构1"), ownRun("2、社区服务平台")), []*jixiao.Profile{profile(t, "")})
	if err != nil {
		t.Fatal(err)
	}
	text := problemLines(ps)
	for _, w := range []string{
		`表3 第5行 第1列（机构名称）：警告：机构 "社区服务平台" 只在表3中，表4、表5、表6中没有这个名称：各表按机构名称对应，名称不一致的读成了不同的机构；请在各表中写同一个名称（表4同一行是 "二级机构1"）`,
		`表4 第6行 第1列（机构名称）：警告：机构 "二级机构1" 只在表4、表5、表6中，表3中没有这个名称：各表按机构名称对应，名称不一致的读成了不同的机构；请在各表中写同一个名称（表3同一行是 "社区服务平台"）`,
	} {
		if !strings.Contains(text, w) {
			t.Errorf("problems:\n%s\nlack %s", text, w)
		}
	}
	if len(ps) != 2 || len(got.Finance.Units) != 4 {
		t.Errorf("%d units, problems:\n%s", len(got.Finance.Units), text)
	}
}

// TestImportCriteria: a 评分标准 changed in the score sheet warns like a
// changed 分值 (the profile's scores); one typed with other spaces, line
// breaks or punctuation widths is the form's.
func TestImportCriteria(t *testing.T) {
	const printed = "重点支出安排率≥90%，计5分；80%（含）-90%，计4分；70%（含）-80%，计3分；60%（含）-70%，计2分；低于60%不得分。"
	for _, c := range []struct {
		name, typed, warn string
	}{
		{"changed", "重点支出安排率≥80%，计5分", `表9 第4行 第4列：警告：重点支出安排率 的评分标准与表式 yueyanglou-2020 不同，这里写的是 "重点支出安排率≥80%，计5分"：按表式的标准计分`},
		{"spaces and widths", "重点支出安排率 ≥ 90%, 计5分; 80%(含)-90%，计4分；</w:t></w:r></w:p><w:p><w:r><w:t>70%（含）－80%，计3分；60%（含）—70%，计2分；低于60%不得分.", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, ps, err := ReadReport("报告.docx", ownEdited(t, ownRun(printed), ownRun(c.typed)), []*jixiao.Profile{profile(t, "")})
			if err != nil {
				t.Fatal(err)
			}
			text := problemLines(ps)
			if c.warn == "" && len(ps) > 0 || c.warn != "" && (len(ps) != 1 || !strings.Contains(text, c.warn)) {
				t.Errorf("problems:\n%s\nwant %q", text, c.warn)
			}
		})
	}
}

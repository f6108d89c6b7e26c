package docx

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"jixiao"
)

// readDoc reads a document that must be readable.
func readDoc(t testing.TB, data []byte) *Document {
	t.Helper()
	d, err := Read("报告.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Text that real files hide in structure is read, once, in order; what is not
// body text is not.
func TestReadText(t *testing.T) {
	cases := []struct{ name, body, want string }{
		{"runs split in a number", para("", run("307."), bold("47"), run("万元")), "P 307.47万元"},
		{"tracked insertion kept, deletion dropped", para("", run("1"),
			`<w:del w:id="1" w:author="a"><w:r><w:delText>9</w:delText></w:r></w:del>`,
			`<w:ins w:id="2" w:author="a">`+run("0")+`</w:ins>`), "P 10"},
		{"moved text: kept where it went", para("", `<w:moveFrom w:id="1" w:author="a">`+run("甲")+`</w:moveFrom>`,
			run("乙"), `<w:moveTo w:id="2" w:author="a">`+run("甲")+`</w:moveTo>`), "P 乙甲"},
		{"hyperlink", para("", run("电话："), `<w:hyperlink r:id="rId9">`+run("138")+run("00000000")+`</w:hyperlink>`), "P 电话：13800000000"},
		{"inline content control", para("", `<w:sdt><w:sdtPr><w:alias w:val="名称"/><w:showingPlcHdr/></w:sdtPr>`+
			`<w:sdtEndPr/><w:sdtContent>`+run("服务中心")+`</w:sdtContent></w:sdt>`), "P 服务中心"},
		{"bookmarks, proofing and permission marks", para("", `<w:bookmarkStart w:id="0" w:name="x"/>`, run("傅"),
			`<w:proofErr w:type="spellStart"/>`, run("颖"), `<w:proofErr w:type="spellEnd"/><w:bookmarkEnd w:id="0"/>`,
			`<w:permStart w:id="1" w:edGrp="everyone"/>`, run("！"), `<w:permEnd w:id="1"/>`), "P 傅颖！"},
		{"smart tag and custom XML", para("", `<w:smartTag w:uri="urn:x" w:element="date"><w:smartTagPr><w:attr w:name="Year" w:val="2021"/></w:smartTagPr>`+
			run("2021年")+`</w:smartTag>`, `<w:customXml w:element="x"><w:customXmlPr><w:attr w:name="a" w:val="不是正文"/></w:customXmlPr>`+
			run("6月")+`</w:customXml>`), "P 2021年6月"},
		{"simple field: its result", para("", `<w:fldSimple w:instr=" DATE \@ &quot;yyyy年M月d日&quot; ">`+run("2021年6月27日")+`</w:fldSimple>`),
			"P 2021年6月27日"},
		{"complex field: result kept, instruction dropped", para("", run("合计"), field(" =SUM(ABOVE) ", "95"), run("分")), "P 合计95分"},
		{"nested fields: the inner one in the outer's instruction", para("",
			`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> IF </w:instrText></w:r>`,
			field(" MERGEFIELD 等次 ", "优"),
			`<w:r><w:instrText xml:space="preserve"> = "优" "是" "否" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>`,
			run("是"), `<w:r><w:fldChar w:fldCharType="end"/></w:r>`), "P 是"},
		{"nested fields: the inner one in the outer's result", para("",
			`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "x" </w:instrText></w:r>`,
			`<w:r><w:fldChar w:fldCharType="separate"/></w:r>`, run("第"), field(" PAGE ", "3"), run("页"),
			`<w:r><w:fldChar w:fldCharType="end"/></w:r>`), "P 第3页"},
		{"a field without a result", para("", run("甲"), `<w:r><w:fldChar w:fldCharType="begin"/></w:r>`,
			`<w:r><w:instrText> TOC </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`, run("乙")), "P 甲乙"},
		{"a field left open ends with its paragraph", para("", `<w:r><w:fldChar w:fldCharType="begin"/></w:r>`, run("甲")) + para("", run("乙")),
			"P\nP 乙"},
		{"stray instruction and deleted text", para("", `<w:r><w:instrText>PAGE</w:instrText><w:delText>x</w:delText><w:t>甲</w:t></w:r>`), "P 甲"},
		{"breaks, tabs and hyphens", para("", `<w:r><w:t>年度主要</w:t><w:br/><w:t>工作内容</w:t><w:cr/><w:t>甲</w:t><w:tab/>`+
			`<w:t>乙</w:t><w:ptab w:relativeTo="margin" w:alignment="right" w:leader="none"/><w:t>0730</w:t><w:noBreakHyphen/>`+
			`<w:t>8208775 Ex</w:t><w:softHyphen/><w:t>cel</w:t></w:r>`), "P 年度主要↵工作内容↵甲→乙→0730-8208775 Excel"},
		{"page breaks: between text only", para("", `<w:r><w:br w:type="page"/><w:t>甲</w:t><w:br w:type="page"/><w:t>乙</w:t>`+
			`<w:br w:type="column"/></w:r>`), "P[pagebreak] 甲↵乙"},
		{"tab stops are not tabs", para(`<w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs>`, run("甲")), "P 甲"},
		{"symbols", para("", `<w:r><w:sym w:font="Wingdings" w:char="F0FE"/><w:t>优</w:t><w:sym w:font="Wingdings" w:char="F0A8"/>`+
			`<w:t>良</w:t><w:sym w:font="Wingdings 2" w:char="F052"/><w:sym w:font="Symbol" w:char="F0D6"/>`+
			`<w:sym w:font="Symbol" w:char="F0A3"/><w:sym w:font="Times New Roman" w:char="00D7"/>`+
			`<w:sym w:font="Wingdings" w:char="F021"/><w:sym w:font="Unknown" w:char="F0FC"/><w:sym w:char="zz"/></w:r>`), "P ☑优◻良☑√≤×"},
		{"a symbol font's characters in text, as LibreOffice writes them", para("",
			`<w:r><w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings" w:eastAsia="Wingdings"/></w:rPr><w:t>`+"\uF0FE"+`</w:t></w:r>`,
			run("优")), "P ☑优"},
		{"entities and character references", para("", run("&lt;A&amp;B&gt; &#x4E2D;&#25991;")), "P <A&B> 中文"},
		{"alternate content: the first choice once", para("", `<mc:AlternateContent><mc:Choice Requires="w14">`+run("甲")+
			`</mc:Choice><mc:Choice Requires="wps">`+run("乙")+`</mc:Choice><mc:Fallback>`+run("丙")+`</mc:Fallback></mc:AlternateContent>`), "P 甲"},
		{"alternate content: the fallback when there is no choice", para("", `<mc:AlternateContent><mc:Fallback>`+run("丙")+
			`</mc:Fallback></mc:AlternateContent>`), "P 丙"},
		{"a text box in alternate content counts once", para("", run("见"), `<w:r><mc:AlternateContent><mc:Choice Requires="wps">`+
			`<w:drawing><wp:anchor><wps:wsp><wps:txbx><w:txbxContent>`+para("", run("框内"))+`</w:txbxContent></wps:txbx></wps:wsp></wp:anchor></w:drawing>`+
			`</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>`+para("", run("框内"))+`</w:txbxContent></v:textbox></v:shape></w:pict>`+
			`</mc:Fallback></mc:AlternateContent></w:r>`), "P[textboxes=1] 见\nIMAGES 0 TEXTBOXES 1"},
		{"pictures and objects", para("", `<w:r><w:drawing><wp:inline><a:graphic/></wp:inline></w:drawing></w:r>`,
			`<w:r><w:object><v:shape/><o:OLEObject/></w:object></w:r>`, `<w:r><w:pict><v:shape><v:imagedata r:id="rId10"/></v:shape></w:pict></w:r>`),
			"P[images=3]\nIMAGES 3 TEXTBOXES 0"},
		{"ruby: the base text", para("", `<w:r><w:ruby><w:rubyPr><w:rubyAlign w:val="distributeSpace"/></w:rubyPr><w:rt>`+run("jì")+
			`</w:rt><w:rubyBase>`+run("绩")+`</w:rubyBase></w:ruby></w:r>`, run("效")), "P 绩效"},
		{"math text", para("", run("x"), `<m:oMath><m:r><m:rPr><m:sty m:val="p"/></m:rPr><m:t>=1</m:t></m:r></m:oMath>`), "P x=1"},
		{"the paragraph mark's revision is not text", para(`<w:rPr><w:del w:id="1" w:author="a"/></w:rPr>`, run("甲")), "P 甲"},
		{"block content control around paragraphs", `<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="x"/></w:docPartObj></w:sdtPr><w:sdtContent>` +
			para("", run("甲")) + para("", run("乙")) + `</w:sdtContent></w:sdt>`, "P 甲\nP 乙"},
		{"block custom XML and alternate content", `<w:customXml w:element="r">` + para("", run("甲")) + `</w:customXml>` +
			`<mc:AlternateContent><mc:Choice Requires="w14">` + para("", run("乙")) + `</mc:Choice><mc:Fallback>` +
			para("", run("丙")) + `</mc:Fallback></mc:AlternateContent>`, "P 甲\nP 乙"},
		{"section properties are not text; a section break is", para(`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>`, run("甲")) +
			para(`<w:sectPr><w:type w:val="continuous"/></w:sectPr>`, run("乙")) +
			para(`<w:sectPr><w:type w:val="oddPage"/></w:sectPr>`, run("丙")) +
			`<w:sectPr><w:headerReference w:type="default" r:id="rId3"/></w:sectPr>`, "P[sectionbreak] 甲\nP 乙\nP[sectionbreak] 丙"},
		{"text directly in w:t only", para("", `<w:r><w:t>甲<w:x>乙</w:x></w:t></w:r>`, "  "), "P 甲"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := strings.TrimSuffix(readDoc(t, docxOf(t, c.body)).Dump(), "\n")
			if got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

// Styles give a paragraph its outline level and numbering, through the
// styles it is based on; the paragraph's own properties win.
func TestReadStyles(t *testing.T) {
	body := para(`<w:pStyle w:val="1"/>`, run("一、标题")) +
		para(`<w:pStyle w:val="2"/>`, run("（一）小标题")) +
		para(`<w:pStyle w:val="2"/><w:outlineLvl w:val="9"/>`, run("正文级别")) +
		para(`<w:pStyle w:val="a3"/>`, run("列表")) +
		para(`<w:pStyle w:val="a3"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>`, run("不编号")) +
		para(`<w:numPr><w:ilvl w:val="2"/><w:numId w:val="7"/></w:numPr><w:outlineLvl w:val="3"/>`, run("直接编号")) +
		para(`<w:pStyle w:val="missing"/>`, run("未定义的样式")) +
		para(`<w:pStyle w:val="loop"/>`, run("循环"))
	styles := strings.Replace(stylesXML, `</w:styles>`, `<w:style w:type="paragraph" w:styleId="loop"><w:name w:val="loop"/>`+
		`<w:basedOn w:val="loop2"/></w:style><w:style w:type="paragraph" w:styleId="loop2"><w:basedOn w:val="loop"/></w:style></w:styles>`, 1)
	got := readDoc(t, docxOf(t, body, "word/styles.xml", styles)).Dump()
	want := `P[1 "heading 1" outline=1] 一、标题
P[2 "heading 2" outline=2] （一）小标题
P[2 "heading 2"] 正文级别
P[a3 "List Paragraph" num=1.0] 列表
P[a3 "List Paragraph"] 不编号
P[outline=4 num=7.2] 直接编号
P[missing] 未定义的样式
P[loop] 循环
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// Without a styles part, the style IDs remain.
	if got := readDoc(t, docxOf(t, para(`<w:pStyle w:val="1"/>`, run("甲")), "word/styles.xml", "")).Dump(); got != "P[1] 甲\n" {
		t.Errorf("without styles: %s", got)
	}
}

// Tables: every grid position points at the cell covering it, a merged
// cell's text appears once.
func TestReadTables(t *testing.T) {
	c := func(tcPr, text string) string {
		if text == "" {
			return tcell(1000, tcPr)
		}
		return tcell(1000, tcPr, para("", run(text)))
	}
	g3 := []int{1000, 1000, 1000}
	cases := []struct{ name, body, want string }{
		{"spans and vertical merges", ttable([]int{1000, 1000, 1000, 1000},
			trow(repeat, c(restart, "机构名称"), c(span(3), "其中：")),
			trow(repeat, c(cont, ""), c("", "甲"), c("", "乙"), c("", "丙")),
			trow("", c("", "汇总"), c("", "1"), c("", "2"), c("", "3"))), `TABLE 表1 3×4 header=2
  ROW 1 header | 1,1 1,2 1,2 1,2
    [1,1 rows=2] 机构名称
    [1,2 cols=3] 其中：
  ROW 2 header | 1,1 2,2 2,3 2,4
    [2,2] 甲
    [2,3] 乙
    [2,4] 丙
  ROW 3 | 3,1 3,2 3,3 3,4
    [3,1] 汇总
    [3,2] 1
    [3,3] 2
    [3,4] 3`},
		{"a continuing cell's text is hidden, not repeated", ttable(g3,
			trow("", c(restart, "投入"), c("", "a"), c("", "b")),
			trow("", c(cont, "投入"), c("", "c"), c("", "d")),
			trow("", c(`<w:vMerge w:val="continue"/>`, "其他"), c("", "e"), c("", "f"))), `TABLE 表1 3×3
  ROW 1 | 1,1 1,2 1,3
    [1,1 rows=3] 投入
      hidden: 投入↵其他
    [1,2] a
    [1,3] b
  ROW 2 | 1,1 2,2 2,3
    [2,2] c
    [2,3] d
  ROW 3 | 1,1 3,2 3,3
    [3,2] e
    [3,3] f`},
		{"a continuing cell that matches nothing above begins a cell", ttable(g3,
			trow("", c(cont, "首行"), c(span(2)+restart, "跨两列")),
			trow("", c(cont, ""), c(cont, "只跨一列"), c("", "x"))), `TABLE 表1 2×3
  ROW 1 | 1,1 1,2 1,2
    [1,1 rows=2] 首行
    [1,2 cols=2] 跨两列
  ROW 2 | 1,1 2,2 2,3
    [2,2] 只跨一列
    [2,3] x`},
		{"legacy horizontal merge", ttable(g3,
			trow("", c(`<w:hMerge w:val="restart"/>`, "甲"), c(`<w:hMerge/>`, "甲"), c("", "乙")),
			trow("", c(`<w:hMerge/>`, "左边没有"), c("", "丙"), c("", "丁"))), `TABLE 表1 2×3
  ROW 1 | 1,1 1,1 1,3
    [1,1 cols=2] 甲
      hidden: 甲
    [1,3] 乙
  ROW 2 | 2,1 2,2 2,3
    [2,1] 左边没有
    [2,2] 丙
    [2,3] 丁`},
		{"grid before and after, short and long rows", ttable(g3,
			trow(`<w:gridBefore w:val="1"/><w:gridAfter w:val="1"/>`, c("", "中")),
			trow("", c("", "短")),
			trow("", c("", "1"), c("", "2"), c("", "3"), c("", "4"))), `TABLE 表1 3×4
  ROW 1 | · 1,2 · ·
    [1,2] 中
  ROW 2 | 2,1 · · ·
    [2,1] 短
  ROW 3 | 3,1 3,2 3,3 3,4
    [3,1] 1
    [3,2] 2
    [3,3] 3
    [3,4] 4`},
		{"content controls around a table, a row and a cell; custom XML around a row",
			`<w:sdt><w:sdtPr><w:alias w:val="表"/></w:sdtPr><w:sdtContent>` + ttable([]int{1000, 1000},
				`<w:sdt><w:sdtPr/><w:sdtContent>`+trow("", c("", "甲"), `<w:sdt><w:sdtPr/><w:sdtContent>`+c("", "乙")+`</w:sdtContent></w:sdt>`)+`</w:sdtContent></w:sdt>`,
				`<w:customXml w:element="row">`+trow("", c("", "丙"), c("", "丁"))+`</w:customXml>`) + `</w:sdtContent></w:sdt>`,
			`TABLE 表1 2×2
  ROW 1 | 1,1 1,2
    [1,1] 甲
    [1,2] 乙
  ROW 2 | 2,1 2,2
    [2,1] 丙
    [2,2] 丁`},
		{"a tracked deleted row is not shown; a merge runs across it", ttable([]int{1000, 1000},
			trow("", c(restart, "甲"), c("", "1")),
			trow(`<w:del w:id="1" w:author="a"/>`, c(cont, ""), c("", "删除的行")),
			trow("", c(cont, ""), c("", "2"))), `TABLE 表1 2×2
  ROW 1 | 1,1 1,2
    [1,1 rows=2] 甲
    [1,2] 1
  ROW 2 | 1,1 2,2
    [2,2] 2`},
		{"header rows", ttable([]int{1000},
			trow(`<w:tblHeader w:val="true"/>`, c("", "a")), trow(`<w:tblHeader w:val="1"/>`, c("", "b")),
			trow(`<w:tblHeader w:val="0"/>`, c("", "c")), trow(repeat, c("", "d"))), `TABLE 表1 4×1 header=2
  ROW 1 header | 1,1
    [1,1] a
  ROW 2 header | 2,1
    [2,1] b
  ROW 3 | 3,1
    [3,1] c
  ROW 4 header | 4,1
    [4,1] d`},
		{"changes of properties are not the properties", `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblPrChange w:id="1" w:author="a"><w:tblPr/></w:tblPrChange></w:tblPr>` +
			`<w:tblGrid><w:gridCol w:w="1000"/><w:gridCol w:w="1000"/><w:tblGridChange w:id="2"><w:tblGrid><w:gridCol w:w="1"/><w:gridCol w:w="1"/><w:gridCol w:w="1"/></w:tblGrid></w:tblGridChange></w:tblGrid>` +
			trow(`<w:trPrChange w:id="3" w:author="a"><w:trPr><w:tblHeader/></w:trPr></w:trPrChange>`,
				tcell(2000, span(2)+`<w:tcPrChange w:id="4" w:author="a"><w:tcPr><w:gridSpan w:val="1"/></w:tcPr></w:tcPrChange>`, para("", run("跨两列")))) +
			`</w:tbl>`, `TABLE 表1 1×2
  ROW 1 | 1,1 1,1
    [1,1 cols=2] 跨两列`},
		{"nested tables: numbered as they begin", ttable([]int{1000, 1000},
			trow("", tcell(1000, "", para("", run("外")), ttable([]int{500, 500}, trow("", c("", "内1"), c("", "内2"))), para("", run("后"))), c("", "右")),
		) + ttable([]int{1000}, trow("", c("", "下一个"))), `TABLE 表1 1×2
  ROW 1 | 1,1 1,2
    [1,1] 外
      TABLE 表2 1×2
        ROW 1 | 1,1 1,2
          [1,1] 内1
          [1,2] 内2
      ¶ 后
    [1,2] 右
TABLE 表3 1×1
  ROW 1 | 1,1
    [1,1] 下一个`},
		{"a nested table in a continuing cell is not shown", ttable([]int{1000},
			trow("", c(restart, "甲")), trow("", tcell(1000, cont, ttable([]int{500}, trow("", c("", "隐藏"))), para("")))) +
			ttable([]int{1000}, trow("", c("", "乙"))), `TABLE 表1 2×1
  ROW 1 | 1,1
    [1,1 rows=2] 甲
  ROW 2 | 1,1
TABLE 表2 1×1
  ROW 1 | 1,1
    [1,1] 乙`},
		{"empty tables and cells", `<w:tbl/><w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid></w:tbl>` +
			`<w:tbl><w:tr><w:tc/><w:tc><w:tcPr/></w:tc></w:tr></w:tbl>`, `TABLE 表1 0×0
TABLE 表2 0×2
TABLE 表3 1×2
  ROW 1 | 1,1 1,2
    [1,1]
    [1,2]`},
		{"misplaced elements in a table are not cells", `<w:tbl><w:p><w:r><w:t>甲</w:t></w:r></w:p><w:tc><w:p/></w:tc>` +
			`<w:tr><w:p/><w:tr/><w:tc><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`, `TABLE 表1 1×1
  ROW 1 | 1,1
    [1,1] 乙`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := strings.TrimSuffix(readDoc(t, docxOf(t, c.body)).Dump(), "\n")
			if got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

// A cell knows its table and its place; a table's cells are found by label.
func TestCellPlaces(t *testing.T) {
	body := para("", run("前言")) + ttable([]int{1000, 1000},
		trow(repeat, tcell(1000, "", para("", run("姓　名"))), tcell(1000, "", para("", run("职务"), `<w:r><w:br/></w:r>`, run("（职称）")))),
		trow("", tcell(1000, "", para("", run("傅颖"))), tcell(1000, "", para("", run("主任")), para("", run("高级")))))
	d := readDoc(t, docxOf(t, body))
	tb := d.Tables[0]
	if len(d.Blocks) != 2 || d.Blocks[1].Table != tb || tb.Cell != nil || d.Blocks[0].Para.Cell != nil {
		t.Fatalf("blocks %+v", d.Blocks)
	}
	name := tb.Find("姓 名")
	title := tb.Find("职务(职称)")
	if name == nil || title == nil || tb.Find("职称") != nil {
		t.Fatalf("Find: %v %v", name, title)
	}
	if got := tb.At(2, 2).Place(); got != "表1 第2行 第2列" {
		t.Errorf("place %s", got)
	}
	if tb.At(2, 2).Text != "主任\n高级" || len(tb.At(2, 2).Paragraphs()) != 2 || tb.At(2, 2).Paragraphs()[1].Cell != tb.At(2, 2) {
		t.Errorf("cell %+v", tb.At(2, 2))
	}
	if tb.At(0, 1) != nil || tb.At(3, 1) != nil || tb.At(1, 3) != nil || tb.At(1, 0) != nil || tb.HeaderRows() != 1 {
		t.Error("At outside the grid, or HeaderRows")
	}
	if name.Table != tb || name.Label() != "姓名" {
		t.Errorf("label %q", name.Label())
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"姓　名":                   "姓名",
		"年度主要\n工作内容":            "年度主要工作内容",
		"部门（单位）名称":              "部门(单位)名称",
		"部门(单位)名称":              "部门(单位)名称",
		" 其中： ":                 "其中:",
		"１２．５％":                 "12.5%",
		"a\u00a0b\u200bc\ufeff": "abc",
		"Ex\u00adcel":           "Excel",
		"0730\u20118208775":     "0730-8208775",
		"plain":                 "plain",
		"“三公经费”控制率":             "“三公经费”控制率",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

// problemOf returns the one problem of a Read error.
func problemOf(t testing.TB, err error) jixiao.Problem {
	t.Helper()
	var ie *jixiao.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error of type %T: %v", err, err)
	}
	if len(ie.Problems) != 1 || ie.File != "报告.docx" {
		t.Fatalf("problems %+v", ie)
	}
	return ie.Problems[0]
}

// A Document encodes as JSON (its back pointers left out).
func TestDocumentJSON(t *testing.T) {
	d := readDoc(t, handmade(t))
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`"Text":"307.47万元"`)) {
		t.Errorf("%.300s", b)
	}
}

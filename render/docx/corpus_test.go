package docx

import (
	"strconv"
	"strings"
	"testing"

	hm "jixiao/internal/handmade"
)

// This file builds the Word files of the reader's corpus that are made in
// code: a minimal package around a body, and a report typed by hand in Word
// as the published ones are, with the quirks real files have.

// The pieces of WordprocessingML and the package, from internal/hm.
var (
	run    = hm.Run
	bold   = hm.Bold
	para   = hm.Para
	tcell  = hm.Cell
	trow   = hm.Row
	ttable = hm.Table
	span   = hm.Span
)

const (
	wordNS    = hm.WordNS
	stylesXML = hm.StylesXML
	restart   = hm.Restart
	cont      = hm.Cont
	center    = hm.Center
	repeat    = hm.Repeat
)

// docxOf returns a Word package whose body is body (handmade.Package).
func docxOf(t testing.TB, body string, parts ...string) []byte {
	t.Helper()
	return hm.Package(body, parts...)
}

// field is a complex field: its instruction, and the result shown.
func field(instr, result string) string {
	return `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">` + instr +
		`</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>` + run(result) +
		`<w:r><w:fldChar w:fldCharType="end"/></w:r>`
}

// handmadeBody is a self-evaluation report as a unit types it in Word from
// the bureau's template, reduced to a few rows of each part, with the quirks
// that real files have:
//
//   - the title's runs split by revision marks and proofing marks;
//   - parts 一 and 二 as rows of one big form table holding their headings,
//     with the income table nested in a cell of it;
//   - labels with full-width spaces (姓　名), a line break inside a label
//     (年度主要↵工作内容), half-width and full-width brackets;
//   - a number split across runs (307. + 47万元), a full-width number, a
//     value corrected with tracked changes (w:del 9, w:ins 10), text moved
//     (w:moveFrom, w:moveTo), a hyperlink, a bookmark, smart tags, custom
//     XML, editable ranges, inline and block content controls (one around a whole table, one
//     around a row), simple and complex fields (a =SUM(ABOVE) total), a
//     Wingdings check box;
//   - a tracked deleted row, w:gridBefore and w:gridAfter, a legacy w:hMerge;
//   - the score sheet split at a page break into two tables, the header row
//     repeated, 一级 repeated and 二级 left blank in the second;
//   - a picture and a text box.
func handmadeBody() string {
	ins := func(id int, content string) string {
		return `<w:ins w:id="` + strconv.Itoa(id) + `" w:author="张三" w:date="2021-06-20T10:00:00Z">` + content + `</w:ins>`
	}
	del := func(id int, text string) string {
		return `<w:del w:id="` + strconv.Itoa(id) + `" w:author="张三" w:date="2021-06-20T10:00:00Z"><w:r><w:delText>` + text + `</w:delText></w:r></w:del>`
	}
	wide := []int{1800, 2622, 1800, 2623}
	title := `<w:jc w:val="center"/><w:rPr><w:rFonts w:eastAsia="方正小标宋简体"/><w:sz w:val="44"/></w:rPr>`
	var b strings.Builder
	b.WriteString(para(title,
		`<w:r><w:rPr><w:rFonts w:eastAsia="方正小标宋简体"/><w:sz w:val="44"/></w:rPr><w:t>岳阳楼区</w:t></w:r>`,
		`<w:proofErr w:type="gramStart"/>`,
		`<w:r w:rsidR="00D0412A"><w:rPr><w:rFonts w:eastAsia="方正小标宋简体"/><w:sz w:val="44"/></w:rPr><w:t>2020</w:t></w:r>`,
		`<w:proofErr w:type="gramEnd"/>`,
		`<w:r><w:rPr><w:rFonts w:eastAsia="方正小标宋简体"/><w:sz w:val="44"/></w:rPr><w:t>年度部门（单位）整体支出</w:t></w:r>`))
	b.WriteString(para(title, `<w:r><w:rPr><w:rFonts w:eastAsia="方正小标宋简体"/><w:sz w:val="44"/></w:rPr><w:t>绩效评价自评报告</w:t></w:r>`))
	b.WriteString(para("", run("部门(单位)名称："),
		`<w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t xml:space="preserve">  岳阳楼区人力资源和社会保障网络信息服务中心  </w:t></w:r>`))
	b.WriteString(para("", run("预算编码："), `<w:permStart w:id="1" w:edGrp="everyone"/>`+run("200002")+`<w:permEnd w:id="1"/>`))
	b.WriteString(para("", run("报告日期："),
		`<w:fldSimple w:instr=" DATE \@ &quot;yyyy年M月d日&quot; " w:fldLock="1">`+run("2021年6月27日")+`</w:fldSimple>`))
	b.WriteString(para(`<w:jc w:val="center"/>`, run("岳阳楼区财政局（制）")))
	b.WriteString(para("", `<w:r><w:br w:type="page"/></w:r>`))

	// Parts 一 and 二 in one big form table.
	income := ttable([]int{1400, 1100, 1000, 1000, 1000, 1000, 1000},
		trow(repeat,
			tcell(1400, restart, para(center, bold("机构名称"))),
			tcell(1100, restart, para(center, bold("收入合计"))),
			tcell(5000, span(5), para(center, bold("其中:")))),
		trow(repeat,
			tcell(1400, cont), tcell(1100, cont),
			tcell(1000, "", para(center, bold("上年结转"))),
			tcell(1000, "", para(center, bold("公共财政拨款"))),
			tcell(1000, "", para(center, bold("政府基金拨款"))),
			tcell(1000, "", para(center, bold("纳入专户管理的非税收入拨款"))),
			tcell(1000, "", para(center, bold("其他收入")))),
		trow("",
			tcell(1400, "", para("", run("局机关及二级机构汇总"))),
			tcell(1100, "", para("", run("307."), `<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t>47万元</w:t></w:r>`)),
			tcell(1000, ""),
			tcell(1000, "", para("", run("126.23"))),
			tcell(1000, ""), tcell(1000, ""),
			tcell(1000, "", para("", run("１８１．２４")))),
		trow("",
			tcell(1400, "", para("", run("1、局机关"))),
			tcell(1100, ""), tcell(1000, ""), tcell(1000, ""), tcell(1000, ""), tcell(1000, ""), tcell(1000, "")),
	)
	b.WriteString(ttable(wide,
		trow("", tcell(8845, span(4), para(`<w:pStyle w:val="2"/>`, bold("一、部门（单位）基本概况")))),
		trow("",
			tcell(1800, "", para(center, bold("联 系 人"))),
			tcell(2622, "", para(center, `<w:bookmarkStart w:id="0" w:name="contact"/>`, run("傅"), run("颖"), `<w:bookmarkEnd w:id="0"/>`)),
			tcell(1800, "", para(center, bold("联络电话"))),
			tcell(2623, "", para(center, `<w:hyperlink r:id="rId9" w:history="1">`+run("138")+run("00000000")+`</w:hyperlink>`))),
		trow("",
			tcell(1800, "", para(center, bold("人员编制"))),
			tcell(2622, "", para(center, ins(1, run("6")))),
			tcell(1800, "", para(center, bold("实有人数"))),
			tcell(2623, "", para(center, run("1"), del(2, "9"), ins(3, run("0"))))),
		trow("",
			tcell(1800, "", para(center, bold("职能职责概述"))),
			tcell(7045, span(3), para("",
				`<w:customXml w:element="duties">`+run("负责全区人力资源和社会保障公共服务网络平台信息管理")+`</w:customXml>`,
				`<w:moveFrom w:id="4" w:author="张三" w:date="2021-06-20T10:00:00Z">`+run("（旧位置）")+`</w:moveFrom>`,
				`<w:moveTo w:id="5" w:author="张三" w:date="2021-06-20T10:00:00Z">`+run("；负责岳阳楼区社会保障卡工作")+`</w:moveTo>`,
				run("。")))),
		trow("",
			tcell(1800, "", para(center, bold("年度主要"), `<w:r><w:rPr><w:b/></w:rPr><w:br/></w:r>`, bold("工作内容"))),
			tcell(7045, span(3),
				para(`<w:pStyle w:val="a3"/>`, run("保障全区107个社区公共网络服务平台的稳定运行")),
				para(`<w:pStyle w:val="a3"/>`, `<w:sdt><w:sdtPr><w:alias w:val="任务"/><w:id w:val="-1862113289"/></w:sdtPr><w:sdtContent>`+
					run("完成业务下放的及时培训与指导")+`</w:sdtContent></w:sdt>`))),
		trow("", tcell(8845, span(4), para(`<w:pStyle w:val="2"/>`, bold("二、部门（单位）收支情况")))),
		trow("", tcell(8845, span(4), para(center, bold("年度收入情况（万元）")), income, para(""))),
	))

	b.WriteString(para(`<w:pStyle w:val="1"/>`, run("三、部门（单位）整体支出绩效自评情况")))
	b.WriteString(`<w:sdt><w:sdtPr><w:alias w:val="定性目标"/><w:tag w:val="qualitative"/><w:id w:val="1234567"/></w:sdtPr><w:sdtContent>` +
		ttable([]int{4422, 4423},
			trow(repeat, tcell(4422, "", para(center, bold("预期目标"))), tcell(4423, "", para(center, bold("实际完成")))),
			trow("", tcell(4422, "", para("", run("目标1：平台工作人员培训四次"))), tcell(4423, "", para("", run("4项工作目标均已完成")))),
		) + `</w:sdtContent></w:sdt>`)
	b.WriteString(para("", run("评价等次："), `<w:r><w:sym w:font="Wingdings" w:char="F0FE"/></w:r>`, run("优 "),
		`<w:r><w:sym w:font="Wingdings" w:char="F0A8"/></w:r>`, run("良")))

	b.WriteString(para(`<w:pStyle w:val="1"/>`, run("四、评价人员")))
	b.WriteString(ttable([]int{1800, 2000, 3045, 2000},
		trow(repeat,
			tcell(1800, "", para(center, bold("姓　名"))),
			tcell(2000, "", para(center, bold("职务/职称"))),
			tcell(3045, "", para(center, bold("单　位"))),
			tcell(2000, "", para(center, bold("签　字")))),
		trow("", tcell(1800, "", para("", run("傅颖"))), tcell(2000, "", para("", run("主任"))),
			tcell(3045, "", para("", run("人社局信息中心"))), tcell(2000, "")),
		trow(`<w:del w:id="6" w:author="张三" w:date="2021-06-20T10:00:00Z"/>`,
			tcell(1800, "", para("", del(7, "李四"))), tcell(2000, "", para("", del(8, "科员"))),
			tcell(3045, "", para("", del(9, "人社局信息中心"))), tcell(2000, "")),
		`<w:sdt><w:sdtPr><w:id w:val="42"/></w:sdtPr><w:sdtContent>`+
			trow("", tcell(1800, "", para("", run("潘红艳"))), tcell(2000, "", para("", run("会计"))),
				tcell(3045, "", para("", run("人社局信息中心"))), tcell(2000, ""))+`</w:sdtContent></w:sdt>`,
		trow(``,
			tcell(1800, `<w:hMerge w:val="restart"/>`, para("", run("评价组组长（签字）："))),
			tcell(2000, `<w:hMerge/>`, para("", run("评价组组长（签字）："))),
			tcell(3045, "", para("", run("日期："))), tcell(2000, "")),
		trow(`<w:gridBefore w:val="1"/><w:wBefore w:w="1800" w:type="dxa"/><w:gridAfter w:val="1"/><w:wAfter w:w="2000" w:type="dxa"/>`,
			tcell(2000, "", para("", run("填报人："), run("潘红艳"))),
			tcell(3045, "", para("", run("联系电话：0730"), `<w:r><w:noBreakHyphen/></w:r>`, run("8208775")))),
	))

	// The score sheet, split by hand at a page break.
	sheet := []int{1200, 1400, 1900, 2045, 700, 800, 800}
	sheetHeader := trow(repeat,
		tcell(1200, "", para(center, bold("一级指标"))), tcell(1400, "", para(center, bold("二级指标"))),
		tcell(1900, "", para(center, bold("三级指标"))), tcell(2045, "", para(center, bold("评分标准"))),
		tcell(700, "", para(center, bold("分值"))), tcell(800, "", para(center, bold("自评得分"))),
		tcell(800, "", para(center, bold("扣分原因和其他说明"))))
	// item is a row of the score sheet: the 一级 and 二级 cells with their
	// merge and text, then the item.
	item := func(merge1, first, merge2, second, name, criteria, points, score string) string {
		text := func(s string) string {
			if s == "" {
				return para(center)
			}
			return para(center, run(s))
		}
		return trow("", tcell(1200, merge1, text(first)), tcell(1400, merge2, text(second)),
			tcell(1900, "", para("", run(name))), tcell(2045, "", para("", run(criteria))),
			tcell(700, "", text(points)), tcell(800, "", text(score)), tcell(800, ""))
	}
	b.WriteString(para(`<w:pageBreakBefore/>`, `<w:r><w:rPr><w:rFonts w:eastAsia="黑体" w:hint="eastAsia"/></w:rPr><w:t>附件3-2</w:t></w:r>`))
	b.WriteString(para(center, run("部门整体支出绩效评价评分表")))
	b.WriteString(ttable(sheet, sheetHeader,
		item(restart, "投入（15分）", restart, "预算配置（15分）", "财政供养人员控制率", "以100%为标准……", "5", "3"),
		item(cont, "", cont, "", "“三公经费”变动率", "“三公经费”变动率≦0,计5分……", "5", "5"),
		item(cont, "", cont, "", "重点支出安排率", "重点支出安排率≥90%，计5分……", "5", "5"),
		item(restart, "过程（40分）", restart, "预算执行（15分）", "预算调整率", "预算调整率=0，计3分……", "3", "0"),
	))
	b.WriteString(para("", `<w:r><w:br w:type="page"/></w:r>`))
	b.WriteString(ttable(sheet, sheetHeader,
		item(restart, "过程（40分）", "", "", "支付进度", "春节前下达全部专项资金的50%……", "3", "3"),
		item(cont, "", "", "", "资金结余", "无结余，3分……", "3", "3"),
		trow("", tcell(4500, span(3), para(center, bold("总分"))), tcell(2045, ""),
			tcell(700, "", para(center, field(" =SUM(ABOVE) ", "24"))),
			tcell(800, "", para(center, field(" =SUM(ABOVE) ", "19"))), tcell(800, "")),
	))

	b.WriteString(para("", run("附图："), `<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">`+
		`<wp:extent cx="9525" cy="9525"/><wp:docPr id="1" name="图片 1"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">`+
		`<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="image1.png"/><pic:cNvPicPr/></pic:nvPicPr>`+
		`<pic:blipFill><a:blip r:embed="rId10"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>`+
		`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="9525" cy="9525"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>`+
		`</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`))
	b.WriteString(para("", run("说明："), `<w:r><w:pict><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">`+
		`<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>`+
		`<v:shape id="文本框 2" o:spid="_x0000_s1026" type="#_x0000_t202" style="width:100pt;height:20pt">`+
		`<v:textbox><w:txbxContent>`+para("", run("文本框中的字不是正文"))+`</w:txbxContent></v:textbox></v:shape></w:pict></w:r>`))
	b.WriteString(`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" ` +
		`w:header="851" w:footer="992" w:gutter="0"/><w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="312"/></w:sectPr>`)
	return b.String()
}

// handmade is the hand-made report as a .docx.
func handmade(t testing.TB) []byte { return docxOf(t, handmadeBody()) }

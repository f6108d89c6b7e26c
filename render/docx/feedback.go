package docx

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// This file writes the feedback sheet (反馈单) the finance bureau sends back
// to a unit about its report: a letter in the layout of an official
// document (A4, GB/T 9704 margins, 仿宋 body, 方正小标宋 title), with the
// report's particulars, its problems with the place of each, the score
// sheet item by item as the unit scored it and as the rules score it, and
// what the unit is to do.

// Formats of the feedback sheet.
var (
	fbTitle   = rfmt{font: fontTitle, size: size2}
	fbBody    = rfmt{font: fontFang, size: size3}
	fbHeading = rfmt{font: fontHei, size: size3}
	fbCell    = rfmt{font: fontFang, size: size5}
	fbLabel   = rfmt{font: fontFang, size: size5, bold: true}
	fbCell4   = rfmt{font: fontFang, size: sizeSmall4}
	fbLabel4  = rfmt{font: fontFang, size: sizeSmall4, bold: true}

	fbCentre = pfmt{style: "TableText"}
	fbLeft   = pfmt{style: "TableText", jc: "left"}
	fbPara   = pfmt{style: "BodyText", jc: "both"}
)

// fbRow is the least height of a table row of the feedback sheet, twips.
const fbRow = 400

// Feedback writes a unit's feedback sheet as a .docx file to w. It reads no
// clock, environment or file: the same feedback gives the same bytes.
func Feedback(w io.Writer, fb *jixiao.Feedback) error {
	if fb == nil {
		return errors.New("docx: no feedback")
	}
	d := newDoc(nil)
	feedback(d, fb)
	return writePackage(w, d.finish(sect{}), feedbackCore(fb), headerXML(""))
}

// feedbackCore returns the core properties of a feedback sheet: its title
// and, as subject, the unit.
func feedbackCore(fb *jixiao.Feedback) []byte {
	d := &doc{}
	d.raw(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
		`xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>`)
	d.text(strings.Join(fb.Title, ""))
	d.raw(`</dc:title><dc:subject>`)
	d.text(fb.Unit)
	d.raw(`</dc:subject></cp:coreProperties>`)
	return d.b
}

// feedback writes the body of a feedback sheet.
func feedback(d *doc, fb *jixiao.Feedback) {
	for i, line := range fb.Title {
		pf := pfmt{style: "Title"}
		if i == len(fb.Title)-1 {
			pf.after = 480
		}
		d.para(pf, fbTitle, line)
	}
	unit := strings.TrimSpace(fb.Unit)
	if unit == "" {
		unit = "报送单位"
	}
	d.para(pfmt{style: "Normal", jc: "left"}, fbBody, unit+"：")
	d.para(fbPara, fbBody, opening(fb))

	d.para(pfmt{style: "Heading1"}, fbHeading, "一、基本情况")
	particulars(d, fb)

	d.para(pfmt{style: "Heading1"}, fbHeading, "二、存在的问题")
	problems(d, fb)

	d.para(pfmt{style: "Heading1"}, fbHeading, "三、评分核对")
	d.para(fbPara, fbBody, "下表逐项列出自评得分和按评分标准计算的得分；“差额”为自评得分减去按评分标准计算的得分，"+
		"无法按评分标准计算的指标沿用自评得分。")
	scores(d, fb)

	d.para(pfmt{style: "Heading1"}, fbHeading, "四、处理意见")
	for _, s := range advice(fb) {
		d.para(fbPara, fbBody, s)
	}

	d.para(pfmt{style: "Normal", before: 1158, jc: "right", right: 640}, fbBody, fb.Issuer)
	d.para(pfmt{style: "Normal", jc: "right", right: 640}, fbBody, "年　　月　　日")
}

// opening is the first paragraph: what came in, and what the check found.
func opening(fb *jixiao.Feedback) string {
	year := ""
	if fb.Year != 0 {
		year = strconv.Itoa(fb.Year) + "年度"
	}
	s := "你单位报送的" + year + "部门整体支出绩效自评报告"
	if fb.File != "" {
		s += "（文件 " + fb.File + "）"
	}
	s += "已收到。经审核，" + verdict(fb) + "。具体意见如下。"
	return s
}

// verdict is the finding in one clause.
func verdict(fb *jixiao.Feedback) string {
	e, w := fb.Errors(), fb.Warnings()
	var parts []string
	if !fb.Counted && fb.BundleYear != 0 {
		parts = append(parts, fmt.Sprintf("报告年度与本次汇总的 %d 年度不符，未计入汇总", fb.BundleYear))
	}
	switch {
	case e > 0 && w > 0:
		parts = append(parts, fmt.Sprintf("发现错误 %d 处、需核实的事项 %d 处，报告需修改后重新报送", e, w))
	case e > 0:
		parts = append(parts, fmt.Sprintf("发现错误 %d 处，报告需修改后重新报送", e))
	case w > 0:
		parts = append(parts, fmt.Sprintf("未发现错误，有需核实的事项 %d 处", w))
	default:
		parts = append(parts, "未发现问题")
	}
	return strings.Join(parts, "；")
}

// particulars writes the table of the report's particulars.
func particulars(d *doc, fb *jixiao.Feedback) {
	grid := []int{2300, textWidth - 2300}
	rows := [][2]string{
		{"单位名称", fb.Unit},
		{"预算编码", fb.Code},
		{"报送文件", fb.File},
	}
	if len(fb.Others) > 0 {
		rows = append(rows, [2]string{"未采用的文件", strings.Join(fb.Others, "\n")})
	}
	year := ""
	if fb.Year != 0 {
		year = strconv.Itoa(fb.Year) + " 年度"
	}
	rows = append(rows,
		[2]string{"报告年度", year},
		[2]string{"报告日期", fb.Date.String()},
		[2]string{"审核结果", verdict(fb)},
		[2]string{"总分", totals(fb)},
		[2]string{"评价等次", grades(fb)},
	)
	d.table(grid, true)
	for _, r := range rows {
		d.row(trfmt{cantSplit: true, height: fbRow})
		textCell(d, cfmt{}, fbCentre, fbLabel4, r[0])
		textCell(d, cfmt{}, fbLeft, fbCell4, r[1])
		d.endRow()
	}
	d.endTable()
}

// totals says the three totals in words.
func totals(fb *jixiao.Feedback) string {
	show := func(n jixiao.Number) string {
		if !n.Valid {
			return "无"
		}
		return n.String() + " 分"
	}
	return "填报 " + show(fb.Stated) + "；各项自评得分之和 " + show(fb.Self) + "；按评分标准建议 " + show(fb.Suggested)
}

// grades says the two grades in words.
func grades(fb *jixiao.Feedback) string {
	show := func(g string) string {
		if g == "" {
			return "无法评定（评分表未填完）"
		}
		return g
	}
	return "按自评总分 " + show(fb.Grade) + "；按评分标准建议总分 " + show(fb.SuggestedGrade)
}

// problems writes the table of problems, or says there are none.
func problems(d *doc, fb *jixiao.Feedback) {
	if len(fb.Problems) == 0 {
		d.para(fbPara, fbBody, "未发现问题。")
		return
	}
	grid := []int{700, 2400, textWidth - 700 - 2400 - 1100, 1100}
	d.table(grid, true)
	d.row(trfmt{header: true, cantSplit: true, height: fbRow})
	for _, h := range [...]string{"序号", "位置", "问题", "性质"} {
		textCell(d, cfmt{}, fbCentre, fbLabel, h)
	}
	d.endRow()
	for i, p := range fb.Problems {
		d.row(trfmt{cantSplit: true, height: fbRow})
		textCell(d, cfmt{}, fbCentre, fbCell, strconv.Itoa(i+1))
		textCell(d, cfmt{}, fbLeft, fbCell, where(p))
		textCell(d, cfmt{}, fbLeft, fbCell, p.Message)
		nature := "需核实"
		if p.Severity == jixiao.Error {
			nature = "错误，须修改"
		}
		textCell(d, cfmt{}, fbCentre, fbCell, nature)
		d.endRow()
	}
	d.endTable()
}

// where is a problem's place for people: the cell or line, and the field.
func where(p jixiao.Problem) string {
	place, label := jixiao.PlaceText(p.Place), p.Label
	switch {
	case place != "" && label != "":
		return place + "（" + label + "）"
	case place != "":
		return place
	case label != "":
		return label
	}
	return "整份报告"
}

// scores writes the score sheet item by item.
func scores(d *doc, fb *jixiao.Feedback) {
	grid := []int{2000, 700, 1100, 1300, 800, 0} // 自评得分 on one line, 按评分标准/得分 on two
	grid[5] = textWidth - 2000 - 700 - 1100 - 1300 - 800
	d.table(grid, true)
	d.row(trfmt{header: true, cantSplit: true, height: fbRow})
	for _, h := range [...]string{"三级指标", "分值", "自评得分", "按评分标准得分", "差额", "计算依据和说明"} {
		labelCell(d, cfmt{}, fbCentre, fbLabel, h)
	}
	d.endRow()
	for _, it := range fb.Items {
		d.row(trfmt{cantSplit: true, height: fbRow})
		labelCell(d, cfmt{}, fbCentre, fbCell, it.Name)
		textCell(d, cfmt{}, fbCentre, fbCell, it.Points.String())
		textCell(d, cfmt{}, fbCentre, fbCell, it.Self.String())
		textCell(d, cfmt{}, fbCentre, fbCell, it.Rule.String())
		diff := difference(it.Self, it.Rule)
		f := fbCell
		if diff != "" && diff != "0" {
			f = fbLabel
		}
		textCell(d, cfmt{}, fbCentre, f, diff)
		textCell(d, cfmt{}, fbLeft, fbCell, explain(it))
		d.endRow()
	}
	d.row(trfmt{cantSplit: true, height: fbRow})
	textCell(d, cfmt{}, fbCentre, fbLabel, "总分")
	textCell(d, cfmt{}, fbCentre, fbCell, fb.Points.String())
	textCell(d, cfmt{}, fbCentre, fbCell, fb.Self.String())
	textCell(d, cfmt{}, fbCentre, fbCell, fb.Suggested.String())
	textCell(d, cfmt{}, fbCentre, fbLabel, difference(fb.Self, fb.Suggested))
	textCell(d, cfmt{}, fbLeft, fbCell, "按评分标准得分一栏的总分为建议总分：能按评分标准计算的指标取计算结果，其余沿用自评得分")
	d.endRow()
	d.endTable()
}

// difference is a − b with its sign (+3, −0.5, 0), or "" when either is
// blank.
func difference(a, b jixiao.Number) string {
	if !a.Valid || !b.Valid {
		return ""
	}
	d := a.Value.Sub(b.Value)
	switch d.Cmp(decimal.Zero) {
	case 1:
		return "+" + d.String()
	case -1:
		return "−" + d.Neg().String()
	}
	return "0"
}

// explain says how an item's rule score came about, or why there is none.
func explain(it jixiao.FeedbackItem) string {
	var s string
	switch {
	case it.Manual:
		s = "由单位自评，不按规则核算"
	case it.Rule.Valid:
		s = it.Basis
		if it.Self.Valid && !it.Self.Value.Equal(it.Rule.Value) {
			s += "；按评分标准应得 " + it.Rule.String() + " 分，自评 " + it.Self.String() + " 分，请复核"
		}
	case it.Self.Valid:
		s = "无法按评分标准计算：" + it.Unscorable + "；沿用自评得分"
	default:
		s = "无法按评分标准计算：" + it.Unscorable
	}
	if !it.Self.Valid {
		s += "；未填自评得分"
	}
	return strings.TrimPrefix(s, "；")
}

// advice is what the unit is to do.
func advice(fb *jixiao.Feedback) []string {
	var out []string
	n := 1
	add := func(s string) {
		out = append(out, strconv.Itoa(n)+". "+s)
		n++
	}
	if !fb.Counted && fb.BundleYear != 0 {
		add(fmt.Sprintf("本次汇总的是 %d 年度的自评报告。请核对封面的年度，报送 %d 年度的报告。", fb.BundleYear, fb.BundleYear))
	}
	switch e, w := fb.Errors(), fb.Warnings(); {
	case e > 0:
		add("请对照“存在的问题”逐项修改，修改后重新报送；标为“需核实”的事项，请一并核实。")
	case w > 0:
		add("请对标为“需核实”的事项逐项核实；有误的，修改后重新报送；确认无误的，请书面说明理由。")
	default:
		add("报告未发现问题，不需修改。")
	}
	if fb.Self.Valid && fb.Suggested.Valid && !fb.Self.Value.Equal(fb.Suggested.Value) {
		d := fb.Self.Value.Sub(fb.Suggested.Value)
		more := "高"
		if d.IsNegative() {
			more, d = "低", d.Neg()
		}
		add(fmt.Sprintf("按评分标准计算，建议总分为 %s 分（%s），自评总分 %s 分比它%s %s 分。请对“评分核对”中差额不为 0 的指标复核自评得分，并在扣分原因中说明依据。",
			fb.Suggested, orNone(fb.SuggestedGrade), fb.Self, more, d))
	}
	return out
}

func orNone(g string) string {
	if g == "" {
		return "无法评定"
	}
	return g
}

package xlsx

import (
	"github.com/xuri/excelize/v2"
)

// style names the look of a cell. The same grid cell has the same style in
// the report workbook and in the template; the template tints input cells
// light yellow and unlocks them, and tints derived cells light grey.
type style uint8

const (
	stNone       style = iota
	stTitle            // cover title: 方正小标宋简体 22
	stCoverLabel       // 部门(单位)名称： on the cover
	stCoverValue       // its value, on an underline
	stCoverYear        // the year, as a number
	stCoverDate        // the report date
	stIssuer           // 岳阳楼区财政局（制）
	stHeading          // 一、部门（单位）基本概况: 黑体
	stAttachment       // 附件3-2
	stSheetTitle       // 部门整体支出绩效评价评分表
	stHead             // table header: bold, centred
	stLabel            // row label: centred
	stLabelTop         // signature block label: top left
	stLabelRight       // 日期：, right
	stText             // short text input: left
	stTextCenter       // short text input: centred
	stLong             // long text input: top left, wrapped
	stLongBold         // a heading in a table's headed text
	stCriteria         // 评分标准 and notes: left, wrapped
	stMoney            // amount in 万元: 0.00
	stMoneySum         // derived amount: 0.00, bold
	stScore            // score or points: General
	stScoreTotal       // 绩效自评综合得分: General"分"
	stCount            // number of people: 0
	stDate             // date: 2021年6月27日
	stBlank            // empty bordered cell: 签字
	stPara             // narrative paragraph: no border
	stHead1            // narrative heading 一、
	stHead2            // narrative heading （一）
	stHead3            // narrative heading 1.
	stGuide            // 填写说明 text
	stGuideTitle       // 填写说明 title
	stMetaText         // hidden sheet
	styleCount
)

const (
	fontBody    = "宋体"
	fontHeading = "黑体"
	fontKai     = "楷体"
	fontFang    = "仿宋"
	fontTitle   = "方正小标宋简体"

	fillInput   = "FFF9C4" // light yellow: type here
	fillDerived = "EDEDED" // light grey: computed
	dateFormat  = `yyyy"年"m"月"d"日"`
)

var thin = []excelize.Border{
	{Type: "left", Color: "000000", Style: 1},
	{Type: "top", Color: "000000", Style: 1},
	{Type: "right", Color: "000000", Style: 1},
	{Type: "bottom", Color: "000000", Style: 1},
}

var faint = []excelize.Border{
	{Type: "left", Color: "BFBFBF", Style: 1},
	{Type: "top", Color: "BFBFBF", Style: 1},
	{Type: "right", Color: "BFBFBF", Style: 1},
	{Type: "bottom", Color: "BFBFBF", Style: 1},
}

var underline = []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}

func font(family string, size float64, bold bool) *excelize.Font {
	return &excelize.Font{Family: family, Size: size, Bold: bold}
}

func align(h, v string, wrap bool) *excelize.Alignment {
	return &excelize.Alignment{Horizontal: h, Vertical: v, WrapText: wrap}
}

func numFmt(s string) *string { return &s }

func shrink(h string) *excelize.Alignment {
	return &excelize.Alignment{Horizontal: h, Vertical: "center", ShrinkToFit: true}
}

// styleDef returns the excelize style of st.
func styleDef(st style) excelize.Style {
	body := font(fontBody, 11, false)
	switch st {
	case stTitle:
		return excelize.Style{Font: font(fontTitle, 22, false), Alignment: align("center", "center", true)}
	case stCoverLabel:
		return excelize.Style{Font: font(fontFang, 16, false), Alignment: align("right", "center", false)}
	case stCoverValue:
		return excelize.Style{Font: font(fontFang, 16, false), Alignment: align("left", "center", true), Border: underline, NumFmt: 49}
	case stCoverYear:
		return excelize.Style{Font: font(fontFang, 16, false), Alignment: align("left", "center", false), Border: underline, NumFmt: 1}
	case stCoverDate:
		return excelize.Style{Font: font(fontFang, 16, false), Alignment: align("left", "center", false), Border: underline, CustomNumFmt: numFmt(dateFormat)}
	case stIssuer:
		return excelize.Style{Font: font(fontFang, 16, false), Alignment: align("center", "center", false)}
	case stHeading:
		return excelize.Style{Font: font(fontHeading, 14, false), Alignment: align("left", "center", false)}
	case stAttachment:
		return excelize.Style{Font: font(fontHeading, 14, false), Alignment: align("left", "center", false)}
	case stSheetTitle:
		return excelize.Style{Font: font(fontTitle, 18, false), Alignment: align("center", "center", true)}
	case stHead:
		return excelize.Style{Font: font(fontBody, 11, true), Alignment: align("center", "center", true), Border: thin}
	case stLabel:
		return excelize.Style{Font: body, Alignment: align("center", "center", true), Border: thin}
	case stLabelTop:
		return excelize.Style{Font: body, Alignment: align("left", "top", true), Border: thin}
	case stLabelRight:
		return excelize.Style{Font: body, Alignment: align("right", "center", true), Border: thin}
	case stText:
		return excelize.Style{Font: body, Alignment: align("left", "center", true), Border: thin, NumFmt: 49}
	case stTextCenter:
		return excelize.Style{Font: body, Alignment: align("center", "center", true), Border: thin, NumFmt: 49}
	case stLong:
		return excelize.Style{Font: body, Alignment: align("left", "top", true), Border: thin, NumFmt: 49}
	case stLongBold:
		return excelize.Style{Font: font(fontBody, 11, true), Alignment: align("left", "center", true), Border: thin, NumFmt: 49}
	case stCriteria:
		return excelize.Style{Font: body, Alignment: align("left", "center", true), Border: thin}
	case stMoney: // shrunk to fit: a large amount never shows as ###
		return excelize.Style{Font: body, Alignment: shrink("right"), Border: thin, CustomNumFmt: numFmt("0.00")}
	case stMoneySum:
		return excelize.Style{Font: font(fontBody, 11, true), Alignment: shrink("right"), Border: thin, CustomNumFmt: numFmt("0.00")}
	case stScore:
		return excelize.Style{Font: body, Alignment: align("center", "center", true), Border: thin}
	case stScoreTotal:
		return excelize.Style{Font: font(fontBody, 11, true), Alignment: align("center", "center", false), Border: thin, CustomNumFmt: numFmt(`General"分"`)}
	case stCount:
		return excelize.Style{Font: body, Alignment: align("center", "center", false), Border: thin, NumFmt: 1}
	case stDate:
		return excelize.Style{Font: body, Alignment: align("center", "center", false), Border: thin, CustomNumFmt: numFmt(dateFormat)}
	case stBlank:
		return excelize.Style{Font: body, Border: thin}
	case stPara:
		return excelize.Style{Font: body, Alignment: align("left", "top", true), NumFmt: 49}
	case stHead1:
		return excelize.Style{Font: font(fontHeading, 12, false), Alignment: align("left", "top", true), NumFmt: 49}
	case stHead2:
		return excelize.Style{Font: font(fontKai, 12, true), Alignment: align("left", "top", true), NumFmt: 49}
	case stHead3:
		return excelize.Style{Font: font(fontBody, 11, true), Alignment: align("left", "top", true), NumFmt: 49}
	case stGuide:
		return excelize.Style{Font: body, Alignment: align("left", "top", true)}
	case stGuideTitle:
		return excelize.Style{Font: font(fontHeading, 16, false), Alignment: align("center", "center", false)}
	}
	return excelize.Style{Font: body}
}

// tint is how the template marks a cell.
type tint uint8

const (
	tintNone    tint = iota
	tintInput        // unlocked, light yellow
	tintDerived      // light grey
)

// styles creates excelize styles on demand, once per (style, tint).
type styles struct {
	f   *excelize.File
	ids [styleCount][3]int
}

func (s *styles) id(st style, t tint) (int, error) {
	if st == stNone && t == tintNone {
		return 0, nil
	}
	if id := s.ids[st][t]; id != 0 {
		return id, nil
	}
	def := styleDef(st)
	switch t {
	case tintInput:
		def.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fillInput}}
		def.Protection = &excelize.Protection{Locked: false}
		if def.Border == nil { // show each input cell of a borderless sheet
			def.Border = faint
		}
	case tintDerived:
		def.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fillDerived}}
	}
	id, err := s.f.NewStyle(&def)
	if err != nil {
		return 0, err
	}
	s.ids[st][t] = id
	return id, nil
}

package xlsx

import (
	"slices"
	"strconv"
	"sync"

	"jixiao/internal/ooxml"
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

// font is a cell's font.
type font struct {
	family string
	size   float64
	bold   bool
}

// border is the border of a cell.
type border uint8

const (
	noBorder  border = iota
	underline        // bottom, black: a value on a line of the cover
	thin             // every side, black
	faint            // every side, light grey: an input cell of a borderless sheet
)

// look is how a style prints.
type look struct {
	font
	h, v         string // horizontal and vertical alignment, "" for the default
	wrap, shrink bool   // wrap the text; shrink it to fit the cell
	border       border
	numFmt       int    // a built-in number format: 49 text, 1 integer; 0 General
	format       string // a format code of the workbook's own, "" for numFmt
}

var (
	body     = font{fontBody, 11, false}
	bodyBold = font{fontBody, 11, true}
	fang     = font{fontFang, 16, false}
)

// looks are the styles' looks; stNone's is the workbook's default, 宋体 11.
var looks = [styleCount]look{
	stNone:       {font: body},
	stTitle:      {font: font{fontTitle, 22, false}, h: "center", v: "center", wrap: true},
	stCoverLabel: {font: fang, h: "right", v: "center"},
	stCoverValue: {font: fang, h: "left", v: "center", wrap: true, border: underline, numFmt: 49},
	stCoverYear:  {font: fang, h: "left", v: "center", border: underline, numFmt: 1},
	stCoverDate:  {font: fang, h: "left", v: "center", border: underline, format: dateFormat},
	stIssuer:     {font: fang, h: "center", v: "center"},
	stHeading:    {font: font{fontHeading, 14, false}, h: "left", v: "center"},
	stAttachment: {font: font{fontHeading, 14, false}, h: "left", v: "center"},
	stSheetTitle: {font: font{fontTitle, 18, false}, h: "center", v: "center", wrap: true},
	stHead:       {font: bodyBold, h: "center", v: "center", wrap: true, border: thin},
	stLabel:      {font: body, h: "center", v: "center", wrap: true, border: thin},
	stLabelTop:   {font: body, h: "left", v: "top", wrap: true, border: thin},
	stLabelRight: {font: body, h: "right", v: "center", wrap: true, border: thin},
	stText:       {font: body, h: "left", v: "center", wrap: true, border: thin, numFmt: 49},
	stTextCenter: {font: body, h: "center", v: "center", wrap: true, border: thin, numFmt: 49},
	stLong:       {font: body, h: "left", v: "top", wrap: true, border: thin, numFmt: 49},
	stLongBold:   {font: bodyBold, h: "left", v: "center", wrap: true, border: thin, numFmt: 49},
	stCriteria:   {font: body, h: "left", v: "center", wrap: true, border: thin},
	// An amount shrinks to fit: a large one never shows as ###.
	stMoney:      {font: body, h: "right", v: "center", shrink: true, border: thin, format: "0.00"},
	stMoneySum:   {font: bodyBold, h: "right", v: "center", shrink: true, border: thin, format: "0.00"},
	stScore:      {font: body, h: "center", v: "center", wrap: true, border: thin},
	stScoreTotal: {font: bodyBold, h: "center", v: "center", border: thin, format: `General"分"`},
	stCount:      {font: body, h: "center", v: "center", border: thin, numFmt: 1},
	stDate:       {font: body, h: "center", v: "center", border: thin, format: dateFormat},
	stBlank:      {font: body, border: thin},
	stPara:       {font: body, h: "left", v: "top", wrap: true, numFmt: 49},
	stHead1:      {font: font{fontHeading, 12, false}, h: "left", v: "top", wrap: true, numFmt: 49},
	stHead2:      {font: font{fontKai, 12, true}, h: "left", v: "top", wrap: true, numFmt: 49},
	stHead3:      {font: bodyBold, h: "left", v: "top", wrap: true, numFmt: 49},
	stGuide:      {font: body, h: "left", v: "top", wrap: true},
	stGuideTitle: {font: font{fontHeading, 16, false}, h: "center", v: "center"},
}

// tint is how the template marks a cell.
type tint uint8

const (
	tintNone    tint = iota
	tintInput        // unlocked, light yellow
	tintDerived      // light grey
	tintCount
)

// tints is the number of tints a workbook's styles have: the template's, or
// only tintNone in the report workbook.
func tints(tmpl bool) tint {
	if tmpl {
		return tintCount
	}
	return 1
}

// styleID is the cell format (the index in cellXfs of styles.xml) of a style
// and a tint, in the template or the report workbook: every pair has one, in
// a fixed order, so that the styles part is the same in every workbook of a
// kind. The default format, 0, is stNone's.
func styleID(st style, t tint, tmpl bool) int { return int(st)*int(tints(tmpl)) + int(t) }

// stylesPart is xl/styles.xml of the template or the report workbook, made
// once.
func stylesPart(tmpl bool) ooxml.Part {
	if tmpl {
		return stylesParts()[1]
	}
	return stylesParts()[0]
}

var stylesParts = sync.OnceValue(func() [2]ooxml.Part {
	return [2]ooxml.Part{makeStyles(false), makeStyles(true)}
})

// makeStyles makes xl/styles.xml: the fonts and number formats the looks use,
// the borders, the fills of the tints, and one cell format per style and
// tint.
func makeStyles(tmpl bool) ooxml.Part {
	fonts := []font{body} // font 0, the workbook's default
	var formats []string  // numbered from 164, the first id of a workbook's own
	var xfs []byte
	num := func(n int) { xfs = strconv.AppendInt(xfs, int64(n), 10) }
	for st := range styleCount {
		for t := range tints(tmpl) {
			l := looks[st]
			fill := 0
			switch t {
			case tintInput:
				fill = 2
				if l.border == noBorder { // show each input cell of a borderless sheet
					l.border = faint
				}
			case tintDerived:
				fill = 3
			}
			format := l.numFmt
			if l.format != "" {
				i := slices.Index(formats, l.format)
				if i < 0 {
					i, formats = len(formats), append(formats, l.format)
				}
				format = 164 + i
			}
			fontID := slices.Index(fonts, l.font)
			if fontID < 0 {
				fontID, fonts = len(fonts), append(fonts, l.font)
			}
			xfs = append(xfs, `<xf numFmtId="`...)
			num(format)
			xfs = append(xfs, `" fontId="`...)
			num(fontID)
			xfs = append(xfs, `" fillId="`...)
			num(fill)
			xfs = append(xfs, `" borderId="`...)
			num(int(l.border))
			xfs = append(xfs, `" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1" applyProtection="1"><alignment`...)
			if l.h != "" {
				xfs = append(xfs, ` horizontal="`+l.h+`"`...)
			}
			if l.v != "" {
				xfs = append(xfs, ` vertical="`+l.v+`"`...)
			}
			if l.wrap {
				xfs = append(xfs, ` wrapText="1"`...)
			}
			if l.shrink {
				xfs = append(xfs, ` shrinkToFit="1"`...)
			}
			xfs = append(xfs, `/>`...)
			if t == tintInput {
				xfs = append(xfs, `<protection locked="0"/>`...)
			}
			xfs = append(xfs, `</xf>`...)
		}
	}
	b := []byte(xmlHeader + `<styleSheet xmlns="` + nsMain + `"><numFmts count="`)
	b = strconv.AppendInt(b, int64(len(formats)), 10)
	b = append(b, `">`...)
	for i, f := range formats {
		b = append(b, `<numFmt numFmtId="`...)
		b = strconv.AppendInt(b, int64(164+i), 10)
		b = append(b, `" formatCode="`...)
		b = ooxml.AppendText(b, f)
		b = append(b, `"/>`...)
	}
	b = append(b, `</numFmts><fonts count="`...)
	b = strconv.AppendInt(b, int64(len(fonts)), 10)
	b = append(b, `">`...)
	for _, f := range fonts {
		b = append(b, `<font>`...)
		if f.bold {
			b = append(b, `<b/>`...)
		}
		b = append(b, `<sz val="`...)
		b = strconv.AppendFloat(b, f.size, 'f', -1, 64)
		b = append(b, `"/><name val="`...)
		b = ooxml.AppendText(b, f.family)
		b = append(b, `"/><family val="2"/></font>`...)
	}
	// The fills and borders in the order of the tints and of border's values.
	b = append(b, `</fonts><fills count="4"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>`+
		`<fill><patternFill patternType="solid"><fgColor rgb="FF`+fillInput+`"/></patternFill></fill>`+
		`<fill><patternFill patternType="solid"><fgColor rgb="FF`+fillDerived+`"/></patternFill></fill></fills>`+
		`<borders count="4"><border><left/><right/><top/><bottom/><diagonal/></border>`+
		`<border><left/><right/><top/><bottom style="thin"><color rgb="FF000000"/></bottom><diagonal/></border>`+
		sides("FF000000")+sides("FFBFBFBF")+`</borders>`+
		`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="`...)
	b = strconv.AppendInt(b, int64(styleID(styleCount, 0, tmpl)), 10)
	b = append(b, `">`...)
	b = append(b, xfs...)
	b = append(b, `</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`...)
	return ooxml.Compress("xl/styles.xml", b)
}

// sides is a thin border of every side in a colour.
func sides(rgb string) string {
	s := `<border>`
	for _, side := range []string{"left", "right", "top", "bottom"} {
		s += `<` + side + ` style="thin"><color rgb="` + rgb + `"/></` + side + `>`
	}
	return s + `<diagonal/></border>`
}

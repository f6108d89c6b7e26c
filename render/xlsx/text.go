package xlsx

import (
	"math"
	"strings"
)

// Spreadsheet programs do not fit a row's height to wrapped text in merged
// cells, so the writer sets every row's height from an estimate of the
// lines its text needs. A column width unit is the width of a digit of the
// workbook's font, 宋体 11 pt: 8 px in Excel and WPS (a column 8.38 wide is
// 72 px). A Chinese character of size s points is s × 96/72 px wide. The
// estimate follows Excel, which fits fewer characters on a line than
// LibreOffice; LibreOffice's taller lines still fit in the height.

const (
	pxPerUnit   = 8.0
	cellPadding = 6   // px, left and right together
	maxRowPts   = 409 // Excel's largest row height
	lineSpacing = 1.45
	rowPadding  = 4
)

// wide reports whether r takes a full em (CJK, full-width forms, and the
// punctuation Chinese fonts draw full width).
func wide(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r >= 0x1100 && r <= 0x115F, r >= 0x2E80 && r <= 0xA4CF, r >= 0xAC00 && r <= 0xD7A3,
		r >= 0xF900 && r <= 0xFAFF, r >= 0xFE30 && r <= 0xFE4F, r >= 0xFF00 && r <= 0xFF60,
		r >= 0xFFE0 && r <= 0xFFE6, r >= 0x20000:
		return true
	case r == '“' || r == '”' || r == '‘' || r == '’' || r == '—' || r == '…' || r == '·' ||
		r >= 0x2460 && r <= 0x24FF || r == '≦' || r == '≧' || r == '≥' || r == '≤':
		return true
	}
	return false
}

// lines returns how many lines text takes in a cell widthUnits wide, at size
// points.
func lines(text string, widthUnits, size float64) int {
	em := size * 96 / 72 // px
	avail := widthUnits*pxPerUnit - cellPadding
	if avail < em {
		avail = em
	}
	n := 0
	for line := range strings.SplitSeq(text, "\n") {
		px := 0.0
		for _, r := range line {
			if wide(r) {
				px += em
			} else {
				px += em * 0.55
			}
		}
		n += max(1, int(math.Ceil(px*1.03/avail)))
	}
	return n
}

// textHeight is the row height in points that text needs.
func textHeight(text string, widthUnits, size float64) float64 {
	if text == "" {
		return 0
	}
	return min(maxRowPts, float64(lines(text, widthUnits, size))*size*lineSpacing+rowPadding)
}

// fontSize is the size of a style's font.
func fontSize(st style) float64 { return looks[st].size }

// wraps reports whether a style wraps its text.
func wraps(st style) bool { return looks[st].wrap }

// utf16Len is a text's length as Excel counts it.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

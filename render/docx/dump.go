package docx

import (
	"strconv"
	"strings"
	"unicode"
)

// Normalize folds a label for comparison with one printed on the form: white
// space of every width and line breaks are removed, full-width ASCII is read
// as half-width (（）：１Ａ as ():1A), and a non-breaking hyphen as "-".
// 「年度主要\n工作内容」, 「姓　名」 and 「部门(单位)名称」 normalise as
// 「年度主要工作内容」, 「姓名」 and 「部门(单位)名称」, like 「部门（单位）名称」.
func Normalize(s string) string {
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			continue // zero-width spaces, the BOM and the soft hyphen are format characters
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == '\u2010' || r == '\u2011':
			r = '-'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Dump returns a readable outline of the document, one block a line: a
// paragraph as P[style "style name" outline=1 num=3.0 pagebreak sectionbreak
// images=1 textboxes=1]
// and its text; a table as TABLE 表N rows×cols, then each row with the
// origin (row,col) of the cell covering each grid column (· for none), and
// the cells that begin in it as [row,col rows=2 cols=3] and their text, a
// further paragraph on a line marked ¶, nested tables indented under their
// cell, a merged cell's hidden text as hidden:. A line break shows as ↵, a
// tab as →.
func (d *Document) Dump() string {
	var b strings.Builder
	outlineBlocks(&b, d.Blocks, "")
	if d.Images > 0 || d.TextBoxes > 0 {
		b.WriteString("IMAGES " + strconv.Itoa(d.Images) + " TEXTBOXES " + strconv.Itoa(d.TextBoxes) + "\n")
	}
	return b.String()
}

var shown = strings.NewReplacer("\n", "↵", "\t", "→")

func outlineBlocks(b *strings.Builder, blocks []Block, indent string) {
	for _, bl := range blocks {
		if bl.Table != nil {
			outlineTable(b, bl.Table, indent)
			continue
		}
		p := bl.Para
		b.WriteString(indent + "P")
		var props []string
		if p.Style != "" {
			props = append(props, p.Style)
		}
		if p.StyleName != "" && p.StyleName != p.Style {
			props = append(props, strconv.Quote(p.StyleName))
		}
		props = append(props, paraFlags(p)...)
		if len(props) > 0 {
			b.WriteString("[" + strings.Join(props, " ") + "]")
		}
		b.WriteString(spaced(shown.Replace(p.Text)) + "\n")
	}
}

// paraFlags are the properties of a paragraph beyond its style.
func paraFlags(p *Paragraph) []string {
	var f []string
	if p.Outline > 0 {
		f = append(f, "outline="+strconv.Itoa(p.Outline))
	}
	if p.NumID > 0 {
		f = append(f, "num="+strconv.Itoa(p.NumID)+"."+strconv.Itoa(p.NumLevel))
	}
	if p.PageBreak {
		f = append(f, "pagebreak")
	}
	if p.SectionBreak {
		f = append(f, "sectionbreak")
	}
	if p.Images > 0 {
		f = append(f, "images="+strconv.Itoa(p.Images))
	}
	if p.TextBoxes > 0 {
		f = append(f, "textboxes="+strconv.Itoa(p.TextBoxes))
	}
	return f
}

func outlineTable(b *strings.Builder, t *Table, indent string) {
	b.WriteString(indent + "TABLE 表" + strconv.Itoa(t.Index) + " " + strconv.Itoa(len(t.Rows)) + "×" + strconv.Itoa(t.Cols))
	if n := t.HeaderRows(); n > 0 {
		b.WriteString(" header=" + strconv.Itoa(n))
	}
	b.WriteString("\n")
	for i, row := range t.Rows {
		r := i + 1
		b.WriteString(indent + "  ROW " + strconv.Itoa(r))
		if row.Header {
			b.WriteString(" header")
		}
		b.WriteString(" |")
		for _, c := range row.Cells {
			if c == nil {
				b.WriteString(" ·")
			} else {
				b.WriteString(" " + strconv.Itoa(c.Row) + "," + strconv.Itoa(c.Col))
			}
		}
		b.WriteString("\n")
		for k, c := range row.Cells {
			if c == nil || c.Row != r || c.Col != k+1 {
				continue
			}
			outlineCell(b, c, indent+"    ")
		}
	}
}

func outlineCell(b *strings.Builder, c *Cell, indent string) {
	b.WriteString(indent + "[" + strconv.Itoa(c.Row) + "," + strconv.Itoa(c.Col))
	if c.RowSpan > 1 {
		b.WriteString(" rows=" + strconv.Itoa(c.RowSpan))
	}
	if c.ColSpan > 1 {
		b.WriteString(" cols=" + strconv.Itoa(c.ColSpan))
	}
	b.WriteString("]")
	first := true
	for _, bl := range c.Blocks {
		switch {
		case bl.Table != nil:
			if first {
				b.WriteString("\n")
			}
			first = false
			outlineTable(b, bl.Table, indent+"  ")
		case first:
			first = false
			b.WriteString(spaced(cellPara(bl.Para)) + "\n")
		default:
			b.WriteString(indent + "  ¶" + spaced(cellPara(bl.Para)) + "\n")
		}
	}
	if first {
		b.WriteString("\n")
	}
	if c.Hidden != "" {
		b.WriteString(indent + "  hidden: " + shown.Replace(c.Hidden) + "\n")
	}
}

// spaced is s after a space, or nothing when s is empty.
func spaced(s string) string {
	if s == "" {
		return ""
	}
	return " " + s
}

// cellPara is a paragraph of a cell: its text, and its properties beyond the
// style when it has any.
func cellPara(p *Paragraph) string {
	s := shown.Replace(p.Text)
	if f := paraFlags(p); len(f) > 0 {
		s = strings.TrimPrefix(s+" {"+strings.Join(f, " ")+"}", " ")
	}
	return s
}

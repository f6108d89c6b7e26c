package xlsx

import (
	"fmt"
	"regexp"
	"strings"

	"jixiao"
	"jixiao/form"
)

// A headed text (jixiao.Section trees: 年度总体运行情况, 评价报告综述) takes one row
// per heading and one per paragraph. The first column says what the row is:
// the report workbook prints the heading's number (一、 （一） 1.), the
// template offers 一级标题 / 二级标题 / 三级标题 in a drop-down, and a blank
// means a paragraph of the heading above. The reader accepts both spellings.

// maxLevel is the deepest heading the form numbers (一、 then （一） then 1.).
const maxLevel = 3

// Heading kinds as the template's drop-down offers them.
var headingKinds = []string{"一级标题", "二级标题", "三级标题"}

// secRow is one row of a headed text.
type secRow struct {
	level  int    // 1 to 3 for a heading, 0 for a paragraph
	number string // the heading's number: 一、 （一） 1.
	text   string
	path   string // relative to the list: [0].title, [0].sections[1].paragraphs[0]
}

// flatten lists the rows of ss, numbering headings per level.
func flatten(ss []jixiao.Section) ([]secRow, error) {
	var rows []secRow
	var walk func(ss []jixiao.Section, prefix, above string, level int) error
	walk = func(ss []jixiao.Section, prefix, above string, level int) error {
		for i, s := range ss {
			p := index(prefix, i)
			if level > maxLevel {
				return fmt.Errorf("标题 %s 之下还有一级标题：标题最多 %d 级（一、 （一） 1.）", above, maxLevel)
			}
			rows = append(rows, secRow{level: level, number: headingNumber(level, i+1), text: s.Title, path: p + ".title"})
			for j, para := range s.Paragraphs {
				rows = append(rows, secRow{text: para, path: index(p+".paragraphs", j)})
			}
			if err := walk(s.Sections, p+".sections", above+headingNumber(level, i+1), level+1); err != nil {
				return err
			}
		}
		return nil
	}
	err := walk(ss, "", "", 1)
	return rows, err
}

// headingNumber is the number printed before the n-th heading of a level
// (1 to 3): 一、 （一） 1.
func headingNumber(level, n int) string { return form.Number(level-1, n) }

var (
	level1Number = regexp.MustCompile(`^[一二三四五六七八九十百零〇]+[、.．]$`)
	level2Number = regexp.MustCompile(`^[（(][一二三四五六七八九十百零〇]+[）)]$`)
	level3Number = regexp.MustCompile(`^[0-9０-９]+[.．、]?$`)
)

// headingLevel reads the first column of a row of headed text: 0 for a
// paragraph, 1 to 3 for a heading; ok false when the text is none of these.
func headingLevel(s string) (level int, ok bool) {
	s = strings.Join(strings.Fields(s), "")
	switch {
	case s == "" || s == "正文" || s == "段落":
		return 0, true
	case s == headingKinds[0] || level1Number.MatchString(s):
		return 1, true
	case s == headingKinds[1] || level2Number.MatchString(s):
		return 2, true
	case s == headingKinds[2] || level3Number.MatchString(s):
		return 3, true
	}
	return 0, false
}

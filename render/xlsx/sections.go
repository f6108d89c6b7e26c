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
	var walk func(ss []jixiao.Section, prefix string, level int) error
	walk = func(ss []jixiao.Section, prefix string, level int) error {
		for i, s := range ss {
			p := index(prefix, i)
			if level > maxLevel {
				return fmt.Errorf("%s：标题最多 %d 级（一、 （一） 1.）", p, maxLevel)
			}
			rows = append(rows, secRow{level: level, number: headingNumber(level, i+1), text: s.Title, path: p + ".title"})
			for j, para := range s.Paragraphs {
				rows = append(rows, secRow{text: para, path: index(p+".paragraphs", j)})
			}
			if err := walk(s.Sections, p+".sections", level+1); err != nil {
				return err
			}
		}
		return nil
	}
	err := walk(ss, "", 1)
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

// secNode is a section being rebuilt from rows.
type secNode struct {
	title      string
	titleAt    jixiao.Place
	paragraphs []string
	paraAt     []jixiao.Place
	children   []*secNode
}

// readRow is a row of headed text as read: its level, text and the place of
// the text cell.
type readRow struct {
	level int
	text  string
	at    jixiao.Place
}

// unflatten rebuilds the sections from rows and records the place of each
// title and paragraph under prefix (narrative, overview.operation). A heading
// whose parent level is missing gets a parent without a title; paragraphs
// before any heading get a section without a title.
func unflatten(rows []readRow, prefix string, places map[string]jixiao.Place) []jixiao.Section {
	var roots []*secNode
	var stack []*secNode // stack[i] is the open section of level i+1
	for _, r := range rows {
		if r.level == 0 {
			if len(stack) == 0 {
				n := &secNode{titleAt: r.at}
				roots = append(roots, n)
				stack = append(stack, n)
			}
			top := stack[len(stack)-1]
			top.paragraphs = append(top.paragraphs, r.text)
			top.paraAt = append(top.paraAt, r.at)
			continue
		}
		stack = stack[:min(len(stack), r.level-1)]
		for len(stack) < r.level-1 { // a missing parent
			n := &secNode{titleAt: r.at}
			if len(stack) == 0 {
				roots = append(roots, n)
			} else {
				top := stack[len(stack)-1]
				top.children = append(top.children, n)
			}
			stack = append(stack, n)
		}
		n := &secNode{title: r.text, titleAt: r.at}
		if len(stack) == 0 {
			roots = append(roots, n)
		} else {
			top := stack[len(stack)-1]
			top.children = append(top.children, n)
		}
		stack = append(stack, n)
	}
	var convert func(ns []*secNode, path string) []jixiao.Section
	convert = func(ns []*secNode, path string) []jixiao.Section {
		if len(ns) == 0 {
			return nil
		}
		places[path] = ns[0].titleAt
		out := make([]jixiao.Section, len(ns))
		for i, n := range ns {
			p := index(path, i)
			places[p] = n.titleAt
			places[p+".title"] = n.titleAt
			out[i] = jixiao.Section{Title: n.title, Paragraphs: n.paragraphs}
			for j, at := range n.paraAt {
				places[index(p+".paragraphs", j)] = at
			}
			if len(n.paraAt) > 0 {
				places[p+".paragraphs"] = n.paraAt[0]
			}
			out[i].Sections = convert(n.children, p+".sections")
		}
		return out
	}
	return convert(roots, prefix)
}

package form

import (
	"strconv"

	"jixiao"
)

// secNode is a section being rebuilt from rows.
type secNode struct {
	title      string
	titleAt    jixiao.Place
	paragraphs []string
	paraAt     []jixiao.Place
	children   []*secNode
}

// TextLine is a line of headed text as read (a workbook's row, a Word
// paragraph): a heading of a level (1 for 一、, 2 for （一） …) or a paragraph
// (level 0), its text and its place.
type TextLine struct {
	Level int
	Text  string
	At    jixiao.Place
}

// Unflatten rebuilds the sections from lines and records the place of each
// title and paragraph under prefix (narrative, overview.operation). A heading
// whose parent level is missing gets a parent without a title; paragraphs
// before any heading get a section without a title.
func Unflatten(rows []TextLine, prefix string, places map[string]jixiao.Place) []jixiao.Section {
	var roots []*secNode
	var stack []*secNode // stack[i] is the open section of level i+1
	for _, r := range rows {
		if r.Level == 0 {
			if len(stack) == 0 {
				n := &secNode{titleAt: r.At}
				roots = append(roots, n)
				stack = append(stack, n)
			}
			top := stack[len(stack)-1]
			top.paragraphs = append(top.paragraphs, r.Text)
			top.paraAt = append(top.paraAt, r.At)
			continue
		}
		stack = stack[:min(len(stack), r.Level-1)]
		for len(stack) < r.Level-1 { // a missing parent
			n := &secNode{titleAt: r.At}
			if len(stack) == 0 {
				roots = append(roots, n)
			} else {
				top := stack[len(stack)-1]
				top.children = append(top.children, n)
			}
			stack = append(stack, n)
		}
		n := &secNode{title: r.Text, titleAt: r.At}
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
			p := path + "[" + strconv.Itoa(i) + "]"
			places[p] = n.titleAt
			places[p+".title"] = n.titleAt
			out[i] = jixiao.Section{Title: n.title, Paragraphs: n.paragraphs}
			for j, at := range n.paraAt {
				places[p+".paragraphs["+strconv.Itoa(j)+"]"] = at
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

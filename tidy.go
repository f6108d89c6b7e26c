package jixiao

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// The form numbers some texts itself: 任务1：… before each task, 目标1：… before
// each goal, 一、 （一） 1. before headings. A unit often types the numbers too,
// which would print twice (任务1：任务1：…). Tidy removes them.

// Tidy removes, in place, the numbers typed before the texts the form numbers
// itself (tasks, goals and the titles of headed texts), and returns a warning
// for each text it changed, with its JSON path.
func Tidy(r *Report) []Problem {
	var ps []Problem
	fix := func(path string, s *string, bare func(string) (string, string)) {
		clean, cut := bare(*s)
		if cut == "" {
			return
		}
		*s = clean
		ps = append(ps, Problem{Severity: Warning, Code: CodeText, Path: path, Label: Label(path),
			Message: "删除了手工输入的编号 " + Quote(cut) + "（编号在生成报告时自动加上，不用输入）"})
	}
	for i := range r.Overview.Tasks {
		fix("overview.tasks["+strconv.Itoa(i)+"]", &r.Overview.Tasks[i], func(s string) (string, string) { return BareItem("任务", s) })
	}
	for i := range r.Performance.Qualitative.Goals {
		fix("performance.qualitative.goals["+strconv.Itoa(i)+"]", &r.Performance.Qualitative.Goals[i],
			func(s string) (string, string) { return BareItem("目标", s) })
	}
	var walk func(ss []Section, path string)
	walk = func(ss []Section, path string) {
		for i := range ss {
			p := path + "[" + strconv.Itoa(i) + "]"
			fix(p+".title", &ss[i].Title, BareTitle)
			walk(ss[i].Sections, p+".sections")
		}
	}
	walk(r.Overview.Operation, "overview.operation")
	walk(r.Narrative, "narrative")
	return ps
}

// BareItem returns s without the numbers typed before it, such as 任务1： (for
// prefix 任务), 1、, （1） or ①, and what it removed; s itself when there is none.
func BareItem(prefix, s string) (string, string) {
	rest := trimLeftSpace(s)
	for {
		t := rest
		if prefix != "" && strings.HasPrefix(t, prefix) {
			u := trimLeftSpace(t[len(prefix):])
			if n := leadingNumber(u); n > 0 {
				t = trimLeftSpace(trimSep(trimLeftSpace(u[n:])))
			}
		}
		if t == rest {
			if n := headingNumberLen(rest); n > 0 {
				t = trimLeftSpace(rest[n:])
			}
		}
		if t == rest || strings.TrimSpace(t) == "" {
			break
		}
		rest = t
	}
	if rest == trimLeftSpace(s) {
		return s, ""
	}
	return rest, strings.TrimSpace(s[:len(s)-len(rest)])
}

// BareTitle returns a heading's title without the number typed before it
// (一、 （一） 1. 1、 （1） ①, several times over), and what it removed.
func BareTitle(s string) (string, string) { return BareItem("", s) }

func trimLeftSpace(s string) string {
	return strings.TrimLeftFunc(s, func(r rune) bool { return r == ' ' || r == '\t' || r == '\u3000' || r == '\u00a0' })
}

// trimSep removes one separator after a number: ：:、.．,，
func trimSep(s string) string {
	for _, sep := range []string{"：", ":", "、", ".", "．", "，", ","} {
		if strings.HasPrefix(s, sep) {
			return s[len(sep):]
		}
	}
	return s
}

const chineseNumerals = "一二三四五六七八九十百零〇"

// leadingNumber returns the length in bytes of the digits or Chinese numerals
// s starts with.
func leadingNumber(s string) int {
	n := 0
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		if !(r >= '0' && r <= '9' || r >= '０' && r <= '９' || strings.ContainsRune(chineseNumerals, r)) {
			break
		}
		n += size
	}
	return n
}

// headingNumberLen returns the length in bytes of a heading number s starts
// with (一、 （一） (1) 1. 1、 1） ①), 0 for none. A number followed by a digit
// (1.5亿元) or by nothing is not a heading number.
func headingNumberLen(s string) int {
	if r, size := utf8.DecodeRuneInString(s); r >= '①' && r <= '⑳' {
		return size + len(s[size:]) - len(trimSep(s[size:]))
	}
	open := ""
	for _, o := range []string{"（", "("} {
		if strings.HasPrefix(s, o) {
			open = o
		}
	}
	n := leadingNumber(s[len(open):])
	if n == 0 {
		return 0
	}
	end := len(open) + n
	rest := s[end:]
	var closeLen int
	for _, c := range []string{"）", ")"} {
		if strings.HasPrefix(rest, c) {
			closeLen = len(c)
		}
	}
	switch {
	case open != "" && closeLen == 0:
		return 0
	case closeLen > 0:
		end += closeLen
		end += len(s[end:]) - len(trimSep(s[end:]))
	default:
		sep := len(rest) - len(trimSep(rest))
		if sep == 0 || strings.HasPrefix(rest, "，") || strings.HasPrefix(rest, ",") || strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "：") {
			return 0
		}
		after := rest[sep:]
		if r, _ := utf8.DecodeRuneInString(after); after == "" || r >= '0' && r <= '9' {
			return 0
		}
		end += sep
	}
	if strings.TrimSpace(s[end:]) == "" {
		return 0
	}
	return end
}

// HeadingDepth returns the depth of the heading number s starts with, as the
// form numbers headings (form.Number): 0 for 一、, 1 for （一）, 2 for 1. or
// 1、, 3 for （1）, 4 for ①; ok false when s starts with no heading number
// (or with a number that is not one: 1.5亿元, 一是).
func HeadingDepth(s string) (depth int, ok bool) {
	s = trimLeftSpace(s)
	n := headingNumberLen(s)
	if n == 0 {
		return 0, false
	}
	num := s[:n]
	if r, _ := utf8.DecodeRuneInString(num); r >= '①' && r <= '⑳' {
		return 4, true
	}
	bracket := strings.HasPrefix(num, "（") || strings.HasPrefix(num, "(")
	inner := strings.TrimLeft(num, "（(")
	r, _ := utf8.DecodeRuneInString(inner)
	chinese := strings.ContainsRune(chineseNumerals, r)
	switch {
	case chinese && !bracket:
		return 0, true
	case chinese:
		return 1, true
	case !bracket:
		return 2, true
	}
	return 3, true
}

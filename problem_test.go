package jixiao

import (
	"strings"
	"testing"
)

// TestQuote: a found value is quoted with its line breaks shown as ↵, a
// long one cut; a Word place of a whole table reads 表9.
func TestQuote(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"12,3.4", `"12,3.4"`},
		{"其他工作实绩指标\n完成情况", `"其他工作实绩指标↵完成情况"`},
		{"甲\r\n乙\r丙", `"甲↵乙↵丙"`},
		{"a\tb\"c", `"a\tb\"c"`},
		{strings.Repeat("字", MaxQuote+1), `"` + strings.Repeat("字", MaxQuote) + `"…（共 41 字）`},
	} {
		if got := Quote(c.in); got != c.want {
			t.Errorf("Quote(%q) = %s, want %s", c.in, got, c.want)
		}
	}
	if got := (Place{Table: 9}).String(); got != "表9" {
		t.Errorf("a whole table's place is %q", got)
	}
}

// A problem about an organisation's amount names its row; others, and rows
// without a name or out of range, keep their label.
func TestNameRows(t *testing.T) {
	r := &Report{}
	r.Finance.Units = []Org{{Name: "局机关"}, {Name: " "}}
	problems := []Problem{
		{Path: "finance.units[0].income.total", Label: "收入合计，万元"},
		{Path: "finance.units[1].income.total", Label: "收入合计，万元"},
		{Path: "finance.units[7].income.total", Label: "收入合计，万元"},
		{Path: "finance.units[0]", Label: "机构"},
		{Path: "finance.summary.income.total", Label: "收入合计，万元"},
	}
	NameRows(r, problems)
	want := []string{"1、局机关 收入合计，万元", "收入合计，万元", "收入合计，万元", "机构", "收入合计，万元"}
	for i, p := range problems {
		if p.Label != want[i] {
			t.Errorf("%s: label %q, want %q", p.Path, p.Label, want[i])
		}
	}
}

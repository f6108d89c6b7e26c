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

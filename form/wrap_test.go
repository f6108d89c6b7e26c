package form

import (
	"strings"
	"testing"
)

func TestWrap(t *testing.T) {
	tests := []struct {
		label   string
		perLine int
		want    string
	}{
		{"财政供养人员控制率", 16, "财政供养人员/控制率"},
		{"“三公经费”变动率", 16, "“三公经费”/变动率"},
		{"社会公众或服务对象满意度", 16, "社会公众或/服务对象满意度"},
		{"年度主要工作内容", 12, "年度主要/工作内容"},
		{"管理制度健全性", 16, "管理制度健全性"},
		{"预决算信息公开性和完善性", 16, "预决算信息公开性/和完善性"},
		{"省市区重点工程和重大项目建设完成情况", 16, "省市区重点工程和/重大项目建设/完成情况"},
		{"已有\n换行", 4, "已有\n换行"},
	}
	for _, tt := range tests {
		got := strings.Join(Wrap(tt.label, tt.perLine), "/")
		if got != tt.want {
			t.Errorf("Wrap(%q, %d) = %q, want %q", tt.label, tt.perLine, got, tt.want)
		}
		for _, line := range Wrap(tt.label, tt.perLine) {
			if len([]rune(line)) == 1 {
				t.Errorf("Wrap(%q): a lone character", tt.label)
			}
			if Width(line) > tt.perLine && !strings.Contains(tt.label, "\n") {
				t.Errorf("Wrap(%q): %q too wide", tt.label, line)
			}
		}
	}
}

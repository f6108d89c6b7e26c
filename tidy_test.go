package jixiao

import "testing"

func TestBareItem(t *testing.T) {
	tests := []struct{ prefix, in, want, cut string }{
		{"任务", "任务1：保障平台运行", "保障平台运行", "任务1："},
		{"任务", "任务1：任务1：保障平台运行", "保障平台运行", "任务1：任务1："},
		{"任务", "任务 2、 完成培训", "完成培训", "任务 2、"},
		{"任务", "1、保障平台运行", "保障平台运行", "1、"},
		{"任务", "（3）开展宣传", "开展宣传", "（3）"},
		{"任务", "①开展宣传", "开展宣传", "①"},
		{"任务", "任务繁重的宣传月", "任务繁重的宣传月", ""},
		{"任务", "任务1：", "任务1：", ""},
		{"目标", "目标2:平台工作人员培训四次", "平台工作人员培训四次", "目标2:"},
		{"", "一、不畏险重艰难", "不畏险重艰难", "一、"},
		{"", "（一）部门基本情况", "部门基本情况", "（一）"},
		{"", "(2)项目支出", "项目支出", "(2)"},
		{"", "1. 基本支出", "基本支出", "1."},
		{"", "一、（一）基本情况", "基本情况", "一、（一）"},
		{"", "十九大精神学习", "十九大精神学习", ""},
		{"", "一是加强管理", "一是加强管理", ""},
		{"", "1.5亿元项目", "1.5亿元项目", ""},
		{"", "2020年工作", "2020年工作", ""},
		{"", "一、", "一、", ""},
		{"", "", "", ""},
		{"", "（一", "（一", ""},
	}
	for _, tt := range tests {
		got, cut := BareItem(tt.prefix, tt.in)
		if got != tt.want || cut != tt.cut {
			t.Errorf("BareItem(%q, %q) = %q, %q; want %q, %q", tt.prefix, tt.in, got, cut, tt.want, tt.cut)
		}
	}
}

func TestTidy(t *testing.T) {
	r := &Report{}
	r.Overview.Tasks = []string{"任务1：保障运行", "完成培训"}
	r.Narrative = []Section{{Title: "一、部门概况", Sections: []Section{{Title: "（一）基本情况"}}}}
	ps := Tidy(r)
	if r.Overview.Tasks[0] != "保障运行" || r.Narrative[0].Title != "部门概况" || r.Narrative[0].Sections[0].Title != "基本情况" {
		t.Errorf("not tidied: %+v %+v", r.Overview.Tasks, r.Narrative)
	}
	want := []string{
		`overview.tasks[0]（年度主要工作内容）：警告：删除了手工输入的编号 "任务1："（编号在生成报告时自动加上，不用输入）`,
		`narrative[0].title（标题）：警告：删除了手工输入的编号 "一、"（编号在生成报告时自动加上，不用输入）`,
		`narrative[0].sections[0].title（标题）：警告：删除了手工输入的编号 "（一）"（编号在生成报告时自动加上，不用输入）`,
	}
	if len(ps) != len(want) {
		t.Fatalf("got %d problems: %v", len(ps), ps)
	}
	for i, p := range ps {
		if got := p.Where() + "：" + p.Severity.String() + "：" + p.Message; got != want[i] {
			t.Errorf("got  %s\nwant %s", got, want[i])
		}
	}
}

func TestHeadingDepth(t *testing.T) {
	for s, want := range map[string]int{
		"一、概况": 0, "十二、其他": 0, "（一）基本情况": 1, "(二) 规模": 1, "1.基本支出": 2, "2、项目": 2,
		"（1）人员": 3, "(3)公用": 3, "①资产": 4, "　一、前面有空格": 0,
		"1.5亿元的支出": -1, "一是加强学习": -1, "一、": -1, "正文": -1, "2020年": -1, "": -1,
	} {
		got, ok := HeadingDepth(s)
		if !ok {
			got = -1
		}
		if got != want {
			t.Errorf("HeadingDepth(%q) = %d, want %d", s, got, want)
		}
	}
}

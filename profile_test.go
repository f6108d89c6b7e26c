package jixiao_test

import (
	"testing"

	"jixiao"
)

func TestProfileLabel(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    jixiao.Profile
		want string
	}{
		{"one attachment", jixiao.Profile{Issuer: "岳阳楼区财政局", Name: "岳阳楼区 2020 年度部门（单位）整体支出绩效评价自评报告（区财政局表式）", Attachment: "附件3-2"},
			"岳阳楼区财政局 2020 年度表式（附件3-2）"},
		{"report and sheet", jixiao.Profile{Issuer: "岳阳楼区财政局", Name: "岳阳楼区 2021 年度…", Attachment: "附件3-2",
			Cover: jixiao.CoverLayout{Attachment: "附件3-1"}}, "岳阳楼区财政局 2021 年度表式（附件3-1、附件3-2）"},
		{"same attachment", jixiao.Profile{Issuer: "湘阴县财政局", Name: "湘阴县部门整体支出绩效评价自评报告（县财政局表式）", Attachment: "附件2-1",
			Cover: jixiao.CoverLayout{Attachment: "附件2-1"}}, "湘阴县财政局表式（附件2-1）"},
		{"years", jixiao.Profile{Issuer: "岳阳县财政局", Name: "岳阳县 2016–2017 年度报告", Attachment: "附件6"}, "岳阳县财政局 2016–2017 年度表式（附件6）"},
		{"bare", jixiao.Profile{}, "表式"},
	} {
		if got := tc.p.Label(); got != tc.want {
			t.Errorf("%s: Label() = %q, want %q", tc.name, got, tc.want)
		}
	}
}

package main

import (
	"fmt"
	"io"
	"strings"

	"jixiao"
	"jixiao/input"
)

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", help{
		use: "[--json] [--profile 表式] 报告…",
		summary: `检查报告：必填项、表内各项合计（合计、汇总行、当年结余）、评分表各项得分与总分、评价等次，
并按评分标准重新计分。每个问题一行：文件、位置、错误或警告、应为何值、实际为何值；
最后是得分小结。没有错误时退出码为 0，有错误为 1，用法错误为 2。`,
		examples: []string{
			"jixiao check 填报表.xlsx",
			"jixiao check 自评报告.docx",
			"jixiao check --json 报告.json",
		},
	}, stderr)
	asJSON := fs.Bool("json", false, "以 JSON 输出（多个报告时为数组）")
	profile := fs.String("profile", "", "按此`表式`检查（编号或表式文件 .json），覆盖报告中的 profile")
	if code := parse(fs, args, stdout); code >= 0 {
		return code
	}
	if fs.NArg() == 0 {
		return usageError(stderr, "check", "需要至少一个报告文件")
	}
	// With --json each report's result says it; else once, before any report.
	if !*asJSON {
		if _, ok := loadProfile(stderr, "check", *profile, "没有检查任何报告"); !ok {
			return 1
		}
	}
	var results []input.Checked
	failed := false
	for _, file := range fs.Args() {
		c := input.Read(file, *profile)
		failed = failed || jixiao.HasErrors(c.Problems)
		results = append(results, c)
	}
	if *asJSON {
		var v any
		views := make([]input.View, len(results))
		for i, c := range results {
			views[i] = c.View(c.File)
		}
		v = views
		if len(views) == 1 {
			v = views[0]
		}
		if err := jixiao.EncodeJSON(stdout, v); err != nil {
			fmt.Fprintf(stderr, "jixiao check：%v\n", err)
			return 1
		}
	} else {
		for _, c := range results {
			printChecked(stdout, c)
		}
	}
	if failed {
		return 1
	}
	return 0
}

func printChecked(w io.Writer, c input.Checked) {
	for _, p := range c.Problems {
		fmt.Fprintln(w, p.Format(c.File))
	}
	fmt.Fprintln(w, summaryLine(c))
}

// summaryLine is the last line check prints for a report: the profile, the
// stated and recomputed totals and grade, the rule-suggested total, what
// could not be checked, and the counts of problems.
func summaryLine(c input.Checked) string {
	errs, warns := jixiao.Count(c.Problems)
	if c.Score == nil {
		return fmt.Sprintf("%s：无法检查，错误 %d 个", c.File, errs)
	}
	s := c.Score
	var b strings.Builder
	fmt.Fprintf(&b, "%s：表式 %s；", c.File, c.Profile.ID)
	stated := c.Stated()
	statedText := "未填"
	if stated.Valid {
		statedText = stated.Value.String()
	}
	if s.Self.Valid {
		fmt.Fprintf(&b, "自评总分 填报 %s，重新计算 %s，评价等次 %s", statedText, s.Self.Value, s.Grade)
	} else {
		fmt.Fprintf(&b, "评分表 %d 项中已填 %d 项，填完后才计算总分和评价等次", len(s.Items), s.Filled)
	}
	if s.Suggested.Valid {
		fmt.Fprintf(&b, "；按评分标准建议 %s（%s）", s.Suggested.Value, s.SuggestedGrade)
		missing, other := 0, 0
		for _, it := range s.Items {
			switch {
			case it.Unscorable != "" && it.Missing:
				missing++
			case it.Unscorable != "":
				other++
			}
		}
		switch {
		case missing > 0 && other > 0:
			fmt.Fprintf(&b, "，其中 %d 项缺少基础数据、%d 项无法按规则计算，沿用自评", missing, other)
		case missing > 0:
			fmt.Fprintf(&b, "，其中 %d 项缺少基础数据、沿用自评", missing)
		case other > 0:
			fmt.Fprintf(&b, "，其中 %d 项无法按规则计算、沿用自评", other)
		}
	}
	if len(c.Unchecked) > 0 {
		fmt.Fprintf(&b, "；未能核对：%s", strings.Join(c.Unchecked, "、"))
	}
	fmt.Fprintf(&b, "；错误 %d 个，警告 %d 个", errs, warns)
	return b.String()
}

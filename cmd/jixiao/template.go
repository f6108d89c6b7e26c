package main

import (
	"bytes"
	"fmt"
	"io"

	"jixiao/input"
	"jixiao/render/xlsx"
	"jixiao/templates"
)

func runTemplate(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("template", help{
		use: "[-o 文件] [--from 去年的报告] [--profile 表式] [--year 年度] [--unit 单位名称] [--code 预算编码] [--units N …] [--force]",
		summary: `生成给单位填写的空白 Excel 工作簿：第一张表是填写说明；标签锁定，浅黄色单元格可填写；
金额、得分有数值校验，评价等次等有下拉选项；合计和得分用公式实时显示（导入时仍会重新计算）。
机构、任务、目标、评价人员、段落等留有空行，填多少读多少；行数不够时可以在表格中插入行，
也可以用 --units、--tasks 等加大行数。已有同名文件（可能是填好的表）时不写，除非加 --force。
--from 从去年的报告（.docx、.xlsx 或 .json）开始：带入单位名称、预算编码、联系人、职能职责、年度任务、
机构名称、绩效目标（不含完成情况）、评价人员、填报人和评价报告综述的提纲，数字、得分、完成情况、意见和日期
一律留空；去年的“三公经费”合计填为今年基础数据中的“上年三公经费”；年度为去年的下一年（--year 可改）。`,
		examples: []string{
			"jixiao template --year 2021 --unit 岳阳楼区某某中心 --code 200002",
			"jixiao template --from 2020年度自评报告.docx -o 2021填报表.xlsx",
			"jixiao template -o 2021填报表.xlsx --units 12",
		},
	}, stderr)
	out := fs.StringP("output", "o", "填报表.xlsx", "写入此`文件`")
	profile := fs.String("profile", "", "`表式`（编号或表式文件 .json，默认 "+templates.DefaultProfile+"）")
	year := fs.Int("year", 0, "预先填好的评价`年度`")
	unit := fs.String("unit", "", "预先填好的部门(单位)`名称`")
	code := fs.String("code", "", "预先填好的预算`编码`")
	units := fs.Int("units", 0, "收支表的机构`行数`（默认 8）")
	tasks := fs.Int("tasks", 0, "年度主要工作内容的任务`行数`（默认 10）")
	operation := fs.Int("operation", 0, "年度总体运行情况及取得的成绩的`行数`（默认 20）")
	goals := fs.Int("goals", 0, "定性目标的`行数`（默认 10）")
	targets := fs.Int("targets", 0, "定量目标每个指标的`行数`（默认 3）")
	evaluators := fs.Int("evaluators", 0, "评价人员的`行数`（默认 8）")
	paragraphs := fs.Int("paragraphs", 0, "评价报告综述每个标题下的`行数`（默认 3）")
	from := fs.String("from", "", "从去年的`报告`（.docx、.xlsx、.json）带入可沿用的内容")
	force := fs.Bool("force", false, "替换已存在的同名文件")
	if code := parse(fs, args, stdout); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(stderr, "template", "不需要参数，实际给了 %q（输出文件用 -o）", fs.Arg(0))
	}
	if *year != 0 && (*year < 2000 || *year > 2100) {
		return usageError(stderr, "template", "--year 应为 2000 到 2100 之间的年份，实际为 %d", *year)
	}
	for _, n := range []struct {
		name string
		v    int
	}{{"units", *units}, {"tasks", *tasks}, {"operation", *operation}, {"goals", *goals}, {"targets", *targets},
		{"evaluators", *evaluators}, {"paragraphs", *paragraphs}} {
		if n.v < 0 || n.v > 200 {
			return usageError(stderr, "template", "--%s 应在 1 到 200 之间，实际为 %d", n.name, n.v)
		}
	}
	outs := []output{{name: *out}}
	var inputs []string
	if *from != "" {
		inputs = []string{*from}
	}
	if why := refusals(outs, inputs, *force, outFile); len(why) > 0 {
		return refuse(stderr, "template", why)
	}
	p, ok := loadProfile(stderr, "template", *profile, "没有生成填报表")
	if !ok {
		return 1
	}
	opts := xlsx.TemplateOptions{Year: *year, Unit: *unit, BudgetCode: *code,
		Units: *units, Tasks: *tasks, Operation: *operation, Goals: *goals, Targets: *targets, Evaluators: *evaluators, Paragraphs: *paragraphs}
	if *from != "" {
		c := input.Read(*from, *profile)
		if c.Report == nil {
			for _, pr := range c.Problems {
				fmt.Fprintln(stderr, pr.Format(*from))
			}
			fmt.Fprintf(stderr, "jixiao template：无法读取 %s，没有生成填报表\n", *from)
			return 1
		}
		p = c.Profile
		opts.From(c.Report, c.Score)
	}
	var buf bytes.Buffer
	if err := xlsx.Template(&buf, p, opts); err != nil {
		fmt.Fprintf(stderr, "jixiao template：%v\n", err)
		return 1
	}
	outs[0].data = buf.Bytes()
	if err := writeOutputs(outs, *force); err != nil {
		fmt.Fprintf(stderr, "jixiao template：%v\n", err)
		return 1
	}
	if *from != "" {
		fmt.Fprintf(stdout, "已生成 %s（表式 %s，%d 年度，沿用 %s 中的单位信息、任务、目标、评价人员和提纲）\n", *out, p.ID, opts.Year, *from)
	} else {
		fmt.Fprintf(stdout, "已生成 %s（表式 %s）\n", *out, p.ID)
	}
	return 0
}

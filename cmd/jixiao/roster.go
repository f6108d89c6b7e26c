package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"jixiao/roster"
)

// runRosterTemplate is jixiao roster-template: the empty roster of units
// for bundle --roster. Its entry in main.go's command table is
// {"roster-template", runRosterTemplate}.
func runRosterTemplate(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("roster-template", help{
		use: "[-o 名单.xlsx|名单.csv] [--force]",
		summary: `生成空白的应报送单位名单，供 jixiao bundle --roster 使用：
每行一个单位，列为 预算编码、单位名称（必填）和 主管部门（可不填）。
.xlsx 名单的预算编码一栏为文本格式（012001 开头的 0 不会丢失），并附填写说明；.csv 名单只有表头。`,
		examples: []string{
			"jixiao roster-template -o 名单.xlsx",
			"jixiao bundle -o 2021汇总包 --roster 名单.xlsx 收到的报告/",
		},
	}, stderr)
	out := fs.StringP("output", "o", "名单.xlsx", "写入此`文件`（.xlsx 或 .csv）")
	force := fs.Bool("force", false, "替换已存在的同名文件")
	if code := parse(fs, args, stdout); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(stderr, "roster-template", "不需要参数，实际给了 %q（输出文件用 -o）", fs.Arg(0))
	}
	ext := strings.ToLower(filepath.Ext(*out))
	if ext != ".xlsx" && ext != ".csv" {
		return usageError(stderr, "roster-template", "名单应为 .xlsx 或 .csv 文件，实际为 %q", *out)
	}
	outs := []output{{name: *out}}
	if why := refusals(outs, nil, *force, outFile); len(why) > 0 {
		return refuse(stderr, "roster-template", why)
	}
	var buf bytes.Buffer
	if err := roster.WriteTemplate(&buf, ext == ".csv"); err != nil {
		fmt.Fprintf(stderr, "jixiao roster-template：%v\n", err)
		return 1
	}
	outs[0].data = buf.Bytes()
	if err := writeOutputs(outs, *force); err != nil {
		fmt.Fprintf(stderr, "jixiao roster-template：%v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "已生成 %s：每行填一个单位的 预算编码、单位名称（和 主管部门），再用 jixiao bundle --roster %s 汇总\n", *out, *out)
	return 0
}

package main

import (
	"fmt"
	"io"

	"jixiao/templates"
)

func runExample(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("example", help{
		use:      "[-o 文件] [--force]",
		summary:  "输出示例报告：岳阳楼区人力资源和社会保障网络信息服务中心 2020 年度自评报告（按公开发布的原文录入，手机号为虚构）。",
		examples: []string{"jixiao example -o 我的报告.json"},
	}, stderr)
	out := fs.StringP("output", "o", "", "写入此`文件`（默认输出到屏幕）")
	force := fs.Bool("force", false, "替换已存在的同名文件")
	if code := parse(fs, args, stdout); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(stderr, "example", "不需要参数，实际给了 %q", fs.Arg(0))
	}
	data := templates.Example()
	if *out == "" {
		if _, err := stdout.Write(data); err != nil {
			fmt.Fprintf(stderr, "jixiao example：无法输出：%v\n", err)
			return 1
		}
		return 0
	}
	outs := []output{{*out, data}}
	if why := refusals(outs, nil, *force, outFile); len(why) > 0 {
		return refuse(stderr, "example", why)
	}
	if err := writeOutputs(outs, *force); err != nil {
		fmt.Fprintf(stderr, "jixiao example：%v\n", err)
		return 1
	}
	return 0
}

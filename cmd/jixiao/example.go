package main

import (
	"fmt"
	"io"

	"jixiao/templates"
)

func runExample(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("example", "[-o 文件]",
		"输出示例报告：岳阳楼区人力资源和社会保障网络信息服务中心 2020 年度自评报告（按公开发布的原文录入，手机号为虚构）。", stderr)
	out := fs.StringP("output", "o", "", "写入此文件（默认输出到屏幕）")
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
	if err := writeFileAtomic(*out, data); err != nil {
		fmt.Fprintf(stderr, "jixiao example：%v\n", err)
		return 1
	}
	return 0
}

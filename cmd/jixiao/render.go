package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"jixiao"
	"jixiao/input"
	"jixiao/render"
)

func runRender(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("render", "[-o 文件夹] [--format docx,xlsx] [--profile 表式] [--strict] 报告…",
		`生成正式表式的自评报告：每个报告写出 文件夹/<报告文件名>.docx（Word）和 .xlsx（Excel）。
表中可推算的值（汇总行、合计、当年结余、总分、评价等次）一律按计算结果填写；检查发现的问题
照常列出。已有同名文件会被整体替换（先写临时文件再改名）。全部写出时退出码为 0；
有报告无法读取或无法写出时为 1；加 --strict 时有错误的报告不生成并且退出码为 1。`, stderr)
	outDir := fs.StringP("output", "o", ".", "写入此文件夹（不存在时自动创建）")
	formats := fs.String("format", "docx,xlsx", "生成的格式，用逗号分隔：docx、xlsx")
	profile := fs.String("profile", "", "按此表式生成（编号或 .json 文件），覆盖报告中的 profile")
	strict := fs.Bool("strict", false, "有错误的报告不生成")
	if code := parse(fs, args, stdout); code >= 0 {
		return code
	}
	if fs.NArg() == 0 {
		return usageError(stderr, "render", "需要至少一个报告文件")
	}
	var fmts []string
	for _, f := range strings.Split(*formats, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if render.Formats[f] == nil {
			return usageError(stderr, "render", "没有格式 %q（可用：docx、xlsx）", f)
		}
		fmts = append(fmts, f)
	}
	if err := os.MkdirAll(*outDir, 0o755); err != nil {
		fmt.Fprintf(stderr, "jixiao render：无法创建文件夹 %s：%v\n", *outDir, err)
		return 1
	}
	failed := false
	taken := map[string]string{}
	for _, file := range fs.Args() {
		base := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
		if other, dup := taken[strings.ToLower(base)]; dup {
			fmt.Fprintf(stderr, "%s：与 %s 的文件名相同，输出会相互覆盖，未生成（请改名，或分别用 -o 写到不同文件夹）\n", file, other)
			failed = true
			continue
		}
		taken[strings.ToLower(base)] = file
		c := input.Read(file, *profile)
		for _, p := range c.Problems {
			fmt.Fprintln(stderr, p.Format(file))
		}
		if c.Report == nil {
			failed = true
			continue
		}
		if *strict && jixiao.HasErrors(c.Problems) {
			fmt.Fprintf(stderr, "%s：有错误，未生成（--strict）\n", file)
			failed = true
			continue
		}
		docs, err := render.All(fmts, c.Profile, c.Report, c.Score)
		if err != nil {
			fmt.Fprintf(stderr, "%s：%v\n", file, err)
			failed = true
			continue
		}
		for i, f := range fmts {
			name := filepath.Join(*outDir, base+"."+f)
			if err := writeFileAtomic(name, docs[i]); err != nil {
				fmt.Fprintf(stderr, "jixiao render：%v\n", err)
				failed = true
				continue
			}
			fmt.Fprintf(stdout, "已生成 %s\n", name)
		}
	}
	if failed {
		return 1
	}
	return 0
}

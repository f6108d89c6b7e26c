package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"jixiao"
	"jixiao/disk"
	"jixiao/input"
)

func runImport(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("import", help{
		use: "[-o 文件.json] [--profile 表式] [--force] 工作簿.xlsx|报告.docx…",
		summary: `读取填好的 Excel 工作簿（jixiao template 生成的填报表，或 jixiao render 生成的报告工作簿），
或按正式表式填写的 Word 报告（.docx，手工填写或 jixiao render 生成），转成报告 JSON。
读不出的值逐个列出（工作表!单元格 或 表N 第R行 第C列、字段名、应为何值、实际为何值），按未填处理，
其余照常导入和检查；表式之外的内容逐条警告，不导入。
一个文件时 -o 为输出文件（默认 <文件名>.json）；多个文件时 -o 为文件夹。
从不覆盖输入文件；已有同名文件时不写，除非加 --force。有错误时退出码为 1。`,
		examples: []string{
			"jixiao import 填报表.xlsx",
			"jixiao import 自评报告.docx",
			"jixiao import --profile 我县2022.json -o 报告.json 填报表.xlsx",
		},
	}, stderr)
	out := fs.StringP("output", "o", "", "输出`文件`（一个文件）或文件夹（多个文件）")
	profile := fs.String("profile", "", "按此`表式`检查（编号或表式文件 .json）；用表式文件生成的填报表须用同一文件")
	force := fs.Bool("force", false, "替换已存在的同名文件（从不覆盖输入文件）")
	if code := parse(fs, args, stdout); code >= 0 {
		return code
	}
	if fs.NArg() == 0 {
		return usageError(stderr, "import", "需要至少一个工作簿或 Word 报告")
	}
	if _, ok := loadProfile(stderr, "import", *profile, "没有导入任何文件"); !ok {
		return 1
	}
	failed := false
	var outs []output
	for _, file := range fs.Args() {
		if strings.EqualFold(filepath.Ext(file), ".json") {
			fmt.Fprintf(stderr, "%s：错误：这是 JSON 报告，不用导入，可直接 check 或 render\n", file)
			failed = true
			continue
		}
		c := input.Read(file, *profile)
		for _, p := range c.Problems {
			fmt.Fprintln(stderr, p.Format(file))
		}
		if c.Report == nil {
			failed = true
			continue
		}
		failed = failed || c.Errors() > 0
		name := strings.TrimSuffix(file, filepath.Ext(file)) + ".json"
		switch {
		case *out != "" && fs.NArg() == 1:
			name = *out
		case *out != "":
			name = filepath.Join(*out, filepath.Base(name))
		}
		var buf bytes.Buffer
		if err := jixiao.EncodeJSON(&buf, c.Report); err != nil {
			fmt.Fprintf(stderr, "jixiao import：%v\n", err)
			return 1
		}
		outs = append(outs, output{name, buf.Bytes()})
	}
	elsewhere := outFile
	if fs.NArg() > 1 {
		elsewhere = outFolder
	}
	if why := refusals(outs, fs.Args(), *force, elsewhere); len(why) > 0 {
		return refuse(stderr, "import", why)
	}
	if *out != "" && fs.NArg() > 1 && len(outs) > 0 {
		if err := disk.MkdirAll(*out); err != nil {
			fmt.Fprintf(stderr, "jixiao import：无法创建文件夹 %s：%s\n", *out, disk.Explain(err))
			return 1
		}
	}
	for i, o := range outs {
		if err := writeOutputs(outs[i:i+1], *force); err != nil {
			fmt.Fprintf(stderr, "jixiao import：%v\n", err)
			failed = true
			continue
		}
		fmt.Fprintf(stdout, "已导入 → %s\n", o.name)
	}
	if failed {
		return 1
	}
	return 0
}

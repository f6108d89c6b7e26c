package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"jixiao"
	"jixiao/disk"
	"jixiao/form"
	"jixiao/input"
	"jixiao/render"
	"jixiao/render/pdf"
)

func runRender(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("render", help{
		use: "[-o 文件夹] [--format docx,xlsx,pdf] [--profile 表式] [--strict] [--force] 报告…",
		summary: `生成正式表式的自评报告：每个报告写出 文件夹/<单位名称>_<年度>年度部门整体支出绩效自评报告.docx（Word）
和 .xlsx（Excel）。报告可以是填好的工作簿（.xlsx）、按表式填写的 Word 报告（.docx）或 JSON。表中可推算的值（汇总行、合计、当年结余、
总分、评价等次）一律按计算结果填写；评分表没填完时，总分和等次留空。检查发现的问题照常列出；
有错误的报告生成为“草稿”，每页页眉注明“不能直接提交”。
从不覆盖输入文件；已有同名文件时不写任何文件，除非加 --force。
全部没有错误时退出码为 0；有报告有错误、无法读取或无法写出时为 1；用法错误或拒绝覆盖时为 2。`,
		examples: []string{
			"jixiao render 填报表.xlsx",
			"jixiao render -o 生成 --format docx 填报表.xlsx",
		},
	}, stderr)
	outDir := fs.StringP("output", "o", ".", "写入此`文件夹`（不存在时自动创建）")
	formats := fs.String("format", "docx,xlsx", "生成的`格式`，用逗号分隔：docx、xlsx、pdf（pdf 经 LibreOffice 由 Word 文件转出）")
	profile := fs.String("profile", "", "按此`表式`计分（编号或表式文件 .json），覆盖报告中的 profile")
	strict := fs.Bool("strict", false, "有错误的报告不生成")
	force := fs.Bool("force", false, "替换已存在的同名输出文件（从不覆盖输入文件）")
	if code := parse(fs, args, stdout); code >= 0 {
		return code
	}
	if fs.NArg() == 0 {
		return usageError(stderr, "render", "需要至少一个报告文件")
	}
	// -o is a folder, the files in it named after the unit: a file there,
	// or a name like out.docx, is a mistake to say, not a folder to make.
	if disk.Exists(*outDir) && !isDir(*outDir) {
		return usageError(stderr, "render", "-o 应为文件夹（生成的文件按单位名称命名），%s 是一个文件", *outDir)
	}
	if ext := strings.ToLower(filepath.Ext(*outDir)); !disk.Exists(*outDir) && slices.Contains([]string{".docx", ".xlsx", ".pdf", ".json"}, ext) {
		return usageError(stderr, "render", "-o 应为文件夹（生成的文件按单位名称命名），实际为 %q：请给一个文件夹，如 -o 生成", *outDir)
	}
	var fmts []string
	for _, f := range strings.Split(*formats, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if render.Formats[f] == nil && f != "pdf" {
			return usageError(stderr, "render", "没有格式 %q（可用：docx、xlsx、pdf）", f)
		}
		if !slices.Contains(fmts, f) {
			fmts = append(fmts, f)
		}
	}
	// The PDF is made from the Word file, by LibreOffice.
	wantPDF := slices.Contains(fmts, "pdf")
	made := slices.DeleteFunc(slices.Clone(fmts), func(f string) bool { return f == "pdf" })
	if wantPDF && !slices.Contains(made, "docx") {
		made = append(made, "docx")
	}
	if wantPDF {
		if _, err := pdf.Find(); err != nil {
			fmt.Fprintf(stderr, "jixiao render：%v\n", err)
			return 1
		}
	}

	if _, ok := loadProfile(stderr, "render", *profile, "没有生成任何文件"); !ok {
		return 1
	}
	// Read and render everything first, then check every output, then write:
	// a refusal writes nothing.
	type job struct {
		c    input.Checked
		outs []output
	}
	var jobs []job
	taken := map[string]bool{}
	failed := false
	for _, file := range fs.Args() {
		c := input.Read(file, *profile)
		for _, p := range c.Problems {
			fmt.Fprintln(stderr, p.Format(file))
		}
		if c.Report == nil {
			fmt.Fprintf(stdout, "%s：无法读取，未生成任何文件（错误 %d 个）\n", file, c.Errors())
			failed = true
			continue
		}
		if *strict && c.Errors() > 0 {
			fmt.Fprintf(stdout, "%s：有 %d 个错误，未生成（--strict）\n", file, c.Errors())
			failed = true
			continue
		}
		docs, err := render.All(made, c.Printed())
		if err != nil {
			fmt.Fprintf(stderr, "%s：%v\n", file, err)
			failed = true
			continue
		}
		stem := unique(filepath.Join(*outDir, disk.Name(form.FileStem(c.Report), "")), fmts, taken)
		j := job{c: c}
		for _, f := range fmts {
			o := output{name: stem + "." + f}
			if i := slices.Index(made, f); i >= 0 {
				o.data = docs[i]
			} else { // the PDF, converted below from the Word file
				o.data = docs[slices.Index(made, "docx")]
			}
			j.outs = append(j.outs, o)
		}
		jobs = append(jobs, j)
	}
	var all []output
	for _, j := range jobs {
		all = append(all, j.outs...)
	}
	if why := refusals(all, fs.Args(), *force, outFolder); len(why) > 0 {
		return refuse(stderr, "render", why)
	}
	if wantPDF && len(jobs) > 0 {
		if code := convertPDFs(jobs, func(j job) []output { return j.outs }, stderr); code != 0 {
			return code
		}
	}
	if len(all) > 0 {
		if err := disk.MkdirAll(*outDir); err != nil {
			fmt.Fprintf(stderr, "jixiao render：无法创建文件夹 %s：%s\n", *outDir, disk.Explain(err))
			return 1
		}
	}
	for _, j := range jobs {
		if err := writeOutputs(j.outs, *force); err != nil {
			fmt.Fprintf(stderr, "jixiao render：%v\n", err)
			failed = true
			continue
		}
		errs, warns := jixiao.Count(j.c.Problems)
		state := "可以提交"
		if errs > 0 {
			state = "草稿，不能直接提交"
			failed = true
		}
		fmt.Fprintf(stdout, "已生成 %s（%s：错误 %d 个，警告 %d 个）\n", names(j.outs), state, errs, warns)
	}
	if failed {
		return 1
	}
	return 0
}

// unique returns stem, or stem（2）, stem（3）… when another report of this
// run already takes its names.
func unique(stem string, formats []string, taken map[string]bool) string {
	s := stem
	for n := 2; ; n++ {
		free := true
		for _, f := range formats {
			if taken[strings.ToLower(s+"."+f)] {
				free = false
			}
		}
		if free {
			break
		}
		s = fmt.Sprintf("%s（%d）", stem, n)
	}
	for _, f := range formats {
		taken[strings.ToLower(s+"."+f)] = true
	}
	return s
}

// convertPDFs replaces the Word file held by each .pdf output of jobs by
// its PDF, converted by LibreOffice all at once; on failure it says why and
// returns 1, and nothing is written.
func convertPDFs[J any](jobs []J, outs func(J) []output, stderr io.Writer) int {
	var docs [][]byte
	var at []*output
	for _, j := range jobs {
		os := outs(j)
		for i := range os {
			if strings.HasSuffix(os[i].name, ".pdf") {
				docs = append(docs, os[i].data)
				at = append(at, &os[i])
			}
		}
	}
	fmt.Fprintf(stderr, "正在用 LibreOffice 转换 PDF（%d 份）……\n", len(docs))
	pdfs, err := pdf.Documents(context.Background(), docs, pdf.Options{})
	if err != nil {
		var fe *pdf.FileError
		if errors.As(err, &fe) {
			fmt.Fprintf(stderr, "jixiao render：无法转换为 PDF：%s；没有写出任何文件\n", fe.Reason)
		} else {
			fmt.Fprintf(stderr, "jixiao render：无法转换为 PDF：%v；没有写出任何文件\n", err)
		}
		return 1
	}
	for i, o := range at {
		o.data = pdfs[i]
	}
	return 0
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"

	"jixiao/bundle"
)

func runBundle(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("bundle", "[-o 文件夹] [--jobs N] [--format docx,xlsx,pdf] [--profile 表式] [--strict] [--force] 输入…",
		`把一批报告（.json 或 .xlsx 文件，或包含它们的文件夹，递归查找）生成财政局的年度汇总包：
  报告/<预算编码>_<单位名称>.docx、.xlsx（和 .pdf）
  汇总表.xlsx    每个单位一行（收支、三公经费、自评总分、重新计算、规则建议、评价等次、错误和警告数），
                 另有 问题清单 和 图表 两个工作表
  问题清单.csv   全部问题（UTF-8，Excel 可直接打开）
  bundle.json    输入文件及其 SHA-256、输出文件、计数、表式和工具版本
汇总包先写在目标旁边的临时文件夹里，完成后一次改名到位；中断（Ctrl-C）不会留下半成品。
有错误的单位照常生成并列出问题。没有单位有错误时退出码为 0，否则为 1，用法错误为 2。`, stderr)
	out := fs.StringP("output", "o", "汇总包", "汇总包文件夹（已存在时需加 --force）")
	jobs := fs.IntP("jobs", "j", runtime.NumCPU(), "并行生成的数量")
	formats := fs.String("format", "docx,xlsx", "每个单位生成的格式：docx、xlsx、pdf（pdf 需要 LibreOffice）")
	profile := fs.String("profile", "", "按此表式处理全部报告（编号或 .json 文件）")
	strict := fs.Bool("strict", false, "任何单位有错误时不写汇总包")
	force := fs.Bool("force", false, "替换已存在的汇总包文件夹")
	if code := parse(fs, args, stdout); code >= 0 {
		return code
	}
	if fs.NArg() == 0 {
		return usageError(stderr, "bundle", "需要至少一个输入文件或文件夹")
	}
	if *jobs < 1 {
		return usageError(stderr, "bundle", "--jobs 应为正整数，实际为 %d", *jobs)
	}
	var fmts []string
	for _, f := range strings.Split(*formats, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if f != "docx" && f != "xlsx" && f != "pdf" {
			return usageError(stderr, "bundle", "没有格式 %q（可用：docx、xlsx、pdf）", f)
		}
		fmts = append(fmts, f)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	opts := bundle.Options{Out: *out, Jobs: *jobs, Formats: fmts, Profile: *profile, Strict: *strict, Force: *force, Version: Version()}
	if isTerminal(stderr) {
		start := time.Now()
		opts.Progress = func(done, total, withErrors int) {
			rate := float64(done) / max(time.Since(start).Seconds(), 1e-3)
			fmt.Fprintf(stderr, "\r%s %d/%d  有错误的单位 %d  %.0f 份/秒 ", bar(done, total, 24), done, total, withErrors, rate)
			if done == total {
				fmt.Fprintln(stderr)
			}
		}
	}
	res, err := bundle.Run(ctx, fs.Args(), opts)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			fmt.Fprintln(stderr, "\njixiao bundle：已中断，未写出任何文件")
			return 1
		}
		fmt.Fprintf(stderr, "jixiao bundle：%v\n", err)
		if errors.Is(err, bundle.ErrExists) {
			return 2
		}
		return 1
	}
	c := res.Counts
	if !res.Written {
		for _, p := range res.Errors {
			fmt.Fprintln(stdout, p.Problem.Format(p.File))
		}
		fmt.Fprintf(stdout, "%d 个单位中 %d 个有错误，按 --strict 未写出汇总包\n", c.Units, c.UnitsWithErrors)
		return 1
	}
	fmt.Fprintf(stdout, "已写出 %s：%d 个单位，%d 个有错误；错误 %d 个，警告 %d 个（见 %s/%s）\n",
		*out, c.Units, c.UnitsWithErrors, c.Errors, c.Warnings, *out, bundle.ProblemsName)
	if c.UnitsWithErrors > 0 {
		return 1
	}
	return 0
}

func bar(done, total, width int) string {
	n := width
	if total > 0 {
		n = done * width / total
	}
	return "[" + strings.Repeat("█", n) + strings.Repeat("·", width-n) + "]"
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

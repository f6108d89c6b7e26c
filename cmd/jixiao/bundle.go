package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"jixiao"
	"jixiao/bundle"
)

func runBundle(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("bundle", help{
		use: "[-o 文件夹] [--roster 名单] [--year 年度] [--jobs N] [--format docx,xlsx,pdf] [--profile 表式] [--strict] [--force] 输入…",
		summary: `把收到的报告（文件，或包含它们的文件夹，递归查找）生成财政局的年度汇总包：
  报告/<预算编码>_<单位名称>.docx、.xlsx（和 .pdf）   计入汇总的每个单位一份
  反馈/<预算编码>_<单位名称>_反馈单.docx               每个单位的问题和评分核对，可直接发回单位
  汇总表.xlsx    汇总表（每个单位一行，有合计）、报送情况、问题清单、图表
  问题清单.csv   全部问题（UTF-8，Excel 可直接打开）
  bundle.json    输入和输出文件及其 SHA-256、每个文件的去向、计数、全部问题
每个文件都有交代：.json 和 .xlsx 读作报告；.xls、.et、.ods、.doc、.docx、.wps 等列出原因和办法（如“另存为 .xlsx”）。
同一预算编码只计一次，取报告日期最新的一份（日期相同取文件名标明修改的、再按文件名顺序取后者），其余列为“已被替换”。
只汇总一个年度（--year，默认取多数报告的年度）；其他年度的报告列为问题，不计入合计。
给出名单（--roster，.xlsx 或 .csv：预算编码、单位名称，可选 主管部门）时，列出未报送、名单外和名称不符的单位；
jixiao roster-template 生成空白名单。
汇总包先写在目标旁边的临时文件夹里，完成后一次改名到位；中断（Ctrl-C）不会留下半成品。
汇总包不能写在输入文件夹之内；可以写进一个空文件夹。已有汇总包时需加 --force，且 --force 只替换 jixiao 生成的汇总包，
其中有 jixiao 没有生成的文件（自己加的说明、批注，或改过的文件）时拒绝替换，不删除任何文件。
没有任何错误时退出码为 0，否则为 1（有错误的单位照常生成）；用法错误或拒绝替换时为 2。`,
		examples: []string{
			"jixiao bundle -o 2021汇总包 --roster 名单.xlsx 收到的报告/",
			"jixiao bundle -o 2021汇总包 --year 2021 --force --format docx,xlsx,pdf 收到的报告/",
		},
	}, stderr)
	out := fs.StringP("output", "o", "汇总包", "汇总包`文件夹`（不存在或空的文件夹；已有汇总包时需加 --force）")
	rosterFile := fs.String("roster", "", "应报送单位的`名单`（.xlsx 或 .csv）")
	year := fs.Int("year", 0, "汇总的`年度`（默认：多数报告的年度）")
	jobs := fs.IntP("jobs", "j", runtime.NumCPU(), "并行生成的`数量`")
	formats := fs.String("format", "docx,xlsx", "每个单位生成的`格式`：docx、xlsx、pdf（pdf 需要 LibreOffice）")
	profile := fs.String("profile", "", "按此`表式`处理全部报告（编号或表式文件 .json）")
	strict := fs.Bool("strict", false, "有任何错误时不写汇总包")
	force := fs.Bool("force", false, "替换已有的汇总包（只当其中全是 jixiao 生成的文件）")
	if code := parse(fs, args, stdout); code >= 0 {
		return code
	}
	if fs.NArg() == 0 {
		return usageError(stderr, "bundle", "需要至少一个输入文件或文件夹")
	}
	if *jobs < 1 {
		return usageError(stderr, "bundle", "--jobs 应为正整数，实际为 %d", *jobs)
	}
	if *year != 0 && (*year < 2000 || *year > 2100) {
		return usageError(stderr, "bundle", "--year 应为 2000 到 2100 之间的年份，实际为 %d", *year)
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
	opts := bundle.Options{Out: *out, Jobs: *jobs, Formats: fmts, Profile: *profile, Year: *year, Roster: *rosterFile,
		Strict: *strict, Force: *force, Version: Version()}
	if isTerminal(stderr) {
		start := time.Now()
		opts.Progress = func(done, total, withErrors int) {
			rate := float64(done) / max(time.Since(start).Seconds(), 1e-3)
			fmt.Fprintf(stderr, "\r%s %d/%d  有错误的报告 %d  %.0f 份/秒 ", bar(done, total, 24), done, total, withErrors, rate)
			if done == total {
				fmt.Fprintln(stderr)
			}
		}
		opts.PDFProgress = func(done, total int, left time.Duration) {
			fmt.Fprintf(stderr, "\r%s %d/%d  转换 PDF（LibreOffice）  还需约 %s ", bar(done, total, 24), done, total, left.Round(time.Second))
			if done == total {
				fmt.Fprintln(stderr)
			}
		}
	}
	res, err := bundle.Run(ctx, fs.Args(), opts)
	if err != nil {
		var ie *jixiao.InputError
		switch {
		case errors.Is(err, context.Canceled):
			fmt.Fprintln(stderr, "\njixiao bundle：已中断，未写出任何文件")
			return 1
		case errors.Is(err, bundle.ErrUsage):
			return usageError(stderr, "bundle", "%s", strings.TrimPrefix(err.Error(), bundle.ErrUsage.Error()+"："))
		case errors.As(err, &ie): // the roster
			fmt.Fprintf(stderr, "jixiao bundle：名单 %s 有误，未写出任何文件：\n%v\n", ie.File, err)
			return 1
		}
		fmt.Fprintf(stderr, "jixiao bundle：%v\n", err)
		if errors.Is(err, bundle.ErrExists) || errors.Is(err, bundle.ErrForeign) {
			return 2
		}
		return 1
	}
	c := res.Counts
	if !res.Written {
		for _, p := range res.Errors {
			fmt.Fprintln(stdout, p.Problem.Format(p.File))
		}
		fmt.Fprintf(stdout, "有错误 %d 个（%d 个单位有错误），按 --strict 未写出汇总包\n", c.Errors, c.UnitsWithErrors)
		return 1
	}
	problems := filepath.Join(*out, bundle.ProblemsName)
	printAttention(stdout, res, problems)
	fmt.Fprintf(stdout, "已写出 %s：%s\n", *out, bundleCounts(res, problems))
	if c.Errors > 0 {
		return 1
	}
	return 0
}

// printAttention lists what the bureau must look at, by kind with its count,
// one line per file or unit: files not read, reports of another year, units
// of the roster that have not reported, units not on it or whose name
// differs, reports replaced. A kind cut short says how many more there are.
func printAttention(w io.Writer, res *bundle.Result, problems string) {
	if len(res.Attention) == 0 {
		return
	}
	fmt.Fprintln(w, "需要处理：")
	for _, g := range res.Attention {
		fmt.Fprintf(w, "  %s %d 个：\n", g.Title, g.Count)
		for _, a := range g.Entries {
			fmt.Fprintln(w, "    "+attentionLine(a))
		}
		if more := g.Count - len(g.Entries); more > 0 {
			fmt.Fprintf(w, "    ……另有 %d 项，见 %s\n", more, problems)
		}
	}
}

// attentionLine is one file or unit to look at: the problem that says why,
// and how many more it has.
func attentionLine(a bundle.Attention) string {
	p := a.Problem
	var s string
	switch {
	case a.File == "" || p.Code == jixiao.CodeMissing:
		s = strings.TrimSpace(a.Code+" "+a.Unit) + "：" + p.Message
	case p.Place.IsZero() && p.Path != "": // a place in words, not a JSON path
		s = a.File + "：" + jixiao.PathText(p.Path) + "：" + p.Severity.String() + "：" + p.Message
	default:
		s = p.Format(a.File)
	}
	if a.More > 0 {
		s += fmt.Sprintf("（另有 %d 个问题）", a.More)
	}
	return s
}

// bundleCounts says in one sentence what came in and what was found.
func bundleCounts(res *bundle.Result, problems string) string {
	c := res.Counts
	year := ""
	if res.Year != 0 {
		year = fmt.Sprintf("%d 年度，", res.Year)
	}
	s := fmt.Sprintf("%s收到文件 %d 个，计入汇总 %d 个单位（%d 个有错误）", year, c.Files, c.Units, c.UnitsWithErrors)
	for _, p := range []struct {
		n    int
		what string
	}{{c.Replaced, "被替换"}, {c.OtherYear, "年度不符"}, {c.NotRead, "未读取"}} {
		if p.n > 0 {
			s += fmt.Sprintf("，%s %d 个", p.what, p.n)
		}
	}
	if c.Expected > 0 {
		s += fmt.Sprintf("；名单 %d 个单位，未报送 %d 个，名单外 %d 个", c.Expected, c.Missing, c.NotOnRoster)
	}
	if c.NameMismatch > 0 {
		s += fmt.Sprintf("，名称或编码需核对 %d 个", c.NameMismatch)
	}
	return s + fmt.Sprintf("；错误 %d 个，警告 %d 个（见 %s）", c.Errors, c.Warnings, problems)
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

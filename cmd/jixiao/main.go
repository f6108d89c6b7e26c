// Command jixiao produces and checks the year-end performance self-evaluation
// report of a budget unit (部门（单位）整体支出绩效评价自评报告).
package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"jixiao/disk"
)

const usage = `jixiao：部门（单位）整体支出绩效评价自评报告工具

用法：
  jixiao <命令> [选项] [文件…]

命令：
  render     生成正式表式的 Word 和 Excel 文件（报告可以是 JSON、Excel 或 Word）
  check      检查报告：表内各项合计、评分、评价等次，逐条列出问题
  bundle     把一批报告生成年度汇总包（各单位文件、汇总表、问题清单）
  template   生成给单位填写的空白 Excel 填报表
  import     把填好的 Excel 工作簿或 Word 报告转成报告 JSON
  roster-template  生成空白的应报送单位名单（供 bundle --roster 使用）
  example    输出示例报告（JSON）
  profiles   列出内置表式
  serve      在本机启动网页版（单位填报检查、财政局汇总）

每个命令的说明：jixiao <命令> --help；版本：jixiao --version
把报告文件拖到 jixiao 上（jixiao 文件…）：检查并在文件旁生成 Word 和 Excel 文件
`

type command struct {
	name string
	run  func(args []string, stdout, stderr io.Writer) int
}

var commands = []command{
	{"render", runRender},
	{"check", runCheck},
	{"bundle", runBundle},
	{"template", runTemplate},
	{"import", runImport},
	{"example", runExample},
	{"profiles", runProfiles},
	{"serve", runServe},
	{"roster-template", runRosterTemplate},
}

func main() {
	if len(os.Args) > 1 && os.Args[1] != "bundle" && os.Args[1] != "serve" { // those stop gracefully on their own
		exitOnSignal()
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// exitOnSignal makes an interrupt (Ctrl-C) or a termination remove the
// temporary file being written before the program exits: nothing is left
// half-written.
func exitOnSignal() {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		disk.RemoveTemporary()
		fmt.Fprintln(os.Stderr, "\njixiao：已中断")
		os.Exit(130)
	}()
}

// run dispatches to a subcommand and returns the exit code: 0 success, 1 a
// problem with the input, 2 a usage error.
func run(args []string, stdout, stderr io.Writer) int {
	// Double-click and drag-and-drop (desktop.go).
	if len(args) == 0 && ownsConsole() {
		return runDesktop(stdout, stderr)
	}
	if isDrop(args) {
		return runDropped(args, stdout, stderr)
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if args[0] == "--version" || args[0] == "-V" || args[0] == "version" {
		fmt.Fprintln(stdout, "jixiao "+Version())
		return 0
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "jixiao：没有命令 %q\n试试：jixiao --help\n", args[0])
	return 2
}

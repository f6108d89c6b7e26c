package main

// What the program does when it is not started from a terminal: on Windows,
// double-clicking jixiao.exe opens the web page, and dropping files onto it
// checks and renders them.

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"jixiao"
	"jixiao/disk"
	"jixiao/input"
	"jixiao/render"
	"jixiao/web"
)

// The program's ties to its surroundings, replaced in tests.
var (
	// ownsConsole reports whether the program has a console window of its own
	// that closes when it exits (Windows: it was double-clicked, or files
	// were dropped onto it).
	ownsConsole = consoleOwned
	// openBrowser opens a URL in the default browser.
	openBrowser = openURL
	// serveContext is done when the program is to stop: Ctrl+C, or the
	// console window closed (which Windows reports as SIGTERM).
	serveContext = func() (context.Context, context.CancelFunc) {
		return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	}
	// stdin is where the program waits for Enter before its window closes.
	stdin io.Reader = os.Stdin
)

// soleProcess reports whether a console with n attached processes is the
// program's own (GetConsoleProcessList: 1 when Explorer started it, 2 or more
// when it runs in a terminal).
func soleProcess(n int) bool { return n == 1 }

// runDesktop is a double-click: the web page on a free loopback port, opened
// in the default browser, until the window is closed.
func runDesktop(stdout, stderr io.Writer) int {
	ctx, stop := serveContext()
	defer stop()
	code := serve(ctx, serveOptions{addr: "127.0.0.1:0", open: true, desktop: true}, stdout, stderr)
	if code != 0 {
		waitEnter(stdout)
	}
	return code
}

// isDrop reports whether args are files dropped onto the program: every one
// names something that exists, and the first is not a command or an option.
func isDrop(args []string) bool {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") || args[0] == "help" ||
		slices.ContainsFunc(commands, func(c command) bool { return c.name == args[0] }) {
		return false
	}
	for _, a := range args {
		if _, err := os.Stat(a); err != nil {
			return false
		}
	}
	return true
}

// runDropped checks each dropped file, prints its problems and scores, and
// writes its Word file and workbook beside it under new names (never over a
// file that exists). When the program owns its window it waits for Enter, so
// that the result can be read.
func runDropped(args []string, stdout, stderr io.Writer) int {
	failed := false
	for _, file := range args {
		if !checkDropped(file, stdout) {
			failed = true
		}
		fmt.Fprintln(stdout)
	}
	if ownsConsole() {
		waitEnter(stdout)
	}
	if failed {
		return 1
	}
	return 0
}

// checkDropped checks and renders one dropped file; false when it has errors
// or could not be read or written.
func checkDropped(file string, w io.Writer) bool {
	fmt.Fprintf(w, "检查 %s\n", file)
	if st, err := os.Stat(file); err == nil && st.IsDir() {
		fmt.Fprintln(w, "  这是一个文件夹：请拖入填好的报告文件（.xlsx 或 .json）。财政局汇总一批报告请用网页或 jixiao bundle。")
		return false
	}
	c := input.Read(file, "")
	for _, p := range c.Problems {
		where := p.Where()
		if where != "" {
			where += "："
		}
		fmt.Fprintf(w, "  %s%s：%s\n", where, p.Severity, p.Message)
	}
	errs, warns := jixiao.Count(c.Problems)
	if c.Report == nil {
		fmt.Fprintln(w, "  无法读取，没有生成文件。")
		return false
	}
	_ = warns
	fmt.Fprintln(w, "  "+strings.TrimPrefix(summaryLine(c), c.File+"："))
	formats := []string{"docx", "xlsx"}
	docs, err := render.All(formats, c.Printed())
	if err != nil {
		fmt.Fprintf(w, "  %v\n", err)
		return false
	}
	base := filepath.Join(filepath.Dir(file), web.ReportName(c.Report))
	ok := errs == 0
	for i, f := range formats {
		name, err := writeNew(base, "."+f, docs[i])
		if err != nil {
			fmt.Fprintf(w, "  无法写出：%v\n", err)
			ok = false
			continue
		}
		fmt.Fprintf(w, "  已生成 %s\n", name)
	}
	if errs > 0 {
		fmt.Fprintln(w, "  有错误：生成的文件标为草稿。请按上面所列改正后，再把文件拖到 jixiao 上。")
	}
	return ok
}

// writeNew writes data to base+ext, or when that exists to base（2）+ext,
// base（3）+ext …, whole or not at all (disk.WriteFile): it never replaces a
// file. It returns the name written.
func writeNew(base, ext string, data []byte) (string, error) {
	for n := 1; n < 1000; n++ {
		name := base + ext
		if n > 1 {
			name = base + "（" + strconv.Itoa(n) + "）" + ext
		}
		err := disk.WriteFile(name, data, false)
		if errors.Is(err, disk.ErrExists) {
			continue
		}
		if err != nil {
			return "", err
		}
		return name, nil
	}
	return "", fmt.Errorf("%s%s 及其（2）到（999）都已存在", base, ext)
}

// waitEnter keeps the window open until Enter is pressed.
func waitEnter(w io.Writer) {
	fmt.Fprint(w, "按回车键关闭本窗口……")
	bufio.NewReader(stdin).ReadString('\n')
}

// openURL opens a URL in the default browser, without waiting for it.
func openURL(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	case "darwin":
		cmd = exec.Command("open", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() // reap it
	return nil
}

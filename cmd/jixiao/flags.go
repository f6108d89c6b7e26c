package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"
)

// command is a subcommand's help: its usage line after the name, what it
// does, and one or two examples.
type help struct {
	use      string
	summary  string
	examples []string
}

// newFlags returns a flag set for a subcommand whose --help prints, in
// Chinese throughout, what it does, its usage line, its options and examples.
func newFlags(name string, h help, stderr io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.SortFlags = false
	fs.Usage = func() {
		var b strings.Builder
		fmt.Fprintf(&b, "%s\n\n用法：\n  jixiao %s %s\n\n选项：\n%s", h.summary, name, h.use, flagUsages(fs))
		if len(h.examples) > 0 {
			b.WriteString("\n例子：\n")
			for _, e := range h.examples {
				b.WriteString("  " + e + "\n")
			}
		}
		fmt.Fprint(fs.Output(), b.String())
	}
	return fs
}

// flagUsages lists the options in Chinese: the placeholder of a value is the
// word in backquotes in its usage (写入此`文件夹`), and a default is given as
// （默认：…）.
func flagUsages(fs *pflag.FlagSet) string {
	type line struct{ left, right string }
	var lines []line
	width := 0
	fs.VisitAll(func(f *pflag.Flag) {
		name, usage := pflag.UnquoteUsage(f)
		left := "      --" + f.Name
		if f.Shorthand != "" {
			left = "  -" + f.Shorthand + ", --" + f.Name
		}
		if f.Value.Type() != "bool" {
			switch name {
			case "string":
				name = "文字"
			case "int":
				name = "数字"
			}
			left += " " + name
		}
		if d := f.DefValue; d != "" && d != "false" && d != "0" && d != "[]" {
			usage += "（默认：" + d + "）"
		}
		lines = append(lines, line{left, usage})
		width = max(width, displayWidth(left))
	})
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l.left + strings.Repeat(" ", width-displayWidth(l.left)+3) + l.right + "\n")
	}
	return b.String()
}

// displayWidth counts a Chinese character as two columns of a terminal.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x1100 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// parse parses args; it returns the exit code to stop with, or -1 to go on.
func parse(fs *pflag.FlagSet, args []string, stdout io.Writer) int {
	help := fs.BoolP("help", "h", false, "显示本说明")
	err := fs.Parse(args)
	if errors.Is(err, pflag.ErrHelp) || err == nil && *help {
		fs.SetOutput(stdout)
		fs.Usage()
		return 0
	}
	if err != nil {
		fmt.Fprintf(fs.Output(), "jixiao %s：%s\n试试：jixiao %s --help\n", fs.Name(), flagError(err), fs.Name())
		return 2
	}
	return -1
}

// flagError says in Chinese what is wrong with the options.
func flagError(err error) string {
	var (
		notExist *pflag.NotExistError
		required *pflag.ValueRequiredError
		invalid  *pflag.InvalidValueError
		syntax   *pflag.InvalidSyntaxError
	)
	switch {
	case errors.As(err, &notExist):
		if s := notExist.GetSpecifiedShortnames(); s != "" {
			return fmt.Sprintf("没有选项 -%s（在 -%s 中）", notExist.GetSpecifiedName(), s)
		}
		return "没有选项 --" + notExist.GetSpecifiedName()
	case errors.As(err, &required):
		if s := required.GetSpecifiedShortnames(); s != "" {
			return fmt.Sprintf("选项 -%s 需要一个值", required.GetSpecifiedName())
		}
		return "选项 --" + required.GetSpecifiedName() + " 需要一个值"
	case errors.As(err, &invalid):
		what := "值"
		switch invalid.GetFlag().Value.Type() {
		case "int":
			what = "整数"
		case "bool":
			what = "true 或 false"
		}
		return fmt.Sprintf("选项 --%s 应为%s，实际为 %q", invalid.GetFlag().Name, what, invalid.GetValue())
	case errors.As(err, &syntax):
		return "选项写法不对：" + syntax.GetSpecifiedFlag()
	}
	return err.Error()
}

// usageError prints a usage error with a hint and returns 2.
func usageError(stderr io.Writer, name, format string, args ...any) int {
	fmt.Fprintf(stderr, "jixiao %s：%s\n试试：jixiao %s --help\n", name, fmt.Sprintf(format, args...), name)
	return 2
}

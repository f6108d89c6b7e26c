package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/pflag"
)

// newFlags returns a flag set for a subcommand whose --help prints summary, its
// usage line and the flags.
func newFlags(name, use, summary string, stderr io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "%s\n\n用法：\n  jixiao %s %s\n\n选项：\n%s", summary, name, use, fs.FlagUsages())
	}
	return fs
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
		fmt.Fprintf(fs.Output(), "jixiao %s：%v\n试试：jixiao %s --help\n", fs.Name(), err, fs.Name())
		return 2
	}
	return -1
}

// usageError prints a usage error with a hint and returns 2.
func usageError(stderr io.Writer, name, format string, args ...any) int {
	fmt.Fprintf(stderr, "jixiao %s：%s\n试试：jixiao %s --help\n", name, fmt.Sprintf(format, args...), name)
	return 2
}

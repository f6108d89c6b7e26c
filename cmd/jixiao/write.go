package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"jixiao/disk"
)

// output is a file a command is about to write.
type output struct {
	name string
	data []byte
}

// What -o names, for the refusals' advice: a file, or a folder (render, and
// import of several files).
const (
	outFile   = "别的文件夹或文件名"
	outFolder = "别的文件夹"
)

// refusals returns why outputs cannot be written: an output that is one of
// the command's inputs (never written, whatever --force says), or that exists
// while force is not set. Each line names the file and says how to go on:
// elsewhere is outFile or outFolder, what -o can change.
func refusals(outs []output, inputs []string, force bool, elsewhere string) []string {
	var why []string
	for _, o := range outs {
		switch {
		case isInput(o.name, inputs):
			why = append(why, o.name+" 是这次要读取的输入文件，不会被覆盖：请用 -o 写到"+elsewhere)
		case !force && disk.Exists(o.name):
			why = append(why, o.name+" 已存在：加 --force 替换它，或用 -o 写到"+elsewhere)
		}
	}
	return why
}

func isInput(name string, inputs []string) bool {
	for _, in := range inputs {
		if disk.Same(name, in) {
			return true
		}
	}
	return false
}

// refuse prints the refusals of a command and returns exit code 2.
func refuse(stderr io.Writer, cmd string, why []string) int {
	for _, w := range why {
		fmt.Fprintf(stderr, "jixiao %s：%s\n", cmd, w)
	}
	fmt.Fprintf(stderr, "jixiao %s：没有写出任何文件\n", cmd)
	return 2
}

// writeOutputs writes outputs, each whole or not at all, making the folders
// they go in; force replaces existing files. It returns the first error,
// naming the file (or folder) and saying the cause in Chinese.
func writeOutputs(outs []output, force bool) error {
	for _, o := range outs {
		if dir := filepath.Dir(o.name); !disk.Exists(dir) {
			if err := disk.MkdirAll(dir); err != nil {
				return fmt.Errorf("无法创建文件夹 %s：%s", dir, disk.Explain(err))
			}
		}
		if err := disk.WriteFile(o.name, o.data, force); err != nil {
			if errors.Is(err, disk.ErrExists) {
				return fmt.Errorf("%s 已存在（刚被别的程序创建）：未替换", o.name)
			}
			return err
		}
	}
	return nil
}

// names joins file names for a message: a.docx、a.xlsx.
func names(outs []output) string {
	ns := make([]string, len(outs))
	for i, o := range outs {
		ns[i] = o.name
	}
	return strings.Join(ns, "、")
}

// isDir reports whether path is a folder (following symbolic links).
func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

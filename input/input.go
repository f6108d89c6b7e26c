// Package input reads a report file (JSON now; workbooks once the Excel reader
// lands), picks its profile, and checks and scores it. A problem with the file
// itself is returned as a problem too, so that one bad file never stops others.
package input

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"jixiao"
	"jixiao/check"
	"jixiao/render/xlsx"
	"jixiao/scoring"
	"jixiao/templates"
)

// Checked is one input read, checked and scored.
type Checked struct {
	File     string
	Report   *jixiao.Report // nil when the file could not be read
	Profile  *jixiao.Profile
	Score    *scoring.Result
	Problems []jixiao.Problem // sorted by place
}

// IsWorkbook reports whether a file is to be read as a workbook: by its name
// (.xlsx, .xlsm, .xls, .docx …) or by its first bytes (a zip or an OLE file).
// The workbook reader then explains what a file that is not an .xlsx is.
func IsWorkbook(file string, data []byte) bool {
	switch strings.ToLower(filepath.Ext(file)) {
	case ".json":
		return false
	case ".xlsx", ".xlsm", ".xls", ".et", ".docx", ".doc", ".wps", ".zip":
		return true
	}
	return bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0})
}

// Read reads and checks one report file: JSON, or a workbook (the fill-in
// template or a rendered report workbook). profile, when not "", overrides the
// profile the report names. Problems with the file itself come back as problems
// too, so that one bad file never stops the others.
func Read(file, profile string) Checked {
	out := Checked{File: file}
	fail := func(code, msg string) Checked {
		out.Problems = []jixiao.Problem{{Code: code, Message: msg}}
		return out
	}
	st, err := os.Stat(file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fail(jixiao.CodeFile, "文件不存在")
	case err != nil:
		return fail(jixiao.CodeFile, "无法读取："+err.Error())
	case st.IsDir():
		return fail(jixiao.CodeFile, "这是一个文件夹，不是报告文件")
	case st.Size() > max(jixiao.MaxJSONSize, xlsx.MaxFileSize):
		return fail(jixiao.CodeFile, fmt.Sprintf("文件过大（%d 字节，最多 %d 字节）", st.Size(), max(jixiao.MaxJSONSize, xlsx.MaxFileSize)))
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return fail(jixiao.CodeFile, "无法读取："+err.Error())
	}
	read := jixiao.ReadReport
	if IsWorkbook(file, data) {
		read = xlsx.Read
	}
	r, src, warnings, err := read(file, data)
	var ie *jixiao.InputError
	if errors.As(err, &ie) {
		out.Problems = ie.Problems
		return out
	} else if err != nil {
		return fail(jixiao.CodeFile, err.Error())
	}
	name := r.Profile
	if profile != "" {
		name = profile
	}
	p, err := templates.Profile(name)
	if err != nil {
		out.Problems = []jixiao.Problem{{Code: jixiao.CodeProfile, Path: "profile", Label: jixiao.Label("profile"), Message: err.Error()}}
		if errors.As(err, &ie) {
			out.Problems = ie.Problems
		}
		src.Locate(out.Problems)
		return out
	}
	res, problems := check.Report(p, r)
	problems = append(warnings, problems...)
	src.Locate(problems)
	out.Report, out.Profile, out.Score, out.Problems = r, p, res, problems
	return out
}

// Package input reads a report file (JSON now; workbooks once the Excel reader
// lands), picks its profile, and checks and scores it. A problem with the file
// itself is returned as a problem too, so that one bad file never stops others.
package input

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"jixiao"
	"jixiao/check"
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

// Read reads and checks one report file. profile, when not "", overrides the
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
	case st.Size() > jixiao.MaxJSONSize:
		return fail(jixiao.CodeFile, fmt.Sprintf("文件过大（%d 字节，最多 %d 字节）", st.Size(), jixiao.MaxJSONSize))
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return fail(jixiao.CodeFile, "无法读取："+err.Error())
	}
	r, src, warnings, err := jixiao.ReadReport(file, data)
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

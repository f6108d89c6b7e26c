// Package input reads a report file (JSON or a workbook), picks the profile
// that scores it, and checks and scores it. A problem with the file itself is
// returned as a problem too, so that one bad file never stops others.
package input

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"jixiao"
	"jixiao/check"
	"jixiao/disk"
	"jixiao/form"
	"jixiao/render/docx"
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
	// Source is where each value of the report came from; nil when the
	// file could not be read.
	Source *jixiao.Source
	// Unchecked names the checks that could not be made (check.Result).
	Unchecked []string
}

// Errors returns the number of errors among the problems.
func (c Checked) Errors() int {
	e, _ := jixiao.Count(c.Problems)
	return e
}

// Printed returns the report as the form prints it; a report with errors
// prints as a draft.
func (c Checked) Printed() *form.Printed {
	return form.Print(c.Profile, c.Report, c.Score, c.Errors())
}

// IsWord reports whether a file is to be read as a Word document: by its
// name (.docx, .doc, .wps …) or, whatever its name, by being a zip holding
// word/document.xml. The Word reader then explains what a file that is not
// a .docx is (a .doc or .wps to save as .docx).
func IsWord(file string, data []byte) bool {
	switch strings.ToLower(filepath.Ext(file)) {
	case ".docx", ".docm", ".dotx", ".dotm", ".doc", ".dot", ".wps", ".wpt", ".rtf", ".odt":
		return true
	case ".json", ".xlsx", ".xlsm", ".xls", ".et":
		return false
	}
	return bytes.HasPrefix(data, []byte("PK\x03\x04")) && bytes.Contains(data, []byte("word/document.xml"))
}

// IsWorkbook reports whether a file that is not a Word document is to be
// read as a workbook: by its name (.xlsx, .xlsm, .xls …) or by its first
// bytes (a zip or an OLE file). The workbook reader then explains what a
// file that is not an .xlsx is.
func IsWorkbook(file string, data []byte) bool {
	switch strings.ToLower(filepath.Ext(file)) {
	case ".json":
		return false
	case ".xlsx", ".xlsm", ".xls", ".et", ".zip":
		return true
	}
	return bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0})
}

// MaxSize returns the largest input accepted for a file name.
func MaxSize(file string) int64 {
	if strings.EqualFold(filepath.Ext(file), ".json") {
		return jixiao.MaxJSONSize
	}
	return xlsx.MaxFileSize
}

// Read reads and checks one report file: JSON, or a workbook (the fill-in
// template or a rendered report workbook). profile, when not "", is the
// profile that scores the report (an ID or a profile file) whatever the
// report names; otherwise the report's profile, which must be a shipped one:
// a submitted file never chooses the rules it is scored by. Problems with the
// file itself come back as problems too, so that one bad file never stops the
// others.
func Read(file, profile string) Checked {
	out := Checked{File: file}
	fail := func(code, msg string) Checked {
		out.Problems = []jixiao.Problem{{Code: code, Message: msg}}
		return out
	}
	data, err := disk.Read(file, MaxSize(file))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fail(jixiao.CodeFile, "文件不存在")
	case errors.Is(err, disk.ErrNotRegular):
		if disk.Exists(file) && isDir(file) {
			return fail(jixiao.CodeFile, "这是一个文件夹，不是报告文件")
		}
		return fail(jixiao.CodeFile, err.Error())
	case err != nil:
		var se *disk.SizeError
		if errors.As(err, &se) {
			return fail(jixiao.CodeFile, se.Error())
		}
		if isDir(file) {
			return fail(jixiao.CodeFile, "这是一个文件夹，不是报告文件")
		}
		return fail(jixiao.CodeFile, "无法读取："+disk.Explain(err))
	}
	return ReadData(file, data, profile)
}

// ReadData is Read of a file's contents already in memory (an upload).
func ReadData(file string, data []byte, profile string) Checked {
	out := Checked{File: file}
	if k := KindOf(file); k.Known() && !k.Read && !k.Report && !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		// A scan, a picture, an archive: said as the bundle says it, with
		// what to do (the readers explain an old .xls or .doc themselves; a
		// zip by another name is read for what it holds).
		out.Problems = []jixiao.Problem{{Code: jixiao.CodeFile, Message: k.Why(file)}}
		return out
	}
	read := jixiao.ReadReport
	switch {
	case IsWord(file, data):
		read = func(file string, data []byte) (*jixiao.Report, *jixiao.Source, []jixiao.Problem, error) {
			return docx.ReadReport(file, data, layouts(profile))
		}
	case IsWorkbook(file, data):
		read = xlsx.Read
	}
	r, src, problems, err := read(file, data)
	var ie *jixiao.InputError
	if errors.As(err, &ie) {
		out.Problems = jixiao.Limit(ie.Problems)
		return out
	} else if err != nil {
		out.Problems = []jixiao.Problem{{Code: jixiao.CodeFile, Message: disk.Explain(err)}}
		return out
	}
	problems = append(problems, jixiao.Tidy(r)...)
	p, pps := choose(profile, r, src)
	for i := range pps {
		if pps[i].Path != "" { // the report's own profile field
			pps[i].Place = src.Place(pps[i].Path)
		}
	}
	if p == nil {
		src.Locate(problems)
		jixiao.NameRows(r, problems)
		out.Problems = append(problems, pps...) // about the profile: not placed in the report
		jixiao.SortProblems(out.Problems)
		out.Problems = jixiao.Limit(out.Problems)
		return out
	}
	res := check.Report(p, r, problems)
	src.Locate(res.Problems)
	jixiao.NameRows(r, res.Problems)
	res.Problems = append(res.Problems, pps...)
	jixiao.SortProblems(res.Problems)
	res.Problems = jixiao.Limit(res.Problems)
	out.Report, out.Profile, out.Score, out.Problems, out.Unchecked, out.Source = r, p, res.Score, res.Problems, res.Unchecked, src
	return out
}

// layouts are the profiles a Word report may be laid out by: the one asked
// for, or the shipped ones, the default first.
func layouts(asked string) []*jixiao.Profile {
	if asked != "" {
		if p, err := templates.Profile(asked); err == nil {
			return []*jixiao.Profile{p}
		}
	}
	var out []*jixiao.Profile
	if p, ok := templates.Shipped(templates.DefaultProfile); ok {
		out = append(out, p)
	}
	for _, p := range templates.Profiles() {
		if p.ID != templates.DefaultProfile {
			out = append(out, p)
		}
	}
	return out
}

func isDir(file string) bool {
	st, err := os.Stat(file)
	return err == nil && st.IsDir()
}

// choose picks the profile that scores r: the one asked for, or the shipped
// profile the report names. A workbook carries the profile it was laid out
// by; when its rules differ from the chosen profile's, a warning says so.
func choose(asked string, r *jixiao.Report, src *jixiao.Source) (*jixiao.Profile, []jixiao.Problem) {
	profileProblem := func(sev jixiao.Severity, msg string) jixiao.Problem {
		return jixiao.Problem{Severity: sev, Code: jixiao.CodeProfile, Path: "profile", Label: jixiao.Label("profile"), Message: msg}
	}
	var p *jixiao.Profile
	switch {
	case asked != "":
		var err error
		if p, err = templates.Profile(asked); err != nil {
			return nil, profileFileProblems(asked, err)
		}
	case templates.IsFile(r.Profile):
		return nil, []jixiao.Problem{profileProblem(jixiao.Error, fmt.Sprintf(
			"报告中的 profile 只能是内置表式的编号（%s），实际为 %s：表式文件请在命令行用 --profile 指定",
			strings.Join(shippedIDs(), "、"), jixiao.Quote(r.Profile)))}
	default:
		id := r.Profile
		if id == "" {
			id = templates.DefaultProfile
		}
		var ok bool
		if p, ok = templates.Shipped(id); !ok {
			msg := fmt.Sprintf("没有表式 %s（可用：%s）；如这是表式文件的 id（用 --profile 表式文件导入的报告），请加 --profile 表式文件.json",
				jixiao.Quote(id), strings.Join(shippedIDs(), "、"))
			if src.Layout != nil {
				msg = fmt.Sprintf("这个工作簿按表式 %s 生成，它不是内置表式：请用 --profile 指定该表式的文件", jixiao.Quote(id))
			}
			return nil, []jixiao.Problem{profileProblem(jixiao.Error, msg)}
		}
	}
	if src.Layout != nil && src.Layout != p && !sameRules(src.Layout, p) {
		return p, []jixiao.Problem{profileProblem(jixiao.Warning, fmt.Sprintf(
			"工作簿中保存的评分表（表式 %s）与用来计分的表式 %s 不同：按表式 %s 计分", src.Layout.ID, p.ID, p.ID))}
	}
	return p, nil
}

// sameRules reports whether two profiles score alike: the same tree, rules,
// grades and counting.
func sameRules(a, b *jixiao.Profile) bool {
	enc := func(p *jixiao.Profile) []byte {
		data, err := json.Marshal(struct {
			Tree     []jixiao.Level1
			Grades   []jixiao.Grade
			Counting string
		}{p.Tree, p.Grades, p.Counting})
		if err != nil {
			return nil
		}
		return data
	}
	ea, eb := enc(a), enc(b)
	return ea != nil && bytes.Equal(ea, eb)
}

func shippedIDs() []string {
	var ids []string
	for _, p := range templates.Profiles() {
		ids = append(ids, p.ID)
	}
	return ids
}

// profileFileProblems turns what is wrong with a profile into problems of code
// profile that name the profile (its file, and each problem's place in it).
func profileFileProblems(name string, err error) []jixiao.Problem {
	var ie *jixiao.InputError
	if !errors.As(err, &ie) {
		return []jixiao.Problem{{Code: jixiao.CodeProfile, Path: "profile", Label: jixiao.Label("profile"), Message: err.Error()}}
	}
	var ps []jixiao.Problem
	for _, p := range ie.Problems {
		where := p.Where()
		if where != "" {
			where = ":" + where
		}
		ps = append(ps, jixiao.Problem{Severity: p.Severity, Code: jixiao.CodeProfile,
			Message: "表式文件 " + ie.File + where + " 有误：" + p.Message})
	}
	return ps
}

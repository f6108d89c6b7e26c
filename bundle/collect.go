package bundle

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"jixiao"
	"jixiao/disk"
	"jixiao/input"
)

// WalkProblem is a file found while collecting inputs that is not read: a
// report in a format the tool does not read, a file that is no report, a
// bundle, a link to a folder, a device, a folder that cannot be read.
type WalkProblem struct {
	File   string
	Status string // jixiao.IntakeUnreadable, IntakeNotReport or IntakeSkipped
	jixiao.Problem
}

// systemFiles are files the desktop makes in folders; they are skipped
// without a word, as are hidden files and Office's lock files (~$…).
var systemFiles = map[string]bool{"thumbs.db": true, "desktop.ini": true, "ehthumbs.db": true}

// Ignored reports whether a file or folder of this name (one element of a
// path) is left out of a folder's walk without a word: a hidden one (.…),
// Office's lock file (~$…), the desktop's Thumbs.db, desktop.ini and
// ehthumbs.db. An ignored folder is not entered.
func Ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") || systemFiles[strings.ToLower(name)]
}

// Collect expands inputs. A folder is searched recursively, in name order:
// the files Read reads (input.Readable: .json, .xlsx and .docx) are returned, and
// every other file is accounted for as a WalkProblem with what it is and
// what to do (an .xls: 「另存为 .xlsx」); hidden files, Office lock files
// (~$…) and the desktop's Thumbs.db and desktop.ini are skipped. Symbolic
// links to folders are not followed. A file named as an input is read unless
// its kind is one Read cannot read. The result has no duplicates and keeps
// the order of the inputs.
func Collect(inputs []string) ([]string, []WalkProblem, error) {
	var files []string
	var problems []WalkProblem
	seen := map[string]bool{}
	first := func(f string) bool {
		key := filepath.Clean(f)
		if abs, err := filepath.Abs(f); err == nil {
			key = abs
		}
		if seen[key] {
			return false
		}
		seen[key] = true
		return true
	}
	skip := func(path string, sev jixiao.Severity, status, msg string) {
		if first(path) {
			problems = append(problems, WalkProblem{path, status, jixiao.Problem{Severity: sev, Code: jixiao.CodeFile, Message: msg}})
		}
	}
	// add takes a file by its kind.
	add := func(path string, named bool) {
		k := input.KindOf(path)
		switch {
		case k.Read || named && !k.Known():
			if first(path) {
				files = append(files, path)
			}
		case k.Report:
			skip(path, jixiao.Error, jixiao.IntakeUnreadable, k.Why(path))
		default:
			skip(path, jixiao.Warning, jixiao.IntakeNotReport, k.Why(path))
		}
	}
	for _, in := range inputs {
		st, err := os.Stat(in)
		if err != nil || !st.IsDir() {
			add(in, true) // input.Read reports a missing or unreadable file
			continue
		}
		err = filepath.WalkDir(in, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				skip(path, jixiao.Error, jixiao.IntakeSkipped, "无法读取文件夹："+disk.Explain(err))
				return nil
			}
			name := d.Name()
			if path != in && Ignored(name) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() && IsBundle(path) {
				skip(path, jixiao.Warning, jixiao.IntakeSkipped, "这是 jixiao 生成的汇总包，其中的文件不作为报告读入")
				return filepath.SkipDir
			}
			if d.IsDir() {
				return nil
			}
			mode := d.Type()
			if mode&fs.ModeSymlink != 0 {
				st, err := os.Stat(path)
				switch {
				case err != nil:
					skip(path, jixiao.Error, jixiao.IntakeSkipped, "符号链接指向的文件不存在或无法读取")
					return nil
				case st.IsDir():
					skip(path, jixiao.Warning, jixiao.IntakeSkipped, "符号链接指向文件夹，未进入（避免循环）")
					return nil
				}
				mode = st.Mode().Type()
			}
			if !mode.IsRegular() { // a FIFO, a device, a socket: never opened
				skip(path, jixiao.Error, jixiao.IntakeSkipped, disk.ErrNotRegular.Error())
				return nil
			}
			add(path, false)
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return files, problems, nil
}

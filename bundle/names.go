package bundle

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/disk"
)

// FileName makes a file name from a budget code and a unit name that is safe on
// Windows, macOS and Linux (disk.Name): no path separators or reserved
// characters, no control characters, no reserved device names, no leading or
// trailing dots or spaces, and short enough in bytes for every file system
// with its extension, a clash counter （2） and the feedback's _反馈单.
func FileName(code, unit string) string {
	return disk.Name(strings.TrimSpace(code)+"_"+strings.TrimSpace(unit), "")
}

// feedbackSuffix ends the name of a unit's feedback sheet.
const feedbackSuffix = "_反馈单.docx"

// nameOutputs names the documents of each unit the bundle takes (counted, or
// of another year: those get a feedback sheet) from 预算编码 and the unit
// name in input order, so that names do not depend on which worker finished
// first, and moves the documents of the counted units from .work to
// 报告/<name>.<format>.
func (r *run) nameOutputs() {
	taken := map[string]bool{}
	for _, u := range r.units {
		if !u.own || !u.read {
			continue
		}
		base := FileName(u.code, u.unit)
		name := base
		for n := 2; taken[strings.ToLower(name)]; n++ {
			name = base + "（" + strconv.Itoa(n) + "）"
		}
		taken[strings.ToLower(name)] = true
		u.name = name
		if name != base {
			u.problem(jixiao.Warning, jixiao.CodeDuplicate, "",
				fmt.Sprintf("与另一份报告的预算编码和单位名称相同，文件名改为 %s", name))
		}
		if u.status != jixiao.IntakeCounted || !u.rendered {
			continue
		}
		for _, f := range r.o.Formats {
			if f == "pdf" || !slices.Contains(u.made, f) {
				continue // converted from the Word file later (toPDF); or could not be made (a problem of the unit)
			}
			rel := UnitsDir + "/" + name + "." + f
			if err := os.Rename(filepath.Join(r.work(), strconv.Itoa(u.index)+"."+f), filepath.Join(r.tmp, filepath.FromSlash(rel))); err != nil {
				// This unit's problem, never the bundle's.
				u.problem(jixiao.Error, jixiao.CodeFile, "",
					fmt.Sprintf("无法写出本单位的文件 %s.%s：%s", jixiao.Short(name), f, disk.Explain(err)))
				for _, g := range u.outputs {
					os.Remove(filepath.Join(r.tmp, filepath.FromSlash(g)))
				}
				u.outputs = nil
				break
			}
			u.outputs = append(u.outputs, rel)
		}
	}
}

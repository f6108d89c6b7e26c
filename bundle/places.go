package bundle

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"

	"jixiao/disk"
)

// IsBundle reports whether dir is a bundle this tool made: a folder holding a
// bundle.json that says so.
func IsBundle(dir string) bool {
	f, err := os.Open(filepath.Join(dir, ManifestName))
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 256)
	n, _ := io.ReadFull(f, head)
	return manifestHead.Match(head[:n])
}

var manifestHead = regexp.MustCompile(`^\{\s*"tool":\s*"jixiao"`)

// checkInputs refuses a run whose bundle would be written over or inside its
// inputs or its roster, or whose inputs lie inside the bundle, or that names
// an input or a roster that does not exist.
func checkInputs(inputs []string, rosterFile, out string) error {
	if rosterFile != "" {
		switch {
		case !disk.Exists(rosterFile):
			return usage("名单 %s 不存在", rosterFile)
		case disk.Within(rosterFile, out):
			return usage("名单 %s 在汇总包 %s 之中：替换汇总包会删除它；请写到别处（-o）", rosterFile, out)
		}
	}
	for _, in := range inputs {
		if !disk.Exists(in) {
			return usage("输入 %s 不存在", in)
		}
		switch {
		case disk.Within(out, in):
			return usage("汇总包 %s 在输入 %s 之中：下次运行会把汇总包当作报告读入；请写到输入文件夹之外（-o）", out, in)
		case disk.Within(in, out):
			return usage("输入 %s 在汇总包 %s 之中：替换汇总包会删除它；请写到别处（-o）", in, out)
		}
	}
	return nil
}

// checkDestination refuses an existing destination without force, and one
// that is not a bundle this tool made even with force.
func checkDestination(out string, force bool) error {
	if !disk.Exists(out) {
		return nil
	}
	if !force {
		return fmt.Errorf("%s：%w", out, ErrExists)
	}
	if !IsBundle(out) {
		return usage("%s 已存在，但不是 jixiao 生成的汇总包（没有 %s）：--force 只替换汇总包，不会删除它；请用 -o 指定新的文件夹", out, ManifestName)
	}
	return nil
}

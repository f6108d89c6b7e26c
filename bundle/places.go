package bundle

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

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

// checkDestination says whether a run may write its bundle at out: when
// nothing is there, or an empty folder (taken as it is); a bundle this tool
// made only with force, and only when everything in it is of the tool's
// making (foreign). Anything else is refused: a folder of other files, even
// with force, is never written into or removed.
func checkDestination(out string, force bool) error {
	st, err := os.Lstat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("无法读取 %s：%w", out, disk.Chinese(err))
	case !st.IsDir():
		return usage("%s 已存在，但不是文件夹：请用 -o 指定另一个文件夹", out)
	}
	if isEmpty(out) {
		return nil
	}
	if !IsBundle(out) {
		return usage("%s 已存在，里面有文件，但不是 jixiao 生成的汇总包（没有 %s）：不会写入或删除它；请用 -o 指定另一个文件夹，或先把它清空", out, ManifestName)
	}
	if !force {
		return fmt.Errorf("%s：%w", out, ErrExists)
	}
	names, err := foreign(out, true)
	if err != nil {
		return fmt.Errorf("无法读取汇总包 %s：%w", out, disk.Chinese(err))
	}
	if len(names) > 0 {
		return foreignError(out, names)
	}
	return nil
}

// maxForeign is the most foreign files a refusal names.
const maxForeign = 5

func foreignError(dir string, names []string) error {
	shown := names[:min(len(names), maxForeign)]
	more := ""
	if len(names) > len(shown) {
		more = "等"
	}
	return fmt.Errorf("%s：%w：%s%s，共 %d 个：--force 只替换 jixiao 生成的文件，不会删除它们；请把它们移到汇总包之外后再运行，或用 -o 指定另一个文件夹",
		dir, ErrForeign, strings.Join(shown, "、"), more, len(names))
}

// isEmpty reports whether dir is a folder with nothing in it.
func isEmpty(dir string) bool {
	f, err := os.Open(dir)
	if err != nil {
		return false
	}
	defer f.Close()
	names, err := f.Readdirnames(1)
	return len(names) == 0 && errors.Is(err, io.EOF)
}

// foreign lists, in name order, what in dir, a bundle, the tool did not
// make: a file its bundle.json does not list (or, when hash is set, whose
// size or SHA-256 differs from the listed, 「（生成后被修改过）」), a folder
// no listed file is in, a link. bundle.json and the tool's hidden temporary
// files are its own.
func foreign(dir string, hash bool) ([]string, error) {
	made, err := madeFiles(dir)
	if err != nil {
		return nil, err
	}
	dirs := map[string]bool{".": true, UnitsDir: true, FeedbackDir: true}
	for rel := range made {
		for d := path.Dir(rel); d != "." && d != "/"; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	var names []string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if disk.IsTemp(d.Name()) || rel == ".work" {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		switch mf, listed := made[rel]; {
		case d.IsDir():
			if !dirs[rel] {
				names = append(names, rel+"/")
				return fs.SkipDir
			}
		case rel == ManifestName && d.Type().IsRegular():
		case !listed || !d.Type().IsRegular():
			names = append(names, rel)
		case hash:
			if sum, err := fileSum(p, rel); err != nil || sum != mf {
				names = append(names, rel+"（生成后被修改过）")
			}
		}
		return nil
	})
	return names, err
}

// madeFiles are the files a bundle's bundle.json lists as its outputs, by
// their names in the bundle.
func madeFiles(dir string) (map[string]ManifestFile, error) {
	f, err := os.Open(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var m struct {
		Outputs []ManifestFile `json:"outputs"`
	}
	if err := json.NewDecoder(f).Decode(&m); err != nil {
		return nil, fmt.Errorf("%s 无法读取：%w", ManifestName, err)
	}
	made := map[string]ManifestFile{}
	for _, o := range m.Outputs {
		if rel := path.Clean(o.Path); filepath.IsLocal(filepath.FromSlash(rel)) {
			made[rel] = ManifestFile{Path: rel, SHA256: o.SHA256, Size: o.Size}
		}
	}
	return made, nil
}

// Package templates holds the data the tool ships: the form profiles
// (profiles/*.json), the example report (examples/), and the fixed parts of the
// documents it writes.
package templates

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"jixiao"
	"jixiao/disk"
	"jixiao/scoring"
)

// DefaultProfile is the profile of a report that names none.
const DefaultProfile = "yueyanglou-2020"

// ExampleName is the file name of the shipped example report.
const ExampleName = "yueyanglou-2020-hrss.json"

//go:embed profiles/*.json examples/*.json
var files embed.FS

// FS is the embedded files.
var FS fs.FS = files

// Example returns the shipped example report: the 2020 report of 岳阳楼区人力资源和
// 社会保障网络信息服务中心 as published (with a fictitious mobile number).
func Example() []byte {
	b, err := files.ReadFile("examples/" + ExampleName)
	if err != nil {
		panic(err)
	}
	return b
}

var shipped = sync.OnceValues(func() (map[string]*jixiao.Profile, error) {
	entries, err := fs.Glob(files, "profiles/*.json")
	if err != nil {
		return nil, err
	}
	m := map[string]*jixiao.Profile{}
	for _, name := range entries {
		data, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		p, err := parse(name, data, true, nil)
		if err != nil {
			return nil, err
		}
		if want := strings.TrimSuffix(path.Base(name), ".json"); p.ID != want {
			return nil, fmt.Errorf("%s: id %q should be %q", name, p.ID, want)
		}
		m[p.ID] = p
	}
	return m, nil
})

// Profiles returns the shipped profiles, sorted by ID.
func Profiles() []*jixiao.Profile {
	m, err := shipped()
	if err != nil {
		panic(err) // the shipped files are tested
	}
	var ps []*jixiao.Profile
	for _, p := range m {
		ps = append(ps, p)
	}
	slices.SortFunc(ps, func(a, b *jixiao.Profile) int { return strings.Compare(a.ID, b.ID) })
	return ps
}

// Profile returns a profile by ID ("" for the default), or loads it from a
// .json file when name ends in .json. A profile must not be modified.
func Profile(name string) (*jixiao.Profile, error) {
	if name == "" {
		name = DefaultProfile
	}
	if IsFile(name) {
		data, err := readProfile(name)
		if err != nil {
			return nil, readError(name, err)
		}
		return Parse(name, data)
	}
	m, err := shipped()
	if err != nil {
		panic(err)
	}
	p, ok := m[name]
	if !ok {
		return nil, fmt.Errorf("没有表式 %q（可用：%s；或给出表式文件 .json 的路径）", name, strings.Join(shippedIDs(), "、"))
	}
	return p, nil
}

// IsFile reports whether a profile name is a file path rather than the ID of
// a shipped profile.
func IsFile(name string) bool {
	return strings.HasSuffix(strings.ToLower(name), ".json") || strings.ContainsAny(name, `/\`)
}

// Shipped returns the shipped profile with an ID, if there is one.
func Shipped(id string) (*jixiao.Profile, bool) {
	m, err := shipped()
	if err != nil {
		panic(err)
	}
	p, ok := m[id]
	return p, ok
}

// MaxProfileSize is the largest profile file read (the shipped ones are 20 KB).
const MaxProfileSize = 1 << 20

// readProfile reads a profile file: a regular file of at most MaxProfileSize
// bytes (disk.Read).
func readProfile(name string) ([]byte, error) { return disk.Read(name, MaxProfileSize) }

// Parse decodes and checks a profile file. A profile that extends another
// (its "extends" names a shipped profile's ID, a profile file beside it, or
// by a bare name <name>.json beside it when no shipped profile has that ID)
// is merged onto it: objects field by field, a list or a value given
// replacing the base's. The error is a *jixiao.InputError listing every
// problem of the one file that has them: a base's problems name the base.
func Parse(file string, data []byte) (*jixiao.Profile, error) {
	p, err := parse(file, data, false, nil)
	var ce *cycleError
	if errors.As(err, &ce) { // not reached: the file that starts the cycle says so
		return nil, fmt.Errorf("表式相互基于形成循环：%s", strings.Join(ce.chain, " → "))
	}
	return p, err
}

// cycleError is a chain of profiles extending each other back to one of
// them: chain[0] is that one, and the last its repeat. The file chain[0]
// turns it into a problem at its own "extends".
type cycleError struct {
	chain []string // file names as written, shortened
	at    string   // disk.Abs of chain[0]
}

func (e *cycleError) Error() string {
	return "表式相互基于形成循环：" + strings.Join(e.chain, " → ")
}

// parse is Parse of a profile, shipped (builtin) or a file, reached through
// chain, the disk.Abs names of the files extending it (nearest last).
func parse(file string, data []byte, builtin bool, chain []string) (*jixiao.Profile, error) {
	var p jixiao.Profile
	places, problems, err := jixiao.DecodeJSON(file, data, &p)
	if err != nil {
		return nil, err
	}
	if jixiao.HasErrors(problems) {
		return nil, &jixiao.InputError{File: file, Problems: problems}
	}
	src := &jixiao.Source{File: file, Places: places}
	if p.Extends != "" {
		fail := func(msg string) (*jixiao.Profile, error) {
			ps := []jixiao.Problem{{Code: jixiao.CodeProfile, Path: "extends", Label: jixiao.ProfileLabel("extends"), Message: msg}}
			src.Locate(ps)
			return nil, &jixiao.InputError{File: file, Problems: ps}
		}
		self := "builtin:" + file
		if !builtin {
			self = disk.Abs(file)
		}
		base, err := baseProfile(file, p.Extends, builtin, append(slices.Clone(chain), self))
		var ie *jixiao.InputError
		var ce *cycleError
		switch {
		case errors.As(err, &ce) && ce.at == self:
			return fail(ce.Error())
		case errors.As(err, &ce), errors.As(err, &ie):
			return nil, err // the base's own problems, named by the base: said once
		case err != nil:
			return fail(err.Error())
		}
		extends := p.Extends
		merged, err := mergeJSON(base, data)
		if err != nil {
			return fail(fmt.Sprintf("与所基于的表式 %s 合并后无法读取", jixiao.Quote(extends)))
		}
		p = jixiao.Profile{}
		if _, problems, err := jixiao.DecodeJSON(file, merged, &p); err != nil || jixiao.HasErrors(problems) {
			return fail(fmt.Sprintf("与所基于的表式 %s 合并后无法读取", jixiao.Quote(extends)))
		}
	}
	if ps := scoring.CheckProfile(&p); len(ps) > 0 {
		src.Locate(ps)
		return nil, &jixiao.InputError{File: file, Problems: ps}
	}
	return &p, nil
}

// baseProfile returns the JSON of the profile named by extends in file: a
// shipped profile's ID; a profile file, relative to the extending file's
// folder; or a bare name that no shipped profile has, as <name>.json in that
// folder. The base is itself resolved; chain is the files extending it.
func baseProfile(file, extends string, builtin bool, chain []string) ([]byte, error) {
	dir := filepath.Dir(file)
	if builtin { // a shipped profile extends shipped ones only
		dir = ""
	}
	name := ""
	switch {
	case IsFile(extends):
		if dir == "" {
			return nil, fmt.Errorf("内置表式只能基于内置表式，实际为 %s", jixiao.Quote(extends))
		}
		name = extends
		if !filepath.IsAbs(name) {
			name = filepath.Join(dir, name)
		}
	default:
		if data, err := files.ReadFile("profiles/" + extends + ".json"); err == nil && path.Base(extends) == extends && extends != "." {
			p, err := parse("profiles/"+extends+".json", data, true, chain)
			if err != nil {
				return nil, err
			}
			return json.Marshal(p)
		}
		if dir != "" {
			name = filepath.Join(dir, extends+".json")
		}
		if name == "" || !disk.Exists(name) {
			msg := fmt.Sprintf("没有内置表式 %s（可用：%s）", jixiao.Quote(extends), strings.Join(shippedIDs(), "、"))
			if name != "" {
				msg += fmt.Sprintf("，同一文件夹中也没有表式文件 %s", name)
			}
			return nil, errors.New(msg)
		}
	}
	abs := disk.Abs(name)
	if i := slices.Index(chain, abs); i >= 0 {
		names := []string{}
		for _, c := range chain[i:] {
			names = append(names, shortName(c))
		}
		return nil, &cycleError{chain: append(names, shortName(abs)), at: abs}
	}
	data, err := readProfile(name)
	if err != nil {
		return nil, readError(name, err)
	}
	p, err := parse(name, data, false, chain)
	if err != nil {
		return nil, err
	}
	return json.Marshal(p)
}

// readError says in Chinese why a profile file could not be read.
func readError(name string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("找不到表式文件 %s", name)
	}
	return fmt.Errorf("无法读取表式文件 %s：%w", name, disk.Chinese(err))
}

// shortName is a file's name for a message: relative to the working folder
// when it is inside it, else as it is.
func shortName(abs string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(disk.Abs(wd), abs); err == nil && !strings.HasPrefix(rel, "..") {
			return rel
		}
	}
	return abs
}

// shippedIDs are the IDs of the shipped profiles, sorted: their file names.
func shippedIDs() []string {
	names, _ := fs.Glob(files, "profiles/*.json")
	ids := make([]string, len(names))
	for i, n := range names {
		ids[i] = strings.TrimSuffix(path.Base(n), ".json")
	}
	slices.Sort(ids)
	return ids
}

// mergeJSON merges the profile object overlay onto base: objects field by
// field, anything else replaced; "extends" is dropped.
func mergeJSON(base, overlay []byte) ([]byte, error) {
	var b, o map[string]any
	dec := json.NewDecoder(bytes.NewReader(base))
	dec.UseNumber()
	if err := dec.Decode(&b); err != nil {
		return nil, err
	}
	dec = json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(overlay, []byte("\xef\xbb\xbf"))))
	dec.UseNumber()
	if err := dec.Decode(&o); err != nil {
		return nil, err
	}
	m := merge(b, o).(map[string]any)
	delete(m, "extends")
	return json.Marshal(m)
}

func merge(base, over any) any {
	bm, ok1 := base.(map[string]any)
	om, ok2 := over.(map[string]any)
	if !ok1 || !ok2 {
		return over
	}
	out := make(map[string]any, len(bm)+len(om))
	for k, v := range bm {
		out[k] = v
	}
	for k, v := range om {
		out[k] = merge(bm[k], v)
	}
	return out
}

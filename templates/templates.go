// Package templates holds the data the tool ships: the form profiles
// (profiles/*.json), the example report (examples/), and the fixed parts of the
// documents it writes.
package templates

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
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
		p, err := Parse(name, data)
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
			return nil, fmt.Errorf("无法读取表式文件 %s：%w", name, err)
		}
		return Parse(name, data)
	}
	m, err := shipped()
	if err != nil {
		panic(err)
	}
	p, ok := m[name]
	if !ok {
		var ids []string
		for _, p := range Profiles() {
			ids = append(ids, p.ID)
		}
		return nil, fmt.Errorf("没有表式 %q（可用：%s；或给出表式文件 .json 的路径）", name, strings.Join(ids, "、"))
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

// Parse decodes and checks a profile file. The error is a *jixiao.InputError
// listing every problem.
func Parse(file string, data []byte) (*jixiao.Profile, error) {
	var p jixiao.Profile
	places, problems, err := jixiao.DecodeJSON(file, data, &p)
	if err != nil {
		return nil, err
	}
	if jixiao.HasErrors(problems) {
		return nil, &jixiao.InputError{File: file, Problems: problems}
	}
	if ps := scoring.CheckProfile(&p); len(ps) > 0 {
		src := &jixiao.Source{File: file, Places: places}
		src.Locate(ps)
		return nil, &jixiao.InputError{File: file, Problems: ps}
	}
	return &p, nil
}

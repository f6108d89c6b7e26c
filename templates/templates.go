// Package templates holds the data the tool ships: the form profiles
// (profiles/*.json), the example report (examples/), and the fixed parts of the
// documents it writes.
package templates

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
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

// Parse decodes and checks a profile file. A profile that extends another
// (its "extends" names a shipped profile's ID, or a profile file beside it)
// is merged onto it: objects field by field, a list or a value given replacing
// the base's. The error is a *jixiao.InputError listing every problem.
func Parse(file string, data []byte) (*jixiao.Profile, error) { return parse(file, data, 0) }

// maxExtends bounds a chain of profiles extending each other.
const maxExtends = 8

func parse(file string, data []byte, depth int) (*jixiao.Profile, error) {
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
		if depth >= maxExtends {
			return fail(fmt.Sprintf("表式相互基于的层数过多（最多 %d 层）", maxExtends))
		}
		base, err := baseProfile(file, p.Extends, depth)
		if err != nil {
			return fail(fmt.Sprintf("无法读取所基于的表式 %s：%v", jixiao.Quote(p.Extends), err))
		}
		merged, err := mergeJSON(base, data)
		if err != nil {
			return fail(err.Error())
		}
		p = jixiao.Profile{}
		if _, problems, err := jixiao.DecodeJSON(file, merged, &p); err != nil || jixiao.HasErrors(problems) {
			return fail(fmt.Sprintf("与所基于的表式 %s 合并后无法读取", jixiao.Quote(p.Extends)))
		}
	}
	if ps := scoring.CheckProfile(&p); len(ps) > 0 {
		src.Locate(ps)
		return nil, &jixiao.InputError{File: file, Problems: ps}
	}
	return &p, nil
}

// baseProfile returns the JSON of the profile named by extends: a shipped
// profile's ID, or a profile file relative to the extending file's folder,
// itself resolved.
func baseProfile(file, extends string, depth int) ([]byte, error) {
	var p *jixiao.Profile
	if IsFile(extends) {
		name := extends
		if !filepath.IsAbs(name) {
			name = filepath.Join(filepath.Dir(file), name)
		}
		data, err := readProfile(name)
		if err != nil {
			return nil, err
		}
		if p, err = parse(name, data, depth+1); err != nil {
			return nil, err
		}
	} else {
		data, err := files.ReadFile("profiles/" + path.Base(extends) + ".json")
		if err != nil || path.Base(extends) != extends {
			return nil, fmt.Errorf("没有内置表式 %s", jixiao.Quote(extends))
		}
		if p, err = parse(extends+".json", data, depth+1); err != nil {
			return nil, err
		}
	}
	return json.Marshal(p)
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

package bundle

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"jixiao"
)

// manifestOut writes what Manifest reads: the same JSON fields in the same
// order.
func TestManifestFields(t *testing.T) {
	names := func(v any) []string {
		var out []string
		rt := reflect.TypeOf(v)
		for i := range rt.NumField() {
			out = append(out, rt.Field(i).Tag.Get("json"))
		}
		return out
	}
	if a, b := names(Manifest{}), names(manifestOut{}); !reflect.DeepEqual(a, b) {
		t.Errorf("Manifest has %q,\nmanifestOut writes %q", a, b)
	}
	var b bytes.Buffer
	m := manifestOut{Tool: "jixiao", Formats: []string{"docx"}, Grades: map[string]int{"优": 2},
		Inputs:  func(put func(any) error) error { return nil },
		Outputs: func(put func(any) error) error { return put(ManifestFile{Path: "a<b>&"}) },
		Intake:  func(put func(any) error) error { return nil },
		Units: func(put func(any) error) error {
			for _, c := range []string{"1", "2"} {
				if err := put(ManifestUnit{Code: c}); err != nil {
					return err
				}
			}
			return nil
		},
		Problems: func(put func(any) error) error { return nil },
	}
	if err := encode(&b, m); err != nil {
		t.Fatal(err)
	}
	var back Manifest
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if back.Tool != "jixiao" || len(back.Units) != 2 || back.Units[1].Code != "2" || back.Outputs[0].Path != "a<b>&" || back.Roster != nil {
		t.Errorf("read back %+v", back)
	}
	if !strings.HasPrefix(b.String(), "{\n  \"tool\": \"jixiao\",\n") || !strings.Contains(b.String(), "\"units\": [\n    {") ||
		!strings.Contains(b.String(), "\"inputs\": [],") || strings.Contains(b.String(), `"roster":`) {
		t.Errorf("layout:\n%s", b.String())
	}
}

// The revision a file name marks, and which of two reports of a unit is
// the newer.
func TestNewer(t *testing.T) {
	for _, tt := range []struct {
		name string
		want int
	}{
		{"城管局.xlsx", 0},
		{"城管局（修改后）.xlsx", 1},
		{"城管局修订稿.xlsx", 1},
		{"城管局-更正.json", 1},
		{"城管局_最终版.xlsx", 1},
		{"城管局第3版.xlsx", 3},
		{"城管局 v2.xlsx", 2},
		{"城管局_V4.xlsx", 4},
		{"城管局 (2).xlsx", 2},
		{"城管局（3）.xlsx", 3},
		{"城管局修改2.xlsx", 2},
		{"dir/修改/城管局.xlsx", 0}, // a folder's name is not the file's
		{"report-corrected.json", 1},
		{"2021vote.json", 0},
	} {
		if got := revision(tt.name); got != tt.want {
			t.Errorf("revision(%q) = %d, want %d", tt.name, got, tt.want)
		}
	}
	d := func(y, m, day int) jixiao.Date { return jixiao.Date{Year: y, Month: m, Day: day} }
	for _, tt := range []struct {
		name string
		a, b *unit
		why  string
	}{
		{"later date", &unit{file: "a.xlsx", date: d(2022, 7, 1)}, &unit{file: "b（修改后）.xlsx", date: d(2022, 6, 30)}, "报告日期 2022年7月1日 晚于本文件的 2022年6月30日"},
		{"a date over none", &unit{file: "a.xlsx", date: d(2022, 1, 1)}, &unit{file: "b.xlsx"}, "报告日期为 2022年1月1日（本文件没有填报告日期）"},
		{"revision mark", &unit{file: "a（修改后）.xlsx", date: d(2022, 6, 30)}, &unit{file: "b.xlsx", date: d(2022, 6, 30)}, "报告日期相同，其文件名标明是修改后的版本"},
		{"name order", &unit{file: "b.xlsx"}, &unit{file: "a.xlsx"}, "报告日期相同、文件名没有版本标记，按文件名顺序取后者"},
	} {
		if newer(tt.a, tt.b) <= 0 || newer(tt.b, tt.a) >= 0 {
			t.Errorf("%s: %s is not newer than %s", tt.name, tt.a.file, tt.b.file)
		}
		if got := why(tt.a, tt.b); got != tt.why {
			t.Errorf("%s: why %q, want %q", tt.name, got, tt.why)
		}
	}
}

// The bundle's year is the one asked for, or the one most reports give, the
// later of two as frequent; blank years do not vote.
func TestBundleYearVote(t *testing.T) {
	us := func(years ...int) []*unit {
		var out []*unit
		for _, y := range years {
			out = append(out, &unit{read: true, year: y})
		}
		return append(out, &unit{year: 1999}) // not read: no vote
	}
	for _, tt := range []struct {
		asked int
		years []int
		want  int
	}{
		{0, []int{2021, 2021, 2020}, 2021},
		{0, []int{2020, 2021}, 2021},
		{0, []int{2020, 2020, 2021, 0, 0, 0}, 2020},
		{0, []int{0}, 0},
		{2019, []int{2021, 2021}, 2019},
	} {
		r := &run{o: Options{Year: tt.asked}, units: us(tt.years...)}
		if got := r.bundleYear(); got != tt.want {
			t.Errorf("asked %d, years %v: %d, want %d", tt.asked, tt.years, got, tt.want)
		}
	}
}

// A bundle of many units is bound into volumes of volumeUnits units, so that
// merging one never holds more than that in memory.
func TestVolumeNames(t *testing.T) {
	for n, want := range map[int]string{
		1: "汇总册.pdf", volumeUnits: "汇总册.pdf",
		volumeUnits + 1: "汇总册（第1册）.pdf 汇总册（第2册）.pdf",
		1000:            "汇总册（第1册）.pdf 汇总册（第2册）.pdf 汇总册（第3册）.pdf 汇总册（第4册）.pdf 汇总册（第5册）.pdf",
	} {
		if got := strings.Join(volumeNames(n), " "); got != want {
			t.Errorf("%d units: %s, want %s", n, got, want)
		}
	}
}

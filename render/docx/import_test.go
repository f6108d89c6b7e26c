package docx

import (
	"encoding/json"
	"strings"
	"testing"

	"jixiao"
	"jixiao/form"
	"jixiao/templates"
)

// readReport reads a Word report with the shipped profiles.
func readReport(t testing.TB, name string, data []byte) (*jixiao.Report, *jixiao.Source, []jixiao.Problem) {
	t.Helper()
	r, src, ps, err := ReadReport(name, data, templates.Profiles())
	if err != nil {
		t.Fatalf("ReadReport(%s): %v", name, err)
	}
	return r, src, ps
}

func asJSON(t testing.TB, v any) string {
	t.Helper()
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestImportOwnOutput: the tool's own Word file reads back as the report it
// printed (derived values stated), for every shipped profile and a large
// synthetic report.
func TestImportOwnOutput(t *testing.T) {
	for _, c := range []struct {
		name string
		p    *jixiao.Profile
		r    *jixiao.Report
	}{
		{"example", profile(t, ""), example(t)},
		{"city", profile(t, "yueyang-city-2020"), example(t)},
		{"2021", profile(t, "yueyanglou-2021"), example(t)},
		{"large", profile(t, ""), large(t)},
	} {
		t.Run(c.name, func(t *testing.T) {
			pr := form.Print(c.p, c.r, nil, 0)
			data := written(func(testing.TB) *jixiao.Profile { return c.p }, func(testing.TB) *jixiao.Report { return c.r })(t)
			got, _, ps := readReport(t, c.name+".docx", data)
			for _, p := range ps {
				t.Errorf("problem: %s", p.Format(c.name+".docx"))
			}
			want := *pr.Report
			// Not printed: the base data; derived: the sum row's name. A
			// text's line ends print as paragraphs, which read back as
			// lines of text or as paragraphs.
			want.Basis = jixiao.Basis{}
			want.Finance.Summary.Name = ""
			var duties []string
			for _, l := range textLines(strings.ReplaceAll(want.Overview.Duties, "\r", "")) {
				duties = append(duties, strings.TrimSpace(l))
			}
			want.Overview.Duties = strings.Join(duties, "\n")
			splitParagraphs(want.Narrative)
			if d := lineDiff(strings.Split(asJSON(t, want), "\n"), strings.Split(asJSON(t, got), "\n")); len(d) > 0 {
				t.Errorf("read back differs from the printed report:\n%s", strings.Join(d, "\n"))
			}
		})
	}
}

// splitParagraphs makes each line of a paragraph a paragraph, as the form
// prints them.
func splitParagraphs(ss []jixiao.Section) {
	for i := range ss {
		var ps []string
		for _, p := range ss[i].Paragraphs {
			ps = append(ps, textLines(p)...)
		}
		ss[i].Paragraphs = ps
		splitParagraphs(ss[i].Sections)
	}
}

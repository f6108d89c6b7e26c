package synth

import (
	"bytes"
	"testing"

	"jixiao"
	"jixiao/check"
	"jixiao/templates"
)

// Synthetic reports are consistent: they check without errors, and the same
// seed gives the same report.
func TestReportsCheckClean(t *testing.T) {
	for _, id := range []string{"yueyanglou-2020", "yueyang-city-2020"} {
		p, err := templates.Profile(id)
		if err != nil {
			t.Fatal(err)
		}
		for seed := range uint64(40) {
			r := ReportFor(p, seed, 1+int(seed%7))
			problems := check.Report(p, r, nil).Problems
			for _, pr := range problems {
				if pr.Severity == jixiao.Error {
					t.Errorf("%s seed %d: %s", id, seed, pr.Format("synth"))
				}
			}
		}
	}
	var a, b bytes.Buffer
	if err := jixiao.EncodeJSON(&a, Report(7, 5)); err != nil {
		t.Fatal(err)
	}
	if err := jixiao.EncodeJSON(&b, Report(7, 5)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same seed gave two reports")
	}
}

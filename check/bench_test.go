package check_test

import (
	"os"
	"testing"

	"jixiao"
	"jixiao/check"
	"jixiao/templates"
)

// BenchmarkReadAndCheck decodes the example JSON and checks and scores it.
func BenchmarkReadAndCheck(b *testing.B) {
	data, err := os.ReadFile(examplePath)
	if err != nil {
		b.Fatal(err)
	}
	p, _ := templates.Profile("")
	b.ReportAllocs()
	for b.Loop() {
		r, _, _, err := jixiao.ReadReport("example.json", data)
		if err != nil {
			b.Fatal(err)
		}
		check.Report(p, r, nil)
	}
}

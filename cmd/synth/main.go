// Command synth writes N synthetic but realistic unit reports for benchmarks
// and trials of jixiao bundle: varying numbers of 二级机构, targets,
// evaluators and paragraphs and varying text lengths, with consistent sums.
// Most are JSON; with -word, that share of them is written as Word files
// typed by hand from the bureau's template (internal/handmade), as units
// send them.
//
//	go run ./cmd/synth -n 1000 -year 2021 -word 0.3 -o /tmp/units
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"jixiao"
	"jixiao/internal/handmade"
	"jixiao/internal/synth"
	"jixiao/templates"
)

func main() {
	n := flag.Int("n", 100, "number of reports")
	out := flag.String("o", "units", "output folder")
	seed := flag.Uint64("seed", 1, "first seed")
	size := flag.Int("size", 6, "largest number of rows in each variable part")
	year := flag.Int("year", 0, "the year of every report (0: 2020 to 2023 at random)")
	word := flag.Float64("word", 0, "share of the reports written as hand-made Word files (0 to 1)")
	flag.Parse()
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fail(err)
	}
	p, err := templates.Profile("")
	if err != nil {
		fail(err)
	}
	var buf bytes.Buffer
	words := 0
	for i := range *n {
		s := *seed + uint64(i)
		r := synth.Report(s, 1+int(s)%*size)
		if *year != 0 {
			r.Cover.Year = *year
			r.Cover.Date.Year = *year + 1
		}
		name := filepath.Join(*out, fmt.Sprintf("unit-%06d.json", s))
		var data []byte
		if float64(words) < *word*float64(i+1) {
			words++
			r.Basis = jixiao.Basis{} // not on the Word form
			data = handmade.Report(p, r)
			name = filepath.Join(*out, fmt.Sprintf("unit-%06d.docx", s))
		} else {
			buf.Reset()
			if err := jixiao.EncodeJSON(&buf, r); err != nil {
				fail(err)
			}
			data = buf.Bytes()
		}
		if err := os.WriteFile(name, data, 0o644); err != nil {
			fail(err)
		}
	}
}

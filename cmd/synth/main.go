// Command synth writes N synthetic but realistic unit reports (JSON) for
// benchmarks and trials of jixiao bundle: varying numbers of 二级机构, targets,
// evaluators and paragraphs and varying text lengths, with consistent sums.
//
//	go run ./cmd/synth -n 1000 -o /tmp/units
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"jixiao"
	"jixiao/internal/synth"
)

func main() {
	n := flag.Int("n", 100, "number of reports")
	out := flag.String("o", "units", "output folder")
	seed := flag.Uint64("seed", 1, "first seed")
	size := flag.Int("size", 6, "largest number of rows in each variable part")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var buf bytes.Buffer
	for i := range *n {
		s := *seed + uint64(i)
		buf.Reset()
		if err := jixiao.EncodeJSON(&buf, synth.Report(s, 1+int(s)%*size)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		name := filepath.Join(*out, fmt.Sprintf("unit-%06d.json", s))
		if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}

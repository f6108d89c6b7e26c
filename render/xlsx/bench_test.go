package xlsx

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"jixiao/form"
)

// BenchmarkWriteXLSX writes the report workbook of the shipped example.
func BenchmarkWriteXLSX(b *testing.B) {
	p, r := example(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, form.Print(p, r, nil, 0)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadXLSX imports the report workbook of the shipped example.
func BenchmarkReadXLSX(b *testing.B) {
	p, r := example(b)
	var buf bytes.Buffer
	if err := Write(&buf, form.Print(p, r, nil, 0)); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, _, err := Read("example.xlsx", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadXLSXVaried imports 20 report workbooks of synthetic reports in
// turn, each of its own shape: more than the grids Read keeps, so that every
// import builds its grid.
func BenchmarkReadXLSXVaried(b *testing.B) {
	p, _ := example(b)
	var books [][]byte
	shapes := map[string]bool{}
	for seed := range uint64(20) {
		r := synthetic(p, seed, 1+int(seed%6))
		sh, err := shapeOf(r)
		must(b, err)
		shapes[fmt.Sprint(sh)] = true
		books = append(books, writeReport(b, p, r))
	}
	if len(shapes) <= maxCached {
		b.Fatalf("%d shapes: the grids are kept", len(shapes))
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, _, _, err := Read("example.xlsx", books[i%len(books)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

package xlsx

import (
	"bytes"
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

package web

import (
	"bytes"
	"net/http/httptest"
	"testing"
)

// benchPost measures the server's time for one form post, from the request
// to the last byte of the answer (no network).
func benchPost(b *testing.B, path string, parts ...part) {
	s, err := New(Options{Addr: testAddr})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	body, ct := multipartForm(parts...)
	data := body.Bytes()
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		r := httptest.NewRequest("POST", path, bytes.NewReader(data))
		r.Host = testAddr
		r.Header.Set("Content-Type", ct)
		r.Header.Set("Origin", testOrigin)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != 200 {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
}

// BenchmarkCheckWorkbook: the example workbook uploaded, read, checked and
// scored, and its result page written (target: ≤ 50 ms).
func BenchmarkCheckWorkbook(b *testing.B) {
	benchPost(b, "/check", file("file", "填报表.xlsx", filledWorkbook()))
}

// BenchmarkCheckJSON: the example report as JSON.
func BenchmarkCheckJSON(b *testing.B) {
	benchPost(b, "/check", file("file", "report.json", readFile(b, exampleJSON)))
}

// BenchmarkRenderDocx: the Word file downloaded from a result page.
func BenchmarkRenderDocx(b *testing.B) {
	c := readReport(exampleJSON, "")
	report, err := reportJSON(c.Report)
	if err != nil {
		b.Fatal(err)
	}
	benchPost(b, "/render", field("report", report), field("format", "docx"))
}

package pdf

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestUnstamp(t *testing.T) {
	// The end of a PDF as LibreOffice 7.4 writes it.
	const tail = "<</Creator<FEFF0057>\n/Producer<FEFF004C>\n/CreationDate(D:20261201225125Z')>>\nendobj\n\n" +
		"xref\n0 78\ntrailer\n<</Size 78/Root 76 0 R\n/Info 77 0 R\n" +
		"/ID [ <15C4F97918A0E31DFD302B2752B3ED18>\n<15C4F97918A0E31DFD302B2752B3ED18> ]\n" +
		"/DocChecksum /EE032FA94CD1D2D87D691FC7E94FE059\n>>\nstartxref\n194219\n%%EOF\n"
	tests := []struct {
		name     string
		in, want string
		date     time.Time
	}{
		{"UTC", tail, "/CreationDate(D:20000101000000Z')", time.Time{}},
		{"zone", strings.Replace(tail, "Z')", "+08'00')", 1), "/CreationDate(D:20210627013000+00'00')", time.Date(2021, 6, 27, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			pdf, src := filepath.Join(dir, "a.pdf"), filepath.Join(dir, "a.docx")
			if err := os.WriteFile(pdf, []byte(tt.in), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(src, []byte("the input"), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := unstamp(pdf, src, tt.date); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(pdf)
			if err != nil {
				t.Fatal(err)
			}
			got := string(b)
			if len(got) != len(tt.in) {
				t.Fatalf("length %d, want %d", len(got), len(tt.in))
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("no %q in\n%s", tt.want, got)
			}
			for _, old := range []string{"15C4F97918A0E31DFD302B2752B3ED18", "EE032FA94CD1D2D87D691FC7E94FE059", "20261201225125"} {
				if strings.Contains(got, old) {
					t.Errorf("%s still there:\n%s", old, got)
				}
			}
			if n := strings.Count(got, got[strings.Index(got, "/ID [ <")+7:][:32]); n != 3 {
				t.Errorf("identifier appears %d times, want 3 (twice in /ID, once as DocChecksum):\n%s", n, got)
			}
			// Again: the same input gives the same bytes.
			if err := os.WriteFile(pdf, []byte(tt.in), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := unstamp(pdf, src, tt.date); err != nil {
				t.Fatal(err)
			}
			if b2, err := os.ReadFile(pdf); err != nil || string(b2) != got {
				t.Errorf("second run differs (%v)", err)
			}
		})
	}
}

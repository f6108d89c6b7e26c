package xlsx

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

// A workbook excelize makes, written through newSortedZip, has the same bytes
// every time, and excelize reads it back.
func TestSortedZip(t *testing.T) {
	write := func() []byte {
		f := excelize.NewFile()
		defer f.Close()
		f.SetZipWriter(newSortedZip)
		must(t, f.SetCellStr("Sheet1", "A1", "名单"))
		var b bytes.Buffer
		_, err := f.WriteTo(&b)
		must(t, err)
		return b.Bytes()
	}
	a, b := write(), write()
	if !bytes.Equal(a, b) {
		t.Error("two writes differ")
	}
	f, err := excelize.OpenReader(bytes.NewReader(a))
	must(t, err)
	if v, err := f.GetCellValue("Sheet1", "A1"); err != nil || v != "名单" {
		t.Errorf("A1 reads %q, %v", v, err)
	}
}

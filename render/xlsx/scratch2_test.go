package xlsx

import (
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestScratchFit(t *testing.T) {
	for _, v := range []struct {
		name   string
		widths []float64
		border bool
		text   bool
	}{{"a-w100", []float64{100}, false, true}, {"b-w50x2", []float64{50, 50}, false, true}, {"c-w100border", []float64{100}, true, true}, {"d-w100short", []float64{100}, true, false}} {
		f := excelize.NewFile()
		w := &writer{f: f}
		w.styles.f = f
		for i, wd := range v.widths {
			col := string(rune('A' + i))
			f.SetColWidth("Sheet1", col, col, wd)
		}
		s := &excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}
		if v.border {
			s.Border = thin
		}
		st, _ := f.NewStyle(s)
		for i := 1; i < 10; i++ {
			for j := range v.widths {
				c := string(rune('A'+j)) + string(rune('0'+i))
				txt := strings.Repeat("这是一段很长的文字，", 12)
				if !v.text {
					txt = "短"
				}
				f.SetCellStr("Sheet1", c, txt)
				f.SetCellStyle("Sheet1", c, c, st)
			}
			f.SetRowHeight("Sheet1", i, 60)
		}
		if err := w.pageSetup("Sheet1", false, [2]int{}, false); err != nil {
			t.Fatal(err)
		}
		f.SaveAs("/tmp/xl/fit-" + v.name + ".xlsx")
	}
}

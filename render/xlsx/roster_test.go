package xlsx_test

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/roster"
)

// A roster workbook reads as the spreadsheet shows it: a code typed as a
// number but formatted 000000 keeps its zero; a hidden sheet is not read;
// the header may sit under a title.
func TestRosterWorkbook(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "说明")
	f.SetCellStr("说明", "A1", "预算编码")
	f.SetCellStr("说明", "B1", "单位名称")
	f.SetCellStr("说明", "A2", "999999")
	f.SetCellStr("说明", "B2", "隐藏表中的单位")
	idx, _ := f.NewSheet("名单")
	f.SetActiveSheet(idx)
	if err := f.SetSheetVisible("说明", false); err != nil {
		t.Fatal(err)
	}
	f.SetCellStr("名单", "A1", "2021 年应报送单位")
	for i, v := range []string{"预算编码", "单位名称", "主管部门"} {
		f.SetCellStr("名单", string(rune('A'+i))+"2", v)
	}
	f.SetCellInt("名单", "A3", 12001)
	zeros, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptrTo("000000")})
	f.SetCellStyle("名单", "A3", "A3", zeros)
	f.SetCellStr("名单", "B3", "岳阳楼区农业农村局")
	f.SetCellStr("名单", "A4", "200002")
	f.SetCellStr("名单", "B4", "岳阳楼区某中心")
	f.SetCellStr("名单", "C4", "区人社局")
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	r, err := roster.Parse("名单.xlsx", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Units) != 2 || r.Units[0].Code != "012001" || r.Units[1].Department != "区人社局" ||
		r.Units[0].Place.String() != "名单!A3" {
		t.Errorf("%+v", r.Units)
	}
}

func ptrTo[T any](v T) *T { return &v }

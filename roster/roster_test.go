package roster_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/simplifiedchinese"

	"jixiao"
	"jixiao/roster"
)

func utf16LE(s string) []byte {
	b := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func gbk(t *testing.T, s string) []byte {
	out, err := simplifiedchinese.GB18030.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return []byte(out)
}

// A roster reads in the encodings and shapes spreadsheets save it in.
func TestParse(t *testing.T) {
	const body = "预算编码,单位名称,主管部门\n012001,岳阳楼区农业农村局,区农业局\nYYX292,岳阳楼区某中心,\n"
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"UTF-8", []byte(body)},
		{"UTF-8 with BOM, CRLF", []byte("\ufeff" + strings.ReplaceAll(body, "\n", "\r\n"))},
		{"GBK", gbk(t, body)},
		{"UTF-16 tab-separated", utf16LE(strings.ReplaceAll(body, ",", "\t"))},
		{"a title row, other header words, full-width digits", []byte("2021年应报送单位名单,,\n*预算编码, 部门（单位）名称 ,主管单位\n０１２００１,岳阳楼区农业农村局,区农业局\n,,\nyyx292,岳阳楼区某中心,\n")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := roster.Parse("名单.csv", tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Units) != 2 || !r.HasDepartment || r.Units[0].Code != "012001" || r.Units[0].Name != "岳阳楼区农业农村局" ||
				r.Units[0].Department != "区农业局" || r.Units[1].Code != "YYX292" || r.Units[1].Department != "" {
				t.Errorf("%+v", r.Units)
			}
		})
	}
}

// Codes match as written, or once the leading zeros a spreadsheet dropped
// are put back.
func TestFind(t *testing.T) {
	r, err := roster.Parse("名单.csv", []byte("预算编码,单位名称\n12001,甲\n200002,乙\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		code string
		name string
		how  roster.Match
	}{
		{"200002", "乙", roster.Exact},
		{" 200002 ", "乙", roster.Exact},
		{"012001", "甲", roster.Zeros},
		{"0012001", "甲", roster.Zeros},
		{"12001", "甲", roster.Exact},
		{"120010", "", roster.NoMatch},
		{"", "", roster.NoMatch},
	} {
		u, how := r.Find(tt.code)
		if how != tt.how || how != roster.NoMatch && u.Name != tt.name {
			t.Errorf("Find(%q) = %v, %v", tt.code, u, how)
		}
	}
	if r.HasDepartment {
		t.Error("a roster without 主管部门 has one")
	}
}

// A roster that cannot be used says why; its row problems come all at once,
// each with its place.
func TestParseErrors(t *testing.T) {
	for _, tt := range []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"no header", "名单.csv", []byte("编号,名字\n1,甲\n"), "名单 名单.csv 中找不到表头：应有一行写着 预算编码、单位名称（主管部门 可选）"},
		{"old Excel", "名单.xls", []byte{0xD0, 0xCF, 0x11, 0xE0}, "名单 名单.xls 是旧版 Excel 或 WPS 表格文件，不能读取：请另存为 .xlsx（Excel 工作簿）或 .csv"},
		{"broken workbook", "名单.xlsx", []byte("PK\x03\x04broken"), "无法读取名单 名单.xlsx：不是有效的压缩包"},
		{"not a workbook", "名单.xlsx", []byte("预算编码"), "无法读取名单 名单.xlsx：不是 Excel 工作簿（.xlsx）"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := roster.Parse(tt.file, tt.data)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
	_, err := roster.Parse("名单.csv", []byte("预算编码,单位名称\n1,甲\n1,乙\n2,\n,丙\n"))
	var ie *jixiao.InputError
	if !errors.As(err, &ie) || len(ie.Problems) != 3 || ie.Problems[0].Place.Line != 3 || ie.Problems[0].Code != jixiao.CodeDuplicate {
		t.Fatalf("%v", err)
	}
	if _, err := roster.Read("没有这个名单.csv"); err == nil || !strings.Contains(err.Error(), "名单 没有这个名单.csv 不存在") {
		t.Errorf("a missing roster: %v", err)
	}
}

// The templates read back as empty rosters.
func TestTemplate(t *testing.T) {
	for _, asCSV := range []bool{true, false} {
		var b bytes.Buffer
		if err := roster.WriteTemplate(&b, asCSV); err != nil {
			t.Fatal(err)
		}
		name := "名单.xlsx"
		if asCSV {
			name = "名单.csv"
		}
		r, err := roster.Parse(name, b.Bytes())
		if err != nil || len(r.Units) != 0 || !r.HasDepartment {
			t.Errorf("%s: %v %+v", name, err, r)
		}
		var again bytes.Buffer
		roster.WriteTemplate(&again, asCSV)
		if !bytes.Equal(b.Bytes(), again.Bytes()) {
			t.Errorf("%s: two templates differ", name)
		}
	}
}

// FuzzParse: a roster never panics the reader, and every error names the
// file.
func FuzzParse(f *testing.F) {
	f.Add("名单.csv", []byte("预算编码,单位名称,主管部门\n012001,甲,乙\n"))
	f.Add("名单.csv", []byte("\ufeff标题\n*编码\t单位\n1\t甲\n1\t乙\n"))
	f.Add("名单.csv", utf16LE("预算编码\t单位名称\n1\t甲\n"))
	f.Add("名单.xlsx", []byte("PK\x03\x04"))
	var b bytes.Buffer
	roster.WriteTemplate(&b, false)
	f.Add("名单.xlsx", b.Bytes())
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		r, err := roster.Parse(name, data)
		if err != nil {
			if !strings.Contains(err.Error(), name) {
				t.Errorf("the error does not name the file: %v", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, u := range r.Units {
			if u.Code == "" || u.Name == "" || seen[u.Code] {
				t.Errorf("a unit the reader should have refused: %+v", u)
			}
			seen[u.Code] = true
		}
	})
}

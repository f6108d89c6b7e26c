// Package roster reads the finance bureau's roster of units (名单): the units
// that are to report, by 预算编码, with their names and, optionally, their
// 主管部门. A roster is a workbook (.xlsx) or a CSV file (UTF-8, or GB18030
// as Excel saves CSV on a Chinese Windows, or UTF-16 text) whose header row
// names its columns; jixiao roster-template writes an empty one.
package roster

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"jixiao"
	"jixiao/disk"
	"jixiao/render/xlsx"
)

// Limits on a roster.
const (
	MaxSize  = 8 << 20 // bytes
	MaxUnits = 20000   // rows
	// headerRows is how many rows from the top may come before the header
	// (a title, a note).
	headerRows = 20
)

// Columns are the roster's columns as jixiao roster-template writes them:
// 预算编码 and 单位名称, then the optional 主管部门.
var Columns = []string{"预算编码", "单位名称", "主管部门"}

// headerNames are the header texts accepted for each column, compared
// without spaces and with brackets made half-width.
var headerNames = [3][]string{
	{"预算编码", "编码", "单位编码", "预算单位编码", "单位代码", "预算代码"},
	{"单位名称", "部门(单位)名称", "预算单位名称", "单位", "名称", "部门名称"},
	{"主管部门", "主管单位", "上级主管部门", "归口部门", "主管部门名称"},
}

// Roster is the list of units that are to report.
type Roster struct {
	File  string
	Units []Unit // in the roster's order
	// HasDepartment is true when the roster has a 主管部门 column.
	HasDepartment bool
	byCode        map[string]int
}

// Unit is one row of a roster.
type Unit struct {
	Code       string // 预算编码
	Name       string // 单位名称
	Department string // 主管部门
	Place      jixiao.Place
}

// Read reads a roster file. The error names the file; it is an
// *jixiao.InputError holding every problem of the roster (a blank code or
// name, a code twice), each with its place, when the file is read but wrong.
func Read(file string) (*Roster, error) {
	data, err := disk.Read(file, MaxSize)
	if err != nil {
		var se *disk.SizeError
		switch {
		case errors.As(err, &se):
			return nil, fmt.Errorf("名单 %s：%s", file, se.Error())
		case errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("名单 %s 不存在", file)
		}
		return nil, fmt.Errorf("无法读取名单 %s：%w", file, disk.Chinese(err))
	}
	return Parse(file, data)
}

// Parse reads a roster from its contents: a workbook by its first bytes or
// name, a CSV file otherwise.
func Parse(file string, data []byte) (*Roster, error) {
	ext := strings.ToLower(filepath.Ext(file))
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) || ext == ".xlsx" {
		tables, err := xlsx.ReadTables(data, MaxUnits+headerRows+1)
		if err != nil {
			return nil, fmt.Errorf("无法读取名单 %s：%w", file, disk.Chinese(err))
		}
		for _, t := range tables {
			if r, err := parseRows(file, t.Rows, func(row, col int) jixiao.Place {
				return jixiao.Place{Sheet: t.Sheet, SheetIndex: t.Index, Line: row, Col: col}
			}); r != nil || err != nil {
				return r, err
			}
		}
		return nil, noHeader(file)
	}
	if bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}) || ext == ".xls" || ext == ".et" {
		return nil, fmt.Errorf("名单 %s 是旧版 Excel 或 WPS 表格文件，不能读取：请另存为 .xlsx（Excel 工作簿）或 .csv", file)
	}
	text, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("名单 %s：%w", file, err)
	}
	rows, err := readCSV(text)
	if err != nil {
		return nil, fmt.Errorf("名单 %s 不是有效的 CSV 文件：%w", file, err)
	}
	r, err := parseRows(file, rows, func(row, col int) jixiao.Place { return jixiao.Place{Line: row, Col: col} })
	if r == nil && err == nil {
		return nil, noHeader(file)
	}
	return r, err
}

func noHeader(file string) error {
	return fmt.Errorf("名单 %s 中找不到表头：应有一行写着 %s（%s 可选），其下每行一个单位；jixiao roster-template 生成空白名单",
		file, strings.Join(Columns[:2], "、"), Columns[2])
}

// decode returns a CSV file's text: UTF-8 (with or without its byte-order
// mark), UTF-16 with its mark (Excel's 「Unicode 文本」), or GB18030.
func decode(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		data = data[3:]
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		big := data[0] == 0xfe
		data = data[2:]
		u := make([]uint16, len(data)/2)
		for i := range u {
			if big {
				u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
			} else {
				u[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
			}
		}
		return string(utf16.Decode(u)), nil
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return "", errors.New("文字编码无法识别（应为 UTF-8 或 GBK）")
	}
	return string(out), nil
}

// readCSV splits a CSV text into rows; a file whose first line has tabs and
// no commas is tab-separated.
func readCSV(text string) ([][]string, error) {
	first, _, _ := strings.Cut(text, "\n")
	r := csv.NewReader(strings.NewReader(text))
	if strings.Contains(first, "\t") && !strings.Contains(first, ",") {
		r.Comma = '\t'
	}
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var rows [][]string
	for len(rows) <= MaxUnits+headerRows {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("第 %d 行：%s", pe.Line, disk.Explain(pe.Err))
			}
			return nil, err
		}
		rows = append(rows, rec)
	}
	return rows, nil
}

// parseRows finds the header among the first rows and reads the units under
// it; it returns nil, nil when there is no header.
func parseRows(file string, rows [][]string, place func(row, col int) jixiao.Place) (*Roster, error) {
	head, cols := -1, [3]int{-1, -1, -1}
	for i := 0; i < len(rows) && i < headerRows && head < 0; i++ {
		c := [3]int{-1, -1, -1}
		for j, cell := range rows[i] {
			h := headerKey(cell)
			for k, names := range headerNames {
				for _, n := range names {
					if c[k] < 0 && h == headerKey(n) {
						c[k] = j
					}
				}
			}
		}
		if c[0] >= 0 && c[1] >= 0 {
			head, cols = i, c
		}
	}
	if head < 0 {
		return nil, nil
	}
	r := &Roster{File: file, HasDepartment: cols[2] >= 0, byCode: map[string]int{}}
	var problems []jixiao.Problem
	problem := func(code string, row, col int, label, msg string) {
		problems = append(problems, jixiao.Problem{Code: code, Place: place(row, col+1), Label: label, Message: msg})
	}
	get := func(row []string, c int) string {
		if c < 0 || c >= len(row) {
			return ""
		}
		return strings.TrimSpace(row[c])
	}
	for i := head + 1; i < len(rows); i++ {
		row := rows[i]
		code, name, dept := Code(get(row, cols[0])), get(row, cols[1]), get(row, cols[2])
		if code == "" && name == "" {
			continue
		}
		if len(r.Units) == MaxUnits {
			problem(jixiao.CodeRange, i+1, cols[0], Columns[0], fmt.Sprintf("名单最多 %d 个单位，其余未读取", MaxUnits))
			break
		}
		switch {
		case code == "":
			problem(jixiao.CodeRequired, i+1, cols[0], Columns[0], "不能为空（单位 "+jixiao.Quote(name)+"）")
			continue
		case name == "":
			problem(jixiao.CodeRequired, i+1, cols[1], Columns[1], "不能为空（预算编码 "+jixiao.Quote(code)+"）")
			continue
		}
		if j, dup := r.byCode[code]; dup {
			problem(jixiao.CodeDuplicate, i+1, cols[0], Columns[0], fmt.Sprintf("预算编码 %s 与%s的 %s 重复",
				jixiao.Quote(code), jixiao.PlaceText(r.Units[j].Place), jixiao.Quote(r.Units[j].Name)))
			continue
		}
		r.byCode[code] = len(r.Units)
		r.Units = append(r.Units, Unit{Code: code, Name: name, Department: dept, Place: place(i+1, cols[0]+1)})
	}
	if len(problems) > 0 {
		jixiao.SortProblems(problems)
		return nil, &jixiao.InputError{File: file, Problems: problems}
	}
	return r, nil
}

// headerKey is a header text compared: no white space, no asterisk (a
// required column's mark), half-width brackets.
func headerKey(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r), r == '*', r == '＊':
			return -1
		case r == '（':
			return '('
		case r == '）':
			return ')'
		}
		return r
	}, s)
}

// Code normalises a 预算编码 as the roster and the reports write it: white
// space removed, full-width letters and digits made half-width, letters upper
// case.
func Code(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return -1
		case r >= '！' && r <= '～':
			r -= '！' - '!'
		}
		return unicode.ToUpper(r)
	}, s)
}

// Match is how a report's code matched the roster.
type Match int

const (
	NoMatch Match = iota
	Exact
	// Zeros is a match only once the roster's code gets back the leading
	// zeros a spreadsheet took from it (12001 in the roster, 012001 in the
	// report).
	Zeros
)

// Find returns the unit of the roster with a report's code.
func (r *Roster) Find(code string) (*Unit, Match) {
	code = Code(code)
	if i, ok := r.byCode[code]; ok {
		return &r.Units[i], Exact
	}
	if trimmed := strings.TrimLeft(code, "0"); trimmed != code && trimmed != "" && allDigits(code) {
		if i, ok := r.byCode[trimmed]; ok {
			return &r.Units[i], Zeros
		}
	}
	return nil, NoMatch
}

func allDigits(s string) bool {
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}

// SameName reports whether two unit names are the same but for white space
// and the width of brackets.
func SameName(a, b string) bool { return NameKey(a) == NameKey(b) }

// NameKey is a unit name as SameName compares it.
func NameKey(s string) string { return headerKey(s) }

// Guide is how to fill in a roster, as the template's 填写说明 says it.
var Guide = []string{
	"应报送单位名单：jixiao bundle --roster 名单.xlsx 按预算编码把收到的报告与名单核对，列出未报送、名单外和单位名称不符的单位。",
	"在工作表“名单”中每行填一个单位：预算编码、单位名称（必填），主管部门（可不填；填了会印在汇总表中）。",
	"预算编码与单位报告封面上的预算编码相同，如 200002、012001、YYX292；预算编码一栏已设为文本格式，开头的 0 不会丢失。",
	"第一行是表头，不要改动；表头上方可以加标题行。可以从别的表格复制粘贴，也可以另存为 CSV（UTF-8 或 GBK 均可）。",
	"同一预算编码只能出现一次；预算编码或单位名称为空的行会被指出，改正后再汇总。",
}

// WriteTemplate writes an empty roster: a workbook (the header, the code
// column formatted as text, a sheet of Guide), or, with asCSV, a CSV file
// holding the header (UTF-8 with a byte-order mark, for Excel).
func WriteTemplate(w io.Writer, asCSV bool) error {
	if !asCSV {
		return xlsx.RosterTemplate(w, Columns, Guide)
	}
	_, err := io.WriteString(w, "\ufeff"+strings.Join(Columns, ",")+"\r\n")
	return err
}

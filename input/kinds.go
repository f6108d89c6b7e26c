package input

import (
	"path/filepath"
	"strings"
)

// Kind is a kind of file known by the extension of its name: a report Read
// reads, a report in a format it does not read, or a file that is no report.
// A folder of submissions holds all three; a bundle accounts for each file by
// its kind.
type Kind struct {
	Exts []string // lower case, with the dot: .xlsx
	Name string   // what the file is, in words: Excel 工作簿
	// Read is true for the kinds Read reads.
	Read bool
	// Report is true for a kind that holds a report in a format Read does not
	// read (a file the unit should send again as .xlsx); false for a file that
	// is no report at all (a scan, a picture, an archive).
	Report bool
	// Advice says what to do with a file of this kind that is not read.
	Advice string
}

// saveAsDocx is the advice for a report in Word's or WPS's older formats.
const saveAsDocx = "请在 Word 或 WPS 中打开，另存为 .docx（Word 文档）后重新报送"

// Kinds are the kinds of file the tool knows, readable ones first. Adding a
// reader for a kind is turning its Read on (and saying so in Read).
var Kinds = []Kind{
	{Exts: []string{".json"}, Name: "JSON 报告", Read: true},
	{Exts: []string{".xlsx"}, Name: "Excel 工作簿", Read: true},
	{Exts: []string{".xls"}, Name: "旧版 Excel 97-2003 工作簿", Report: true,
		Advice: "请在 Excel 或 WPS 中打开，另存为 .xlsx（Excel 工作簿）后重新报送"},
	{Exts: []string{".xlsm", ".xlsb"}, Name: "启用宏或二进制格式的 Excel 工作簿", Report: true,
		Advice: "请在 Excel 或 WPS 中打开，另存为 .xlsx（Excel 工作簿）后重新报送"},
	{Exts: []string{".et", ".ett"}, Name: "WPS 表格文件", Report: true,
		Advice: "请在 WPS 中打开，另存为 .xlsx（Excel 工作簿）后重新报送"},
	{Exts: []string{".ods"}, Name: "OpenDocument 表格", Report: true,
		Advice: "请在 WPS、Excel 或 LibreOffice 中打开，另存为 .xlsx（Excel 工作簿）后重新报送"},
	{Exts: []string{".docx", ".docm"}, Name: "Word 文档", Read: true},
	{Exts: []string{".doc"}, Name: "Word 97-2003 文档", Report: true, Advice: saveAsDocx},
	{Exts: []string{".wps"}, Name: "WPS 文字文档", Report: true, Advice: saveAsDocx},
	{Exts: []string{".odt", ".rtf"}, Name: "OpenDocument 或 RTF 文本", Report: true, Advice: saveAsDocx},
	{Exts: []string{".pdf"}, Name: "PDF 文件",
		Advice: "如这是盖章后的扫描件，请同时报送报告的 Word 文档（.docx）或填报表（.xlsx）"},
	{Exts: []string{".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".gif", ".heic", ".webp"}, Name: "图片",
		Advice: "如这是盖章页的照片，请同时报送报告的 Word 文档（.docx）或填报表（.xlsx）"},
	{Exts: []string{".zip", ".rar", ".7z"}, Name: "压缩包", Advice: "请解压后把其中的报告放进输入文件夹，再汇总"},
	{Exts: []string{".ofd"}, Name: "OFD 版式文件", Advice: "请同时报送报告的 Word 文档（.docx）或填报表（.xlsx）"},
}

// otherKind is the kind of a file whose extension the tool does not know.
var otherKind = Kind{Name: "其他文件"}

// KindOf returns the kind of a file by its name.
func KindOf(name string) Kind {
	ext := strings.ToLower(filepath.Ext(name))
	for _, k := range Kinds {
		for _, e := range k.Exts {
			if e == ext {
				return k
			}
		}
	}
	return otherKind
}

// Readable reports whether Read reads a file of this name: .json, .xlsx and
// .docx.
func Readable(name string) bool { return KindOf(name).Read }

// Why says, for a file Read does not read, what it is and what to do:
// 这是旧版 Excel 97-2003 工作簿（.xls），不能读取：请在 Excel 或 WPS 中打开，另存为
// .xlsx（Excel 工作簿）后重新报送.
func (k Kind) Why(name string) string {
	ext := filepath.Ext(name)
	if ext != "" {
		ext = "（" + ext + "）"
	}
	switch {
	case k.Report:
		return "这是" + k.Name + ext + "，不能读取：" + k.Advice
	case k.Name == otherKind.Name:
		return "不是报告文件" + ext + "，未读取"
	}
	return k.Name + ext + "不是报告，未读取：" + k.Advice
}

// Known reports whether the tool knows the kind (by the extension).
func (k Kind) Known() bool { return len(k.Exts) > 0 }

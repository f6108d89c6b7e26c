package docx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"jixiao"
)

// Broken and foreign inputs, made in code from good ones: each is refused
// with one problem that says what the file is and what to do.

// ole is an OLE compound file whose directory names the streams (the
// reader looks no further than the names).
func ole(streams ...string) []byte {
	b := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
	for _, s := range append([]string{"Root Entry"}, streams...) {
		entry := make([]byte, 128)
		for i, r := range s {
			entry[2*i] = byte(r)
		}
		b = append(b, entry...)
	}
	return b
}

// zipFiles is a zip of the files, in order (name, content, …).
func zipFiles(t testing.TB, files ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i := 0; i+1 < len(files); i += 2 {
		w, err := zw.Create(files[i])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(files[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// bombDocx is a Word package whose document.xml holds size zeros and
// declares the given size.
func bombDocx(t testing.TB, size int, declared uint64) []byte {
	t.Helper()
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	crc := crc32.NewIEEE()
	zeros := make([]byte, 1<<16)
	for n := 0; n < size; n += len(zeros) {
		fw.Write(zeros)
		crc.Write(zeros)
	}
	fw.Close()
	good := docxOf(t, para("", run("甲")))
	zr, err := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			w, _ := zw.CreateRaw(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, CRC32: crc.Sum32(),
				CompressedSize64: uint64(comp.Len()), UncompressedSize64: declared})
			w.Write(comp.Bytes())
			continue
		}
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
		rc, _ := f.Open()
		var c bytes.Buffer
		c.ReadFrom(rc)
		w.Write(c.Bytes())
	}
	zw.Close()
	return b.Bytes()
}

// withDocument is the package of docxOf with document.xml replaced by xml.
func withDocument(t testing.TB, xml string) []byte {
	return docxOf(t, "", "word/document.xml", xml)
}

// nested returns n levels of open, then inner, then n levels of close.
func nested(n int, open, inner, close string) string {
	return strings.Repeat(open, n) + inner + strings.Repeat(close, n)
}

func TestReadBad(t *testing.T) {
	good := handmade(t)
	flipped := bytes.Clone(good)
	// The first part is [Content_Types].xml; damage the compressed bytes of
	// word/document.xml, the third.
	if i := bytes.Index(flipped, []byte("word/document.xml")); i > 0 {
		for k := i + 40; k < i+80; k++ {
			flipped[k] ^= 0x55
		}
	}
	cell := func(inner string) string {
		return `<w:tbl><w:tr><w:tc>` + inner + `</w:tc></w:tr></w:tbl>`
	}
	cases := []struct {
		name, code, want string
		data             []byte
	}{
		{"empty", jixiao.CodeFile, "文件是空的", nil},
		{"too large", jixiao.CodeFile, "文件过大（33554433 字节，最多 33554432 字节，即 32 MB）", append([]byte("PK\x03\x04"), make([]byte, MaxFileSize-3)...)},
		{".doc", jixiao.CodeFile, "这是 Word 97-2003 文档（.doc）或 WPS 文字文档（.wps），不是 .docx：请在 Word 或 WPS 中打开，另存为“Word 文档（*.docx）”后再读取",
			ole("WordDocument", "1Table", "\x05SummaryInformation")},
		{"encrypted", jixiao.CodeFile, "文档设置了打开密码（已加密），无法读取：请在 Word 或 WPS 中取消打开密码后另存为 .docx 再读取",
			ole("EncryptionInfo", "EncryptedPackage", "\x06DataSpaces")},
		{".xls", jixiao.CodeFile, "这是 Excel 97-2003 工作簿（.xls），不是 Word 文档（.docx）", ole("Workbook")},
		{".ppt", jixiao.CodeFile, "这是 PowerPoint 97-2003 演示文稿（.ppt），不是 Word 文档（.docx）", ole("PowerPoint Document")},
		{"Works .wps", jixiao.CodeFile, "这是旧版 Microsoft Works 文档（.wps），不是 .docx：请在 Word 或 WPS 中打开，另存为“Word 文档（*.docx）”后再读取", ole("CONTENTS", "MatOST")},
		{"another OLE file", jixiao.CodeFile, "这是 Office 97-2003 格式的文件，不是 Word 文档（.docx）：请在 Word 或 WPS 中打开，另存为“Word 文档（*.docx）”后再读取", ole("Something")},
		{"PDF", jixiao.CodeFile, "这是 PDF 文件，不是 Word 文档（.docx）：请使用报告的 Word 原文件", []byte("%PDF-1.7\n")},
		{"RTF", jixiao.CodeFile, "这是 RTF 文档，不是 .docx：请在 Word 或 WPS 中打开，另存为“Word 文档（*.docx）”后再读取", []byte(`{\rtf1\ansi 甲}`)},
		{"JSON", jixiao.CodeFile, "这是 JSON 文本，不是 Word 文档（.docx）；JSON 格式的报告请直接用 jixiao check 检查", []byte("\ufeff {\"cover\": {}}")},
		{"web page", jixiao.CodeFile, "这是网页或 XML 文件（可能是“另存为网页”），不是 .docx：请在 Word 或 WPS 中打开，另存为“Word 文档（*.docx）”后再读取", []byte("<html><body>甲</body></html>")},
		{"single file web page", jixiao.CodeFile, "这是“单个文件网页”（.mht），不是 .docx：请在 Word 或 WPS 中打开，另存为“Word 文档（*.docx）”后再读取", []byte("MIME-Version: 1.0\r\n")},
		{"Word 2003 XML", jixiao.CodeFile, "这是“Word XML 文档”（.xml），不是 .docx：请在 Word 或 WPS 中打开，另存为“Word 文档（*.docx）”后再读取",
			[]byte(`<?xml version="1.0"?><?mso-application progid="Word.Document"?><w:wordDocument/>`)},
		{"unknown bytes", jixiao.CodeFile, "不是 Word 文档（.docx）：文件内容无法识别", []byte("\x00\x01\x02 hello")},
		{".xlsx", jixiao.CodeFile, "这是 Excel 工作簿（.xlsx），不是 Word 文档（.docx）", zipFiles(t, "[Content_Types].xml", "<Types/>",
			"_rels/.rels", `<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
			"xl/workbook.xml", "<workbook/>")},
		{".pptx", jixiao.CodeFile, "这是 PowerPoint 演示文稿（.pptx），不是 Word 文档（.docx）", zipFiles(t, "[Content_Types].xml", "<Types/>", "ppt/presentation.xml", "<p/>")},
		{".odt", jixiao.CodeFile, "这是OpenDocument 文本（.odt），不是 .docx：请在 WPS、Word 或 LibreOffice 中另存为“Word 文档（*.docx）”后再读取",
			zipFiles(t, "mimetype", "application/vnd.oasis.opendocument.text", "content.xml", "<office:document-content/>")},
		{"a zip without a document", jixiao.CodeFile, "不是 Word 文档（.docx）：压缩包中没有 word/document.xml", zipFiles(t, "readme.txt", "甲")},
		{"truncated", jixiao.CodeSyntax, "文件已损坏，无法作为 .docx 文档打开：压缩包结构错误（文件可能不完整或已损坏）", good[:len(good)/2]},
		{"damaged", jixiao.CodeSyntax, "文件已损坏，无法作为 .docx 文档打开：部件 word/document.xml 无法解压：压缩数据已损坏", flipped},
		{"zip bomb", jixiao.CodeFile, "文件过大，无法读取：部件 word/document.xml 解压后过大（300 MB，最多 16 MB）",
			bombDocx(t, 1<<20, 300<<20)},
		{"zip bomb declaring a small part", jixiao.CodeSyntax, "文件已损坏，无法作为 .docx 文档打开：部件 word/document.xml 无法解压：压缩包结构错误（文件可能不完整或已损坏）",
			bombDocx(t, 64<<20, 1000)},
		{"entity bomb", jixiao.CodeSyntax, "文档正文 word/document.xml 已损坏：第 4 行第 921 列：未定义的实体 &lol3;（只接受 XML 预定义的五个实体）", withDocument(t,
			`<?xml version="1.0"?>`+"\n"+`<!DOCTYPE w:document [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">`+"\n"+
				`<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]>`+"\n"+`<w:document `+wordNS+`><w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>`)},
		{"not UTF-8", jixiao.CodeSyntax, "文档正文 word/document.xml 已损坏：第 1 行第 17 列：不是合法的 UTF-8 文本", withDocument(t,
			`<w:document><w:b`+"\xc4\xe3"+`/></w:document>`)},
		{"document.xml truncated", jixiao.CodeSyntax, "文档正文 word/document.xml 已损坏：第 1 行第 38 列：文件意外结束：元素 <w:t> 没有结束",
			withDocument(t, `<w:document><w:body><w:p><w:r><w:t>半截`)},
		{"no body", jixiao.CodeSyntax, "文档正文 word/document.xml 已损坏：没有正文（w:body）", withDocument(t, `<w:document/>`)},
		{"styles damaged", jixiao.CodeSyntax, "文件已损坏，无法作为 .docx 文档打开：样式部件 word/styles.xml 已损坏：第 1 行第 11 列：结束标签 </w:style> 与开始标签 <w:styles> 不匹配",
			docxOf(t, para("", run("甲")), "word/styles.xml", `<w:styles></w:style>`)},
		{"relationships damaged", jixiao.CodeSyntax, "文件已损坏，无法作为 .docx 文档打开：关系部件 _rels/.rels 已损坏：第 1 行第 16 列：标签没有结束",
			docxOf(t, "", "_rels/.rels", `<Relationships><Relationship`)},
		{"tables nested too deep", jixiao.CodeFile, "表格嵌套超过 16 层", docxOf(t, nested(17, `<w:tbl><w:tr><w:tc>`, `<w:p/>`, `</w:tc></w:tr></w:tbl>`))},
		{"content controls nested too deep", jixiao.CodeFile, "文档正文 word/document.xml 无法读取：第 2 行第 3573 列：元素嵌套超过 256 层",
			docxOf(t, nested(130, `<w:sdt><w:sdtContent>`, para("", run("甲")), `</w:sdtContent></w:sdt>`))},
		{"a cell spanning too many columns", jixiao.CodeFile, "表1 第1行 超过 256 列", docxOf(t, cell(`<w:tcPr><w:gridSpan w:val="300"/></w:tcPr><w:p/>`))},
		{"too many cells in a row", jixiao.CodeFile, "表1 第1行 超过 256 列", docxOf(t, `<w:tbl><w:tr>`+strings.Repeat(`<w:tc><w:p/></w:tc>`, 257)+`</w:tr></w:tbl>`)},
		{"grid before too wide", jixiao.CodeFile, "表1 第1行 超过 256 列", docxOf(t, `<w:tbl><w:tr><w:trPr><w:gridBefore w:val="1000000"/></w:trPr></w:tr></w:tbl>`)},
		{"grid after too wide", jixiao.CodeFile, "表1 第1行 超过 256 列", docxOf(t, `<w:tbl><w:tr><w:trPr><w:gridAfter w:val="257"/></w:trPr></w:tr></w:tbl>`)},
		{"too many grid columns", jixiao.CodeFile, "表1 超过 256 列", docxOf(t, `<w:tbl><w:tblGrid>`+strings.Repeat(`<w:gridCol/>`, 257)+`</w:tblGrid></w:tbl>`)},
		{"too many rows", jixiao.CodeFile, "表1 超过 10000 行", docxOf(t, `<w:tbl>`+strings.Repeat(`<w:tr/>`, MaxRows+1)+`</w:tbl>`)},
		{"too many grid positions", jixiao.CodeFile, "文档中表格的网格位置超过 1048576 个",
			docxOf(t, `<w:tbl>`+strings.Repeat(`<w:tr><w:trPr><w:gridAfter w:val="200"/></w:trPr></w:tr>`, 6000)+`</w:tbl>`)},
		{"too much text in a cell", jixiao.CodeFile, "表1 第1行 第1列：单元格的文字超过 100000 字",
			docxOf(t, cell(para("", run(strings.Repeat("字", MaxCellChars/2)), run(strings.Repeat("字", MaxCellChars/2+1)))))},
		{"too much hidden text in a merged cell", jixiao.CodeFile, "表1：合并单元格中的文字超过 100000 字",
			docxOf(t, `<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p/></w:tc></w:tr>`+
				strings.Repeat(`<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr>`+para("", run(strings.Repeat("字", 1000)))+`</w:tc></w:tr>`, 101)+`</w:tbl>`)},
		{"too many paragraphs in a cell", jixiao.CodeFile, "表1 第1行 第1列：单元格中的段落超过 5000 个",
			docxOf(t, cell(strings.Repeat(`<w:p/>`, MaxCellParagraphs+1)))},
		{"too many blocks", jixiao.CodeFile, "文档正文的段落和表格超过 100000 个", docxOf(t, strings.Repeat(`<w:p/>`, MaxBlocks+1))},
		{"too many tables", jixiao.CodeFile, "文档中的表格超过 10000 个", docxOf(t, strings.Repeat(`<w:tbl/>`, MaxTables+1))},
		{"too many cells", jixiao.CodeFile, "文档中表格的单元格超过 200000 个",
			docxOf(t, `<w:tbl>`+strings.Repeat(`<w:tr>`+strings.Repeat(`<w:tc/>`, 200)+`</w:tr>`, MaxCells/200+1)+`</w:tbl>`)},
		{"too many paragraphs", jixiao.CodeFile, "文档中的段落超过 200000 个",
			docxOf(t, `<w:tbl><w:tr>`+strings.Repeat(`<w:tc>`+strings.Repeat(`<w:p/>`, 4000)+`</w:tc>`, MaxParagraphs/4000+1)+`</w:tr></w:tbl>`)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := Read("报告.docx", c.data)
			if err == nil {
				t.Fatalf("no error; read\n%.500s", d.Dump())
			}
			if d != nil {
				t.Error("a document and an error")
			}
			p := problemOf(t, err)
			if p.Code != c.code || p.Message != c.want || p.Severity != jixiao.Error {
				t.Errorf("got  %s %q\nwant %s %q", p.Code, p.Message, c.code, c.want)
			}
			if got := err.Error(); got != "报告.docx："+p.Severity.String()+"："+c.want {
				t.Errorf("formatted %q", got)
			}
		})
	}
}

// Content at the limits is read.
func TestReadAtLimits(t *testing.T) {
	d := readDoc(t, docxOf(t, nested(MaxTableDepth, `<w:tbl><w:tr><w:tc>`, para("", run("最里面")), `</w:tc></w:tr></w:tbl>`)))
	if len(d.Tables) != MaxTableDepth || d.Tables[MaxTableDepth-1].At(1, 1).Text != "最里面" {
		t.Errorf("%d tables", len(d.Tables))
	}
	inner := d.Tables[MaxTableDepth-1]
	if inner.Cell != d.Tables[MaxTableDepth-2].At(1, 1) || inner.At(1, 1).Place() != "表"+strconv.Itoa(MaxTableDepth)+" 第1行 第1列" {
		t.Error("the nested table's cell")
	}
	d = readDoc(t, docxOf(t, `<w:tbl><w:tr><w:tc>`+para("", run(strings.Repeat("字", MaxCellChars)))+`</w:tc></w:tr></w:tbl>`))
	if n := len([]rune(d.Tables[0].At(1, 1).Text)); n != MaxCellChars {
		t.Errorf("%d characters", n)
	}
	d = readDoc(t, docxOf(t, `<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="255"/></w:tcPr><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>`))
	if d.Tables[0].Cols != MaxCols {
		t.Errorf("%d columns", d.Tables[0].Cols)
	}
}

// The workbook corpus of testdata/bad, given to the Word reader, is refused
// for what each file is.
func TestReadWorkbookCorpus(t *testing.T) {
	for file, want := range map[string]string{
		"encrypted.xlsx":     "文档设置了打开密码（已加密），无法读取：请在 Word 或 WPS 中取消打开密码后另存为 .docx 再读取",
		"old-excel.xls":      "这是 Excel 97-2003 工作簿（.xls），不是 Word 文档（.docx）",
		"renamed-sheet.xlsx": "这是 Excel 工作簿（.xlsx），不是 Word 文档（.docx）",
		"zip-bomb.xlsx":      "文件过大，无法读取：部件 xl/worksheets/sheet1.xml 解压后过大（300 MB，最多 16 MB）",
		"not-a-zip.xlsx":     "不是 Word 文档（.docx）：文件内容无法识别",
	} {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "bad", file))
		if err != nil {
			t.Fatal(err)
		}
		_, err = Read("报告.docx", data)
		if p := problemOf(t, err); p.Code != jixiao.CodeFile || p.Message != want {
			t.Errorf("%s: %s %q, want %q", file, p.Code, p.Message, want)
		}
	}
}

package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"jixiao"
	"jixiao/input"
)

func runImport(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("import", "[-o 文件.json] 工作簿.xlsx…",
		`读取填好的 Excel 工作簿（jixiao template 生成的填报表，或 jixiao render 生成的报告工作簿），
转成报告 JSON。读不出的单元格逐个列出（工作表!单元格、字段名、应为何值、实际为何值），
这时不写任何文件。一个工作簿时 -o 为输出文件（默认 <工作簿名>.json）；多个工作簿时 -o 为文件夹。
导入后照常检查并列出问题；有读不出的单元格时退出码为 1。`, stderr)
	out := fs.StringP("output", "o", "", "输出文件（一个工作簿）或文件夹（多个工作簿）")
	if code := parse(fs, args, stdout); code >= 0 {
		return code
	}
	if fs.NArg() == 0 {
		return usageError(stderr, "import", "需要至少一个工作簿")
	}
	failed := false
	for _, file := range fs.Args() {
		data, err := os.ReadFile(file)
		if err == nil && !input.IsWorkbook(file, data) {
			fmt.Fprintf(stderr, "%s：错误：不是 Excel 工作簿（.xlsx）；JSON 报告不用导入，可直接 check 或 render\n", file)
			failed = true
			continue
		}
		c := input.Read(file, "")
		for _, p := range c.Problems {
			fmt.Fprintln(stderr, p.Format(file))
		}
		if c.Report == nil {
			failed = true
			continue
		}
		name := strings.TrimSuffix(file, filepath.Ext(file)) + ".json"
		switch {
		case *out != "" && fs.NArg() == 1:
			name = *out
		case *out != "":
			if err := os.MkdirAll(*out, 0o755); err != nil {
				fmt.Fprintf(stderr, "jixiao import：%v\n", err)
				return 1
			}
			name = filepath.Join(*out, filepath.Base(name))
		}
		var buf bytes.Buffer
		if err := jixiao.EncodeJSON(&buf, c.Report); err != nil {
			fmt.Fprintf(stderr, "jixiao import：%v\n", err)
			return 1
		}
		if err := writeFileAtomic(name, buf.Bytes()); err != nil {
			fmt.Fprintf(stderr, "jixiao import：%v\n", err)
			failed = true
			continue
		}
		fmt.Fprintf(stdout, "已导入 %s → %s\n", file, name)
	}
	if failed {
		return 1
	}
	return 0
}

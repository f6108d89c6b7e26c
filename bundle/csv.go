package bundle

import (
	"encoding/csv"
	"io"
	"iter"
	"strings"
	"unicode"

	"jixiao"
)

// writeCSV writes the problem list as CSV for a spreadsheet: UTF-8 with a
// byte-order mark (so that Excel opens it as UTF-8), CRLF line ends, the
// columns of jixiao.ProblemColumns, codes kept as text (csvCode) and no cell
// a spreadsheet would take for a formula (csvText).
func writeCSV(w io.Writer, problems iter.Seq[jixiao.UnitProblem]) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(jixiao.ProblemColumns); err != nil {
		return err
	}
	for p := range problems {
		row := p.Row()
		for i := range row {
			if i == 0 {
				row[i] = csvCode(row[i])
			} else {
				row[i] = csvText(row[i])
			}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvCode keeps a code of digits as text when a spreadsheet opens the file:
// ="012001" keeps its leading zero (a bare 012001 becomes the number 12001).
// Only digits are written so, so the cell is a constant and never a formula
// of the input's making; any other code goes through csvText.
func csvCode(s string) string {
	if s != "" && strings.Trim(s, "0123456789") == "" {
		return `="` + s + `"`
	}
	return csvText(s)
}

// csvText keeps a text from being taken for a formula by a spreadsheet: one
// whose first character, after any white space and line breaks, starts a
// formula (= + - @), or that starts with a tab or a line break, is prefixed
// with an apostrophe.
func csvText(s string) string {
	t := strings.TrimLeftFunc(s, unicode.IsSpace)
	if t != "" && strings.ContainsRune("=+-@", rune(t[0])) || s != "" && strings.ContainsRune("\t\r\n", rune(s[0])) {
		return "'" + s
	}
	return s
}

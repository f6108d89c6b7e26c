package templates

import "embed"

// Xlsx holds the fixed parts of the workbooks the xlsx renderer writes,
// under xlsx/: the package's relationships, the application's properties and
// the theme. The renderer adds the workbook, its sheets and styles, and the
// core properties.
//
//go:embed all:xlsx
var Xlsx embed.FS

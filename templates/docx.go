package templates

import "embed"

// Docx holds the fixed parts of the Word document the docx renderer writes,
// under docx/: the package's content types and relationships, the styles,
// settings and font table, and the page-number footers. The renderer adds the
// document body and the core properties.
//
//go:embed all:docx
var Docx embed.FS

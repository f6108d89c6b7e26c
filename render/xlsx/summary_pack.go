package xlsx

import (
	"archive/zip"
	"bytes"
	"cmp"
	"compress/flate"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"
)

// This file packs the summary workbook: excelize writes its parts into a
// partCapture; the sheets' parts are found through the workbook's
// relationships, the data rows are written into them, and every part is
// written in name order with fixed time stamps, so that the same summary
// gives the same bytes.

// partCapture is an excelize.ZipWriter that keeps the parts excelize writes.
type partCapture struct {
	parts map[string]*bytes.Buffer
}

func (c *partCapture) Create(name string) (io.Writer, error) {
	b := new(bytes.Buffer)
	c.parts[name] = b
	return b, nil
}

func (c *partCapture) AddFS(fs.FS) error { return errors.New("xlsx: AddFS is not supported") }
func (c *partCapture) Close() error      { return nil }

// Part names and relationship types the packing needs.
const (
	workbookPart = "xl/workbook.xml"
	contentTypes = "[Content_Types].xml"
	relsNS       = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)

// packTime is the time stamp of every part.
var packTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// pack writes the workbook to w: excelize's parts, with rows[sheet] writing
// the data rows of each named sheet at the end of its sheetData.
func (b *sumBook) pack(w io.Writer, rows map[string]func(io.Writer) error) error {
	if _, err := b.f.WriteTo(io.Discard); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	parts := b.parts.parts
	sheets, err := sheetParts(parts)
	if err != nil {
		return err
	}
	byPart := map[string]func(io.Writer) error{}
	for name, write := range rows {
		part, ok := sheets[name]
		if !ok || parts[part] == nil {
			return fmt.Errorf("xlsx: the workbook has no part for sheet %s", name)
		}
		byPart[part] = write
	}
	if ct := parts[contentTypes]; ct != nil {
		sorted, err := sortContentTypes(ct.Bytes())
		if err != nil {
			return err
		}
		parts[contentTypes] = bytes.NewBuffer(sorted)
	}
	names := make([]string, 0, len(parts))
	for n := range parts {
		names = append(names, n)
	}
	rank := func(n string) int {
		switch n {
		case contentTypes:
			return 0
		case "_rels/.rels":
			return 1
		}
		return 2
	}
	slices.SortFunc(names, func(a, b string) int { return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(a, b)) })

	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for _, name := range names {
		hdr := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: packTime}
		hdr.SetMode(0o644)
		pw, err := zw.CreateHeader(hdr)
		if err != nil {
			return err
		}
		data := parts[name].Bytes()
		write := byPart[name]
		if write == nil {
			if _, err := pw.Write(data); err != nil {
				return err
			}
			continue
		}
		head, tail, err := cutSheetData(data)
		if err != nil {
			return fmt.Errorf("xlsx: %s: %w", name, err)
		}
		if _, err := pw.Write(head); err != nil {
			return err
		}
		if err := write(pw); err != nil {
			return err
		}
		if _, err := pw.Write(tail); err != nil {
			return err
		}
	}
	return zw.Close()
}

// cutSheetData splits a worksheet part where rows may be added: before the
// end of its sheetData.
func cutSheetData(data []byte) (head, tail []byte, err error) {
	if i := bytes.Index(data, []byte("</sheetData>")); i >= 0 {
		return data[:i], data[i:], nil
	}
	if i := bytes.Index(data, []byte("<sheetData/>")); i >= 0 {
		return append(slices.Clip(data[:i]), "<sheetData>"...), append([]byte("</sheetData>"), data[i+len("<sheetData/>"):]...), nil
	}
	return nil, nil, errors.New("no sheetData")
}

// sheetParts maps each sheet's name to its part, through the workbook's
// relationships.
func sheetParts(parts map[string]*bytes.Buffer) (map[string]string, error) {
	wb, rels := parts[workbookPart], parts[relsPart(workbookPart)]
	if wb == nil || rels == nil {
		return nil, errors.New("xlsx: the workbook or its relationships are missing")
	}
	var sumBook struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := xml.Unmarshal(wb.Bytes(), &sumBook); err != nil {
		return nil, fmt.Errorf("xlsx: %s: %w", workbookPart, err)
	}
	var rs struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal(rels.Bytes(), &rs); err != nil {
		return nil, fmt.Errorf("xlsx: %s: %w", relsPart(workbookPart), err)
	}
	targets := map[string]string{}
	for _, r := range rs.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join(path.Dir(workbookPart), t)
		}
		targets[r.ID] = t
	}
	out := map[string]string{}
	for _, s := range sumBook.Sheets {
		if t, ok := targets[s.ID]; ok {
			out[s.Name] = t
		}
	}
	return out, nil
}

// contentTypesXML is [Content_Types].xml.
type contentTypesXML struct {
	XMLName   xml.Name          `xml:"http://schemas.openxmlformats.org/package/2006/content-types Types"`
	Defaults  []contentDefault  `xml:"Default"`
	Overrides []contentOverride `xml:"Override"`
}

type contentDefault struct {
	XMLName     xml.Name `xml:"Default"`
	Extension   string   `xml:"Extension,attr"`
	ContentType string   `xml:"ContentType,attr"`
}

type contentOverride struct {
	XMLName     xml.Name `xml:"Override"`
	PartName    string   `xml:"PartName,attr"`
	ContentType string   `xml:"ContentType,attr"`
}

// sortContentTypes re-encodes [Content_Types].xml with its entries in order
// (excelize writes some in the order of a map).
func sortContentTypes(data []byte) ([]byte, error) {
	var ct contentTypesXML
	if err := xml.Unmarshal(data, &ct); err != nil {
		return nil, fmt.Errorf("xlsx: %s: %w", contentTypes, err)
	}
	slices.SortFunc(ct.Defaults, func(a, b contentDefault) int { return strings.Compare(a.Extension, b.Extension) })
	slices.SortFunc(ct.Overrides, func(a, b contentOverride) int { return strings.Compare(a.PartName, b.PartName) })
	out, err := xml.Marshal(ct)
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), out...), nil
}

// relsPart is the relationships part of a part.
func relsPart(part string) string {
	dir, file := path.Split(part)
	return dir + "_rels/" + file + ".rels"
}

// Package ooxml reads Office Open XML packages (.docx, .xlsx) safely: a zip
// opened with limits on its size, checked on the sizes it declares before
// anything is inflated and again on the bytes inflated; its parts and their
// relationships; and a pull scanner over a part's XML that never expands an
// entity. It knows no vocabulary of Word or Excel: their readers build on it.
//
// Errors carry Chinese messages meant to be wrapped into a problem for the
// user; errors.Is(err, ErrTooLarge) tells a refusal for size from damage, and
// the *LimitError says which limit refused what.
package ooxml

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"strings"

	"jixiao/internal/sizes"
)

// Limits bound what a package may hold. A zero field takes its default.
type Limits struct {
	File     int64 // bytes of the zip file; default 32 MB
	Unzipped int64 // bytes of all parts inflated together; default 64 MB
	Part     int64 // bytes of one part inflated; default 16 MB
	Entries  int   // entries of the zip; default 10,000
}

// DefaultLimits are the limits of a zero Limits, far above any report.
var DefaultLimits = Limits{File: 32 << 20, Unzipped: 64 << 20, Part: 16 << 20, Entries: 10000}

func (l Limits) orDefault() Limits {
	if l.File <= 0 {
		l.File = DefaultLimits.File
	}
	if l.Unzipped <= 0 {
		l.Unzipped = DefaultLimits.Unzipped
	}
	if l.Part <= 0 {
		l.Part = DefaultLimits.Part
	}
	if l.Entries <= 0 {
		l.Entries = DefaultLimits.Entries
	}
	return l
}

// ErrTooLarge is matched by errors.Is for every error that refuses a package
// or a part for its size.
var ErrTooLarge = errors.New("ooxml: too large")

// LimitError is a refusal for size, for a reader that words its own message.
type LimitError struct {
	// Limit is the field of Limits exceeded: "File", "Entries", "Part" or
	// "Unzipped".
	Limit string
	// Part is the part refused for Limit "Part", as the zip names it.
	Part string
	// Size is what Open found: the bytes of the file, the entries, or the
	// bytes the zip declares for the part or for all parts together. It is 0
	// when Part stops a part inflating past the limit.
	Size int64
	// Max is the limit.
	Max int64
	msg string
}

func (e *LimitError) Error() string        { return e.msg }
func (e *LimitError) Is(target error) bool { return target == ErrTooLarge }

func tooLarge(e LimitError, format string, args ...any) error {
	e.msg = fmt.Sprintf(format, args...)
	return &e
}

// Package is an opened zip package.
type Package struct {
	limits   Limits
	files    map[string]*zip.File // by part name, folded to lower case
	names    []string             // part names as stored, in zip order
	inflated int64
}

// Open opens the zip package in data. It refuses a file larger than the
// limits, too many entries, and entries whose declared sizes exceed the
// limits, before inflating anything.
func Open(data []byte, limits Limits) (*Package, error) {
	l := limits.orDefault()
	if int64(len(data)) > l.File {
		return nil, tooLarge(LimitError{Limit: "File", Size: int64(len(data)), Max: l.File}, "文件过大（%s）", sizes.Limit(int64(len(data)), l.File))
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, zipError(err)
	}
	if len(zr.File) > l.Entries {
		return nil, tooLarge(LimitError{Limit: "Entries", Size: int64(len(zr.File)), Max: int64(l.Entries)}, "压缩包内有 %d 个部件（最多 %d 个）", len(zr.File), l.Entries)
	}
	p := &Package{limits: l, files: make(map[string]*zip.File, len(zr.File))}
	// Every part's declared size is checked before all parts' together: a
	// part too large is named wherever it is.
	var total uint64
	for _, f := range zr.File {
		if f.UncompressedSize64 > uint64(l.Part) {
			return nil, tooLarge(LimitError{Limit: "Part", Part: f.Name, Size: int64(f.UncompressedSize64), Max: l.Part},
				"部件 %s 解压后过大（%s）", clipName(f.Name), sizes.Limit(int64(f.UncompressedSize64), l.Part))
		}
		total += f.UncompressedSize64 // at most Entries × Part
		name := partName(f.Name)
		if name == "" || strings.HasSuffix(name, "/") {
			continue
		}
		key := strings.ToLower(name)
		if _, dup := p.files[key]; dup {
			continue // the first wins, as in the zip's central directory
		}
		p.files[key] = f
		p.names = append(p.names, name)
	}
	if total > uint64(l.Unzipped) {
		return nil, tooLarge(LimitError{Limit: "Unzipped", Size: int64(total), Max: l.Unzipped}, "解压后过大（超过 %s）", sizes.Text(l.Unzipped))
	}
	return p, nil
}

// partName is the part name of a zip entry: slashes, no leading slash.
func partName(entry string) string {
	return strings.TrimPrefix(strings.ReplaceAll(entry, `\`, "/"), "/")
}

// zipError describes a zip, or a part of it, that cannot be read; the
// cause stays reachable through errors.Is and errors.As but out of the
// message, which is Chinese.
func zipError(err error) error {
	var fe flate.CorruptInputError
	msg := "压缩包无法读取（文件已损坏）"
	switch {
	case errors.Is(err, zip.ErrFormat):
		msg = "压缩包结构错误（文件可能不完整或已损坏）"
	case errors.Is(err, zip.ErrAlgorithm):
		msg = "压缩包使用了不支持的压缩方式或加密"
	case errors.Is(err, zip.ErrChecksum):
		msg = "压缩包校验和错误（文件已损坏）"
	case errors.Is(err, io.ErrUnexpectedEOF):
		msg = "压缩数据不完整（文件可能被截断）"
	case errors.As(err, &fe):
		msg = "压缩数据已损坏"
	}
	return &causeError{msg: msg, err: err}
}

// causeError is a Chinese message with the cause it describes.
type causeError struct {
	msg string
	err error
}

func (e *causeError) Error() string { return e.msg }
func (e *causeError) Unwrap() error { return e.err }

// Names lists the package's part names in zip order.
func (p *Package) Names() []string { return p.names }

// Has reports whether the package holds the part (names compare without
// case, as OPC part names do).
func (p *Package) Has(name string) bool {
	_, ok := p.files[strings.ToLower(partName(name))]
	return ok
}

// Inflated is the number of bytes inflated so far.
func (p *Package) Inflated() int64 { return p.inflated }

// Part inflates a part. It stops at the limits whatever the zip declares. A
// missing part is an error matched by errors.Is(err, fs.ErrNotExist).
func (p *Package) Part(name string) ([]byte, error) {
	f, ok := p.files[strings.ToLower(partName(name))]
	if !ok {
		return nil, &causeError{msg: "缺少部件 " + clipName(name), err: fs.ErrNotExist}
	}
	budget := min(p.limits.Part, p.limits.Unzipped-p.inflated)
	if budget < 0 {
		budget = 0
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("部件 %s 无法解压：%w", clipName(name), zipError(err))
	}
	defer rc.Close()
	// The declared size, bounded, sizes the buffer; the bytes read are bounded
	// by the budget whatever was declared.
	buf := bytes.NewBuffer(make([]byte, 0, min(int64(f.UncompressedSize64), budget)+bytes.MinRead))
	n, err := buf.ReadFrom(io.LimitReader(rc, budget+1))
	p.inflated += n
	if err != nil {
		return nil, fmt.Errorf("部件 %s 无法解压：%w", clipName(name), zipError(err))
	}
	if n > budget {
		if budget == p.limits.Part {
			return nil, tooLarge(LimitError{Limit: "Part", Part: name, Max: p.limits.Part}, "部件 %s 解压后超过 %s", clipName(name), sizes.Text(p.limits.Part))
		}
		return nil, tooLarge(LimitError{Limit: "Unzipped", Max: p.limits.Unzipped}, "解压后超过 %s", sizes.Text(p.limits.Unzipped))
	}
	// archive/zip has checked the size and the checksum the zip declares: a
	// part longer or shorter than declared, or altered, is an error above.
	return buf.Bytes(), nil
}

// Rel is a relationship of a part, its target resolved to a part name.
type Rel struct {
	ID     string
	Type   string // the relationship type URI
	Target string // the part name of the target: word/document.xml
}

// RelsName is the name of the relationships part of a part ("" for the
// package): word/document.xml → word/_rels/document.xml.rels.
func RelsName(part string) string {
	if part == "" {
		return "_rels/.rels"
	}
	dir, file := path.Split(partName(part))
	return dir + "_rels/" + file + ".rels"
}

// Rels reads the relationships of a part ("" for the package's own,
// _rels/.rels). External targets (hyperlinks, linked files) are left out;
// internal ones are resolved against the part's folder. A part without
// relationships has none: nil and no error.
func (p *Package) Rels(part string) ([]Rel, error) {
	name := RelsName(part)
	if !p.Has(name) {
		return nil, nil
	}
	data, err := p.Part(name)
	if err != nil {
		return nil, err
	}
	base := path.Dir(partName(part))
	var out []Rel
	sc := NewScanner(data)
	for {
		t, err := sc.Next()
		if err != nil {
			return nil, fmt.Errorf("关系部件 %s 已损坏：%w", clipName(name), err)
		}
		if t.Kind == EOF {
			return out, nil
		}
		if t.Kind != StartTag && t.Kind != EmptyTag || t.Name != "Relationship" || strings.EqualFold(t.Attr("TargetMode"), "External") {
			continue
		}
		target := t.Attr("Target")
		if u, err := url.PathUnescape(target); err == nil {
			target = u
		}
		target = strings.ReplaceAll(target, `\`, "/")
		if strings.HasPrefix(target, "/") {
			target = target[1:]
		} else {
			target = path.Join(base, target)
		}
		target = strings.TrimPrefix(path.Clean("/"+target), "/")
		out = append(out, Rel{ID: t.Attr("Id"), Type: t.Attr("Type"), Target: target})
	}
}

// clipName shortens a part name taken from the zip for a message.
func clipName(name string) string { return Clip(name[:min(len(name), 4*maxQuoted)]) }

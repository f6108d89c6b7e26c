package ooxml

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"io"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/klauspost/compress/flate"
)

// Writing packages: the Word and Excel writers put their parts through one
// deterministic zip writer (the same parts give the same bytes, whatever the
// clock or the number of cores) and escape their text with one function.

// Modified is the time stamp of every entry: the earliest a zip can record,
// so that no output depends on the clock.
var Modified = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// Part is a part of a package ready for the zip: its header and its bytes as
// stored (deflated, or as they are).
type Part struct {
	header zip.FileHeader
	data   []byte
}

// Name is the part's name in the package.
func (p Part) Name() string { return p.header.Name }

// storeBelow is the size under which a part is stored: deflating a few
// hundred bytes costs more time than it saves space.
const storeBelow = 1024

// splitAbove is the size above which a part is deflated in two halves, in
// parallel: the halves are separate deflate blocks ended by a sync flush,
// which concatenate into one valid stream (as pigz does). The split is by
// size alone, never by the number of cores, so that the bytes do not depend
// on the machine.
const splitAbove = 48 << 10

// Compress returns the part name holding data, deflated at the fastest level
// (stored when it is small).
func Compress(name string, data []byte) Part {
	// The time stamp as zip.Writer.CreateHeader would record it: MS-DOS date
	// and time, and the extended timestamp extra field (ID 0x5455, Unix time).
	mt := uint32(Modified.Unix())
	h := zip.FileHeader{Name: name, Method: zip.Store, Modified: Modified, CRC32: crc32.ChecksumIEEE(data),
		UncompressedSize64: uint64(len(data)), ModifiedDate: 1<<5 | 1,
		Extra: []byte{0x55, 0x54, 5, 0, 1, byte(mt), byte(mt >> 8), byte(mt >> 16), byte(mt >> 24)}}
	if len(data) < storeBelow {
		h.CompressedSize64 = uint64(len(data))
		return Part{h, data}
	}
	var out []byte
	if len(data) > splitAbove {
		half := len(data) / 2
		var first, second bytes.Buffer
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			deflate(&first, data[:half], false)
		}()
		deflate(&second, data[half:], true)
		wg.Wait()
		out = append(first.Bytes(), second.Bytes()...)
	} else {
		var b bytes.Buffer
		deflate(&b, data, true)
		out = b.Bytes()
	}
	h.Method, h.CompressedSize64 = zip.Deflate, uint64(len(out))
	return Part{h, out}
}

// deflaters keeps a few compressors (800 KB each) for reuse; unlike a
// sync.Pool it is not emptied by every garbage collection.
var deflaters = make(chan *flate.Writer, 8)

// deflate writes data deflated to w; last ends the stream, else it ends with
// a sync flush so that another stream may follow.
func deflate(w io.Writer, data []byte, last bool) {
	var fw *flate.Writer
	select {
	case fw = <-deflaters:
		fw.Reset(w)
	default:
		fw, _ = flate.NewWriter(w, flate.BestSpeed) // the level is valid
	}
	// Writes to a bytes.Buffer do not fail.
	fw.Write(data)
	if last {
		fw.Close()
	} else {
		fw.Flush()
	}
	select {
	case deflaters <- fw:
	default:
	}
}

// Writer writes a package's parts in the order given.
type Writer struct {
	zw *zip.Writer
}

// NewWriter returns a Writer writing the package to w.
func NewWriter(w io.Writer) *Writer { return &Writer{zip.NewWriter(w)} }

// Add writes a part, compressed (Compress).
func (w *Writer) Add(name string, data []byte) error { return w.AddPart(Compress(name, data)) }

// AddPart writes a part already compressed (Compress), as it is: a fixed
// part compressed once is copied into every package.
func (w *Writer) AddPart(p Part) error {
	h := p.header
	fw, err := w.zw.CreateRaw(&h)
	if err != nil {
		return err
	}
	_, err = fw.Write(p.data)
	return err
}

// Close ends the package.
func (w *Writer) Close() error { return w.zw.Close() }

// AppendText appends s escaped for XML character data and attribute values,
// dropping what XML 1.0 cannot carry: control characters other than tab and
// line ends, U+FFFE, U+FFFF, C1 controls and bytes that are not UTF-8.
func AppendText(dst []byte, s string) []byte { return appendEscaped(dst, s, true) }

// AppendCharData is AppendText for character data only, where a quote needs
// no escape: it leaves " as it is (JSON in a cell is a fifth shorter).
func AppendCharData(dst []byte, s string) []byte { return appendEscaped(dst, s, false) }

func appendEscaped(dst []byte, s string, quote bool) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			var esc string
			switch {
			case c == '&':
				esc = "&amp;"
			case c == '<':
				esc = "&lt;"
			case c == '>':
				esc = "&gt;"
			case c == '"' && quote:
				esc = "&quot;"
			case c < 0x20 && c != '\t' && c != '\n' && c != '\r', c == 0x7f:
				esc = ""
			default:
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			dst = append(dst, esc...)
			i++
			start = i
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r <= 0x9f || r == 0xfffe || r == 0xffff {
			dst = append(dst, s[start:i]...)
			start = i + n
		}
		i += n
	}
	return append(dst, s[start:]...)
}

package xlsx

import (
	"bytes"
	"cmp"
	"errors"
	"io"
	"io/fs"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// sortedZip is an excelize.ZipWriter for the workbooks excelize makes: it
// writes their parts sorted by name ([Content_Types].xml and the package's
// relationships first), compressed as the writer's own (zipParts), so that the
// same input gives the same bytes.
type sortedZip struct {
	out     io.Writer
	entries map[string]*bytes.Buffer
}

func newSortedZip(out io.Writer) excelize.ZipWriter {
	return &sortedZip{out: out, entries: map[string]*bytes.Buffer{}}
}

func (z *sortedZip) Create(name string) (io.Writer, error) {
	b := new(bytes.Buffer)
	z.entries[name] = b
	return b, nil
}

func (z *sortedZip) AddFS(fs.FS) error { return errors.New("xlsx: AddFS is not supported") }

func (z *sortedZip) Close() error {
	names := make([]string, 0, len(z.entries))
	for n := range z.entries {
		names = append(names, n)
	}
	rank := func(n string) int {
		switch n {
		case "[Content_Types].xml":
			return 0
		case "_rels/.rels":
			return 1
		}
		return 2
	}
	slices.SortFunc(names, func(a, b string) int { return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(a, b)) })
	parts := newZipParts()
	for _, n := range names {
		parts.add(n, z.entries[n].Bytes())
	}
	return parts.write(z.out)
}

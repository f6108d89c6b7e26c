package pdf

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/fault"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Part is an entry of a merged volume and its bookmark: the pages of File,
// if any, then those of its Parts, whose bookmarks nest under this one's.
type Part struct {
	Title string // the bookmark, e.g. 「100003 岳阳楼区第3事务中心」
	File  string // a PDF; "" for a heading over its Parts
	Parts []Part // nested entries, e.g. 自评报告 and 反馈单
}

// MergeOptions configure Merge. The zero value writes the volume without a
// title, dated 1 January 2000.
type MergeOptions struct {
	// Title is the document title the volume's properties show.
	Title string
	// Date is written as the volume's creation and modification date; the
	// zero value means 2000-01-01 00:00:00 UTC, so that the same parts give
	// the same bytes.
	Date time.Time
}

var disablePdfcpuConfig = sync.OnceFunc(func() {
	// Otherwise pdfcpu writes a configuration, fonts and certificates into
	// the user's configuration folder.
	api.DisableConfigDir()
})

// Merge writes the PDFs of parts, in order, into one PDF file out, with one
// bookmark per part (nested as the parts are), replacing out if it exists.
// Bookmarks the parts had are dropped. The same parts give the same bytes:
// the volume is dated opts.Date and its file identifier is a hash of the
// parts (see renumber and writeVolume for what that takes with pdfcpu).
// Memory grows with the parts: pdfcpu holds the whole volume until it is
// written, about 3.5 times its size at the peak (1,000 units, 208 MB of PDF:
// 0.7 GB, 4 s).
func Merge(ctx context.Context, out string, parts []Part, opts MergeOptions) (err error) {
	files, bms, err := plan(parts)
	if err != nil {
		return err
	}
	disablePdfcpuConfig()
	defer fault.Catch(&err)
	conf := model.NewDefaultConfiguration()
	conf.Cmd = model.MERGECREATE
	conf.ValidationMode = model.ValidationRelaxed
	conf.CreateBookmarks = false
	conf.OptimizeBeforeWriting = false
	// The information dictionary must stay out of compressed object
	// streams, for its dates to be replaced (see fixStamps).
	conf.WriteObjectStream = false

	id := sha256.New()
	var dest *model.Context
	pages := make([]int, len(files)) // first page of each file
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		src, err := readPDF(f, conf, id)
		if err != nil {
			return err
		}
		if dest == nil {
			dest = src
			dest.EnsureVersionForWriting()
			pages[i] = 1
			continue
		}
		pages[i] = dest.PageCount + 1
		if err := pdfcpu.MergeXRefTables(filepath.Base(f), src, dest, false, false); err != nil {
			return fmt.Errorf("cannot merge %s: %w", f, err)
		}
	}
	hashMarks(id, bms, pages, 0)
	if err := setOutline(dest, bms, pages); err != nil {
		return fmt.Errorf("cannot add the bookmarks: %w", err)
	}
	date := opts.Date
	if date.IsZero() {
		date = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	info := types.NewDict()
	info.InsertString("CreationDate", types.DateString(date.UTC()))
	info.InsertString("ModDate", types.DateString(date.UTC()))
	info.InsertString("Producer", "jixiao, pdfcpu "+model.VersionStr)
	if opts.Title != "" {
		t, err := types.EscapedUTF16String(opts.Title)
		if err != nil {
			return fmt.Errorf("cannot write the title: %w", err)
		}
		info.InsertString("Title", *t)
	}
	ir, err := dest.IndRefForNewObject(info)
	if err != nil {
		return fmt.Errorf("cannot write the document information: %w", err)
	}
	dest.Info = ir
	fid := types.HexLiteral(strings.ToUpper(hex.EncodeToString(id.Sum(nil)[:16])))
	dest.ID = types.Array{fid, fid}
	order, err := renumber(dest)
	if err != nil {
		return err
	}
	return writeVolume(dest, out, order)
}

// mark is a bookmark planned before the page numbers are known: it begins at
// the first page of files[file].
type mark struct {
	title string
	file  int
	kids  []mark
}

// plan flattens parts into the files to merge, in order, and their bookmarks.
func plan(parts []Part) ([]string, []mark, error) {
	var files []string
	var walk func([]Part, string) ([]mark, error)
	walk = func(ps []Part, where string) ([]mark, error) {
		var ms []mark
		for i, p := range ps {
			at := fmt.Sprintf("%s%d", where, i+1)
			if strings.TrimSpace(p.Title) == "" {
				return nil, fmt.Errorf("汇总册的第 %s 项没有书签标题", at)
			}
			m := mark{title: p.Title, file: len(files)}
			if p.File != "" {
				files = append(files, p.File)
			}
			kids, err := walk(p.Parts, at+".")
			if err != nil {
				return nil, err
			}
			if m.file == len(files) {
				return nil, fmt.Errorf("汇总册的第 %s 项「%s」没有任何页", at, p.Title)
			}
			m.kids = kids
			ms = append(ms, m)
		}
		return ms, nil
	}
	ms, err := walk(parts, "")
	if err != nil {
		return nil, nil, err
	}
	if len(files) == 0 {
		return nil, nil, errors.New("汇总册没有任何 PDF 文件")
	}
	return files, ms, nil
}

func hashMarks(h io.Writer, ms []mark, pages []int, depth int) {
	for _, m := range ms {
		fmt.Fprintf(h, "%d %d %q\n", depth, pages[m.file], m.title)
		hashMarks(h, m.kids, pages, depth+1)
	}
}

// setOutline replaces the document's outline by one item per mark, each
// going to the top of its first page. Top-level items with nested ones start
// closed, so that a volume of a thousand units opens on the list of units.
// (pdfcpu's AddBookmarks goes through named destinations keyed by title,
// which would send every 「自评报告」 to the same page.)
func setOutline(c *model.Context, ms []mark, pages []int) error {
	root, err := c.Catalog()
	if err != nil {
		return err
	}
	outlines := types.Dict{"Type": types.Name("Outlines")}
	oir, err := c.IndRefForNewObject(outlines)
	if err != nil {
		return err
	}
	first, last, n, err := outlineItems(c, ms, pages, *oir, true)
	if err != nil {
		return err
	}
	outlines["First"], outlines["Last"], outlines["Count"] = *first, *last, types.Integer(n)
	root["Outlines"] = *oir
	root["PageMode"] = types.Name("UseOutlines")
	root["Lang"] = types.StringLiteral("zh-CN")
	return nil
}

// outlineItems makes the items for ms under parent and returns the first and
// last and how many are visible.
func outlineItems(c *model.Context, ms []mark, pages []int, parent types.IndirectRef, top bool) (first, last *types.IndirectRef, visible int, err error) {
	items := make([]types.Dict, len(ms))
	refs := make([]*types.IndirectRef, len(ms))
	for i, m := range ms {
		_, page, _, err := c.PageDict(pages[m.file], false)
		if err != nil {
			return nil, nil, 0, fmt.Errorf("page %d: %w", pages[m.file], err)
		}
		title, err := types.EscapedUTF16String(m.title)
		if err != nil {
			return nil, nil, 0, fmt.Errorf("bookmark %q: %w", m.title, err)
		}
		items[i] = types.Dict{
			"Title":  types.StringLiteral(*title),
			"Parent": parent,
			"Dest":   types.Array{*page, types.Name("XYZ"), nil, nil, nil},
		}
		if refs[i], err = c.IndRefForNewObject(items[i]); err != nil {
			return nil, nil, 0, err
		}
	}
	for i, m := range ms {
		if i > 0 {
			items[i]["Prev"] = *refs[i-1]
		}
		if i < len(ms)-1 {
			items[i]["Next"] = *refs[i+1]
		}
		visible++
		if len(m.kids) == 0 {
			continue
		}
		kf, kl, kn, err := outlineItems(c, m.kids, pages, *refs[i], false)
		if err != nil {
			return nil, nil, 0, err
		}
		items[i]["First"], items[i]["Last"] = *kf, *kl
		if top {
			items[i]["Count"] = types.Integer(-len(m.kids)) // closed
		} else {
			items[i]["Count"] = types.Integer(kn)
			visible += kn
		}
	}
	return refs[0], refs[len(refs)-1], visible, nil
}

// renumber gives the objects reachable from the catalog and the document
// information consecutive numbers, drops the others, and returns the numbers
// in an order that lists every object after those it refers to (a
// depth-first post-order; dictionary keys sorted). pdfcpu's merge numbers
// each part's objects in Go's map order, and its writer visits dictionaries in
// map order, so both differ from run to run; with this numbering, written in
// this order (see writeVolume), the same parts always give the same bytes.
func renumber(c *model.Context) ([]int, error) {
	if err := c.BindNameTrees(); err != nil {
		return nil, fmt.Errorf("cannot write the name trees: %w", err)
	}
	nr := map[int]int{}
	seen := map[int]bool{}
	var post []int // old numbers, post-order
	var walk func(o types.Object) error
	walk = func(o types.Object) error {
		switch o := o.(type) {
		case types.IndirectRef:
			n := o.ObjectNumber.Value()
			if seen[n] {
				return nil
			}
			seen[n] = true
			obj, err := c.Dereference(o) // decodes objects of object streams
			if err != nil {
				return fmt.Errorf("object %d: %w", n, err)
			}
			if obj == nil {
				return nil // missing or free: written as null
			}
			if err := walk(obj); err != nil {
				return err
			}
			post = append(post, n)
			nr[n] = len(post)
		case types.Dict:
			for _, k := range slices.Sorted(maps.Keys(o)) {
				if err := walk(o[k]); err != nil {
					return err
				}
			}
		case types.StreamDict:
			return walk(o.Dict)
		case types.Array:
			for _, v := range o {
				if err := walk(v); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := walk(*c.Info); err != nil {
		return nil, err
	}
	if err := walk(*c.Root); err != nil {
		return nil, err
	}
	var patch func(o types.Object) types.Object
	patch = func(o types.Object) types.Object {
		switch o := o.(type) {
		case types.IndirectRef:
			n, ok := nr[o.ObjectNumber.Value()]
			if !ok {
				return nil // a reference to a missing object is null
			}
			return *types.NewIndirectRef(n, 0)
		case types.Dict:
			d := make(types.Dict, len(o))
			for k, v := range o {
				d[k] = patch(v)
			}
			return d
		case types.StreamDict:
			o.Dict = patch(o.Dict).(types.Dict)
			return o
		case types.Array:
			a := make(types.Array, len(o))
			for i, v := range o {
				a[i] = patch(v)
			}
			return a
		}
		return o
	}
	table := make(map[int]*model.XRefTableEntry, len(post)+1)
	free, freeGen := int64(0), types.FreeHeadGeneration
	table[0] = &model.XRefTableEntry{Free: true, Offset: &free, Generation: &freeGen}
	order := make([]int, len(post))
	for i, n := range post {
		table[i+1] = model.NewXRefTableEntryGen0(patch(c.Table[n].Object))
		order[i] = i + 1
	}
	root, info := patch(*c.Root).(types.IndirectRef), patch(*c.Info).(types.IndirectRef)
	c.Table = table
	size := len(post) + 1
	c.Size = &size
	c.Root, c.Info = &root, &info
	c.Names = map[string]*model.Node{}
	c.LinearizationObjs = types.IntSet{}
	c.Read.ObjectStreams, c.Read.XRefStreams = types.IntSet{}, types.IntSet{}
	c.Optimize.DuplicateFontObjs, c.Optimize.DuplicateImageObjs, c.Optimize.DuplicateInfoObjects = types.IntSet{}, types.IntSet{}, types.IntSet{}
	return order, nil
}

// readPDF reads and validates one part, adding its bytes to the hash.
func readPDF(name string, conf *model.Configuration, h io.Writer) (c *model.Context, err error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", name, err)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			c, err = nil, fmt.Errorf("cannot read %s: %w", name, cerr)
		}
	}()
	if _, err := io.Copy(h, f); err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", name, err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", name, err)
	}
	if c, err = api.ReadAndValidate(f, conf); err != nil {
		return nil, fmt.Errorf("%s 不是可读的 PDF 文件：%w", name, err)
	}
	return c, nil
}

// pdfHeader is what pdfcpu's writer begins a PDF 1.7 file with.
const pdfHeader = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"

// writeVolume writes the merged context to a temporary file beside out and
// renames it to out. It writes the objects one by one in order (pdfcpu's
// incremental writer, on a fresh file, after the header), each after the
// objects it refers to, so that pdfcpu never walks a dictionary in map
// order, and with the document information and file identifier already set
// (the incremental writer stamps neither the time nor a random identifier).
func writeVolume(c *model.Context, out string, order []int) (err error) {
	tmp, err := createBeside(out)
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", out, err)
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, os.Remove(tmp.Name()))
		}
	}()
	c.Write.Increment = false
	c.Write.ObjNrs = order
	c.Write.Offset = int64(len(pdfHeader))
	_, err = tmp.WriteString(pdfHeader)
	if err == nil {
		err = api.WriteIncrement(c, tmp)
	}
	if err != nil {
		return errors.Join(fmt.Errorf("cannot write %s: %w", out, err), tmp.Close())
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %w", out, err)
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return fmt.Errorf("cannot write %s: %w", out, err)
	}
	return nil
}

package bundle

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"jixiao"
	"jixiao/disk"
)

// spill is a file of units' summary rows, problems and feedback, so that a
// run keeps only a few keys per unit in memory.
type spill struct {
	f   *os.File
	end int64
}

// record is what the spill keeps of a unit for its rows.
type record struct {
	Summary  jixiao.UnitSummary
	Problems []jixiao.Problem
}

// at is where a record is in the spill file.
type at struct{ off, size int64 }

func newSpill(name string) (*spill, error) {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return nil, fmt.Errorf("无法创建临时文件夹：%w", disk.Chinese(err))
	}
	f, err := os.Create(name)
	if err != nil {
		return nil, fmt.Errorf("无法创建临时文件：%w", disk.Chinese(err))
	}
	return &spill{f: f}, nil
}

func (sp *spill) close() {
	if sp.f != nil {
		sp.f.Close()
		sp.f = nil
	}
}

// put appends a unit's record and, when it has one, its feedback sheet (but
// for what the intake adds), kept apart so that the passes over the rows do
// not decode it. The caller serialises calls.
func (sp *spill) put(u *unit, rec *record, fb *jixiao.Feedback) error {
	var err error
	if u.rec, err = sp.append(rec); err != nil || fb == nil {
		return err
	}
	u.fb, err = sp.append(fb)
	return err
}

func (sp *spill) append(v any) (at, error) {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(v); err != nil {
		return at{}, err
	}
	if _, err := sp.f.WriteAt(buf.Bytes(), sp.end); err != nil {
		return at{}, fmt.Errorf("无法写入临时文件：%w", disk.Chinese(err))
	}
	a := at{sp.end, int64(buf.Len())}
	sp.end += a.size
	return a, nil
}

// read decodes the value at a into v, reading through buf; a zero at leaves
// v as it is. It is safe for concurrent use.
func (sp *spill) read(a at, v any, buf []byte) ([]byte, error) {
	if a.size == 0 {
		return buf, nil
	}
	buf = slices.Grow(buf[:0], int(a.size))[:a.size]
	if _, err := sp.f.ReadAt(buf, a.off); err != nil {
		return buf, fmt.Errorf("无法读取临时文件：%w", disk.Chinese(err))
	}
	return buf, gob.NewDecoder(bytes.NewReader(buf)).Decode(v)
}

// get reads a unit's record back; a unit that has none (a file not read, a
// unit of the roster) gets an empty one.
func (sp *spill) get(u *unit, buf []byte) (*record, []byte, error) {
	rec := &record{}
	buf, err := sp.read(u.rec, rec, buf)
	return rec, buf, err
}

// feedback reads a unit's feedback sheet back; nil when it has none.
func (sp *spill) feedback(u *unit) (*jixiao.Feedback, error) {
	if u.fb.size == 0 {
		return nil, nil
	}
	fb := &jixiao.Feedback{}
	_, err := sp.read(u.fb, fb, nil)
	return fb, err
}

// each calls fn with each unit and the problems listed for it (its own when
// it is listed with them, and what the intake found), in order, until fn
// returns false. rec is the unit's record, its summary row brought up to
// date (counts, outputs, the roster's 主管部门).
func (sp *spill) each(units []*unit, fn func(u *unit, rec *record, problems []jixiao.Problem) bool) error {
	var buf []byte
	for _, u := range units {
		rec, b, err := sp.get(u, buf)
		buf = b
		if err != nil {
			return err
		}
		u.update(&rec.Summary)
		var ps []jixiao.Problem
		if u.own {
			ps = rec.Problems
		}
		ps = append(ps, u.extra...)
		if !fn(u, rec, ps) {
			return nil
		}
	}
	return nil
}

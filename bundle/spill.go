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

// record is what the spill keeps of a unit.
type record struct {
	Summary  jixiao.UnitSummary
	Problems []jixiao.Problem
	// Feedback is the unit's feedback sheet but for what the intake adds;
	// nil when the report could not be read.
	Feedback *jixiao.Feedback
}

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

// put appends a unit's record; the caller serialises calls.
func (sp *spill) put(u *unit, rec *record) error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(rec); err != nil {
		return err
	}
	if _, err := sp.f.WriteAt(buf.Bytes(), sp.end); err != nil {
		return fmt.Errorf("无法写入临时文件：%w", disk.Chinese(err))
	}
	u.off, u.size = sp.end, int64(buf.Len())
	sp.end += int64(buf.Len())
	return nil
}

// get reads a unit's record back; a unit that has none (a file not read, a
// unit of the roster) gets an empty one. It is safe for concurrent use.
func (sp *spill) get(u *unit, buf []byte) (*record, []byte, error) {
	rec := &record{}
	if u.size == 0 {
		return rec, buf, nil
	}
	buf = slices.Grow(buf[:0], int(u.size))[:u.size]
	if _, err := sp.f.ReadAt(buf, u.off); err != nil {
		return nil, buf, fmt.Errorf("无法读取临时文件：%w", disk.Chinese(err))
	}
	if err := gob.NewDecoder(bytes.NewReader(buf)).Decode(rec); err != nil {
		return nil, buf, err
	}
	return rec, buf, nil
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

package xlsx

import (
	"slices"
	"strings"
	"unicode"
)

// A unit whose rows run out does what one does in Excel: it inserts rows
// inside the block (the template allows it), or deletes spare ones. The
// reader then finds each variable part's rows between the fixed rows around
// it, wherever they now are: it aligns the sheet as found with the grid the
// workbook was written with, measures how many rows each part has now, and
// reads the cells through the grid of that shape. Fixed rows are found by
// their labels; two parts that follow each other without a fixed row between
// them (任务 and 总体运行情况) by the label spanning the second.

// alignment is where the rows of a sheet of the grid are in the sheet as found.
type alignment struct {
	runs  map[string][]int // actual rows of each variable part, in order
	fixed []int            // actual row of each fixed row of the grid, in order; 0 for none
}

// segment is a stretch of rows of a sheet of the grid: fixed rows, or the
// rows of one variable part.
type segment struct {
	run         *run // nil for fixed rows
	first, last int
}

func segments(s *sheet) []segment {
	var segs []segment
	r := 1
	for _, ru := range s.runs {
		if ru.first > r {
			segs = append(segs, segment{nil, r, ru.first - 1})
		}
		segs = append(segs, segment{&ru, ru.first, ru.last})
		r = ru.last + 1
	}
	if r <= s.last {
		segs = append(segs, segment{nil, r, s.last})
	}
	for i := range segs {
		if segs[i].run != nil {
			ru := *segs[i].run
			segs[i].run = &ru
		}
	}
	return segs
}

// rowLabels are the labels that begin on a row of the grid and identify it:
// not numbering, not notes, not empty.
func rowLabels(s *sheet, row int) []*cell {
	var out []*cell
	for _, c := range s.cells {
		if c.row == row && c.role == roleLabel && !c.slot && !c.note && strings.TrimSpace(c.text) != "" {
			out = append(out, c)
		}
	}
	return out
}

// matches reports whether the labels sit on actual row a.
func matches(labels []*cell, cells sheetCells, a int) bool {
	for _, c := range labels {
		if !sameSqueezed(cells[[2]int{a, c.col}].text, c.text) {
			return false
		}
	}
	return len(labels) > 0
}

// find returns the first actual row from a on where the labels sit, or 0.
func find(labels []*cell, cells sheetCells, a, last int) int {
	for ; a <= last; a++ {
		if matches(labels, cells, a) {
			return a
		}
	}
	return 0
}

// headLabels are the labels that begin on a part's first row and span it (the
// label of 年度主要工作内容 beside its rows).
func headLabels(s *sheet, ru *run) []*cell {
	var out []*cell
	for _, c := range rowLabels(s, ru.first) {
		if c.lastRow() == ru.last && c.rows > 1 || ru.first == ru.last && c.col == 1 {
			out = append(out, c)
		}
	}
	return out
}

// alignSheet finds the rows of sheet s of the grid in the cells as found. ok is
// false when a fixed row cannot be found after a variable part: the sheet's
// layout was changed beyond rows inserted or deleted in its variable parts.
func alignSheet(s *sheet, cells sheetCells) (alignment, bool) {
	al := alignment{runs: map[string][]int{}}
	last := 0
	for pos := range cells {
		last = max(last, pos[0])
	}
	segs := segments(s)
	a := 1     // the next actual row
	found := 0 // the actual row of the anchor of the next fixed segment, when a part's end found it
	for i, seg := range segs {
		if seg.run == nil {
			anchor := 0
			for r := seg.first; r <= seg.last && anchor == 0; r++ {
				if len(rowLabels(s, r)) > 0 {
					anchor = r
				}
			}
			switch {
			case anchor == 0: // no label: rows as they come
				for range seg.last - seg.first + 1 {
					al.fixed = append(al.fixed, a)
					a++
				}
			case found > 0: // after a part, which found this anchor; the rows before it belong to none
				for r := seg.first; r <= seg.last; r++ {
					if r < anchor {
						al.fixed = append(al.fixed, 0)
					} else {
						al.fixed = append(al.fixed, found+r-anchor)
					}
				}
				a = found + seg.last - anchor + 1
			default: // after fixed rows: where it should be
				for range seg.last - seg.first + 1 {
					al.fixed = append(al.fixed, a)
					a++
				}
			}
			found = 0
			continue
		}
		end := last // the part's last actual row
		switch {
		case i+1 < len(segs) && segs[i+1].run == nil:
			next := segs[i+1]
			for r := next.first; r <= next.last; r++ {
				if labels := rowLabels(s, r); len(labels) > 0 {
					found = find(labels, cells, a, last+1)
					if found == 0 {
						return al, false
					}
					end = found - 1
					break
				}
			}
		case i+1 < len(segs):
			head := headLabels(s, segs[i+1].run)
			at := find(head, cells, a, last+1)
			if at == 0 {
				return al, false
			}
			end = at - 1
		}
		var rows []int
		for r := a; r <= end; r++ {
			rows = append(rows, r)
		}
		al.runs[seg.run.key] = rows
		a = end + 1
	}
	return al, true
}

// grownShape is sh with the variable parts as long as alignment found them.
// The 定量目标 groups and indicators are found by their names: a row whose
// group cell holds a name begins a group, one whose indicator cell does an
// indicator; the rows after belong to them.
func grownShape(sh shape, als map[string]alignment, cells map[string]sheetCells) shape {
	n := func(sheetName, key string, old int) int {
		al, ok := als[sheetName]
		if !ok {
			return old
		}
		rows, ok := al.runs[key]
		if !ok {
			return old
		}
		return max(1, len(rows))
	}
	out := sh
	out.Tasks = n(sheetOverview, "tasks", sh.Tasks)
	out.Operation = n(sheetOverview, "operation", sh.Operation)
	out.Goals = n(sheetPerformance, "goals", sh.Goals)
	out.Evaluators = n(sheetEvaluation, "evaluators", sh.Evaluators)
	out.Narrative = n(sheetNarrative, "narrative", sh.Narrative)
	units := 0
	for t := range 4 {
		units = max(units, n(sheetFinance, "units/"+string(rune('0'+t)), sh.Units))
	}
	out.Units = units
	if al, ok := als[sheetPerformance]; ok {
		if rows, ok := al.runs["targets"]; ok && len(rows) > 0 {
			c := cells[sheetPerformance]
			var groups [][]int
			for i, r := range rows {
				group := strings.TrimFunc(c[[2]int{r, 2}].text, unicode.IsSpace) != ""
				ind := strings.TrimFunc(c[[2]int{r, 3}].text, unicode.IsSpace) != ""
				switch {
				case group || i == 0:
					groups = append(groups, []int{1})
				case ind:
					groups[len(groups)-1] = append(groups[len(groups)-1], 1)
				default:
					g := groups[len(groups)-1]
					g[len(g)-1]++
				}
			}
			out.Targets = groups
		}
	}
	return out
}

// rowMap maps each row of sheet s of the grid (built in the shape alignment
// measured) to its actual row; 0 for none. The rows of the 收支 tables after
// the first are matched to the units by name where their name cells show
// one (a formula's value), so that a row inserted in one table only does not
// shift the others.
func rowMap(s *sheet, al alignment, cells sheetCells) []int {
	m := make([]int, s.last+1)
	fixed := 0
	var names []string // of the first 收支 table, by slot
	for _, seg := range segments(s) {
		if seg.run == nil {
			for r := seg.first; r <= seg.last; r++ {
				if fixed < len(al.fixed) {
					m[r] = al.fixed[fixed]
				}
				fixed++
			}
			continue
		}
		rows := al.runs[seg.run.key]
		if strings.HasPrefix(seg.run.key, "units/") {
			name := func(a int) string { return squeeze(cells[[2]int{a, 2}].text) }
			if seg.run.key == "units/0" {
				for _, a := range rows {
					names = append(names, name(a))
				}
			} else {
				rows = byName(rows, names, name)
			}
		}
		for i := range seg.last - seg.first + 1 {
			if i < len(rows) {
				m[seg.first+i] = rows[i]
			}
		}
	}
	return m
}

// byName orders the actual rows of a 收支 table after the first by the units
// they name: slot i gets the row whose name is the i-th name of the first
// table; rows without a name, or with one the first table lacks, fill the
// remaining slots in order. A slot without a row is 0.
func byName(rows []int, names []string, name func(int) string) []int {
	out := make([]int, max(len(rows), len(names)))
	used := make([]bool, len(rows))
	for i, n := range names {
		if n == "" {
			continue
		}
		for j, a := range rows {
			if !used[j] && name(a) == n {
				out[i], used[j] = a, true
				break
			}
		}
	}
	k := 0
	for j, a := range rows {
		if used[j] {
			continue
		}
		for k < len(out) && out[k] != 0 {
			k++
		}
		if k == len(out) {
			break
		}
		out[k] = a
		k++
	}
	return slices.Clip(out)
}

// virtual returns the cells as found, moved to the rows of the grid (m).
func virtual(cells sheetCells, m []int) sheetCells {
	out := make(sheetCells, len(cells))
	byRow := map[int][]int{} // actual row → its columns
	for pos := range cells {
		byRow[pos[0]] = append(byRow[pos[0]], pos[1])
	}
	for r, a := range m {
		if a == 0 {
			continue
		}
		for _, col := range byRow[a] {
			out[[2]int{r, col}] = cells[[2]int{a, col}]
		}
	}
	return out
}

// unmapped returns the cells as found on rows that no row of the grid maps to.
func unmapped(cells sheetCells, m []int) [][2]int {
	used := map[int]bool{}
	for _, a := range m {
		used[a] = true
	}
	var out [][2]int
	for pos, c := range cells {
		if !used[pos[0]] && (strings.TrimSpace(c.text) != "" || c.formula) {
			out = append(out, pos)
		}
	}
	return out
}

// place is where a cell of the grid is in the sheet as found.
func (rd *reader) actualRow(s *sheet, row int) int {
	if m := rd.rows[s]; row < len(m) && m[row] != 0 {
		return m[row]
	}
	return row
}

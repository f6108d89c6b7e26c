package bundle

import (
	"strconv"

	"jixiao"
	"jixiao/templates"
)

// ManifestCounts are the totals of a bundle, as bundle.json records them.
type ManifestCounts struct {
	Units           int `json:"units"`             // units counted in the summary (one per 预算编码)
	UnitsWithErrors int `json:"units_with_errors"` // of which with errors
	Errors          int `json:"errors"`            // errors listed in 问题清单
	Warnings        int `json:"warnings"`          // warnings listed in 问题清单
	Files           int `json:"files"`             // files found in the inputs
	Replaced        int `json:"replaced"`          // reports replaced by a newer one of the same unit
	OtherYear       int `json:"other_year"`        // reports of another year, not counted
	NotRead         int `json:"not_read"`          // files not read (not a report, a format not read, broken, skipped)
	Expected        int `json:"expected"`          // units on the roster; 0 without one
	Missing         int `json:"missing"`           // units on the roster with no report
	NotOnRoster     int `json:"not_on_roster"`     // counted units not on the roster
	NameMismatch    int `json:"name_mismatch"`     // units whose name or code disagrees with the roster or another report
}

// tally counts everything once, in the order of the summary: the totals of
// the counted units (the summary workbook's 合计 row and charts), the
// bundle's counts (bundle.json, the screen), and the problems to show on
// screen.
func (r *run) tally(res *Result) (*jixiao.Totals, error) {
	t := &jixiao.Totals{}
	c := &res.Counts
	if r.roster != nil {
		c.Expected = len(r.roster.Units)
	}
	groups := map[string]*AttentionGroup{}
	err := r.sp.each(r.units, func(u *unit, rec *record, ps []jixiao.Problem) bool {
		if u.file != "" {
			c.Files++
		}
		switch u.status {
		case jixiao.IntakeCounted:
			t.Add(rec.Summary)
		case jixiao.IntakeReplaced:
			c.Replaced++
		case jixiao.IntakeOtherYear:
			c.OtherYear++
		case jixiao.IntakeMissing:
			c.Missing++
		default:
			c.NotRead++
		}
		r.lines += len(ps)
		e, w := jixiao.Count(ps)
		c.Errors += e
		c.Warnings += w
		mismatch := false
		for _, p := range ps {
			switch p.Code {
			case jixiao.CodeNotOnRoster:
				c.NotOnRoster++
			case jixiao.CodeName:
				mismatch = true
			}
			up := jixiao.UnitProblem{Code: u.code, Unit: u.unit, File: r.problemFile(u), Problem: p}
			if r.o.Strict && p.Severity == jixiao.Error {
				res.Errors = append(res.Errors, up)
			}
		}
		if mismatch {
			c.NameMismatch++
		}
		if kind, i := attentionOf(u, ps); kind != "" {
			g := groups[kind]
			if g == nil {
				g = &AttentionGroup{Kind: kind, Title: attentionTitle(kind)}
				groups[kind] = g
			}
			g.Count++
			if len(g.Entries) < MaxAttention {
				e, w := jixiao.Count(ps)
				g.Entries = append(g.Entries, Attention{
					UnitProblem: jixiao.UnitProblem{Code: u.code, Unit: u.unit, File: r.problemFile(u), Problem: ps[i]},
					More:        max(e+w-1, 0)})
			}
		}
		return true
	})
	c.Units, c.UnitsWithErrors = t.Units, t.UnitsWithErrors
	for _, k := range attentionKinds {
		if g := groups[k]; g != nil {
			res.Attention = append(res.Attention, *g)
		}
	}
	share(res.Attention, MaxAttention)
	return t, err
}

// Kinds of attention besides the intake statuses: counted units whose code
// is not on the roster, and whose name or code disagrees with the roster or
// another report.
const (
	AttentionNotOnRoster = "not_on_roster"
	AttentionName        = "name"
)

// attentionKinds are the kinds of Result.Attention, in the order shown.
var attentionKinds = []string{jixiao.IntakeUnreadable, jixiao.IntakeNotReport, jixiao.IntakeSkipped, jixiao.IntakeOtherYear,
	jixiao.IntakeMissing, AttentionNotOnRoster, AttentionName, jixiao.IntakeReplaced}

func attentionTitle(kind string) string {
	switch kind {
	case AttentionNotOnRoster:
		return "名单外"
	case AttentionName:
		return "名称或编码需核对"
	}
	return jixiao.StatusText(kind)
}

// attentionOf says whether the bureau must look at an entry, of what kind,
// and which of its problems says so: a file not read (its first problem), a
// report of another year or replaced (that problem), a unit of the roster
// that has not reported, a counted unit not on the roster or whose name or
// code disagrees. "" when none.
func attentionOf(u *unit, ps []jixiao.Problem) (kind string, problem int) {
	find := func(code string) int {
		for i, p := range ps {
			if p.Code == code {
				return i
			}
		}
		return -1
	}
	if len(ps) == 0 {
		return "", 0
	}
	switch u.status {
	case jixiao.IntakeUnreadable, jixiao.IntakeNotReport, jixiao.IntakeSkipped:
		return u.status, 0
	case jixiao.IntakeOtherYear:
		return u.status, max(find(jixiao.CodeYear), 0)
	case jixiao.IntakeMissing:
		return u.status, max(find(jixiao.CodeMissing), 0)
	case jixiao.IntakeReplaced:
		return u.status, max(find(jixiao.CodeReplaced), 0)
	case jixiao.IntakeCounted:
		if i := find(jixiao.CodeNotOnRoster); i >= 0 {
			return AttentionNotOnRoster, i
		}
		if i := find(jixiao.CodeName); i >= 0 {
			return AttentionName, i
		}
	}
	return "", 0
}

// share cuts the entries of the groups to at most limit in all, shared
// fairly: each group in turn keeps one more while any is left, so that a
// kind with few entries shows them all and none is crowded out.
func share(groups []AttentionGroup, limit int) {
	keep := make([]int, len(groups))
	for left := limit; left > 0; {
		more := false
		for i := range groups {
			if left > 0 && keep[i] < len(groups[i].Entries) {
				keep[i]++
				left--
				more = true
			}
		}
		if !more {
			break
		}
	}
	for i := range groups {
		groups[i].Entries = groups[i].Entries[:keep[i]]
	}
}

// profile is the profile whose place and grades the summary shows: the one
// asked for, or the one most counted units were scored by.
func (r *run) profile() *jixiao.Profile {
	if r.o.Profile != "" {
		if p, err := templates.Profile(r.o.Profile); err == nil {
			return p
		}
	}
	count := map[string]int{}
	best := ""
	for _, u := range r.units {
		if u.status == jixiao.IntakeCounted {
			count[u.profile]++
			if n := count[u.profile]; n > count[best] || n == count[best] && u.profile < best {
				best = u.profile
			}
		}
	}
	if p, ok := templates.Shipped(best); ok {
		return p
	}
	p, _ := templates.Shipped(templates.DefaultProfile)
	return p
}

// title is the summary's title: 岳阳楼区2021年度部门整体支出绩效自评汇总表.
func (r *run) title(p *jixiao.Profile) string {
	year := ""
	if r.year != 0 {
		year = strconv.Itoa(r.year) + "年度"
	}
	place := ""
	if p != nil {
		place = p.Place
	}
	return place + year + "部门整体支出绩效自评汇总表"
}

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
			if attention(u) && len(res.Attention) < MaxAttention && p.Code != jixiao.CodeOmitted {
				res.Attention = append(res.Attention, up)
			}
		}
		if mismatch {
			c.NameMismatch++
		}
		return true
	})
	c.Units, c.UnitsWithErrors = t.Units, t.UnitsWithErrors
	return t, err
}

// attention reports whether the bureau must act on an entry: a file not
// read, a unit's report of another year, a unit of the roster that has not
// reported.
func attention(u *unit) bool {
	switch u.status {
	case jixiao.IntakeUnreadable, jixiao.IntakeNotReport, jixiao.IntakeSkipped, jixiao.IntakeMissing:
		return true
	case jixiao.IntakeOtherYear:
		return u.own
	}
	return false
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

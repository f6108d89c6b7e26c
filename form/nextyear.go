package form

import (
	"jixiao"
	"jixiao/scoring"
)

// NextYear is the report r (scored as s) carried over to year, as a unit
// starts the next year's report from last year's: the unit, its code, the
// evaluation method and body, the contact, duties and tasks, the names of
// the organisations, the goals and targets (without what was achieved),
// the evaluators, the person who fills the form in, and the outline of
// 五、评价报告综述 (its headings, without text). Every number, score, result,
// opinion and date is left blank, except that last year's 三公经费 total
// (the sum row's, as derived) becomes the 上年三公经费 of the base data, so
// that the new year's 三公经费变动率 can be scored.
func NextYear(r *jixiao.Report, s *scoring.Result, year int) *jixiao.Report {
	n := &jixiao.Report{Profile: r.Profile}
	n.Cover = jixiao.Cover{Year: year, Unit: r.Cover.Unit, BudgetCode: r.Cover.BudgetCode, Method: r.Cover.Method, Evaluator: r.Cover.Evaluator}
	o := r.Overview
	n.Overview = jixiao.Overview{Contact: o.Contact, Phone: o.Phone, Duties: o.Duties, Tasks: append([]string(nil), o.Tasks...)}
	for _, u := range r.Finance.Units {
		if u.Name != "" {
			n.Finance.Units = append(n.Finance.Units, jixiao.Org{Name: u.Name})
		}
	}
	n.Performance.Qualitative.Goals = append([]string(nil), r.Performance.Qualitative.Goals...)
	for _, g := range r.Performance.Quantitative {
		ng := jixiao.TargetGroup{Name: g.Name, Note: g.Note}
		for _, ind := range g.Indicators {
			ni := jixiao.TargetIndicator{Name: ind.Name}
			for _, t := range ind.Targets {
				ni.Targets = append(ni.Targets, jixiao.Target{Goal: t.Goal})
			}
			ng.Indicators = append(ng.Indicators, ni)
		}
		n.Performance.Quantitative = append(n.Performance.Quantitative, ng)
	}
	e := r.Evaluation
	n.Evaluation = jixiao.Evaluation{Evaluators: append([]jixiao.Evaluator(nil), e.Evaluators...), Filler: e.Filler, FillerPhone: e.FillerPhone}
	n.Narrative = outlineOf(r.Narrative)
	if s != nil {
		n.Basis.ThreePublicLastYear = s.Finance.Summary.ThreePublic.Total
	}
	jixiao.Tidy(n)
	return n
}

// outlineOf is the headings of headed text, without their paragraphs.
func outlineOf(ss []jixiao.Section) []jixiao.Section {
	var out []jixiao.Section
	for _, s := range ss {
		if s.Title == "" && len(s.Sections) == 0 {
			continue // paragraphs before the first heading
		}
		out = append(out, jixiao.Section{Title: s.Title, Sections: outlineOf(s.Sections)})
	}
	return out
}

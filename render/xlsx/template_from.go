package xlsx

import (
	"jixiao"
	"jixiao/form"
	"jixiao/scoring"
)

// From sets the options to start the next year's workbook from last
// year's report r, scored as s: its values carried over (form.NextYear), for
// the year after r's unless o.Year says otherwise, with o.Unit and
// o.BudgetCode when set, and rows enough for what is carried over; a size
// already set is kept.
func (o *TemplateOptions) From(r *jixiao.Report, s *scoring.Result) {
	year := o.Year
	if year == 0 && r.Cover.Year != 0 {
		year = r.Cover.Year + 1
	}
	next := form.NextYear(r, s, year)
	if o.Unit != "" {
		next.Cover.Unit = o.Unit
	}
	if o.BudgetCode != "" {
		next.Cover.BudgetCode = o.BudgetCode
	}
	o.Year, o.Unit, o.BudgetCode, o.Values = year, next.Cover.Unit, next.Cover.BudgetCode, next
	room := func(n *int, have, spare, least int) {
		if *n == 0 {
			*n = max(least, have+spare)
		}
	}
	room(&o.Units, len(next.Finance.Units), 2, 8)
	room(&o.Tasks, len(next.Overview.Tasks), 3, 10)
	room(&o.Goals, len(next.Performance.Qualitative.Goals), 3, 10)
	room(&o.Evaluators, len(next.Evaluation.Evaluators), 2, 8)
	targets := 0
	for _, g := range next.Performance.Quantitative {
		for _, ind := range g.Indicators {
			targets = max(targets, len(ind.Targets))
		}
	}
	room(&o.Targets, targets, 1, 3)
	if len(next.Performance.Quantitative) > 0 {
		o.Groups = next.Performance.Quantitative
	}
	if len(next.Narrative) > 0 {
		o.Outline = next.Narrative
	}
}

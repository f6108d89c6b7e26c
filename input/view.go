package input

import (
	"github.com/shopspring/decimal"

	"jixiao"
)

// View is a checked report as `jixiao check --json` prints it and the web page
// shows it: the problems with their places as text, and the score summary.
type View struct {
	File     string        `json:"file"`
	Profile  string        `json:"profile,omitempty"`
	Errors   int           `json:"errors"`
	Warnings int           `json:"warnings"`
	Problems []ProblemView `json:"problems"`
	Score    *ScoreView    `json:"score"`
	// Unchecked names the checks that could not be made.
	Unchecked []string `json:"unchecked,omitempty"`
}

// ProblemView is one problem with its place as text (收支情况!D7, 79:27).
type ProblemView struct {
	jixiao.Problem
	Place string `json:"place,omitempty"`
}

// ScoreView is the score summary: stated, recomputed, by the rules, grades.
// Self and Suggested are null until the score sheet is complete.
type ScoreView struct {
	Stated         *decimal.Decimal `json:"stated"`
	Self           *decimal.Decimal `json:"self"`
	Suggested      *decimal.Decimal `json:"suggested"`
	Filled         int              `json:"filled"`
	Grade          string           `json:"grade"`
	SuggestedGrade string           `json:"suggested_grade"`
	Items          []ItemView       `json:"items"`
}

// ItemView is one item of the score sheet.
type ItemView struct {
	ID         string           `json:"id"`
	Name       string           `json:"name"`
	Points     decimal.Decimal  `json:"points"`
	Self       *decimal.Decimal `json:"self"`
	Rule       *decimal.Decimal `json:"rule"`
	Basis      string           `json:"basis,omitempty"`
	Unscorable string           `json:"unscorable,omitempty"`
}

// Differs reports whether the rules give the item another score than the unit.
func (it ItemView) Differs() bool {
	return it.Self != nil && it.Rule != nil && !it.Self.Equal(*it.Rule)
}

func ptr(n jixiao.Number) *decimal.Decimal {
	if !n.Valid {
		return nil
	}
	return &n.Value
}

// Stated is the total the report states: the score sheet's 总分, or else its
// 绩效自评综合得分.
func (c Checked) Stated() jixiao.Number {
	if c.Report == nil {
		return jixiao.Number{}
	}
	if t := c.Report.ScoreSheet.Total; t.Valid {
		return t
	}
	return c.Report.Performance.TotalScore
}

// View returns the view of the checked report, named name (its file as the
// user knows it).
func (c Checked) View(name string) View {
	v := View{File: name, Problems: []ProblemView{}, Unchecked: c.Unchecked}
	for _, p := range c.Problems {
		v.Problems = append(v.Problems, ProblemView{Problem: p, Place: p.Place.String()})
	}
	v.Errors, v.Warnings = jixiao.Count(c.Problems)
	if c.Score == nil {
		return v
	}
	v.Profile = c.Profile.ID
	s := c.Score
	v.Score = &ScoreView{Stated: ptr(c.Stated()), Self: ptr(s.Self), Suggested: ptr(s.Suggested), Filled: s.Filled,
		Grade: s.Grade, SuggestedGrade: s.SuggestedGrade, Items: make([]ItemView, len(s.Items))}
	for i, it := range s.Items {
		v.Score.Items[i] = ItemView{ID: it.Item.ID, Name: it.Item.Title(), Points: it.Item.Points.Value,
			Self: ptr(it.Self), Rule: ptr(it.Rule), Basis: it.Basis, Unscorable: it.Unscorable}
	}
	return v
}

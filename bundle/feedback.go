package bundle

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"jixiao"
	"jixiao/disk"
	"jixiao/input"
	"jixiao/render"
)

// feedbackOf returns the feedback sheet of a checked report but for what the
// intake adds (the unit's other files, the bundle's year, the intake's
// problems).
func feedbackOf(file string, c input.Checked, stated jixiao.Number) *jixiao.Feedback {
	p, s, r := c.Profile, c.Score, c.Report
	title := p.TitleLines(r.Cover.Year)
	if len(title) > 0 {
		title[len(title)-1] += "反馈单"
	}
	fb := &jixiao.Feedback{Title: title, Issuer: p.Issuer, Unit: r.Cover.Unit, Code: r.Cover.BudgetCode, File: filepath.Base(file),
		Year: r.Cover.Year, Date: r.Cover.Date, Points: jixiao.Num(p.Total()), Stated: stated, Self: s.Self,
		Suggested: s.Suggested, Grade: s.Grade, SuggestedGrade: s.SuggestedGrade}
	for _, it := range s.Items {
		fb.Items = append(fb.Items, jixiao.FeedbackItem{Name: it.Item.Title(), Points: it.Item.Points, Self: it.Self,
			Reason: it.Reason, Manual: it.Item.Rule.Kind == jixiao.RuleManual, Rule: it.Rule, Basis: it.Basis,
			Unscorable: it.Unscorable})
	}
	return fb
}

// feedbacks writes the feedback sheet of every unit the bundle takes, the
// counted ones and those of another year, to 反馈/<name>_反馈单.docx, on
// o.Jobs workers. A sheet that cannot be written is the unit's problem.
func (r *run) feedbacks(ctx context.Context) error {
	var todo []*unit
	for _, u := range r.units {
		if u.own && u.read && u.name != "" {
			todo = append(todo, u)
		}
	}
	return parallel(ctx, len(todo), r.o.Jobs, func(i int) error {
		u := todo[i]
		rec, _, err := r.sp.get(u, nil)
		if err != nil {
			return err
		}
		fb, err := r.sp.feedback(u)
		if err != nil || fb == nil {
			return err
		}
		fb.Problems = append(rec.Problems, u.extra...)
		jixiao.SortProblems(fb.Problems)
		for _, o := range u.others { // as the unit named them
			fb.Others = append(fb.Others, filepath.Base(o))
		}
		fb.BundleYear, fb.Counted = r.year, u.status == jixiao.IntakeCounted
		var buf bytes.Buffer
		rel := FeedbackDir + "/" + u.name + feedbackSuffix
		err = render.Feedback(&buf, fb)
		if err == nil {
			err = os.WriteFile(filepath.Join(r.tmp, filepath.FromSlash(rel)), buf.Bytes(), 0o666)
		}
		if err != nil {
			u.problem(jixiao.Error, jixiao.CodeFile, "", fmt.Sprintf("无法写出本单位的反馈单：%s", disk.Explain(err)))
			return nil
		}
		u.outputs = append(u.outputs, rel)
		return nil
	})
}

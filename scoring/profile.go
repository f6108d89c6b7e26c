package scoring

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// CheckProfile returns every problem of a form profile: missing labels, items
// without points, unknown rule kinds or variables, checklist points that do not
// add up to the item's points, grades out of order. Paths are JSON paths in the
// profile file.
func CheckProfile(p *jixiao.Profile) []jixiao.Problem {
	var ps []jixiao.Problem
	add := func(path, msg string) {
		ps = append(ps, jixiao.Problem{Code: jixiao.CodeProfile, Path: path, Label: jixiao.ProfileLabel(path), Message: msg})
	}
	for path, v := range map[string]string{"id": p.ID, "name": p.Name, "issuer": p.Issuer, "place": p.Place,
		"unit": p.Unit, "attachment": p.Attachment, "sheet_title": p.SheetTitle} {
		if v == "" {
			add(path, "不能为空")
		}
	}
	if len(p.Title) == 0 {
		add("title", "不能为空")
	}
	ps = append(ps, checkPlaceholders(p)...)
	if p.Extends != "" {
		add("extends", "基于其他表式的表式要先展开（只能在表式文件中使用）")
	}
	if d := p.Cover.DateLabel; d != "" && d != "报告日期" && d != "报告期" {
		add("cover.date_label", fmt.Sprintf("应为 \"报告日期\" 或 \"报告期\"，实际为 %s", jixiao.Quote(d)))
	}
	if p.Counting != "" && p.Counting != "continuous" && p.Counting != "started" {
		add("counting", fmt.Sprintf("应为 \"continuous\" 或 \"started\"，实际为 %s", jixiao.Quote(p.Counting)))
	}
	if len(p.Grades) == 0 {
		add("grades", "不能为空")
	}
	for i, g := range p.Grades {
		path := "grades[" + strconv.Itoa(i) + "]"
		if g.Name == "" || !g.Min.Valid {
			add(path, "等次需要 name 和 min")
		}
		if i > 0 && !g.Min.Value.LessThan(p.Grades[i-1].Min.Value) {
			add(path+".min", "等次应按最低得分从高到低排列")
		}
	}
	if len(p.Tree) == 0 {
		add("indicators", "不能为空")
	}
	for i, g := range p.Targets {
		gp := "targets[" + strconv.Itoa(i) + "]"
		if g.Name == "" || len(g.Indicators) == 0 {
			add(gp, "定量目标分组需要 name 和 indicators")
		}
		for j, ind := range g.Indicators {
			if ind.Name == "" {
				add(gp+".indicators["+strconv.Itoa(j)+"].name", "不能为空")
			}
		}
	}
	for i, s := range p.Outline {
		sp := "outline[" + strconv.Itoa(i) + "]"
		if s.Title == "" {
			add(sp+".title", "不能为空")
		}
		for j, sub := range s.Sections {
			if sub.Title == "" || len(sub.Sections) > 0 {
				add(sp+".sections["+strconv.Itoa(j)+"]", "提纲的小节需要标题，且不能再分小节")
			}
		}
	}
	ids := map[string]bool{}
	for i, l1 := range p.Tree {
		p1 := "indicators[" + strconv.Itoa(i) + "]"
		if l1.Name == "" {
			add(p1+".name", "不能为空")
		}
		if len(l1.Children) == 0 {
			add(p1+".children", "不能为空")
		}
		for j, l2 := range l1.Children {
			p2 := p1 + ".children[" + strconv.Itoa(j) + "]"
			if l2.Name == "" {
				add(p2+".name", "不能为空")
			}
			if len(l2.Items) == 0 {
				add(p2+".items", "不能为空")
			}
			for k := range l2.Items {
				it := &l2.Items[k]
				p3 := p2 + ".items[" + strconv.Itoa(k) + "]"
				switch {
				case it.ID == "":
					add(p3+".id", "不能为空")
				case ids[it.ID]:
					add(p3+".id", fmt.Sprintf("指标编号 %s 重复", jixiao.Quote(it.ID)))
				}
				ids[it.ID] = true
				if (it.Name == "") == (len(it.Members) == 0) {
					add(p3, "应有 name（单个指标）或 members（共享分值的一组指标），二者只能有一个")
				}
				if !it.Points.Valid || !it.Points.Value.IsPositive() {
					add(p3+".points", "分值应为正数")
				}
				if it.CriteriaAbove && k == 0 {
					add(p3+".criteria_above", "二级指标的第一个三级指标不能与上一行合并评分标准")
				}
				ps = append(ps, checkRule(p3+".rule", it)...)
			}
		}
	}
	return ps
}

// placeholder is a {…} in a profile's text.
var placeholder = regexp.MustCompile(`\{[^{}\s]{0,40}\}`)

// checkPlaceholders reports every {…} in a profile's texts that the text
// does not replace: the title has {place} and {year}, the cover's issuer
// line {issuer}, the other texts none. A mistyped {yaer} would otherwise be
// printed as it is.
func checkPlaceholders(p *jixiao.Profile) []jixiao.Problem {
	type text struct {
		path, value string
		allowed     []string
	}
	texts := []text{
		{"id", p.ID, nil}, {"name", p.Name, nil}, {"issuer", p.Issuer, nil}, {"place", p.Place, nil},
		{"unit", p.Unit, nil}, {"attachment", p.Attachment, nil}, {"sheet_title", p.SheetTitle, nil},
		{"cover.attachment", p.Cover.Attachment, nil}, {"cover.date_label", p.Cover.DateLabel, nil},
		{"cover.issuer", p.Cover.Issuer, []string{"{issuer}"}},
	}
	for i, t := range p.Title {
		texts = append(texts, text{"title[" + strconv.Itoa(i) + "]", t, []string{"{place}", "{year}"}})
	}
	var ps []jixiao.Problem
	for _, t := range texts {
		seen := map[string]bool{}
		for _, ph := range placeholder.FindAllString(t.value, -1) {
			if slices.Contains(t.allowed, ph) || seen[ph] {
				continue
			}
			seen[ph] = true
			msg := "没有占位符 " + ph
			if len(t.allowed) == 0 {
				msg += "（这一项不能用占位符，会原样印出）"
			} else {
				msg += "（可用：" + strings.Join(t.allowed, "、")
				if s := jixiao.Closest(ph, t.allowed); s != "" {
					msg += "；是否应为 " + s + "？"
				}
				msg += "）"
			}
			ps = append(ps, jixiao.Problem{Code: jixiao.CodeProfile, Path: t.path, Label: jixiao.ProfileLabel(t.path), Message: msg})
		}
	}
	return ps
}

func checkRule(path string, it *jixiao.Item) []jixiao.Problem {
	var ps []jixiao.Problem
	add := func(sub, msg string) {
		ps = append(ps, jixiao.Problem{Code: jixiao.CodeProfile, Path: path + sub, Label: jixiao.ProfileLabel(path + sub), Message: msg})
	}
	r := &it.Rule
	known := func(sub, name string) {
		if _, ok := variables[name]; !ok {
			add(sub, fmt.Sprintf("没有这个变量 %s（可用：%v）", jixiao.Quote(name), VariableNames()))
		}
	}
	needMeasure := func() {
		m := r.Measure
		switch {
		case m.Var != "" && (m.Num != "" || m.Den != ""):
			add(".measure", "var 与 num/den 只能有一个")
		case m.Var != "":
			known(".measure.var", m.Var)
		case m.Num != "" && m.Den != "":
			known(".measure.num", m.Num)
			known(".measure.den", m.Den)
		default:
			add(".measure", "需要 var，或 num 和 den")
		}
	}
	switch r.Kind {
	case jixiao.RuleManual:
		if !r.IsZero() {
			add(".kind", "有计分参数却没有规则类型")
		}
	case jixiao.RuleDeductAbove, jixiao.RuleDeductBelow:
		needMeasure()
		if !r.Limit.Valid {
			add(".limit", "不能为空")
		}
		if !r.PerPoint.Valid || !r.PerPoint.Value.IsPositive() {
			add(".per_point", "应为正数")
		}
	case jixiao.RuleBands:
		needMeasure()
		if (len(r.AtLeast) == 0) == (len(r.AtMost) == 0) {
			add("", "bands 规则需要 at_least 或 at_most，二者只能有一个")
		}
		for name, bands := range map[string][]jixiao.Band{".at_least": r.AtLeast, ".at_most": r.AtMost} {
			for i, b := range bands {
				bp := name + "[" + strconv.Itoa(i) + "]"
				if b.Bound.Valid == (b.BoundVar != "") {
					add(bp, "需要 bound 或 bound_var，二者只能有一个")
				}
				if b.BoundVar != "" {
					known(bp+".bound_var", b.BoundVar)
				}
				if !b.Score.Valid || b.Score.Value.GreaterThan(it.Points.Value) || b.Score.Value.IsNegative() {
					add(bp+".score", "得分应在 0 到分值之间")
				}
			}
		}
	case jixiao.RulePerCount:
		known(".count", r.Count)
		if !r.Per.Valid || !r.Per.Value.IsPositive() {
			add(".per", "应为正数")
		}
	case jixiao.RuleChecklist:
		sum := decimal.Zero
		for _, n := range r.Points {
			sum = sum.Add(n.Value)
		}
		if len(r.Points) == 0 || !sum.Equal(it.Points.Value) {
			add(".points", fmt.Sprintf("各要点分值之和应等于分值 %s，实际为 %s", it.Points.Value, sum))
		}
	default:
		add(".kind", fmt.Sprintf("未知的规则类型 %s（可用：deduct_above、deduct_below、bands、per_count、checklist）", jixiao.Quote(r.Kind)))
	}
	return ps
}

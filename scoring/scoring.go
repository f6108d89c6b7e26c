// Package scoring scores a report's score sheet by its form profile: the rule
// score of each item from the base data where the data allows, the sums per
// 二级 and 一级 indicator, the totals and the 评价等次. All arithmetic is exact
// decimal; the only rounding is jixiao.RoundHalfUp, applied where the form shows
// a value (ratios as percentages with two decimals, scores with two decimals).
package scoring

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// Result is the scored score sheet of one report.
type Result struct {
	Items []Item // one per profile item, in the profile's order
	// Filled is how many items have a self score.
	Filled int
	// Sum is the sum of the self scores filled in so far.
	Sum decimal.Decimal
	// Self is the sum of the self scores: the 总分 and 绩效自评综合得分 the
	// form must show. It is blank until every item has a self score: a total
	// of a partial score sheet is never printed.
	Self jixiao.Number
	// Suggested is the sum of the rule scores where an item's rule can score
	// it, and of the self scores elsewhere; blank while an item has neither.
	Suggested jixiao.Number
	// Grade is the 评价等次 Self earns, SuggestedGrade the one Suggested would
	// earn; "" when that total is blank.
	Grade          string
	SuggestedGrade string
	// Finance is the four tables as the scores used them, every derivable
	// amount derived: the tables the form prints.
	Finance jixiao.Finance
}

// Complete reports whether every item has a self score.
func (r *Result) Complete() bool { return r.Filled == len(r.Items) }

// Item is the score of one item of the sheet.
type Item struct {
	jixiao.ItemRef
	Index  int           // index in the report's score_sheet.items, -1 when missing
	Self   jixiao.Number // 自评得分 as filled in
	Reason string        // 扣分原因和其他说明
	// Rule is the score the item's rule gives, when it can score the item.
	Rule jixiao.Number
	// Basis shows the data the rule used: 实有人数 10 ÷ 人员编制 6 = 166.67%.
	Basis string
	// Unscorable says why the rule cannot score the item ("" when it can, or
	// when the item is scored by hand); Missing is true when the reason is only
	// that the base data is not filled in.
	Unscorable string
	Missing    bool
}

// Hundred is 100, for percentages.
var hundred = decimal.NewFromInt(100)

// Score scores r by p. It never fails: what cannot be scored is said in the items.
func Score(p *jixiao.Profile, r *jixiao.Report) *Result {
	fin, _ := jixiao.DeriveFinance(r.Finance, nil)
	return ScoreTables(p, r, fin)
}

// ScoreTables scores r by p with its four tables as derived (fin: what
// jixiao.DeriveFinance gives for r), which the result keeps for printing.
func ScoreTables(p *jixiao.Profile, r *jixiao.Report, fin jixiao.Finance) *Result {
	env := &env{r: r, fin: &fin}
	res := &Result{Finance: fin}
	byID := map[string]int{}
	for i, s := range r.ScoreSheet.Items {
		if _, dup := byID[s.ID]; !dup {
			byID[s.ID] = i
		}
	}
	suggested, suggestable := decimal.Zero, true
	for _, ref := range p.Items() {
		it := Item{ItemRef: ref, Index: -1}
		if i, ok := byID[ref.Item.ID]; ok {
			it.Index, it.Self, it.Reason = i, r.ScoreSheet.Items[i].Score, r.ScoreSheet.Items[i].Reason
		}
		if ref.Item.Rule.Kind != jixiao.RuleManual {
			env.item = ref.Item
			score, basis, err := apply(p, ref.Item, env)
			it.Basis = basis
			if err != nil {
				it.Unscorable, it.Missing = err.Error(), isMissing(err)
			} else {
				it.Rule = jixiao.Num(score)
			}
		}
		if it.Self.Valid {
			res.Filled++
			res.Sum = res.Sum.Add(it.Self.Value)
		}
		switch {
		case it.Rule.Valid:
			suggested = suggested.Add(it.Rule.Value)
		case it.Self.Valid:
			suggested = suggested.Add(decimal.Min(decimal.Max(it.Self.Value, decimal.Zero), ref.Item.Points.Value))
		default:
			suggestable = false
		}
		res.Items = append(res.Items, it)
	}
	if res.Complete() {
		res.Self = jixiao.Num(res.Sum)
		res.Grade = p.GradeOf(res.Sum)
	}
	if suggestable {
		res.Suggested = jixiao.Num(suggested)
		res.SuggestedGrade = p.GradeOf(suggested)
	}
	return res
}

// variables are the names a profile's rules may use, with their labels.
var variables = map[string]struct {
	Label string
	Get   func(e *env) jixiao.Number
}{
	"staff_actual":           {"实有人数", func(e *env) jixiao.Number { return e.r.Overview.Actual }},
	"staff_authorized":       {"人员编制", func(e *env) jixiao.Number { return e.r.Overview.Authorized }},
	"three_public":           {"本年三公经费", func(e *env) jixiao.Number { return e.fin.Summary.ThreePublic.Total }},
	"three_public_last_year": {"上年三公经费", func(e *env) jixiao.Number { return e.r.Basis.ThreePublicLastYear }},
	"three_public_budget":    {"三公经费预算数", func(e *env) jixiao.Number { return e.r.Basis.ThreePublicBudget }},
	"project_spending":       {"项目支出", func(e *env) jixiao.Number { return e.fin.Summary.Spending.Project }},
	"key_project_spending":   {"重点项目支出", func(e *env) jixiao.Number { return e.r.Basis.KeyProjectSpending }},
	"budget":                 {"年初预算数", func(e *env) jixiao.Number { return e.r.Basis.Budget }},
	"budget_adjustment":      {"预算调整数", func(e *env) jixiao.Number { return e.r.Basis.BudgetAdjustment }},
	"late_projects":          {"未按进度下达资金的专项个数", func(e *env) jixiao.Number { return e.r.Basis.LateProjects }},
	"surplus_year":           {"当年结余", func(e *env) jixiao.Number { return e.fin.Summary.Spending.SurplusYear }},
	"carry_over":             {"上年结转", func(e *env) jixiao.Number { return e.carryOver() }},
	"procurement_budget":     {"政府采购预算", func(e *env) jixiao.Number { return e.r.Basis.ProcurementBudget }},
	"procurement_actual":     {"实际政府采购金额", func(e *env) jixiao.Number { return e.r.Basis.ProcurementActual }},
	"card_paid":              {"公务卡结算金额", func(e *env) jixiao.Number { return e.r.Basis.CardPaid }},
	"card_due":               {"应以公务卡结算的支出", func(e *env) jixiao.Number { return e.r.Basis.CardDue }},
	"assets_in_use":          {"在用固定资产", func(e *env) jixiao.Number { return e.fin.Summary.Assets.InUse }},
	"assets_total":           {"固定资产合计", func(e *env) jixiao.Number { return e.fin.Summary.Assets.Total }},
	"satisfaction":           {"满意度", func(e *env) jixiao.Number { return e.r.Basis.Satisfaction }},
	"violations":             {"不符合要求的情况数", func(e *env) jixiao.Number { return e.checklist().Violations }},
}

// VariableNames returns the names a rule may use, sorted.
func VariableNames() []string {
	names := make([]string, 0, len(variables))
	for n := range variables {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// env is what a rule reads: the report, its derived tables, the item scored.
type env struct {
	r    *jixiao.Report
	fin  *jixiao.Finance
	item *jixiao.Item
}

func (e *env) checklist() jixiao.Checklist {
	for _, c := range e.r.Basis.Checklists {
		if c.ID == e.item.ID {
			return c
		}
	}
	return jixiao.Checklist{}
}

// carryOver is 上年结转 of the sum row; blank counts as 0 once the income
// table is filled in.
func (e *env) carryOver() jixiao.Number {
	if c := e.fin.Summary.Income.CarryOver; c.Valid || !e.fin.Summary.Income.Total.Valid {
		return c
	}
	return jixiao.Num(decimal.Zero)
}

func (e *env) value(name string) (jixiao.Number, string) {
	v := variables[name]
	return v.Get(e), v.Label
}

// errMissing marks a rule that cannot score because base data is not filled in.
type errMissing struct{ what string }

func (e errMissing) Error() string { return "缺少" + e.what + "，无法按规则计分" }

func isMissing(err error) bool { _, ok := err.(errMissing); return ok }

// apply scores one item by its rule. It returns the score (0..分值, rounded half
// up to two decimals), the data it used, and an error saying why the rule cannot
// score the item: data not filled in, or a zero denominator.
func apply(p *jixiao.Profile, it *jixiao.Item, e *env) (decimal.Decimal, string, error) {
	rule := &it.Rule
	full := it.Points.Value
	clamp := func(d decimal.Decimal) decimal.Decimal {
		return jixiao.RoundHalfUp(decimal.Min(decimal.Max(d, decimal.Zero), full), 2)
	}
	switch rule.Kind {
	case jixiao.RuleChecklist:
		c := e.checklist()
		if c.ID == "" {
			return decimal.Zero, "", errMissing{"符合要点的情况"}
		}
		sum := decimal.Zero
		var met []string
		for _, n := range c.Met {
			if n >= 1 && n <= len(rule.Points) {
				sum = sum.Add(rule.Points[n-1].Value)
				met = append(met, circled(n))
			}
		}
		basis := "符合要点：" + strings.Join(met, "")
		if len(met) == 0 {
			basis = "符合要点：无"
		}
		return clamp(sum), basis, nil
	case jixiao.RulePerCount:
		n, label := e.value(rule.Count)
		if !n.Valid {
			return decimal.Zero, "", errMissing{label}
		}
		return clamp(full.Sub(rule.Per.Value.Mul(n.Value))), fmt.Sprintf("%s %s", label, n.Value), nil
	}
	v, basis, err := measure(rule.Measure, e)
	if err != nil {
		return decimal.Zero, basis, err
	}
	switch rule.Kind {
	case jixiao.RuleDeductAbove, jixiao.RuleDeductBelow:
		excess := v.Sub(rule.Limit.Value)
		if rule.Kind == jixiao.RuleDeductBelow {
			excess = excess.Neg()
		}
		if !excess.IsPositive() {
			return clamp(full), basis, nil
		}
		if p.Counting == "started" {
			excess = excess.Ceil()
		}
		return clamp(full.Sub(rule.PerPoint.Value.Mul(excess))), basis, nil
	case jixiao.RuleBands:
		for _, b := range rule.AtLeast {
			bound, err := bandBound(b, e)
			if err != nil {
				return decimal.Zero, basis, err
			}
			if v.GreaterThanOrEqual(bound) {
				return clamp(b.Score.Value), basis, nil
			}
		}
		for _, b := range rule.AtMost {
			bound, err := bandBound(b, e)
			if err != nil {
				return decimal.Zero, basis, err
			}
			if v.LessThanOrEqual(bound) {
				return clamp(b.Score.Value), basis, nil
			}
		}
		return clamp(rule.Otherwise.Value), basis, nil
	}
	return decimal.Zero, "", fmt.Errorf("未知的计分规则 %q", rule.Kind)
}

func bandBound(b jixiao.Band, e *env) (decimal.Decimal, error) {
	if b.BoundVar == "" {
		return b.Bound.Value, nil
	}
	n, label := e.value(b.BoundVar)
	if !n.Valid {
		return decimal.Zero, errMissing{label}
	}
	return n.Value, nil
}

// measure computes a rule's value: a variable, or a ratio as a percentage rounded
// half up to two decimals (the value the form shows and the rule then uses).
func measure(m jixiao.Measure, e *env) (decimal.Decimal, string, error) {
	if m.Var != "" {
		n, label := e.value(m.Var)
		if !n.Valid {
			return decimal.Zero, "", errMissing{label}
		}
		unit := ""
		if m.Var == "satisfaction" {
			unit = "%"
		}
		return n.Value, label + " " + n.Value.String() + unit, nil
	}
	num, numLabel := e.value(m.Num)
	den, denLabel := e.value(m.Den)
	switch {
	case den.Valid && den.Value.IsZero(): // whatever the numerator: say so, never full marks
		basis := ""
		if num.Valid {
			basis = fmt.Sprintf("%s %s，%s 0", numLabel, num.Value, denLabel)
		}
		return decimal.Zero, basis, fmt.Errorf("%s为 0，比率无法计算，无法按规则计分", denLabel)
	case !num.Valid && !den.Valid:
		return decimal.Zero, "", errMissing{numLabel + "和" + denLabel}
	case !num.Valid:
		return decimal.Zero, "", errMissing{numLabel}
	case !den.Valid:
		return decimal.Zero, "", errMissing{denLabel}
	}
	top, expr := num.Value, fmt.Sprintf("%s %s ÷ %s %s", numLabel, num.Value, denLabel, den.Value)
	if m.Change {
		top = num.Value.Sub(den.Value)
		expr = fmt.Sprintf("（%s %s − %s %s）÷ %s %s", numLabel, num.Value, denLabel, den.Value, denLabel, den.Value)
	}
	ratio := Percent(top, den.Value)
	return ratio, expr + " = " + ratio.StringFixed(2) + "%", nil
}

// Percent returns num ÷ den × 100, rounded half away from zero to two decimals
// (exactly, as jixiao.RoundHalfUp would round the exact quotient). den must not
// be zero.
func Percent(num, den decimal.Decimal) decimal.Decimal {
	return num.Mul(hundred).DivRound(den, 2)
}

func circled(n int) string {
	if n >= 1 && n <= 20 {
		return string(rune('①' + n - 1))
	}
	return fmt.Sprintf("(%d)", n)
}

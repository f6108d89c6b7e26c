package scoring_test

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/scoring"
	"jixiao/templates"
)

func n(s string) jixiao.Number { return jixiao.MustNum(s) }

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// scoreItem scores the default profile's item id on report r.
func scoreItem(t *testing.T, p *jixiao.Profile, id string, r *jixiao.Report) scoring.Item {
	t.Helper()
	for _, it := range scoring.Score(p, r).Items {
		if it.Item.ID == id {
			return it
		}
	}
	t.Fatalf("no item %q", id)
	return scoring.Item{}
}

func profile(t *testing.T, counting string) *jixiao.Profile {
	t.Helper()
	p, err := templates.Profile("")
	if err != nil {
		t.Fatal(err)
	}
	c := *p
	c.Counting = counting
	return &c
}

// want is the expected rule score, or "" with the expected reason when the rule
// cannot score.
type want struct {
	score  string
	reason string
}

func check(t *testing.T, name string, got scoring.Item, w want) {
	t.Helper()
	switch {
	case w.score != "" && (!got.Rule.Valid || !got.Rule.Value.Equal(d(w.score))):
		t.Errorf("%s: rule score %v (%s; %s), want %s", name, got.Rule, got.Basis, got.Unscorable, w.score)
	case w.score == "" && (got.Rule.Valid || got.Unscorable != w.reason):
		t.Errorf("%s: rule score %v, unscorable %q; want unscorable %q", name, got.Rule, got.Unscorable, w.reason)
	}
}

func staff(actual, authorized string) *jixiao.Report {
	r := &jixiao.Report{}
	if actual != "" {
		r.Overview.Actual = n(actual)
	}
	if authorized != "" {
		r.Overview.Authorized = n(authorized)
	}
	return r
}

// deduct_above on 财政供养人员控制率: ≤ 100% full 5, then −0.5 per point over.
func TestDeductAbove(t *testing.T) {
	tests := []struct {
		name, actual, authorized, counting string
		want                               want
	}{
		{"under", "5", "6", "", want{score: "5"}},
		{"exactly 100%", "6", "6", "", want{score: "5"}},
		{"100.01% continuous rounds to 5.00", "10001", "10000", "", want{score: "5"}}, // 5 − 0.005 = 4.995 → 5.00
		{"100.02% continuous", "10002", "10000", "", want{score: "4.99"}},             // 5 − 0.01
		{"100.01% started point", "10001", "10000", "started", want{score: "4.5"}},    // one point begun
		{"101% started point", "101", "100", "started", want{score: "4.5"}},           //
		{"101.5% continuous", "203", "200", "", want{score: "4.25"}},                  // 5 − 0.75
		{"109.99% continuous", "10999", "10000", "", want{score: "0.01"}},             // 5 − 4.995 = 0.005 → 0.01
		{"110% floors at 0", "11", "10", "", want{score: "0"}},                        //
		{"reference 10/6 = 166.67% floors at 0", "10", "6", "", want{score: "0"}},     //
		{"zero denominator", "3", "0", "", want{reason: "人员编制为 0，比率无法计算，无法按规则计分"}},
		{"missing denominator", "3", "", "", want{reason: "缺少人员编制，无法按规则计分"}},
		{"missing numerator", "", "6", "", want{reason: "缺少实有人数，无法按规则计分"}},
		{"both missing", "", "", "", want{reason: "缺少实有人数和人员编制，无法按规则计分"}},
	}
	for _, tt := range tests {
		p := profile(t, tt.counting)
		check(t, tt.name, scoreItem(t, p, "staff_control", staff(tt.actual, tt.authorized)), tt.want)
	}
}

// “三公经费”变动率 is a change ratio: (本年 − 上年) ÷ 上年, full marks ≤ 0.
func TestChangeRatio(t *testing.T) {
	report := func(now, last string) *jixiao.Report {
		r := &jixiao.Report{Finance: jixiao.Finance{Units: []jixiao.Org{{Name: "局机关"}}}}
		r.Finance.Units[0].ThreePublic.Total = n(now)
		if last != "" {
			r.Basis.ThreePublicLastYear = n(last)
		}
		return r
	}
	p := profile(t, "")
	check(t, "decrease", scoreItem(t, p, "three_public_change", report("9", "10")), want{score: "5"})
	check(t, "unchanged", scoreItem(t, p, "three_public_change", report("10", "10")), want{score: "5"})
	check(t, "+4%", scoreItem(t, p, "three_public_change", report("10.4", "10")), want{score: "3"})
	check(t, "+10% floors", scoreItem(t, p, "three_public_change", report("11", "10")), want{score: "0"})
	check(t, "last year 0", scoreItem(t, p, "three_public_change", report("1", "0")),
		want{reason: "上年三公经费为 0，比率无法计算，无法按规则计分"})
	got := scoreItem(t, p, "three_public_change", report("10.4", "10"))
	if want := "（本年三公经费 10.4 − 上年三公经费 10）÷ 上年三公经费 10 = 4.00%"; got.Basis != want {
		t.Errorf("basis %q, want %q", got.Basis, want)
	}
}

// deduct_below on 政府采购执行率 (100%, −0.2 per point) and 公务卡刷卡率 (50%).
func TestDeductBelow(t *testing.T) {
	p := profile(t, "")
	proc := func(actual, budget string) *jixiao.Report {
		r := &jixiao.Report{}
		r.Basis.ProcurementActual, r.Basis.ProcurementBudget = n(actual), n(budget)
		return r
	}
	check(t, "100%", scoreItem(t, p, "procurement", proc("50", "50")), want{score: "3"})
	check(t, "over 100%", scoreItem(t, p, "procurement", proc("60", "50")), want{score: "3"})
	check(t, "99.99%", scoreItem(t, p, "procurement", proc("9999", "10000")), want{score: "3"}) // 3 − 0.002 → 3.00
	check(t, "99%", scoreItem(t, p, "procurement", proc("99", "100")), want{score: "2.8"})
	check(t, "85%", scoreItem(t, p, "procurement", proc("85", "100")), want{score: "0"})
	check(t, "0 budget", scoreItem(t, p, "procurement", proc("0", "0")),
		want{reason: "政府采购预算为 0，比率无法计算，无法按规则计分"})
	card := func(paid, due string) *jixiao.Report {
		r := &jixiao.Report{}
		r.Basis.CardPaid, r.Basis.CardDue = n(paid), n(due)
		return r
	}
	check(t, "card 50%", scoreItem(t, p, "official_card", card("5", "10")), want{score: "3"})
	check(t, "card 40%", scoreItem(t, p, "official_card", card("4", "10")), want{score: "1"})
	check(t, "card 30% floors", scoreItem(t, p, "official_card", card("3", "10")), want{score: "0"})
}

// Bands: 重点支出安排率 (lower bounds inclusive), 预算调整率 (upper bounds
// inclusive), 满意度, and 资金结余 whose bound is a variable.
func TestBands(t *testing.T) {
	p := profile(t, "")
	key := func(k, proj string) *jixiao.Report {
		r := &jixiao.Report{Finance: jixiao.Finance{Units: []jixiao.Org{{Name: "局机关"}}}}
		r.Finance.Units[0].Spending.Project = n(proj)
		r.Basis.KeyProjectSpending = n(k)
		return r
	}
	for _, tt := range []struct{ k, want string }{
		{"90", "5"}, {"89.99", "4"}, {"80", "4"}, {"79.99", "3"}, {"70", "3"}, {"60", "2"}, {"59.99", "0"}, {"100", "5"},
	} {
		check(t, "key "+tt.k, scoreItem(t, p, "key_spending", key(tt.k, "100")), want{score: tt.want})
	}
	check(t, "no project spending", scoreItem(t, p, "key_spending", key("0", "0")),
		want{reason: "项目支出为 0，比率无法计算，无法按规则计分"})

	adj := func(a string) *jixiao.Report {
		r := &jixiao.Report{}
		r.Basis.BudgetAdjustment, r.Basis.Budget = n(a), n("100")
		return r
	}
	for _, tt := range []struct{ a, want string }{
		{"0", "3"}, {"0.01", "2"}, {"10", "2"}, {"10.01", "1"}, {"20", "1"}, {"30", "0.5"}, {"30.01", "0"},
	} {
		check(t, "adjustment "+tt.a, scoreItem(t, p, "budget_adjustment", adj(tt.a)), want{score: tt.want})
	}

	sat := func(s string) *jixiao.Report { return &jixiao.Report{Basis: jixiao.Basis{Satisfaction: n(s)}} }
	for _, tt := range []struct{ s, want string }{{"95", "5"}, {"94.99", "3"}, {"85", "3"}, {"75", "1"}, {"74.99", "0"}, {"100", "5"}} {
		check(t, "satisfaction "+tt.s, scoreItem(t, p, "satisfaction", sat(tt.s)), want{score: tt.want})
	}
	check(t, "no survey", scoreItem(t, p, "satisfaction", &jixiao.Report{}), want{reason: "缺少满意度，无法按规则计分"})

	// 资金结余: 当年结余 (收入合计 − 支出合计) ≤ 0 → 3; ≤ 上年结转 → 2; above → 0.
	surplus := func(other, carry, spending string) *jixiao.Report {
		o := jixiao.Org{Name: "局机关"}
		o.Income.Other, o.Spending.Project = n(other), n(spending)
		if carry != "" {
			o.Income.CarryOver = n(carry)
		}
		return &jixiao.Report{Finance: jixiao.Finance{Units: []jixiao.Org{o}}}
	}
	check(t, "deficit", scoreItem(t, p, "surplus", surplus("90", "", "100")), want{score: "3"})
	check(t, "balanced", scoreItem(t, p, "surplus", surplus("100", "", "100")), want{score: "3"})
	check(t, "surplus = carry-over", scoreItem(t, p, "surplus", surplus("100", "10", "100")), want{score: "2"})
	check(t, "surplus over carry-over", scoreItem(t, p, "surplus", surplus("100", "5", "99")), want{score: "0"})
	check(t, "surplus, no carry-over", scoreItem(t, p, "surplus", surplus("100", "", "99.99")), want{score: "0"})
	check(t, "no tables", scoreItem(t, p, "surplus", &jixiao.Report{}), want{reason: "缺少当年结余，无法按规则计分"})
}

// per_count (支付进度, violations) and checklist items, with their floors.
func TestCountsAndChecklists(t *testing.T) {
	p := profile(t, "")
	late := func(k string) *jixiao.Report { return &jixiao.Report{Basis: jixiao.Basis{LateProjects: n(k)}} }
	for _, tt := range []struct{ k, want string }{{"0", "3"}, {"1", "2.5"}, {"6", "0"}, {"7", "0"}} {
		check(t, "late "+tt.k, scoreItem(t, p, "payment_progress", late(tt.k)), want{score: tt.want})
	}
	check(t, "late missing", scoreItem(t, p, "payment_progress", &jixiao.Report{}),
		want{reason: "缺少未按进度下达资金的专项个数，无法按规则计分"})
	list := func(c jixiao.Checklist) *jixiao.Report {
		return &jixiao.Report{Basis: jixiao.Basis{Checklists: []jixiao.Checklist{c}}}
	}
	check(t, "violations 2", scoreItem(t, p, "asset_safety", list(jixiao.Checklist{ID: "asset_safety", Violations: n("2")})), want{score: "2"})
	check(t, "violations 9 floor", scoreItem(t, p, "fund_compliance", list(jixiao.Checklist{ID: "fund_compliance", Violations: n("9")})), want{score: "0"})
	check(t, "violations missing", scoreItem(t, p, "fund_compliance", &jixiao.Report{}),
		want{reason: "缺少不符合要求的情况数，无法按规则计分"})
	check(t, "all met", scoreItem(t, p, "disclosure", list(jixiao.Checklist{ID: "disclosure", Met: []int{1, 2, 3, 4, 5}})), want{score: "3"})
	got := scoreItem(t, p, "disclosure", list(jixiao.Checklist{ID: "disclosure", Met: []int{1, 3}}))
	check(t, "①③ met", got, want{score: "1.5"})
	if got.Basis != "符合要点：①③" {
		t.Errorf("basis %q", got.Basis)
	}
	check(t, "none met", scoreItem(t, p, "asset_rules", list(jixiao.Checklist{ID: "asset_rules", Met: []int{}})), want{score: "0"})
	check(t, "checklist missing", scoreItem(t, p, "asset_rules", &jixiao.Report{}), want{reason: "缺少符合要点的情况，无法按规则计分"})
}

// Totals: sums per 二级 and 一级, the shared-points group counted once, the
// suggested total taking rule scores where they exist.
func TestTotals(t *testing.T) {
	p := profile(t, "")
	r := &jixiao.Report{}
	for _, ref := range p.Items() {
		r.ScoreSheet.Items = append(r.ScoreSheet.Items, jixiao.SelfScore{ID: ref.Item.ID, Score: ref.Item.Points})
	}
	r.Overview.Actual, r.Overview.Authorized = n("10"), n("6") // staff_control: rule 0
	res := scoring.Score(p, r)
	if !res.Self.Equal(n("100")) || res.Grade != "优" || !res.Complete() {
		t.Errorf("self %s %s, want 100 优", res.Self, res.Grade)
	}
	if !res.Suggested.Equal(n("95")) || res.SuggestedGrade != "优" {
		t.Errorf("suggested %s %s, want 95 优", res.Suggested, res.SuggestedGrade)
	}
	benefits := 0
	for _, it := range res.Items {
		if len(it.Item.Members) > 0 {
			benefits++
			if got := strings.Join(it.Item.Rows(), "/"); got != "经济效益/社会效益/生态效益" || !it.Self.Value.Equal(d("15")) {
				t.Errorf("shared group %s %v", got, it.Self)
			}
		}
	}
	if benefits != 1 || len(res.Items) != 23 || !p.Total().Equal(d("100")) {
		t.Errorf("%d shared groups, %d items, total %s", benefits, len(res.Items), p.Total())
	}
	// A missing self score leaves the total and the grade blank: a partial
	// score sheet has no total. The suggestion takes the rule score where
	// there is one, and the self score clamped to the points elsewhere.
	r.ScoreSheet.Items = r.ScoreSheet.Items[1:]
	r.ScoreSheet.Items[0].Score = n("9")
	res = scoring.Score(p, r)
	if res.Self.Valid || res.Grade != "" || res.Filled != 22 || !res.Sum.Equal(d("99")) || !res.Suggested.Equal(n("95")) {
		t.Errorf("self %s (%s, %d filled, sum %s) suggested %s, want blank, 22, 99 and 95", res.Self, res.Grade, res.Filled, res.Sum, res.Suggested)
	}
	// Nothing self-scored: no total, no grade, no suggestion.
	r.ScoreSheet.Items = nil
	res = scoring.Score(p, r)
	if res.Self.Valid || res.Suggested.Valid || res.Grade != "" || res.SuggestedGrade != "" || res.Filled != 0 {
		t.Errorf("empty sheet: self %s suggested %s %q %q", res.Self, res.Suggested, res.Grade, res.SuggestedGrade)
	}
}

func TestGrades(t *testing.T) {
	p := profile(t, "")
	for _, tt := range []struct{ total, want string }{
		{"100", "优"}, {"90", "优"}, {"89.99", "良"}, {"80", "良"}, {"79.99", "中"}, {"60", "中"}, {"59.99", "差"}, {"0", "差"},
	} {
		if got := p.GradeOf(d(tt.total)); got != tt.want {
			t.Errorf("GradeOf(%s) = %s, want %s", tt.total, got, tt.want)
		}
	}
}

func TestPercent(t *testing.T) {
	for _, tt := range []struct{ num, den, want string }{
		{"10", "6", "166.67"}, {"1", "3", "33.33"}, {"2", "3", "66.67"}, {"1", "8", "12.5"},
		{"1", "80000", "0"}, {"1", "40000", "0"}, {"1", "20000", "0.01"}, {"-1", "20000", "-0.01"}, {"100", "100", "100"},
	} {
		if got := scoring.Percent(d(tt.num), d(tt.den)); !got.Equal(d(tt.want)) {
			t.Errorf("Percent(%s, %s) = %s, want %s", tt.num, tt.den, got, tt.want)
		}
	}
}

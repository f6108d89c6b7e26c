package jixiao

import (
	"strconv"
	"strings"
	"sync"

	"github.com/shopspring/decimal"
)

// OrgField is one amount column of the 收支 tables.
type OrgField struct {
	Path string // within an Org row: "income.total"
	Get  func(*Org) *Number
	// Signed is true for the columns that may be negative (结余).
	Signed bool
}

// OrgFields lists every amount of an Org row, table by table, in the order of
// the form's columns.
var OrgFields = []OrgField{
	{Path: "income.total", Get: func(o *Org) *Number { return &o.Income.Total }},
	{Path: "income.carry_over", Get: func(o *Org) *Number { return &o.Income.CarryOver }},
	{Path: "income.public_finance", Get: func(o *Org) *Number { return &o.Income.PublicFinance }},
	{Path: "income.gov_fund", Get: func(o *Org) *Number { return &o.Income.GovFund }},
	{Path: "income.non_tax", Get: func(o *Org) *Number { return &o.Income.NonTax }},
	{Path: "income.other", Get: func(o *Org) *Number { return &o.Income.Other }},
	{Path: "spending.total", Get: func(o *Org) *Number { return &o.Spending.Total }},
	{Path: "spending.basic", Get: func(o *Org) *Number { return &o.Spending.Basic }},
	{Path: "spending.personnel", Get: func(o *Org) *Number { return &o.Spending.Personnel }},
	{Path: "spending.public_use", Get: func(o *Org) *Number { return &o.Spending.PublicUse }},
	{Path: "spending.project", Get: func(o *Org) *Number { return &o.Spending.Project }},
	{Path: "spending.surplus_year", Get: func(o *Org) *Number { return &o.Spending.SurplusYear }, Signed: true},
	{Path: "spending.surplus_total", Get: func(o *Org) *Number { return &o.Spending.SurplusTotal }, Signed: true},
	{Path: "three_public.total", Get: func(o *Org) *Number { return &o.ThreePublic.Total }},
	{Path: "three_public.reception", Get: func(o *Org) *Number { return &o.ThreePublic.Reception }},
	{Path: "three_public.vehicle_running", Get: func(o *Org) *Number { return &o.ThreePublic.VehicleRunning }},
	{Path: "three_public.vehicle_purchase", Get: func(o *Org) *Number { return &o.ThreePublic.VehiclePurchase }},
	{Path: "three_public.abroad", Get: func(o *Org) *Number { return &o.ThreePublic.Abroad }},
	{Path: "assets.total", Get: func(o *Org) *Number { return &o.Assets.Total }},
	{Path: "assets.in_use", Get: func(o *Org) *Number { return &o.Assets.InUse }},
	{Path: "assets.leased", Get: func(o *Org) *Number { return &o.Assets.Leased }},
	{Path: "assets.other", Get: func(o *Org) *Number { return &o.Assets.Other }},
}

// OrgFieldByPath returns the column with the given path.
func OrgFieldByPath(path string) OrgField {
	for _, f := range OrgFields {
		if f.Path == path {
			return f
		}
	}
	panic("jixiao: no amount column " + path)
}

// SumRule is one arithmetic rule within a row of the 收支 tables:
// Total = Σ Plus − Σ Minus.
type SumRule struct {
	Total string
	Plus  []string
	Minus []string
}

// SumRules are the rules of the four tables, in the order they are applied (a
// rule may use a total an earlier rule derives).
var SumRules = []SumRule{
	{Total: "income.total", Plus: []string{"income.carry_over", "income.public_finance", "income.gov_fund", "income.non_tax", "income.other"}},
	{Total: "spending.basic", Plus: []string{"spending.personnel", "spending.public_use"}},
	{Total: "spending.total", Plus: []string{"spending.basic", "spending.project"}},
	{Total: "spending.surplus_year", Plus: []string{"income.total"}, Minus: []string{"spending.total"}},
	{Total: "three_public.total", Plus: []string{"three_public.reception", "three_public.vehicle_running", "three_public.vehicle_purchase", "three_public.abroad"}},
	{Total: "assets.total", Plus: []string{"assets.in_use", "assets.leased", "assets.other"}},
}

// SummaryName is the label of the sum row.
const SummaryName = "局机关及二级机构汇总"

// Derivation says how a derived amount was computed, for messages.
type Derivation struct {
	Value   Number
	Formula string // 基本支出 316.05 + 项目支出 0.00
}

// DeriveFinance returns the four tables with every derivable amount computed:
// in each row, a total whose parts are filled is their sum (blank parts count
// as 0) and 当年结余 is 收入合计 − 支出合计 when both are known; in the sum row,
// a column that any unit row fills is the sum of the unit rows. A stated value
// that can be derived is replaced by the derived one. The map tells, by JSON
// path, how each derived amount was computed.
func DeriveFinance(f Finance) (Finance, map[string]Derivation) {
	how := map[string]Derivation{}
	out := Finance{Summary: f.Summary, Units: make([]Org, len(f.Units))}
	for i, u := range f.Units {
		out.Units[i] = u
		deriveRow(&out.Units[i], "finance.units["+strconv.Itoa(i)+"]", how, nil)
	}
	fromUnits := map[string]bool{}
	for _, col := range OrgFields {
		sum, any := decimal.Zero, false
		var terms []string
		for i := range out.Units {
			if n := *col.Get(&out.Units[i]); n.Valid {
				sum, any = sum.Add(n.Value), true
				terms = append(terms, UnitLabel(i, out.Units[i].Name)+" "+Money(n.Value))
			}
		}
		if !any {
			continue
		}
		fromUnits[col.Path] = true
		*col.Get(&out.Summary) = Num(sum)
		how["finance.summary."+col.Path] = Derivation{Num(sum), "各机构之和：" + strings.Join(terms, " + ")}
	}
	deriveRow(&out.Summary, "finance.summary", how, fromUnits)
	if len(out.Units) > 0 || !f.Summary.IsZero() {
		out.Summary.Name = SummaryName
	}
	return out, how
}

// deriveRow applies the sum rules to one row, except to the totals in skip.
func deriveRow(o *Org, prefix string, how map[string]Derivation, skip map[string]bool) {
	for _, rule := range SumRules {
		if skip[rule.Total] {
			continue
		}
		sum, filled, all := decimal.Zero, 0, true
		var b strings.Builder
		term := func(path, op string) {
			n := *OrgFieldByPath(path).Get(o)
			if n.Valid {
				filled++
			} else {
				all = false
			}
			if b.Len() > 0 || op == " − " {
				b.WriteString(op)
			}
			b.WriteString(orgLabels()[path] + " " + Money(n.Or(decimal.Zero)))
			if op == " − " {
				sum = sum.Sub(n.Or(decimal.Zero))
			} else {
				sum = sum.Add(n.Or(decimal.Zero))
			}
		}
		for _, p := range rule.Plus {
			term(p, " + ")
		}
		for _, p := range rule.Minus {
			term(p, " − ")
		}
		if filled == 0 || len(rule.Minus) > 0 && !all {
			continue
		}
		*OrgFieldByPath(rule.Total).Get(o) = Num(sum)
		how[prefix+"."+rule.Total] = Derivation{Num(sum), b.String()}
	}
}

// orgLabels are the labels of the amount columns, without their unit.
var orgLabels = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, f := range OrgFields {
		m[f.Path] = strings.TrimSuffix(Label("finance.summary."+f.Path), "，万元")
	}
	return m
})

// UnitLabel is the label of a unit row as the tables print it: 1、局机关.
func UnitLabel(i int, name string) string { return strconv.Itoa(i+1) + "、" + name }

package jixiao

import (
	"fmt"
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

// maxTerms is the most terms of a sum a message lists.
const maxTerms = 8

// SummaryName is the label of the sum row.
const SummaryName = "局机关及二级机构汇总"

// Derivation says how a derived amount was computed, for messages.
type Derivation struct {
	Value   Number
	Formula string // 基本支出 316.05 + 项目支出 0.00
	// Part: the one blank part of a stated total, as the total less the
	// other parts (Formula: 支出合计 11.00 − 基本支出 10.00).
	Part bool
}

// DeriveFinance returns the four tables with every derivable amount computed:
// in each row, a total whose parts are filled is their sum (blank parts count
// as 0), the one blank part of a stated total is the total less the other
// parts, and 当年结余 is 收入合计 − 支出合计 when both are known; in the sum row,
// a column that any unit row fills is the sum of the unit rows. A stated value
// that can be derived is replaced by the derived one. The map tells, by JSON
// path, how each derived amount was computed.
//
// unknown holds the JSON paths of values that were filled in but could not be
// read: nothing is derived from them or from what they make up, so that a
// stated total stays as stated (Uncertain lists what they make up).
func DeriveFinance(f Finance, unknown map[string]bool) (Finance, map[string]Derivation) {
	how := map[string]Derivation{}
	out := Finance{Summary: f.Summary, Units: make([]Org, len(f.Units))}
	blocked := Uncertain(f, unknown)
	for i, u := range f.Units {
		out.Units[i] = u
		prefix := "finance.units[" + strconv.Itoa(i) + "]"
		deriveRow(&out.Units[i], &f.Units[i], prefix, how, nil, blocked)
	}
	fromUnits := map[string]bool{}
	for _, col := range OrgFields {
		if unitsUncertain(f, col.Path, blocked) {
			continue // the sum cannot be made: the sum row keeps what it states
		}
		sum, any := decimal.Zero, false
		var terms []string
		for i := range out.Units {
			if n := *col.Get(&out.Units[i]); n.Valid {
				sum, any = sum.Add(n.Value), true
				if len(terms) < maxTerms {
					terms = append(terms, UnitLabel(i, Short(out.Units[i].Name))+" "+Money(n.Value))
				} else {
					terms = append(terms, "")
				}
			}
		}
		if !any {
			continue
		}
		fromUnits[col.Path] = true
		*col.Get(&out.Summary) = Num(sum)
		if len(terms) > maxTerms {
			terms = append(terms[:maxTerms:maxTerms], fmt.Sprintf("…（共 %d 个机构）", len(terms)))
		}
		how["finance.summary."+col.Path] = Derivation{Value: Num(sum), Formula: "各机构之和：" + strings.Join(terms, " + ")}
	}
	deriveRow(&out.Summary, &f.Summary, "finance.summary", how, fromUnits, blocked)
	if len(out.Units) > 0 || !f.Summary.IsZero() {
		out.Summary.Name = SummaryName
	}
	return out, how
}

// Uncertain returns the JSON paths of the amounts that cannot be known
// because they depend on a value in unknown: the values themselves, the
// totals they make up that the row does not state, row by row, and the columns
// of the sum row they are in (unless the sum row states them).
func Uncertain(f Finance, unknown map[string]bool) map[string]bool {
	out := map[string]bool{}
	if len(unknown) == 0 {
		return out
	}
	row := func(prefix string, o *Org) {
		for _, col := range OrgFields {
			if unknown[prefix+"."+col.Path] {
				out[prefix+"."+col.Path] = true
			}
		}
		for _, rule := range SumRules {
			if !OrgFieldByPath(rule.Total).Get(o).Valid && DependsOn(prefix, rule, out) {
				out[prefix+"."+rule.Total] = true
			}
		}
	}
	for i := range f.Units {
		row("finance.units["+strconv.Itoa(i)+"]", &f.Units[i])
	}
	for _, col := range OrgFields {
		if !col.Get(&f.Summary).Valid && unitsUncertain(f, col.Path, out) {
			out["finance.summary."+col.Path] = true
		}
	}
	row("finance.summary", &f.Summary)
	return out
}

// DependsOn reports whether a term of rule, in the row at prefix, is in set.
func DependsOn(prefix string, rule SumRule, set map[string]bool) bool {
	for _, t := range rule.Plus {
		if set[prefix+"."+t] {
			return true
		}
	}
	for _, t := range rule.Minus {
		if set[prefix+"."+t] {
			return true
		}
	}
	return false
}

// unitsUncertain reports whether a unit row's value in a column is in set.
func unitsUncertain(f Finance, col string, set map[string]bool) bool {
	for i := range f.Units {
		if set["finance.units["+strconv.Itoa(i)+"]."+col] {
			return true
		}
	}
	return false
}

// deriveRow applies the sum rules to one row (stated is the row as the input
// states it), except to the totals in skip and to the uncertain amounts:
// forwards (a total from its parts), then backwards (the one blank part of a
// known total, as the total less the other parts: 项目支出 0 when 支出合计 equals
// 基本支出), until nothing more can be derived. A total with an uncertain part
// keeps its stated value.
func deriveRow(o, stated *Org, prefix string, how map[string]Derivation, skip, uncertain map[string]bool) {
	if len(uncertain) > 0 {
		s := map[string]bool{}
		for k := range skip {
			s[k] = true
		}
		for _, col := range OrgFields {
			if uncertain[prefix+"."+col.Path] {
				s[col.Path] = true
			}
		}
		for _, rule := range SumRules {
			if DependsOn(prefix, rule, uncertain) {
				s[rule.Total] = true
			}
		}
		skip = s
	}
	// A stated total with one blank part first gives that part (支出合计 11,
	// 基本支出 10: 项目支出 1); a total is derived from its parts when they are
	// all known, or when it is not stated. Only when nothing more follows is
	// a stated total compared with parts of which several are blank (counted
	// as 0).
	for range 2*len(SumRules) + 1 {
		if !derivePart(o, stated, prefix, how, skip) && !deriveTotals(o, stated, prefix, how, skip, false) {
			break
		}
	}
	deriveTotals(o, stated, prefix, how, skip, true)
}

// derivePart derives the one blank part of a total the row states, for the
// first rule that allows it; it reports whether it derived one. A total
// derived from some parts (the blank ones counted as 0) derives nothing: the
// blanks stay blank.
func derivePart(o, stated *Org, prefix string, how map[string]Derivation, skip map[string]bool) bool {
	for _, rule := range SumRules {
		total := *OrgFieldByPath(rule.Total).Get(o)
		if !total.Valid || !OrgFieldByPath(rule.Total).Get(stated).Valid || len(rule.Minus) > 0 { // 当年结余 is derived, never a source
			continue
		}
		blank, blanks := "", 0
		rest := total.Value
		var b strings.Builder
		b.WriteString(orgLabels()[rule.Total] + " " + Money(total.Value))
		for _, t := range rule.Plus {
			n := *OrgFieldByPath(t).Get(o)
			if !n.Valid {
				blank = t
				blanks++
				continue
			}
			rest = rest.Sub(n.Value)
			b.WriteString(" − " + orgLabels()[t] + " " + Money(n.Value))
		}
		if blanks != 1 || skip[blank] {
			continue
		}
		if rest.IsNegative() {
			continue // the stated parts already exceed the total: check reports it
		}
		*OrgFieldByPath(blank).Get(o) = Num(rest)
		how[prefix+"."+blank] = Derivation{Value: Num(rest), Formula: b.String(), Part: true}
		return true
	}
	return false
}

// deriveTotals derives each total from its parts: when all are filled, or
// when some are and the total is not stated; with partial, also a stated total
// from some of its parts (the blank ones counted as 0). It reports whether a
// value changed.
func deriveTotals(o, stated *Org, prefix string, how map[string]Derivation, skip map[string]bool, partial bool) bool {
	changed := false
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
		if !all && !partial && OrgFieldByPath(rule.Total).Get(stated).Valid {
			continue // a blank part may still follow from the stated total
		}
		cur := OrgFieldByPath(rule.Total).Get(o)
		if !cur.Valid || !cur.Value.Equal(sum) {
			changed = true
		}
		*cur = Num(sum)
		how[prefix+"."+rule.Total] = Derivation{Value: Num(sum), Formula: b.String()}
	}
	return changed
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

// NameRows puts the row of the tables in the label of each problem about an
// amount of an organisation (2、二级机构1 当年结余，万元), so that a problem
// found in JSON, or read in a list away from its table, says whose amount
// it is.
func NameRows(r *Report, problems []Problem) {
	for i := range problems {
		p := &problems[i]
		if p.Label == "" {
			continue
		}
		rest, ok := strings.CutPrefix(p.Path, "finance.units[")
		if !ok {
			continue
		}
		n, tail, ok := strings.Cut(rest, "]")
		idx, err := strconv.Atoi(n)
		if !ok || err != nil || !strings.HasPrefix(tail, ".") || idx < 0 || idx >= len(r.Finance.Units) {
			continue
		}
		if name := strings.TrimSpace(r.Finance.Units[idx].Name); name != "" {
			p.Label = UnitLabel(idx, Short(name)) + " " + p.Label
		}
	}
}

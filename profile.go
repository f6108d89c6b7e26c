package jixiao

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Profile describes one variant of the form: who issues it, how its title and
// labels read, and the score sheet's tree of indicators with the rule that scores
// each. Profiles are data (templates/profiles/*.json).
type Profile struct {
	// Extends names the profile this one is based on (a shipped profile's ID,
	// or a profile file beside this one): this file then gives only what
	// differs. Objects are merged field by field; a list or a value given
	// here replaces the base's. A loaded profile has it resolved and empty.
	Extends string `json:"extends,omitempty" label:"基于表式"`
	ID      string `json:"id" label:"表式编号"`
	Name    string `json:"name" label:"表式名称"`
	Issuer  string `json:"issuer" label:"制发机关"` // 岳阳楼区财政局, printed as 岳阳楼区财政局（制）
	Place   string `json:"place" label:"地区"`    // 岳阳楼区, the {place} of the title
	// Title is the cover title, one string per line; {place} and {year} are
	// replaced by the profile's place and the report's year.
	Title []string `json:"title" label:"封面标题"`
	// Unit is the word for the reporting body in headings and labels:
	// 部门（单位） or 部门.
	Unit       string `json:"unit" label:"单位称谓"`
	Attachment string `json:"attachment" label:"附件标注"`   // 附件3-2, above the score sheet
	SheetTitle string `json:"sheet_title" label:"评分表标题"` // 部门整体支出绩效评价评分表
	// Cover is how the cover reads where forms of the family differ.
	Cover CoverLayout `json:"cover,omitzero" label:"封面"`
	// Rounding of "每超过一个百分点扣X分": "continuous" (X × the excess, the
	// default) or "started" (X for every point begun).
	Counting string   `json:"counting,omitempty" label:"扣分计算方式"`
	Grades   []Grade  `json:"grades" label:"评价等次"`
	Tree     []Level1 `json:"indicators" label:"一级指标"`
	// Targets are the 定量目标 groups and their indicators (names and notes) that
	// the fill-in workbook offers; none: the form's 产出目标 and 效益目标.
	Targets []TargetGroup `json:"targets,omitempty" label:"定量目标分组"`
	// Outline is the outline of 五、评价报告综述 that the fill-in workbook
	// offers: section titles, with at most one level of sub-sections; none: the
	// form's outline.
	Outline []Section `json:"outline,omitempty" label:"评价报告综述提纲"`
}

// CoverLayout is what varies on the cover within the family. The zero value
// is the 岳阳楼区 2020 form's cover.
type CoverLayout struct {
	// Attachment is the label at the top left of the report's own cover, such
	// as 附件3-1 (the FY2021 notice attaches the report as 附件3-1 and the
	// score sheet as 附件3-2); "" for none.
	Attachment string `json:"attachment,omitempty" label:"封面附件标注"`
	// DateLabel is the label of the report date: 报告日期 ("") or 报告期.
	DateLabel string `json:"date_label,omitempty" label:"报告日期标签"`
	// NoColon prints the cover's labels without their colon (部门名称 …).
	NoColon bool `json:"no_colon,omitempty" label:"标签不带冒号"`
	// Issuer is the line at the foot of the cover, with {issuer} for the
	// issuer; "" means {issuer}（制）.
	Issuer string `json:"issuer,omitempty" label:"制发机关一行"`
}

// IsZero reports whether the cover is the default one (for omitzero).
func (c CoverLayout) IsZero() bool { return c == CoverLayout{} }

// DateLabel is the cover's label of the report date.
func (p *Profile) DateLabel() string {
	if p.Cover.DateLabel != "" {
		return p.Cover.DateLabel
	}
	return "报告日期"
}

// Label is the profile's short name as a choice of form (the 表式 lists of
// the web pages, jixiao profiles): the issuer, the year its name gives, and
// the attachment labels of the report and the score sheet, so that two forms
// of one issuer read apart: 岳阳楼区财政局 2021 年度表式（附件3-1、附件3-2）.
func (p *Profile) Label() string {
	s := p.Issuer
	if y := labelYear.FindString(p.Name); y != "" {
		s += " " + y
	}
	s = strings.TrimSpace(s) + "表式"
	var atts []string
	if a := p.Cover.Attachment; a != "" && a != p.Attachment {
		atts = append(atts, a)
	}
	if p.Attachment != "" {
		atts = append(atts, p.Attachment)
	}
	if len(atts) > 0 {
		s += "（" + strings.Join(atts, "、") + "）"
	}
	return s
}

// labelYear finds the year in a profile's name: 2021 年度, 2016–2017 年度.
var labelYear = regexp.MustCompile(`\d{4}(?:\s*[–—-]\s*\d{4})?\s*年度`)

// IssuerLine is the line at the foot of the cover: 岳阳楼区财政局（制）.
func (p *Profile) IssuerLine() string {
	if p.Cover.Issuer != "" {
		return strings.ReplaceAll(p.Cover.Issuer, "{issuer}", p.Issuer)
	}
	return p.Issuer + "（制）"
}

// Grade is one 评价等次 with the lowest total that earns it (inclusive).
type Grade struct {
	Name string `json:"name" label:"等次"`
	Min  Number `json:"min" label:"最低得分" unit:"分"`
}

// Level1 is a 一级指标 (投入, 过程 …); its points are the sum of its children's.
type Level1 struct {
	Name     string   `json:"name" label:"一级指标"`
	Children []Level2 `json:"children" label:"二级指标"`
}

// Level2 is a 二级指标 (预算配置 …); its points are the sum of its items'.
type Level2 struct {
	Name  string `json:"name" label:"二级指标"`
	Items []Item `json:"items" label:"三级指标"`
}

// Item is a 三级指标: one row of the score sheet, or, when Members is set, a
// shared-points group of several rows (经济效益/社会效益/生态效益 sharing 15 points)
// scored once.
type Item struct {
	ID       string   `json:"id" label:"指标编号"`
	Name     string   `json:"name,omitempty" label:"三级指标"`
	Members  []string `json:"members,omitempty" label:"共享分值的指标"`
	Points   Number   `json:"points" label:"分值" unit:"分"`
	Criteria string   `json:"criteria,omitempty" label:"评分标准"`
	// CriteriaAbove merges this row's 评分标准 cell with the one above (one text
	// printed across several rows, as for the 职责履行 items).
	CriteriaAbove bool `json:"criteria_above,omitempty" label:"评分标准与上一行合并"`
	Rule          Rule `json:"rule,omitzero" label:"计分规则"`
}

// Rows returns the names of the rows the item occupies on the sheet.
func (it *Item) Rows() []string {
	if len(it.Members) > 0 {
		return it.Members
	}
	return []string{it.Name}
}

// Title names the item in messages: its name, or its members joined by 、.
func (it *Item) Title() string { return strings.Join(it.Rows(), "、") }

// Rule kinds.
const (
	RuleManual      = ""             // scored by the unit alone
	RuleDeductAbove = "deduct_above" // full marks up to Limit, then PerPoint off per point over
	RuleDeductBelow = "deduct_below" // full marks from Limit up, then PerPoint off per point under
	RuleBands       = "bands"        // the score of the first band the value falls in
	RulePerCount    = "per_count"    // full marks less Per for each counted case
	RuleChecklist   = "checklist"    // the points of the checklist points met
)

// Rule says how an item is scored from the base data. Deductions never take a
// score below 0.
type Rule struct {
	Kind string `json:"kind" label:"规则类型"`
	// Measure is the value the rule looks at.
	Measure Measure `json:"measure,omitzero" label:"计量"`
	// Limit and PerPoint are for deduct_above and deduct_below (percentages).
	Limit    Number `json:"limit,omitzero" label:"标准值" unit:"%"`
	PerPoint Number `json:"per_point,omitzero" label:"每个百分点扣分" unit:"分"`
	// AtLeast bands (value ≥ bound, highest first) or AtMost bands (value ≤
	// bound, lowest first) for bands; Otherwise is the score outside all bands.
	AtLeast   []Band `json:"at_least,omitempty" label:"不低于"`
	AtMost    []Band `json:"at_most,omitempty" label:"不高于"`
	Otherwise Number `json:"otherwise,omitzero" label:"其他情况得分" unit:"分"`
	// Count names the variable counted by per_count; Per is the deduction for each.
	Count string `json:"count,omitempty" label:"计数"`
	Per   Number `json:"per,omitzero" label:"每例扣分" unit:"分"`
	// Points are the points of checklist points ①, ② … in order.
	Points []Number `json:"points,omitempty" label:"各要点分值"`
}

// IsZero reports whether the rule is the manual one (for omitzero).
func (r Rule) IsZero() bool {
	return r.Kind == "" && r.Measure == (Measure{}) && len(r.AtLeast) == 0 && len(r.AtMost) == 0 && len(r.Points) == 0
}

// Measure is the value a rule looks at: a variable (Var), a ratio Num ÷ Den ×
// 100 %, or, with Change, the change (Num − Den) ÷ Den × 100 %.
type Measure struct {
	Var    string `json:"var,omitempty" label:"变量"`
	Num    string `json:"num,omitempty" label:"分子"`
	Den    string `json:"den,omitempty" label:"分母"`
	Change bool   `json:"change,omitempty" label:"变动率"`
}

// Band is one band of a bands rule. The bound is a number, or a variable (BoundVar).
type Band struct {
	Bound    Number `json:"bound,omitzero" label:"界限"`
	BoundVar string `json:"bound_var,omitempty" label:"界限变量"`
	Score    Number `json:"score" label:"得分" unit:"分"`
}

// Items returns every item of the tree in order, with the indexes of its
// 一级 and 二级 indicators.
func (p *Profile) Items() []ItemRef {
	var refs []ItemRef
	for i := range p.Tree {
		for j := range p.Tree[i].Children {
			for k := range p.Tree[i].Children[j].Items {
				refs = append(refs, ItemRef{L1: i, L2: j, Item: &p.Tree[i].Children[j].Items[k]})
			}
		}
	}
	return refs
}

// ItemRef is an item with its place in the tree.
type ItemRef struct {
	L1, L2 int
	Item   *Item
}

// Points returns the points of a 一级 (l2 < 0) or 二级 indicator: the sum of
// its items'.
func (p *Profile) Points(l1, l2 int) decimal.Decimal {
	sum := decimal.Zero
	for j, c := range p.Tree[l1].Children {
		if l2 >= 0 && j != l2 {
			continue
		}
		for _, it := range c.Items {
			sum = sum.Add(it.Points.Value)
		}
	}
	return sum
}

// Total returns the points of the whole sheet (100 on every known form).
func (p *Profile) Total() decimal.Decimal {
	sum := decimal.Zero
	for i := range p.Tree {
		sum = sum.Add(p.Points(i, -1))
	}
	return sum
}

// GradeOf returns the 评价等次 a total earns: the first grade whose minimum it
// reaches (grades are listed highest first).
func (p *Profile) GradeOf(total decimal.Decimal) string {
	for _, g := range p.Grades {
		if total.GreaterThanOrEqual(g.Min.Value) {
			return g.Name
		}
	}
	return ""
}

// BlankYear stands in the title for a year not filled in: room for the pen.
const BlankYear = "　　"

// TitleLines returns the cover title for a year (0: not filled in).
func (p *Profile) TitleLines(year int) []string {
	y := BlankYear
	if year != 0 {
		y = strconv.Itoa(year)
	}
	lines := make([]string, len(p.Title))
	r := strings.NewReplacer("{place}", p.Place, "{year}", y)
	for i, t := range p.Title {
		lines[i] = r.Replace(t)
	}
	return lines
}

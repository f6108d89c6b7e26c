// Package jixiao is the domain model of the year-end performance self-evaluation
// report of a budget unit, 《部门（单位）整体支出绩效评价自评报告》, and of the form
// profiles that describe its score sheet (附件3-2 评分表).
//
// The package imports only the standard library and decimal. Every other package of
// the module (decoders, scoring, validation, renderers) depends on it.
//
// A field's `label` tag is its label as printed on the form; error messages quote it.
// Its `unit` tag is the unit the form states beside it; a list's `max` tag is
// the most elements it may hold (Limits in the README).
package jixiao

// Report is one unit's filled report for one fiscal year.
type Report struct {
	// Profile is the ID of the form profile the report follows (templates/profiles);
	// empty means the default profile.
	Profile string `json:"profile,omitempty" label:"表式"`

	Cover       Cover       `json:"cover" label:"封面"`
	Overview    Overview    `json:"overview" label:"一、部门（单位）基本概况"`
	Finance     Finance     `json:"finance" label:"二、部门（单位）收支情况"`
	Performance Performance `json:"performance" label:"三、部门（单位）整体支出绩效自评情况"`
	Evaluation  Evaluation  `json:"evaluation" label:"四、评价人员"`
	Narrative   []Section   `json:"narrative" label:"五、评价报告综述（文字部分）" max:"200"`
	ScoreSheet  ScoreSheet  `json:"score_sheet" label:"评分表"`
	Basis       Basis       `json:"basis" label:"评分基础数据"`
}

// Cover is the cover page.
type Cover struct {
	Year       int    `json:"year" label:"年度"`                   // 岳阳楼区{Year}年度部门（单位）整体支出
	Unit       string `json:"unit" label:"部门(单位)名称"`             // 部门(单位)名称
	BudgetCode string `json:"budget_code" label:"预算编码"`          // 预 算 编 码
	Method     string `json:"method,omitempty" label:"评价方式"`     // 评价方式; empty: 部门（单位）绩效自评
	Evaluator  string `json:"evaluator,omitempty" label:"评价机构"`  // 评价机构; empty: 部门（单位）评价组
	Date       Date   `json:"report_date,omitzero" label:"报告日期"` // 报告日期
}

// Overview is part 一、部门（单位）基本概况.
type Overview struct {
	Contact    string    `json:"contact" label:"联系人"`                              // 联系人
	Phone      string    `json:"phone" label:"联络电话"`                               // 联络电话
	Authorized Number    `json:"authorized_staff,omitzero" label:"人员编制" unit:"人"`  // 人员编制
	Actual     Number    `json:"actual_staff,omitzero" label:"实有人数" unit:"人"`      // 实有人数
	Duties     string    `json:"duties" label:"职能职责概述"`                            // 职能职责概述
	Tasks      []string  `json:"tasks" label:"年度主要工作内容" max:"200"`                 // 年度主要工作内容: 任务1…
	Operation  []Section `json:"operation" label:"年度部门（单位）总体运行情况及取得的成绩" max:"200"` // numbered paragraphs
}

// Section is a headed part of a narrative text: a heading, its paragraphs, and
// sub-sections. Headings are numbered when rendered (一、 then （一） then 1.),
// so they are stored without their numbers.
type Section struct {
	Title      string    `json:"title" label:"标题"`
	Paragraphs []string  `json:"paragraphs,omitempty" label:"段落" max:"500"`
	Sections   []Section `json:"sections,omitempty" label:"小节" max:"200"`
}

// Finance is part 二、部门（单位）收支情况: four tables that share their rows, one row
// per organisation (局机关, 二级机构…) and a sum row (局机关及二级机构汇总).
type Finance struct {
	// Summary is the sum row 局机关及二级机构汇总 as the input states it. Every value
	// of it can be derived from Units; a value left out is computed, a value stated
	// wrongly is reported.
	Summary Org `json:"summary,omitzero" label:"局机关及二级机构汇总"`
	// Units are the rows 1、局机关, 2、二级机构1 …, in order.
	Units []Org `json:"units" label:"机构" max:"200"`
}

// Org is one row of the four 收支 tables.
type Org struct {
	Name        string      `json:"name,omitempty" label:"机构名称"`
	Income      Income      `json:"income,omitzero" label:"年度收入情况"`
	Spending    Spending    `json:"spending,omitzero" label:"年度支出和结余情况"`
	ThreePublic ThreePublic `json:"three_public,omitzero" label:"三公经费"`
	Assets      Assets      `json:"assets,omitzero" label:"固定资产"`
}

// IsZero reports whether the row holds no value (for omitzero).
func (o Org) IsZero() bool {
	return o.Name == "" && o.Income == (Income{}) && o.Spending == (Spending{}) &&
		o.ThreePublic == (ThreePublic{}) && o.Assets == (Assets{})
}

// Income is a row of the table 年度收入情况（万元）.
type Income struct {
	Total         Number `json:"total,omitzero" label:"收入合计" unit:"万元"`
	CarryOver     Number `json:"carry_over,omitzero" label:"上年结转" unit:"万元"`
	PublicFinance Number `json:"public_finance,omitzero" label:"公共财政拨款" unit:"万元"`
	GovFund       Number `json:"gov_fund,omitzero" label:"政府基金拨款" unit:"万元"`
	NonTax        Number `json:"non_tax,omitzero" label:"纳入专户管理的非税收入拨款" unit:"万元"`
	Other         Number `json:"other,omitzero" label:"其他收入" unit:"万元"`
}

// Spending is a row of the table 部门（单位）年度支出和结余情况（万元）.
type Spending struct {
	Total        Number `json:"total,omitzero" label:"支出合计" unit:"万元"`
	Basic        Number `json:"basic,omitzero" label:"基本支出" unit:"万元"`
	Personnel    Number `json:"personnel,omitzero" label:"人员支出" unit:"万元"`
	PublicUse    Number `json:"public_use,omitzero" label:"公用支出" unit:"万元"`
	Project      Number `json:"project,omitzero" label:"项目支出" unit:"万元"`
	SurplusYear  Number `json:"surplus_year,omitzero" label:"当年结余" unit:"万元"`
	SurplusTotal Number `json:"surplus_total,omitzero" label:"累计结余" unit:"万元"`
}

// ThreePublic is a row of the table of 三公经费（万元）.
type ThreePublic struct {
	Total           Number `json:"total,omitzero" label:"三公经费合计" unit:"万元"`
	Reception       Number `json:"reception,omitzero" label:"公务接待费" unit:"万元"`
	VehicleRunning  Number `json:"vehicle_running,omitzero" label:"公务用车运维费" unit:"万元"`
	VehiclePurchase Number `json:"vehicle_purchase,omitzero" label:"公务用车购置费" unit:"万元"`
	Abroad          Number `json:"abroad,omitzero" label:"因公出国费" unit:"万元"`
}

// Assets is a row of the table of 固定资产（万元）. 合计 is 在用 + 出租 + 其他.
type Assets struct {
	Total  Number `json:"total,omitzero" label:"固定资产合计" unit:"万元"`
	InUse  Number `json:"in_use,omitzero" label:"在用固定资产" unit:"万元"`
	Leased Number `json:"leased,omitzero" label:"出租固定资产" unit:"万元"`
	Other  Number `json:"other,omitzero" label:"其他" unit:"万元"`
}

// Performance is part 三、部门（单位）整体支出绩效自评情况.
type Performance struct {
	Qualitative  Qualitative   `json:"qualitative" label:"整体支出绩效定性目标及实施计划完成情况"`
	Quantitative []TargetGroup `json:"quantitative" label:"整体支出绩效定量目标及实施计划完成情况" max:"20"`
	// TotalScore is 绩效自评综合得分 as stated; it must equal the score sheet's total.
	TotalScore Number `json:"total_score,omitzero" label:"绩效自评综合得分" unit:"分"`
	// Grade is 评价等次 as stated; it must match the total.
	Grade string `json:"grade,omitempty" label:"评价等次"`
}

// Qualitative is the 定性目标 table: the expected goals (目标1…) and what was achieved.
type Qualitative struct {
	Goals    []string `json:"goals" label:"预期目标" max:"200"`
	Achieved string   `json:"achieved" label:"实际完成"`
}

// TargetGroup is a first-level group of the 定量目标 table: 产出目标 or 效益目标, with
// the explanation printed under its name.
type TargetGroup struct {
	Name       string            `json:"name" label:"评价内容"`
	Note       string            `json:"note,omitempty" label:"说明"`
	Indicators []TargetIndicator `json:"indicators" label:"指标" max:"50"`
}

// TargetIndicator is a second-level group of the 定量目标 table, such as 质量指标 or
// 社会效益, with its rows.
type TargetIndicator struct {
	Name    string   `json:"name" label:"指标"`
	Targets []Target `json:"targets" label:"绩效目标" max:"200"`
}

// Target is one row: 绩效目标 and 完成情况. A group with nothing to report holds one
// row whose goal reads 无.
type Target struct {
	Goal   string `json:"goal" label:"绩效目标"`
	Result string `json:"result,omitempty" label:"完成情况"`
}

// Evaluation is part 四、评价人员 with the signature blocks.
type Evaluation struct {
	Evaluators []Evaluator `json:"evaluators" label:"评价人员" max:"100"`
	// LeaderDate is the date line of 评价组组长（签字）; usually left for the pen.
	LeaderDate Date `json:"leader_date,omitzero" label:"评价组组长签字日期"`
	// UnitOpinion is 部门（单位）意见, signed by 部门（单位）负责人（签章）.
	UnitOpinion string `json:"unit_opinion,omitempty" label:"部门（单位）意见"`
	UnitDate    Date   `json:"unit_date,omitzero" label:"部门（单位）负责人签章日期"`
	// FinanceOpinion is 财政部门归口业务科室意见, signed by its 负责人（签章）.
	FinanceOpinion string `json:"finance_opinion,omitempty" label:"财政部门归口业务科室意见"`
	FinanceDate    Date   `json:"finance_date,omitzero" label:"财政部门归口业务科室负责人签章日期"`
	Filler         string `json:"filler" label:"填报人"`        // 填报人（签名）
	FillerPhone    string `json:"filler_phone" label:"联系电话"` // 联系电话
}

// Evaluator is one row of the 评价人员 table; the 签字 cell is left for the pen.
type Evaluator struct {
	Name  string `json:"name" label:"姓名"`
	Title string `json:"title,omitempty" label:"职务/职称"`
	Org   string `json:"org,omitempty" label:"单位"`
}

// ScoreSheet holds what the unit filled in on the score sheet (附件3-2).
type ScoreSheet struct {
	// Items are the self scores, one per scored item of the profile (a shared-points
	// group counts once), keyed by the item's ID.
	Items []SelfScore `json:"items" label:"自评得分" max:"500"`
	// Total is 总分 as stated on the sheet; it must equal the sum of the items.
	Total Number `json:"total,omitzero" label:"总分" unit:"分"`
}

// SelfScore is one row of the score sheet as filled: 自评得分 and 扣分原因和其他说明.
type SelfScore struct {
	ID     string `json:"id" label:"指标"`
	Score  Number `json:"score,omitzero" label:"自评得分" unit:"分"`
	Reason string `json:"reason,omitempty" label:"扣分原因和其他说明"`
}

// Basis is the base data that the rule-scored items need beyond the four tables
// (the provincial 基础数据表). Every field is optional: an item whose data is
// missing cannot be scored by its rule and keeps its self score.
type Basis struct {
	ThreePublicLastYear Number `json:"three_public_last_year,omitzero" label:"上年三公经费" unit:"万元"`
	ThreePublicBudget   Number `json:"three_public_budget,omitzero" label:"三公经费预算数" unit:"万元"`
	Budget              Number `json:"budget,omitzero" label:"年初预算数" unit:"万元"`
	BudgetAdjustment    Number `json:"budget_adjustment,omitzero" label:"预算调整数" unit:"万元"`
	KeyProjectSpending  Number `json:"key_project_spending,omitzero" label:"重点项目支出" unit:"万元"`
	LateProjects        Number `json:"late_projects,omitzero" label:"未按进度下达资金的专项个数" unit:"个"`
	ProcurementBudget   Number `json:"procurement_budget,omitzero" label:"政府采购预算" unit:"万元"`
	ProcurementActual   Number `json:"procurement_actual,omitzero" label:"实际政府采购金额" unit:"万元"`
	CardPaid            Number `json:"card_paid,omitzero" label:"公务卡结算金额" unit:"万元"`
	CardDue             Number `json:"card_due,omitzero" label:"应以公务卡结算的支出" unit:"万元"`
	Satisfaction        Number `json:"satisfaction,omitzero" label:"社会公众或服务对象满意度" unit:"%"`
	// Checklists record, for the checklist items of the score sheet, which points
	// are met or how many violations were found.
	Checklists []Checklist `json:"checklists,omitempty" label:"清单类指标" max:"100"`
}

// Checklist is the base data of one checklist item of the score sheet.
type Checklist struct {
	ID string `json:"id" label:"指标"`
	// Met lists the numbers (1 for ①, 2 for ②…) of the points that are met, for
	// an item scored by points met.
	Met []int `json:"met,omitempty" label:"符合的要点" max:"20"`
	// Violations is the number of cases that did not comply, for an item scored
	// by deduction per violation.
	Violations Number `json:"violations,omitzero" label:"不符合要求的情况数" unit:"例"`
}

// Package synth makes synthetic but realistic reports for tests, benchmarks and
// the bundle generator: varying numbers of 二级机构, targets, evaluators,
// paragraphs and text lengths, with consistent arithmetic and in-range scores.
// The same seed gives the same report.
package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/templates"
)

// Report returns a synthetic report for the default profile. n (≥ 1) scales the
// variable parts: up to n 二级机构 rows, n targets per indicator, n evaluators,
// n paragraphs per section.
func Report(seed uint64, n int) *jixiao.Report {
	p, err := templates.Profile("")
	if err != nil {
		panic(err)
	}
	return ReportFor(p, seed, n)
}

var phrases = []string{
	"按照区委区政府的统一部署", "全面落实预算绩效管理要求", "认真履行部门职责", "切实加强财务管理",
	"扎实推进重点项目建设", "不断提升公共服务水平", "严格执行中央八项规定精神", "进一步规范资金使用",
	"积极开展政策宣传", "圆满完成年度目标任务", "群众满意度稳步提高", "强化内部控制制度建设",
	"加快信息化平台建设", "做好疫情防控常态化工作", "持续优化营商环境", "推动民生实事落地见效",
}

var units = []string{"局机关", "信息中心", "就业服务中心", "社会保险服务中心", "劳动监察大队", "人事考试中心", "档案室", "培训中心"}

var surnames = []rune("王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高")
var given = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚")

type gen struct{ rng *rand.Rand }

func (g gen) intn(n int) int { return g.rng.IntN(n) }

// sentence returns a text of about chars characters.
func (g gen) text(chars int) string {
	var b strings.Builder
	for b.Len()/3 < chars {
		b.WriteString(phrases[g.intn(len(phrases))])
		if g.intn(3) == 0 {
			b.WriteString("。")
		} else {
			b.WriteString("，")
		}
	}
	s := strings.TrimRight(b.String(), "，。")
	return s + "。"
}

func (g gen) name() string {
	s := string(surnames[g.intn(len(surnames))]) + string(given[g.intn(len(given))])
	if g.intn(2) == 0 {
		s += string(given[g.intn(len(given))])
	}
	return s
}

// money returns an amount in 万元 with two decimals between 0 and max.
func (g gen) money(max int) decimal.Decimal {
	return decimal.New(int64(g.intn(max*100+1)), -2)
}

func num(d decimal.Decimal) jixiao.Number { return jixiao.Num(d) }

// ReportFor returns a synthetic report for profile p; see Report.
func ReportFor(p *jixiao.Profile, seed uint64, n int) *jixiao.Report {
	n = max(n, 1)
	g := gen{rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	r := &jixiao.Report{Profile: p.ID}
	r.Cover = jixiao.Cover{
		Year:       2020 + g.intn(4),
		Unit:       fmt.Sprintf("岳阳楼区第%d%s", seed%1000, []string{"服务中心", "事务中心", "管理所", "办公室"}[g.intn(4)]),
		BudgetCode: fmt.Sprintf("%06d", 100000+seed%900000),
	}
	r.Cover.Date = jixiao.Date{Year: r.Cover.Year + 1, Month: 1 + g.intn(12), Day: 1 + g.intn(28)}
	authorized := 5 + g.intn(60)
	r.Overview = jixiao.Overview{
		Contact: g.name(), Phone: fmt.Sprintf("0730-%07d", 8000000+g.intn(999999)),
		Authorized: num(decimal.NewFromInt(int64(authorized))),
		Actual:     num(decimal.NewFromInt(int64(authorized - g.intn(5)))),
		Duties:     g.text(80 + g.intn(200)),
	}
	for i := range 1 + g.intn(n+3) {
		r.Overview.Tasks = append(r.Overview.Tasks, fmt.Sprintf("%s（任务%d）", g.text(10+g.intn(30)), i+1))
	}
	r.Overview.Operation = g.sections(1+g.intn(n+2), n, false)

	r.Finance.Units = make([]jixiao.Org, 1+g.intn(n+1))
	for i := range r.Finance.Units {
		name := units[i%len(units)]
		if i >= len(units) {
			name = fmt.Sprintf("二级机构%d", i)
		}
		r.Finance.Units[i] = g.org(name)
	}

	for range 1 + g.intn(n+2) {
		r.Performance.Qualitative.Goals = append(r.Performance.Qualitative.Goals, g.text(8+g.intn(20)))
	}
	r.Performance.Qualitative.Achieved = g.text(10 + g.intn(40))
	for _, grp := range []struct {
		name, note string
		inds       []string
	}{
		{"产出目标", "部门工作实绩，包含上级部门和区委区政府布置的重点工作、实事任务等，根据部门实际进行调整细化", []string{"质量指标", "数量指标", "时效指标", "成本指标"}},
		{"效益目标", "预期实现的效益", []string{"社会效益", "经济效益", "生态效益", "社会公众或服务对象满意度"}},
	} {
		tg := jixiao.TargetGroup{Name: grp.name, Note: grp.note}
		for _, ind := range grp.inds {
			ti := jixiao.TargetIndicator{Name: ind}
			if g.intn(5) == 0 {
				ti.Targets = []jixiao.Target{{Goal: "无"}}
			} else {
				for range 1 + g.intn(n) {
					ti.Targets = append(ti.Targets, jixiao.Target{Goal: g.text(6 + g.intn(30)), Result: []string{"已完成", "已达标", "基本完成"}[g.intn(3)]})
				}
			}
			tg.Indicators = append(tg.Indicators, ti)
		}
		r.Performance.Quantitative = append(r.Performance.Quantitative, tg)
	}

	for range 1 + g.intn(n+2) {
		r.Evaluation.Evaluators = append(r.Evaluation.Evaluators, jixiao.Evaluator{
			Name: g.name(), Title: []string{"主任", "副主任", "科长", "会计", "出纳"}[g.intn(5)], Org: r.Cover.Unit})
	}
	r.Evaluation.Filler = g.name()
	r.Evaluation.FillerPhone = fmt.Sprintf("%07d", 8000000+g.intn(999999))
	if g.intn(2) == 0 {
		r.Evaluation.UnitOpinion = "同意自评结果。"
	}
	r.Narrative = g.sections(4+g.intn(3), n, true)

	total := decimal.Zero
	for _, ref := range p.Items() {
		full := ref.Item.Points.Value
		score := full
		s := jixiao.SelfScore{ID: ref.Item.ID}
		if g.intn(4) == 0 {
			score = full.Sub(decimal.New(int64(1+g.intn(int(full.IntPart())*2)), -1).Mul(decimal.NewFromInt(5)).Div(decimal.NewFromInt(10)))
			score = decimal.Max(score, decimal.Zero)
			s.Reason = g.text(8 + g.intn(20))
		}
		s.Score = num(score)
		total = total.Add(score)
		r.ScoreSheet.Items = append(r.ScoreSheet.Items, s)
	}
	r.ScoreSheet.Total = num(total)
	r.Performance.TotalScore = num(total)
	r.Performance.Grade = p.GradeOf(total)
	return r
}

func (g gen) org(name string) jixiao.Org {
	o := jixiao.Org{Name: name}
	in := &o.Income
	in.CarryOver = num(g.money(50))
	in.PublicFinance = num(g.money(900))
	in.Other = num(g.money(100))
	in.Total = num(in.CarryOver.Value.Add(in.PublicFinance.Value).Add(in.Other.Value))
	sp := &o.Spending
	sp.Personnel = num(g.money(400))
	sp.PublicUse = num(g.money(200))
	sp.Basic = num(sp.Personnel.Value.Add(sp.PublicUse.Value))
	sp.Project = num(g.money(300))
	sp.Total = num(sp.Basic.Value.Add(sp.Project.Value))
	sp.SurplusYear = num(in.Total.Value.Sub(sp.Total.Value))
	tp := &o.ThreePublic
	tp.Reception = num(g.money(3))
	tp.VehicleRunning = num(g.money(5))
	tp.Total = num(tp.Reception.Value.Add(tp.VehicleRunning.Value))
	as := &o.Assets
	as.InUse = num(g.money(800))
	as.Other = num(g.money(20))
	as.Total = num(as.InUse.Value.Add(as.Other.Value))
	return o
}

var narrativeTitles = []string{"部门（单位）概况", "部门（单位）整体支出管理及使用情况", "部门（单位）专项组织实施情况",
	"部门（单位）整体支出绩效情况", "存在的主要问题", "改进措施和有关建议"}

func (g gen) sections(count, n int, nested bool) []jixiao.Section {
	ss := make([]jixiao.Section, count)
	for i := range ss {
		title := g.text(8 + g.intn(12))
		if nested && i < len(narrativeTitles) {
			title = narrativeTitles[i]
		}
		ss[i].Title = strings.TrimSuffix(title, "。")
		if nested && g.intn(2) == 0 {
			for range 1 + g.intn(3) {
				sub := jixiao.Section{Title: strings.TrimSuffix(g.text(6+g.intn(10)), "。")}
				for range 1 + g.intn(n) {
					sub.Paragraphs = append(sub.Paragraphs, g.text(60+g.intn(400)))
				}
				ss[i].Sections = append(ss[i].Sections, sub)
			}
			continue
		}
		for range 1 + g.intn(n) {
			ss[i].Paragraphs = append(ss[i].Paragraphs, g.text(60+g.intn(400)))
		}
	}
	return ss
}

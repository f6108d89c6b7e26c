package form

import (
	"math"
	"strings"
	"sync"
	"sync/atomic"
)

// Labels of the form sit in narrow cells. Left to the word processor, a label
// one character too long for its cell ends on a line of one character
// (财政供养人员控制/率). Wrap breaks a label as the published form does: on as
// few lines as fit, none of them a lone character, balanced, at natural
// points (after 或, 和, 、; before an opening bracket), never before closing
// punctuation.

// Width is how wide s is in half-ems: 2 for Chinese characters and full-width
// forms, 1 for Latin letters, digits and ASCII punctuation.
func Width(s string) int {
	n := 0
	for _, r := range s {
		if r < 0x2000 {
			n++
		} else {
			n += 2
		}
	}
	return n
}

// wrapped memoises Wrap: a form's labels are few and come back in every
// document.
var (
	wrapped  sync.Map // wrapKey → []string
	nWrapped atomic.Int64
)

// maxWrapped bounds the memo: texts a report gives (indicator names) are
// wrapped too, and a bundle reads thousands of reports.
const maxWrapped = 4096

type wrapKey struct {
	label   string
	perLine int
}

// Wrap breaks a label into lines of at most perLine half-ems. A label with
// its own line breaks is kept as it is; one that fits is one line. The lines
// returned must not be modified.
func Wrap(label string, perLine int) []string {
	if len(label) > 240 {
		return wrap(label, perLine)
	}
	k := wrapKey{label, perLine}
	if v, ok := wrapped.Load(k); ok {
		return v.([]string)
	}
	lines := wrap(label, perLine)
	if nWrapped.Add(1) <= maxWrapped {
		wrapped.Store(k, lines)
	}
	return lines
}

func wrap(label string, perLine int) []string {
	if strings.ContainsRune(label, '\n') || Width(label) <= perLine || perLine < 4 {
		return []string{label}
	}
	r := []rune(label)
	if len(r) > 80 {
		return []string{label}
	}
	w := make([]int, len(r)+1) // w[i]: width of r[:i]
	for i, c := range r {
		w[i+1] = w[i] + Width(string(c))
	}
	const maxLines = 4
	inf := math.Inf(1)
	// best[k][i]: the least cost of r[:i] on k lines; from[k][i]: the start
	// of its last line.
	var best [maxLines + 1][]float64
	var from [maxLines + 1][]int
	for k := range best {
		best[k] = make([]float64, len(r)+1)
		from[k] = make([]int, len(r)+1)
		for i := range best[k] {
			best[k][i] = inf
		}
	}
	best[0][0] = 0
	for k := 1; k <= maxLines; k++ {
		for i := 1; i <= len(r); i++ {
			for j := i - 1; j >= 0 && w[i]-w[j] <= perLine; j-- {
				if best[k-1][j] == inf || j == 0 && k > 1 {
					continue
				}
				c := best[k-1][j] + lineCost(r, j, i, w[i]-w[j], perLine)
				if c < best[k][i] {
					best[k][i], from[k][i] = c, j
				}
			}
		}
	}
	bestK, bestCost := 0, inf
	for k := 1; k <= maxLines; k++ {
		// Each extra line costs: fewer lines win unless a break is bad.
		if c := best[k][len(r)] + float64(k)*lineCostPerLine; c < bestCost {
			bestK, bestCost = k, c
		}
	}
	if bestK == 0 {
		return []string{label}
	}
	lines := make([]string, bestK)
	for k, i := bestK, len(r); k > 0; k-- {
		j := from[k][i]
		lines[k-1] = string(r[j:i])
		i = j
	}
	return lines
}

const lineCostPerLine = 40

// lineCost is the cost of the line r[j:i] of width width: the room it leaves
// (squared, for balance), much more for a lone character, and for a break at
// a bad point.
func lineCost(r []rune, j, i, width, perLine int) float64 {
	slack := float64(perLine - width)
	cost := slack * slack / 4
	if i-j == 1 {
		cost += 1000
	}
	if i < len(r) { // the break after this line
		before, after := r[i-1], r[i]
		switch {
		case strings.ContainsRune("）)”’」』》、，。：；！？%", after):
			cost += 500 // closing punctuation never starts a line
		case strings.ContainsRune("（(“‘「『《", before):
			cost += 500 // an opening bracket never ends one
		case isASCIIWord(before) && isASCIIWord(after):
			cost += 300 // inside a number or a word
		case words[string([]rune{before, after})]:
			cost += 40 // inside a word of the form
		case strings.ContainsRune("或和及与、，；”）", before):
			cost -= 35 // a natural point: after a conjunction or a pause
		case strings.ContainsRune("或和及与（“《", after) || suffixWord(r[i:]):
			cost -= 30 // before one, or before the last word
		}
	}
	return cost
}

func isASCIIWord(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '.' || r == '%'
}

// suffixWord reports whether rest is the last word of a label: a word of
// three ending in 率, 性 or 度 (控制率, 完善性, 满意度), or 情况, 完成情况.
func suffixWord(rest []rune) bool {
	t := string(rest)
	return len(rest) == 3 && strings.ContainsRune("率性度", rest[2]) || t == "情况" || t == "完成情况" || t == "合计"
}

// words are two-character words of the form's labels, not to be split.
var words = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`财政 拨款 收入 合计 支出 经费 基金 专户 管理 非税 公务 用车 运维 购置 出国 固定 资产
		机构 名称 结余 结转 项目 基本 人员 公用 满意 服务 对象 社会 公众 控制 变动 情况 完成 任务 目标 工作 内容 主要
		年度 部门 单位 整体 绩效 评价 预算 调整 执行 采购 政府 进度 资金 制度 健全 使用 合规 信息 公开 完善 安全 利用
		接待 其他 其中 在用 出租 重点 安排 建设 指标 民生 实事 工程 重大 效益 经济 生态 扣分 原因 说明 标准 得分 分值`) {
		m[w] = true
	}
	return m
}()

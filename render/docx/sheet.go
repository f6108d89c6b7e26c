package docx

import (
	"jixiao"
	"jixiao/form"
	"jixiao/scoring"
)

// Score sheet formats: 五号 text in a landscape section.
var (
	sheetText  = rfmt{font: fontFang, size: size5}
	sheetLabel = rfmt{font: fontFang, size: size5, bold: true}
	sheetBlock = pfmt{style: "TableText", jc: "both"}
)

// sheetGrid are the widths of the score sheet's columns: 一级指标, 二级指标,
// 三级指标, 评分标准, 分值, 自评得分, 扣分原因和其他说明.
var sheetGrid = []int{1200, 1400, 1900, 5236, 800, 1100, 1800}

// scoreSheet writes the attachment: its label, its title and the score sheet,
// one row per 三级指标 (one per member of a shared-points group), the 一级 and
// 二级 cells merged over their rows, and the total.
func scoreSheet(d *doc, p *jixiao.Profile, s *scoring.Result) {
	d.para(pfmt{style: "Normal", jc: "left"}, rfmt{font: fontHei, size: size3}, p.Attachment)
	d.para(pfmt{style: "Title", after: 240}, titleRun, p.SheetTitle)
	d.table(sheetGrid, true)
	d.row(trfmt{header: true, cantSplit: true, height: rowHeight})
	for _, h := range form.ScoreSheetColumns {
		labelCell(d, cfmt{}, centred, sheetLabel, h)
	}
	d.endRow()

	refs := p.Items()
	// A run of items whose 评分标准 is printed once: an item and the items
	// after it marked CriteriaAbove. chain[k] is the first item of k's run;
	// the text of a run is its items' criteria, the rows are all their rows.
	chain := make([]int, len(refs))
	runRows := make([]int, len(refs))
	for k, ref := range refs {
		chain[k] = k
		if k > 0 && ref.Item.CriteriaAbove {
			chain[k] = chain[k-1]
		}
		runRows[chain[k]] += len(ref.Item.Rows())
	}
	cols := halfEms(sheetGrid[3], size5)
	for k, ref := range refs {
		it := ref.Item
		rows := it.Rows()
		first1 := k == 0 || refs[k-1].L1 != ref.L1
		first2 := first1 || refs[k-1].L2 != ref.L2
		var criteria []string
		if chain[k] == k {
			for j := k; j < len(refs) && chain[j] == k; j++ {
				if c := refs[j].Item.Criteria; c != "" {
					criteria = append(criteria, c)
				}
			}
		}
		n := 0
		for _, c := range criteria {
			n += lines(c, cols)
		}
		short := n <= 16 && lines(s.Items[k].Reason, halfEms(sheetGrid[6], size5)) <= 16
		for m, name := range rows {
			// Keep a shared-points group on one page, and a run of
			// items sharing their 评分标准 when it is short.
			keep := m < len(rows)-1 || runRows[chain[k]] <= 8 && k+1 < len(refs) && chain[k+1] == chain[k]
			d.row(trfmt{cantSplit: short, keepNext: keep, height: rowHeight})
			switch {
			case m == 0 && first1:
				d.cell(cfmt{merge: mergeRestart})
				d.para(centred, sheetText, p.Tree[ref.L1].Name)
				d.para(centred, sheetText, "（"+p.Points(ref.L1, -1).String()+"分）")
				d.endCell()
			default:
				d.cell(cfmt{merge: mergeContinue})
				d.endCell()
			}
			switch {
			case m == 0 && first2:
				d.cell(cfmt{merge: mergeRestart})
				d.para(centred, sheetText, p.Tree[ref.L1].Children[ref.L2].Name)
				d.para(centred, sheetText, "（"+p.Points(ref.L1, ref.L2).String()+"分）")
				d.endCell()
			default:
				d.cell(cfmt{merge: mergeContinue})
				d.endCell()
			}
			labelCell(d, cfmt{}, centred, sheetText, name)

			switch {
			case m == 0 && chain[k] == k:
				merge := mergeNone
				if runRows[k] > 1 {
					merge = mergeRestart
				}
				d.cell(cfmt{merge: merge})
				for _, c := range criteria {
					d.paras(sheetBlock, sheetText, c, false)
				}
				d.endCell()
			default:
				d.cell(cfmt{merge: mergeContinue})
				d.endCell()
			}

			merge := mergeNone
			if len(rows) > 1 {
				merge = mergeRestart
			}
			if m == 0 {
				textCell(d, cfmt{merge: merge}, centred, sheetText, it.Points.String())
				textCell(d, cfmt{merge: merge}, centred, sheetText, s.Items[k].Self.String())
				textCell(d, cfmt{merge: merge}, sheetBlock, sheetText, s.Items[k].Reason)
			} else {
				for range 3 {
					d.cell(cfmt{merge: mergeContinue})
					d.endCell()
				}
			}
			d.endRow()
		}
	}

	d.row(trfmt{cantSplit: true, height: rowHeight})
	textCell(d, cfmt{span: 4}, centred, sheetLabel, "总分")
	textCell(d, cfmt{}, centred, sheetText, p.Total().String())
	textCell(d, cfmt{}, centred, sheetText, s.Self.String())
	textCell(d, cfmt{}, centred, sheetText, "")
	d.endRow()
	d.endTable()
}

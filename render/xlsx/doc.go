// Package xlsx writes the self-evaluation report as an Excel workbook (Write),
// writes the blank fill-in workbook a unit completes (Template), and reads
// either back into a report (Read). It also writes the finance bureau's
// summary workbook of a bundle (WriteSummary). It is the one package that
// uses excelize, for the summary workbook; the report workbook and the
// template are SpreadsheetML it writes itself (spreadsheetml.go).
//
// # One grid
//
// Write, Template and Read share one grid (layout.go, sheets.go): for a form
// profile and the number of rows of each variable part, it places every label
// of the form, every input cell (bound to a value of jixiao.Report by its JSON
// path, such as finance.units[1].income.total) and every derived cell. A
// field's sheet!cell is written down once, there. The sheets, in order:
//
//	封面          cover: 年度, 部门(单位)名称, 预算编码, 评价方式, 评价机构, 报告日期
//	基本概况      一、 contact, staff, duties, 任务 rows, 总体运行情况 rows
//	收支情况      二、 the four tables, each a sum row and one row per unit
//	绩效自评      三、 定性目标 rows, 定量目标 groups × indicators × rows, score, grade
//	评价人员      四、 evaluator rows and the signature blocks
//	评价报告综述  五、 one row per heading or paragraph
//	评分表        附件3-2, landscape, one row per item of the profile's tree
//	基础数据      the base data of the rule-scored items, and the checklists
//
// The template puts 填写说明 first. Every workbook ends with a very hidden sheet
// _jixiao that holds the profile (as JSON), the rows of each variable part and
// the version of the labels, so that Read rebuilds the grid that wrote the
// workbook. A unit may insert rows inside a variable part, or delete spare
// ones: Read finds each part's rows between the fixed rows around it (by their
// labels) and reads them through the grid of the shape they now have
// (align.go), reporting every value at the cell where it now is. It checks
// that the fixed rows' labels are where they belong (a sheet changed beyond
// rows inserted or deleted in its parts is refused, not misread, naming the
// cell) and warns about anything written outside the grid.
//
// # Derived cells
//
// The sum row 局机关及二级机构汇总, each unit's 当年结余, 评分表's 总分 and
// 绩效自评综合得分 are derived cells: Write prints them from jixiao.DeriveFinance
// and the scores, the template computes them with live formulas, and Read never
// reads them (jixiao/check recomputes them; a formula saved by openpyxl has no
// value anyway). A unit row's totals and 评价等次 are input cells: Write prints
// them derived (the totals of filled parts, the earned grade), Read reads them.
//
// # Variable parts
//
// Headed texts (总体运行情况, 评价报告综述) take one row per heading and per
// paragraph; the first cell of a row holds the heading's level (一级标题,
// 二级标题, 三级标题, or the number 一、 （一） 1. the report prints) or nothing
// for a paragraph. The template has spare rows (TemplateOptions: 8 units, 10
// tasks, 20 rows of 总体运行情况, 10 goals, 3 targets per indicator, 8
// evaluators, the standard outline of 评价报告综述 with 3 rows under each
// heading); Read takes the rows that have anything filled in, in order, and
// skips the empty ones wherever they are.
//
// # Round trip
//
// Read(Write(p, r, s)) gives back r as the workbook shows it, which is r
// except that:
//
//   - profile is p's ID;
//   - each unit row holds its amounts as jixiao.DeriveFinance gives them (a
//     total whose parts are filled is their sum), without 当年结余;
//     finance.summary, performance.total_score and score_sheet.total are
//     empty (derived cells are not read); performance.grade is s's grade;
//   - an empty 评价方式 or 评价机构 reads as the form's default;
//   - elements with nothing filled in are dropped (an empty unit row, task,
//     target, evaluator; a checklist without data); score_sheet.items holds
//     one item per item of the profile, in its order (an item r lacks has
//     only its ID), and no other; a checklist keeps the one value its rule
//     uses (met points sorted, each once);
//   - texts lose the white space around them and the characters XML cannot
//     carry (jixiao.CleanText).
//
// So for a report whose stated values agree (check finds no sum, total or
// grade error), Read(Write(r)) derives and scores exactly as r does.
//
// A formula typed into an input cell is read as the value the workbook holds
// for it; one saved without its value (by openpyxl) is reported.
//
// # Reading untrusted files
//
// Read refuses a file over MaxFileSize, a zip that declares more than 64 MB
// unzipped (16 MB for one part) before inflating anything, and stops
// inflating at those limits whatever the zip declares. It reads the parts it
// needs directly rather than through excelize, whose document model costs
// several times the rest of an import. Its errors are *jixiao.InputError with
// the codes listed at Read.
package xlsx

package xlsx_test

import (
	"bytes"
	"fmt"
	"log"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/form"
	"jixiao/render/xlsx"
	"jixiao/templates"
)

// Write the template for a unit and list its sheets: the instructions first,
// one sheet per part of the form, the hidden sheet that describes the grid.
func ExampleTemplate() {
	p, err := templates.Profile("yueyanglou-2020")
	if err != nil {
		log.Fatal(err)
	}
	var b bytes.Buffer
	if err := xlsx.Template(&b, p, xlsx.TemplateOptions{Year: 2021, Unit: "岳阳楼区某某中心"}); err != nil {
		log.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		log.Fatal(err)
	}
	for _, name := range f.GetSheetList() {
		visible, _ := f.GetSheetVisible(name)
		fmt.Println(name, visible)
	}
	// Output:
	// 填写说明 true
	// 封面 true
	// 基本概况 true
	// 收支情况 true
	// 绩效自评 true
	// 评价人员 true
	// 评价报告综述 true
	// 评分表 true
	// 基础数据 true
	// _jixiao false
}

// Read a completed workbook: a value that cannot be read is reported with its
// cell, its label on the form, what was expected and what was found.
func ExampleRead() {
	r, _, _, err := jixiao.ReadReport(templates.ExampleName, templates.Example())
	if err != nil {
		log.Fatal(err)
	}
	p, err := templates.Profile(r.Profile)
	if err != nil {
		log.Fatal(err)
	}
	var b bytes.Buffer
	if err := xlsx.Write(&b, form.Print(p, r, nil, 0)); err != nil {
		log.Fatal(err)
	}
	// Someone types a malformed amount into 收入合计 of 2、二级机构1.
	f, err := excelize.OpenReader(&b)
	if err != nil {
		log.Fatal(err)
	}
	if err := f.SetCellStr("收支情况", "C8", "12,3.4"); err != nil {
		log.Fatal(err)
	}
	var filled bytes.Buffer
	if err := f.Write(&filled); err != nil {
		log.Fatal(err)
	}
	// The value is reported by its cell and left out; the rest is read.
	r, _, problems, err := xlsx.Read("填报表.xlsx", filled.Bytes())
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range problems {
		fmt.Println(p.Format("填报表.xlsx"))
	}
	fmt.Println(r.Cover.Unit)
	// Output:
	// 填报表.xlsx: 收支情况!C8（收入合计，万元）：错误：应为最多两位小数的数字（千位分隔符位置不对），实际为 "12,3.4"
	// 岳阳楼区人力资源和社会保障网络信息服务中心
}

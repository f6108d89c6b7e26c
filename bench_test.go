package jixiao_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"jixiao"
)

// largeReport is a report at the limits of its lists (200 units, 200 tasks,
// 200 sections of two paragraphs), as JSON: pretty, and on one line.
func largeReport(b *testing.B) (pretty, minified []byte) {
	b.Helper()
	var r jixiao.Report
	for i := range 200 {
		r.Finance.Units = append(r.Finance.Units, jixiao.Org{Name: strings.Repeat("机", i%7+1), Income: jixiao.Income{Total: jixiao.MustNum("12.5")}})
		r.Overview.Tasks = append(r.Overview.Tasks, strings.Repeat("任务", 20))
		r.Narrative = append(r.Narrative, jixiao.Section{Title: "标题", Paragraphs: []string{strings.Repeat("正文", 200), "段落"}})
	}
	var p bytes.Buffer
	if err := jixiao.EncodeJSON(&p, &r); err != nil {
		b.Fatal(err)
	}
	m, err := json.Marshal(&r)
	if err != nil {
		b.Fatal(err)
	}
	return p.Bytes(), m
}

// BenchmarkReadLarge decodes the large report with positions, pretty and
// minified: the same work either way (the positions are counted once).
func BenchmarkReadLarge(b *testing.B) {
	pretty, minified := largeReport(b)
	for _, c := range []struct {
		name string
		data []byte
	}{{"pretty", pretty}, {"minified", minified}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, _, err := jixiao.ReadReport("large.json", c.data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

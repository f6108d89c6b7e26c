package jixiao

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// The position bookkeeping is linear in the input, however long its lines:
// a report written on one line (minified) costs the decoder one pass over it
// to place every value, as the same report pretty-printed does.
func TestPlacesAreLinear(t *testing.T) {
	var r Report
	for i := range 200 {
		r.Finance.Units = append(r.Finance.Units, Org{Name: strings.Repeat("机", i%7+1), Income: Income{Total: MustNum("12.5")}})
		r.Overview.Tasks = append(r.Overview.Tasks, strings.Repeat("任务", 20))
	}
	for range 200 {
		r.Narrative = append(r.Narrative, Section{Title: "标题", Paragraphs: []string{strings.Repeat("正文", 50), "段落"}})
	}
	minified, err := json.Marshal(&r)
	if err != nil {
		t.Fatal(err)
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, minified, "", "  "); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"minified": minified, "pretty": pretty.Bytes()} {
		d := &jsonDecoder{data: data, places: map[string]Place{}}
		d.dec = json.NewDecoder(bytes.NewReader(data))
		d.dec.UseNumber()
		var out Report
		if err := d.value("", reflect.ValueOf(&out).Elem(), reflect.StructField{}, 0); err != nil || len(d.problems) > 0 {
			t.Fatal(err, d.problems)
		}
		if d.scanned > int64(len(data)) {
			t.Errorf("%s: %d bytes scanned to place the values of %d bytes", name, d.scanned, len(data))
		}
		if len(d.places) < 2000 || len(out.Finance.Units) != 200 {
			t.Errorf("%s: %d places, %d units", name, len(d.places), len(out.Finance.Units))
		}
	}
}

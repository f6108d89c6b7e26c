package xlsx

import (
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// The cells of the grid name the report's values by JSON path
// (finance.units[1].income.total), the same paths that jixiao.Label, the JSON
// decoder and the checker use. resolve walks such a path with reflection, so
// that the writer reads a value and the reader sets it through one name.

// jsonFields caches, per struct type, the field index of each JSON name.
var jsonFields sync.Map // reflect.Type → map[string]reflect.StructField

func fieldsOf(t reflect.Type) map[string]reflect.StructField {
	if m, ok := jsonFields.Load(t); ok {
		return m.(map[string]reflect.StructField)
	}
	m := map[string]reflect.StructField{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			m[name] = f
		}
	}
	jsonFields.Store(t, m)
	return m
}

// resolve returns the value at path inside v (addressable), and the struct
// field that holds the last named step (for its `unit` tag). With grow, it
// appends zero elements to slices to reach an index; without, it returns ok
// false when the path runs past the end of a slice. It panics on a path that
// names no field: paths come from the grid, never from input.
func resolve(v reflect.Value, path string, grow bool) (reflect.Value, reflect.StructField, bool) {
	var sf reflect.StructField
	for path != "" {
		if path[0] == '[' {
			end := strings.IndexByte(path, ']')
			i, err := strconv.Atoi(path[1:end])
			if err != nil || v.Kind() != reflect.Slice {
				panic("xlsx: bad path step " + path)
			}
			if i >= v.Len() {
				if !grow {
					return reflect.Value{}, sf, false
				}
				v.Set(reflect.AppendSlice(v, reflect.MakeSlice(v.Type(), i+1-v.Len(), i+1-v.Len())))
			}
			v, path = v.Index(i), path[end+1:]
			continue
		}
		path = strings.TrimPrefix(path, ".")
		end := strings.IndexAny(path, ".[")
		if end < 0 {
			end = len(path)
		}
		f, ok := fieldsOf(v.Type())[path[:end]]
		if !ok {
			panic("xlsx: no field " + path[:end] + " in " + v.Type().String())
		}
		v, sf, path = v.FieldByIndex(f.Index), f, path[end:]
	}
	return v, sf, true
}

var units sync.Map // path with its indexes removed → unit tag

// unitOf returns the `unit` tag of the field at path in a Report (万元, 分, 人 …).
func unitOf(path string) string {
	key := indexes.ReplaceAllString(path, "[]")
	if u, ok := units.Load(key); ok {
		return u.(string)
	}
	_, sf, _ := resolve(reflect.New(reportType).Elem(), indexes.ReplaceAllString(path, "[0]"), true)
	u := sf.Tag.Get("unit")
	units.Store(key, u)
	return u
}

var indexes = regexp.MustCompile(`\[[0-9]+\]`)

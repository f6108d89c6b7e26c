package bundle

import (
	"cmp"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/roster"
)

// The intake decides what becomes of each file: the year of the bundle, one
// report per 预算编码 (the newest; the others are listed as replaced), and,
// with a roster, who has not reported, who is not on it, and whose name
// differs.

// intake gives every entry its status and the problems found comparing the
// reports with each other and with the roster.
func (r *run) intake() {
	r.year = r.bundleYear()
	groups := map[string][]*unit{}
	var keys []string
	for _, u := range r.units {
		switch {
		case u.status != "": // not read
			continue
		case !u.read:
			u.status, u.own = jixiao.IntakeUnreadable, true
			continue
		}
		key := roster.Code(u.code)
		if key == "" { // no code: a unit of its own (check reports the blank code)
			key = "\x00" + strconv.Itoa(u.index)
		}
		if groups[key] == nil {
			keys = append(keys, key)
		}
		groups[key] = append(groups[key], u)
	}
	for _, k := range keys {
		r.resolve(groups[k])
	}
	r.sameNames()
	if r.roster != nil {
		r.matchRoster()
	}
}

// bundleYear is the year asked for, or the year most reports give (the
// later of two as frequent); 0 when no report gives one.
func (r *run) bundleYear() int {
	if r.o.Year != 0 {
		return r.o.Year
	}
	count := map[int]int{}
	best := 0
	for _, u := range r.units {
		if u.read && u.year != 0 {
			count[u.year]++
			if c, b := count[u.year], count[best]; c > b || c == b && u.year > best {
				best = u.year
			}
		}
	}
	return best
}

// ofYear reports whether a unit's report is of the bundle's year (a blank
// year is not another year: check reports it).
func (r *run) ofYear(u *unit) bool { return r.year == 0 || u.year == 0 || u.year == r.year }

// resolve takes the reports of one 预算编码: the newest of the bundle's year
// is the unit's (or, when none is of that year, the newest of another year,
// not counted); the others are listed as replaced.
func (r *run) resolve(group []*unit) {
	slices.SortStableFunc(group, func(a, b *unit) int {
		return cmp.Or(-cmp.Compare(b2i(r.ofYear(a)), b2i(r.ofYear(b))), -newer(a, b))
	})
	w := group[0]
	w.own = true
	if r.ofYear(w) {
		w.status = jixiao.IntakeCounted
	} else {
		w.status = jixiao.IntakeOtherYear
		w.problem(jixiao.Error, jixiao.CodeYear, "cover.year",
			fmt.Sprintf("报告年度为 %d，本次汇总的是 %d 年度：未计入汇总；请核对封面的年度", w.year, r.year))
	}
	for _, o := range group[1:] {
		w.others = append(w.others, r.shown(o.file))
		if w.status == jixiao.IntakeCounted && !r.ofYear(o) {
			o.status = jixiao.IntakeOtherYear
			o.problem(jixiao.Warning, jixiao.CodeYear, "cover.year",
				fmt.Sprintf("报告年度为 %d，不是本次汇总的 %d 年度；本单位按 %s 计入汇总，本文件未采用", o.year, r.year, r.shown(w.file)))
		} else {
			o.status = jixiao.IntakeReplaced
			o.problem(jixiao.Warning, jixiao.CodeReplaced, "",
				fmt.Sprintf("本单位（预算编码 %s）另有报告 %s，%s：按它汇总，本文件未采用", o.code, r.shown(w.file), why(w, o)))
		}
		if !roster.SameName(o.unit, w.unit) {
			w.problem(jixiao.Warning, jixiao.CodeName, "cover.unit",
				fmt.Sprintf("同一预算编码的另一份报告 %s 中单位名称为 %s：请核对预算编码", r.shown(o.file), jixiao.Quote(o.unit)))
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// newer compares two reports of a unit: positive when a is the newer. The
// later 报告日期 is newer (a blank date is older than any); on the same date,
// the higher revision mark in the file name (revision); then the file later
// in name order.
func newer(a, b *unit) int {
	return cmp.Or(compareDate(a.date, b.date), cmp.Compare(revision(a.file), revision(b.file)), strings.Compare(a.file, b.file))
}

func compareDate(a, b jixiao.Date) int {
	return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.Month, b.Month), cmp.Compare(a.Day, b.Day))
}

// why says why w was taken over o.
func why(w, o *unit) string {
	switch {
	case compareDate(w.date, o.date) != 0 && o.date.IsZero():
		return "报告日期为 " + w.date.String() + "（本文件没有填报告日期）"
	case compareDate(w.date, o.date) != 0:
		return "报告日期 " + w.date.String() + " 晚于本文件的 " + o.date.String()
	case revision(w.file) != revision(o.file):
		return "报告日期相同，其文件名标明是修改后的版本"
	}
	return "报告日期相同、文件名没有版本标记，按文件名顺序取后者"
}

// revisionMarks are the words of a file name that mark a revised report.
var revisionMarks = []string{"修改", "修订", "更正", "重报", "重新报送", "补正", "最终", "终稿", "定稿", "corrected", "revised", "final", "update"}

// revisionNumbers are the numbered marks: 第2版, v2, （2）, 修改2.
var revisionNumbers = []*regexp.Regexp{
	regexp.MustCompile(`第\s*(\d{1,3})\s*[版稿次]`),
	regexp.MustCompile(`(?:^|[^a-z])v(\d{1,3})(?:[^0-9]|$)`),
	regexp.MustCompile(`[（(]\s*(\d{1,3})\s*[）)]\s*$`),
	regexp.MustCompile(`(?:修改|修订|更正)[稿版后]?\s*(\d{1,3})`),
}

// revision is the revision a file name marks: the number of 第N版, vN, （N）
// or 修改N; 1 for a revision word without a number (修改后, 修订, 更正,
// 最终 …); 0 for none.
func revision(file string) int {
	stem := strings.ToLower(strings.TrimSuffix(filepath.Base(file), filepath.Ext(file)))
	n := 0
	for _, m := range revisionMarks {
		if strings.Contains(stem, m) {
			n = 1
		}
	}
	for _, re := range revisionNumbers {
		if m := re.FindStringSubmatch(stem); m != nil {
			if v, err := strconv.Atoi(m[1]); err == nil {
				n = max(n, v)
			}
		}
	}
	return n
}

// sameNames warns of counted units with one name and different codes.
func (r *run) sameNames() {
	byName := map[string][]*unit{}
	for _, u := range r.units {
		if k := roster.NameKey(u.unit); u.status == jixiao.IntakeCounted && k != "" {
			byName[k] = append(byName[k], u)
		}
	}
	for _, u := range r.units {
		same := byName[roster.NameKey(u.unit)]
		if u.status != jixiao.IntakeCounted || len(same) < 2 {
			continue
		}
		var others []string
		for _, o := range same {
			if o != u {
				others = append(others, r.shown(o.file)+"（预算编码 "+o.code+"）")
			}
		}
		if len(others) > 3 {
			others = append(others[:3], fmt.Sprintf("等 %d 份", len(others)))
		}
		u.problem(jixiao.Warning, jixiao.CodeName, "cover.budget_code",
			fmt.Sprintf("与 %s 单位名称相同而预算编码不同：请核对预算编码", strings.Join(others, "、")))
	}
}

// matchRoster matches the units with the roster by 预算编码, and adds an
// entry for each unit of the roster that has not reported.
func (r *run) matchRoster() {
	ro := r.roster
	reported := map[*roster.Unit]bool{}
	for _, u := range r.units {
		if !u.own || !u.read {
			continue
		}
		ru, how := ro.Find(u.code)
		if ru == nil {
			if u.status == jixiao.IntakeCounted {
				u.problem(jixiao.Warning, jixiao.CodeNotOnRoster, "cover.budget_code",
					fmt.Sprintf("预算编码 %s 不在名单 %s 中：请核对预算编码，或把本单位补入名单", jixiao.Quote(u.code), ro.File))
			}
			continue
		}
		reported[ru] = true
		u.department = ru.Department
		if how == roster.Zeros {
			u.problem(jixiao.Warning, jixiao.CodeName, "cover.budget_code",
				fmt.Sprintf("名单中的预算编码是 %s，少了开头的 0（用 Excel 编辑名单时常被去掉）：按 %s 匹配", ru.Code, u.code))
		}
		if !roster.SameName(ru.Name, u.unit) {
			u.problem(jixiao.Warning, jixiao.CodeName, "cover.unit",
				fmt.Sprintf("名单中预算编码 %s 的单位名称为 %s，报告中为 %s：请核对单位名称或预算编码", ru.Code, jixiao.Quote(ru.Name), jixiao.Quote(u.unit)))
		}
	}
	for i := range ro.Units {
		ru := &ro.Units[i]
		if reported[ru] {
			continue
		}
		r.units = append(r.units, &unit{index: -1, code: ru.Code, unit: ru.Name, department: ru.Department,
			status: jixiao.IntakeMissing, extra: []jixiao.Problem{{Code: jixiao.CodeMissing, Place: ru.Place,
				Label: roster.Columns[0], Message: "名单中的单位，没有收到报告"}}})
	}
}

// problemFile is the file a problem of u is listed under: its own, or the
// roster's for a unit that has not reported.
func (r *run) problemFile(u *unit) string {
	if u.status == jixiao.IntakeMissing && r.roster != nil {
		return r.roster.File
	}
	return u.shown
}

// shown is an input's name as the bundle shows it: its name in
// Options.Names, or relative to Options.Base when set, with forward slashes.
func (r *run) shown(file string) string {
	if file == "" {
		return ""
	}
	if name, ok := r.o.Names[file]; ok {
		return name
	}
	if r.o.Base != "" {
		if rel, err := filepath.Rel(r.o.Base, file); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			file = rel
		}
	}
	return filepath.ToSlash(file)
}

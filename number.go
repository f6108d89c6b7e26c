package jixiao

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/shopspring/decimal"
)

// Number is an optional exact decimal: an amount in 万元, a score, a percentage or a
// count. The zero Number is "not filled in", which differs from a filled-in 0.
type Number struct {
	Value decimal.Decimal
	Valid bool
}

// Num returns a filled-in Number.
func Num(d decimal.Decimal) Number { return Number{Value: d, Valid: true} }

// MustNum parses s with ParseNumber and panics on error; for tests and constants.
func MustNum(s string) Number {
	d, err := ParseNumber(s, "")
	if err != nil {
		panic(err)
	}
	return Num(d)
}

// IsZero reports whether n is not filled in (for encoding/json's omitzero).
func (n Number) IsZero() bool { return !n.Valid }

// Or returns n's value, or d when n is not filled in.
func (n Number) Or(d decimal.Decimal) decimal.Decimal {
	if n.Valid {
		return n.Value
	}
	return d
}

// String formats n as the form shows it: two decimals for money and percentages
// (Money), the shortest exact form otherwise; "" when not filled in.
func (n Number) String() string {
	if !n.Valid {
		return ""
	}
	return n.Value.String()
}

// Equal reports whether both are unset, or both set to equal values.
func (n Number) Equal(m Number) bool {
	return n.Valid == m.Valid && (!n.Valid || n.Value.Equal(m.Value))
}

// MarshalJSON writes the value as a JSON number, or null when not filled in.
func (n Number) MarshalJSON() ([]byte, error) {
	if !n.Valid {
		return []byte("null"), nil
	}
	return []byte(n.Value.String()), nil
}

// Money formats an amount in 万元 with exactly two decimals, rounding half away
// from zero (四舍五入), as the form prints it.
func Money(d decimal.Decimal) string { return RoundHalfUp(d, 2).StringFixed(2) }

// RoundHalfUp rounds d to places decimals, halves away from zero (四舍五入). It is
// the only rounding the project uses.
func RoundHalfUp(d decimal.Decimal, places int32) decimal.Decimal { return d.Round(places) }

// maxNumberText is the longest text, in bytes, read as a number or a date:
// 12 digits with separators, spaces, a sign and a unit take far less.
const maxNumberText = 120

// Largest accepted magnitude of a number: 12 integer digits (999,999,999,999.99 万元).
const maxIntDigits = 12

// Number format problems. ParseNumber wraps one of these in a *NumberError.
var (
	ErrNotNumber   = errors.New("不是数字")
	ErrTooPrecise  = errors.New("小数位数过多")
	ErrNotInteger  = errors.New("应为整数")
	ErrTooLarge    = errors.New("数值过大")
	ErrWrongUnit   = errors.New("单位不符")
	ErrExponent    = errors.New("不接受科学计数法")
	ErrBadGrouping = errors.New("千位分隔符位置不对")
)

// NumberError says why a text is not an acceptable number for a field.
type NumberError struct {
	Text string // the text as found
	Unit string // the field's unit, "" for none
	Err  error  // one of the Err… values above
}

func (e *NumberError) Error() string {
	return e.Expected() + "，实际为 " + Quote(e.Text)
}

// Expected is the Chinese description of what the field takes.
func (e *NumberError) Expected() string {
	what := "应为最多两位小数的数字"
	if integerUnit(e.Unit) {
		what = "应为整数"
	}
	switch e.Err {
	case ErrTooLarge:
		return what + "（不超过 12 位整数）"
	case ErrWrongUnit:
		if e.Unit != "" {
			return what + "（单位只能是" + e.Unit + "）"
		}
		return what + "（不带单位）"
	case ErrExponent:
		return what + "（不接受科学计数法）"
	case ErrBadGrouping:
		return what + "（千位分隔符位置不对）"
	}
	return what
}

func (e *NumberError) Unwrap() error { return e.Err }

func integerUnit(unit string) bool { return unit == "人" || unit == "个" || unit == "例" }

// ParseNumber reads a number as a person types it into a form field whose unit is
// unit (万元, %, 分, 人, 个, 例 or ""). It accepts, unambiguously:
//
//   - spaces around and inside (ASCII, full-width, no-break);
//   - full-width digits and signs (１２．５, －3);
//   - thousands separators in their proper places (1,234.50; 1，234.50);
//   - the field's own unit after the number (12.5万元, 95%, 95％, 5分, 6人).
//
// It refuses exponents (1e3), NaN and infinities, a unit other than the field's,
// more than two decimals, decimals in a count (人, 个, 例) and more than 12 integer
// digits. The error is a *NumberError.
func ParseNumber(s, unit string) (decimal.Decimal, error) {
	fail := func(err error) (decimal.Decimal, error) {
		return decimal.Decimal{}, &NumberError{Text: s, Unit: unit, Err: err}
	}
	if len(s) > maxNumberText { // no number is that long: refused before anything is done with it
		return fail(ErrNotNumber)
	}
	t := normalizeNumber(s)
	if t == "" {
		return fail(ErrNotNumber)
	}
	// A trailing unit.
	if i := strings.IndexFunc(t, func(r rune) bool {
		return !(r >= '0' && r <= '9' || r == '.' || r == ',' || r == '-' || r == '+')
	}); i >= 0 {
		suffix := t[i:]
		t = t[:i]
		switch {
		case strings.ContainsAny(suffix, "0123456789"):
			if strings.ContainsAny(suffix, "eE") && !strings.ContainsFunc(suffix, func(r rune) bool {
				return !(r >= '0' && r <= '9' || r == 'e' || r == 'E' || r == '+' || r == '-')
			}) {
				return fail(ErrExponent)
			}
			return fail(ErrNotNumber)
		case suffix == unit && unit != "":
		case t != "" && isUnitWord(suffix):
			return fail(ErrWrongUnit)
		default:
			return fail(ErrNotNumber)
		}
	}
	sign := ""
	if t != "" && (t[0] == '-' || t[0] == '+') {
		if t[0] == '-' {
			sign = "-"
		}
		t = t[1:]
	}
	intPart, frac, hasDot := strings.Cut(t, ".")
	if intPart == "" || hasDot && frac == "" || strings.ContainsAny(frac, ",.+-") || strings.ContainsAny(intPart, "+-") {
		return fail(ErrNotNumber)
	}
	if strings.Contains(intPart, ",") {
		groups := strings.Split(intPart, ",")
		if len(groups[0]) == 0 || len(groups[0]) > 3 {
			return fail(ErrBadGrouping)
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return fail(ErrBadGrouping)
			}
		}
		intPart = strings.Join(groups, "")
	}
	if strings.TrimLeft(intPart, "0") != "" && len(strings.TrimLeft(intPart, "0")) > maxIntDigits {
		return fail(ErrTooLarge)
	}
	if integerUnit(unit) && strings.TrimRight(frac, "0") != "" {
		return fail(ErrNotInteger)
	}
	if len(strings.TrimRight(frac, "0")) > 2 {
		return fail(ErrTooPrecise)
	}
	text := sign + intPart
	if frac != "" {
		text += "." + frac
	}
	d, err := decimal.NewFromString(text)
	if err != nil {
		return fail(ErrNotNumber)
	}
	return d, nil
}

func isUnitWord(s string) bool {
	switch s {
	case "万元", "元", "%", "分", "人", "个", "例":
		return true
	}
	return false
}

// normalizeNumber folds full-width characters to ASCII and removes spaces.
func normalizeNumber(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '０' && r <= '９':
			b.WriteRune('0' + r - '０')
		case r == '．':
			b.WriteByte('.')
		case r == '，':
			b.WriteByte(',')
		case r == '－' || r == '−':
			b.WriteByte('-')
		case r == '＋':
			b.WriteByte('+')
		case r == '％':
			b.WriteByte('%')
		case unicode.IsSpace(r) || r == '\u3000' || r == '\u00a0':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Date is a calendar date as the form prints it (2021年6月27日). The zero Date is
// "not filled in": the form then shows a blank 年　月　日 line for the pen.
type Date struct {
	Year, Month, Day int
}

// IsZero reports whether d is not filled in.
func (d Date) IsZero() bool { return d == Date{} }

// String formats d as 2021年6月27日, or "" when not filled in.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", d.Year, d.Month, d.Day)
}

// MarshalJSON writes d as "2021-06-27".
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte(`""`), nil
	}
	return fmt.Appendf(nil, `"%04d-%02d-%02d"`, d.Year, d.Month, d.Day), nil
}

// ErrDate is wrapped by the error ParseDate returns; its text lists the
// accepted ways of writing a date.
var ErrDate = errors.New("应为日期，如 2021年6月27日、2021-06-27、2021.6.27、20210627 或 二〇二一年六月二十七日")

// ParseDate reads a date typed as 2021年6月27日, 2021 年 6 月 25 日, 2019年06月18日,
// 2021年6月27号, 2021-06-27, 2021/6/27, 2021.6.27, 20210627, 2021.0627 (a date typed
// into a spreadsheet as a number), or in Chinese numerals (二〇二一年六月二十七日,
// 二零二一年六月廿七日); full-width digits too. An empty text is the zero Date.
// The day must exist in the calendar and the year lie between 1900 and 2999.
func ParseDate(s string) (Date, error) {
	if len(s) > maxNumberText {
		return Date{}, fmt.Errorf("%w，实际为 %s", ErrDate, Quote(s))
	}
	t := normalizeNumber(s)
	if t == "" {
		return Date{}, nil
	}
	fail := func(why string) (Date, error) {
		return Date{}, fmt.Errorf("%w，实际为 %s%s", ErrDate, Quote(s), why)
	}
	if c, ok := chineseDate(t); ok {
		t = c
	}
	t = strings.Replace(t, "号", "日", 1)
	var parts []int
	switch y, md, dot := strings.Cut(t, "."); {
	case len(t) == 8 && allDigits(t): // 20210627
		parts = []int{atoi(t[:4]), atoi(t[4:6]), atoi(t[6:])}
	case dot && len(y) == 4 && len(md) == 4 && allDigits(y) && allDigits(md): // 2021.0627
		parts = []int{atoi(y), atoi(md[:2]), atoi(md[2:])}
	default:
		n, digits := 0, 0
		for i, r := range t {
			switch {
			case r >= '0' && r <= '9':
				if digits == 4 {
					return fail("")
				}
				n = n*10 + int(r-'0')
				digits++
			case digits > 0 && isDateSep(r, len(parts), i == len(t)-len(string(r))):
				parts = append(parts, n)
				n, digits = 0, 0
			default:
				return fail("")
			}
		}
		if digits > 0 {
			parts = append(parts, n)
		}
	}
	if len(parts) != 3 || parts[0] < 1900 || parts[0] > 2999 {
		return fail("")
	}
	d := Date{parts[0], parts[1], parts[2]}
	tm := time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
	if d.Month < 1 || d.Month > 12 || tm.Day() != d.Day {
		return fail("（没有这一天）")
	}
	return d, nil
}

// ParseYear reads a year as typed: 2021, ２０２１, 2021年, 2021年度 or 二〇二一(年).
// It does not check that the year is plausible.
func ParseYear(s string) (int, bool) {
	if len(s) > maxNumberText {
		return 0, false
	}
	t := normalizeNumber(s)
	t = strings.TrimSuffix(strings.TrimSuffix(t, "年度"), "年")
	if allDigits(t) && len(t) <= 9 {
		return atoi(t), true
	}
	if r := []rune(t); len(r) == 4 {
		year := 0
		for _, c := range r {
			v, ok := chineseDigits[c]
			if !ok {
				return 0, false
			}
			year = year*10 + v
		}
		return year, true
	}
	return 0, false
}

func allDigits(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

// chineseDigits are the numerals a year is written with, digit by digit.
var chineseDigits = map[rune]int{'〇': 0, '零': 0, 'О': 0, 'O': 0, 'o': 0, '一': 1, '二': 2, '三': 3, '四': 4,
	'五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

// chineseDate rewrites a date in Chinese numerals (二〇二一年六月二十七日) with
// digits (2021年6月27日); ok false when t is not one.
func chineseDate(t string) (string, bool) {
	y, rest, ok1 := strings.Cut(t, "年")
	m, rest, ok2 := strings.Cut(rest, "月")
	d := strings.TrimSuffix(strings.TrimSuffix(rest, "日"), "号")
	if !ok1 || !ok2 || !strings.ContainsAny(y+m+d, "〇零一二三四五六七八九十廿卅") {
		return "", false
	}
	year := 0
	for _, r := range y {
		v, ok := chineseDigits[r]
		if !ok {
			if r < '0' || r > '9' {
				return "", false
			}
			v = int(r - '0')
		}
		year = year*10 + v
	}
	month, ok3 := smallChinese(m)
	day, ok4 := smallChinese(d)
	if !ok3 || !ok4 || len([]rune(y)) != 4 {
		return "", false
	}
	return fmt.Sprintf("%d年%d月%d日", year, month, day), true
}

// smallChinese reads 1 to 39 in digits or Chinese numerals: 六, 十, 十五, 二十七,
// 廿七, 三十一.
func smallChinese(s string) (int, bool) {
	if allDigits(s) && len(s) <= 2 {
		return atoi(s), true
	}
	r := []rune(s)
	tens, i := 0, 0
	switch {
	case len(r) > 0 && (r[0] == '廿' || r[0] == '卅'):
		tens, i = map[rune]int{'廿': 2, '卅': 3}[r[0]], 1
	case len(r) > 1 && r[1] == '十':
		v, ok := chineseDigits[r[0]]
		if !ok || v == 0 {
			return 0, false
		}
		tens, i = v, 2
	case len(r) > 0 && r[0] == '十':
		tens, i = 1, 1
	}
	unit := 0
	switch len(r) - i {
	case 0:
		if tens == 0 {
			return 0, false
		}
	case 1:
		v, ok := chineseDigits[r[i]]
		if !ok {
			return 0, false
		}
		unit = v
	default:
		return 0, false
	}
	return tens*10 + unit, true
}

func isDateSep(r rune, index int, last bool) bool {
	switch r {
	case '-', '/', '.':
		return index < 2 && !last
	case '年':
		return index == 0
	case '月':
		return index == 1
	case '日':
		return index == 2 && last
	}
	return false
}

package jixiao

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		name, in, unit string
		want           string // decimal, when no error
		err            error
	}{
		{"plain", "307.47", "万元", "307.47", nil},
		{"integer", "12", "万元", "12", nil},
		{"negative", "-8.58", "万元", "-8.58", nil},
		{"plus sign", "+3", "分", "3", nil},
		{"spaces", "  12.5 ", "万元", "12.5", nil},
		{"inner spaces", "1 234.5", "万元", "1234.5", nil},
		{"full-width digits", "１２．５", "万元", "12.5", nil},
		{"full-width minus", "－３", "万元", "-3", nil},
		{"ideographic space", "\u300012", "万元", "12", nil},
		{"thousands", "1,234.56", "万元", "1234.56", nil},
		{"full-width comma", "1，234", "万元", "1234", nil},
		{"millions", "12,345,678.90", "万元", "12345678.9", nil},
		{"trailing unit", "12.5万元", "万元", "12.5", nil},
		{"percent", "95%", "%", "95", nil},
		{"full-width percent", "95.5％", "%", "95.5", nil},
		{"score unit", "5分", "分", "5", nil},
		{"count", "6人", "人", "6", nil},
		{"trailing zeros", "12.500", "万元", "12.5", nil},
		{"twelve digits", "999999999999.99", "万元", "999999999999.99", nil},
		{"leading zeros", "0007", "万元", "7", nil},

		{"empty", "", "万元", "", ErrNotNumber},
		{"letters", "abc", "万元", "", ErrNotNumber},
		{"NaN", "NaN", "万元", "", ErrNotNumber},
		{"Inf", "Inf", "万元", "", ErrNotNumber},
		{"exponent", "1e3", "万元", "", ErrExponent},
		{"exponent sign", "1.5E+3", "万元", "", ErrExponent},
		{"three decimals", "1.234", "万元", "", ErrTooPrecise},
		{"bad grouping", "12,3.4", "万元", "", ErrBadGrouping},
		{"bad grouping 2", "1,23", "万元", "", ErrBadGrouping},
		{"leading comma", ",123", "万元", "", ErrBadGrouping},
		{"thirteen digits", "1000000000000", "万元", "", ErrTooLarge},
		{"1e15 written out", "1000000000000000", "万元", "", ErrTooLarge},
		{"wrong unit", "12元", "万元", "", ErrWrongUnit},
		{"percent for money", "12%", "万元", "", ErrWrongUnit},
		{"unit without field unit", "12万元", "", "", ErrWrongUnit},
		{"decimal count", "6.5", "人", "", ErrNotInteger},
		{"two dots", "1.2.3", "万元", "", ErrNotNumber},
		{"lone dot", ".", "万元", "", ErrNotNumber},
		{"dot first", ".5", "万元", "", ErrNotNumber},
		{"dot last", "5.", "万元", "", ErrNotNumber},
		{"lone minus", "-", "万元", "", ErrNotNumber},
		{"double sign", "--5", "万元", "", ErrNotNumber},
		{"sign inside", "5-3", "万元", "", ErrNotNumber},
		{"digits after unit", "12万元3", "万元", "", ErrNotNumber},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseNumber(tt.in, tt.unit)
			if tt.err != nil {
				var ne *NumberError
				if !errors.As(err, &ne) || !errors.Is(err, tt.err) {
					t.Fatalf("ParseNumber(%q, %q) = %v, %v; want error %v", tt.in, tt.unit, got, err, tt.err)
				}
				if ne.Text != tt.in {
					t.Errorf("error text %q, want %q", ne.Text, tt.in)
				}
				return
			}
			if err != nil || got.String() != tt.want {
				t.Fatalf("ParseNumber(%q, %q) = %v, %v; want %s", tt.in, tt.unit, got, err, tt.want)
			}
		})
	}
}

func TestNumberErrorMessage(t *testing.T) {
	_, err := ParseNumber("12,3.4", "万元")
	if got, want := err.Error(), `应为最多两位小数的数字（千位分隔符位置不对），实际为 "12,3.4"`; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	_, err = ParseNumber("6.5", "人")
	if got, want := err.Error(), `应为整数，实际为 "6.5"`; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

// Rounding is half away from zero (四舍五入) at the place shown.
func TestRoundHalfUp(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"4.995", "5.00"}, {"4.994", "4.99"}, {"0.005", "0.01"}, {"-8.585", "-8.59"},
		{"2.675", "2.68"}, {"1.0049999", "1.00"}, {"166.666666", "166.67"},
	} {
		if got := Money(decimal.RequireFromString(tt.in)); got != tt.want {
			t.Errorf("Money(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want Date
		ok   bool
	}{
		{"2021年6月27日", Date{2021, 6, 27}, true},
		{"2019年06月18日", Date{2019, 6, 18}, true},
		{"2021 年 6 月 25 日", Date{2021, 6, 25}, true},
		{"2021-06-27", Date{2021, 6, 27}, true},
		{"2021/6/27", Date{2021, 6, 27}, true},
		{"2021.6.27", Date{2021, 6, 27}, true},
		{"２０２１年６月２７日", Date{2021, 6, 27}, true},
		{"", Date{}, true},
		{"2021年2月29日", Date{}, false},
		{"2020年2月29日", Date{2020, 2, 29}, true},
		{"2021-13-01", Date{}, false},
		{"2021-06", Date{}, false},
		{"27/06/2021", Date{}, false},
		{"2021年6月27日上午", Date{}, false},
		{"20210627", Date{2021, 6, 27}, true},
		{"2022.0315", Date{2022, 3, 15}, true},
		{"2022.315", Date{}, false},
		{"202203150", Date{}, false},
		{"2021年6月27号", Date{2021, 6, 27}, true},
		{"二〇二二年三月十五日", Date{2022, 3, 15}, true},
		{"二零二一年六月二十七日", Date{2021, 6, 27}, true},
		{"二〇二一年十二月三十一日", Date{2021, 12, 31}, true},
		{"二〇二一年六月廿七日", Date{2021, 6, 27}, true},
		{"二〇二一年十月十日", Date{2021, 10, 10}, true},
		{"二〇二一年二月三十日", Date{}, false},
		{"二〇二一年六月", Date{}, false},
		{"二〇二年六月一日", Date{}, false},
		{"二〇二一年六月二十十日", Date{}, false},
		{"2021年六月27日", Date{2021, 6, 27}, true},
		{"2021-06-27-", Date{}, false},
		{"明天", Date{}, false},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrDate) {
			t.Errorf("ParseDate(%q) error %v does not wrap ErrDate", tt.in, err)
		}
	}
	if got := (Date{2021, 6, 27}).String(); got != "2021年6月27日" {
		t.Errorf("String = %q", got)
	}
}

// FuzzParseNumber: never panics; every error is a *NumberError with a known
// cause; a result has at most two decimals and at most 12 integer digits, and
// parsing its own text gives it back.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"307.47", "1,234.56", "１２．５", "12.5万元", "95%", "1e3", "NaN", "-0", "12,3.4", "", "6人"} {
		f.Add(s, "万元")
		f.Add(s, "人")
	}
	f.Fuzz(func(t *testing.T, s, unit string) {
		d, err := ParseNumber(s, unit)
		if err != nil {
			var ne *NumberError
			if !errors.As(err, &ne) {
				t.Fatalf("error %v is not a *NumberError", err)
			}
			switch ne.Err {
			case ErrNotNumber, ErrTooPrecise, ErrNotInteger, ErrTooLarge, ErrWrongUnit, ErrExponent, ErrBadGrouping:
			default:
				t.Fatalf("unknown cause %v", ne.Err)
			}
			return
		}
		if d.Exponent() < -2 && !d.Equal(d.Round(2)) {
			t.Fatalf("%q gave %s with more than two decimals", s, d)
		}
		back, err := ParseNumber(d.String(), "")
		if err != nil || !back.Equal(d) {
			t.Fatalf("%q gave %s, which parses back as %v, %v", s, d, back, err)
		}
	})
}

// FuzzParseDate: never panics; an error wraps ErrDate; a date is a real day
// whose String parses back to it.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2021年6月27日", "2021-06-27", "2021/2/29", "２０２１年６月２７日", "", "2021年13月1日", "9999-99-99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !errors.Is(err, ErrDate) {
				t.Fatalf("error %v does not wrap ErrDate", err)
			}
			return
		}
		if d.IsZero() {
			return
		}
		back, err := ParseDate(d.String())
		if err != nil || back != d {
			t.Fatalf("%q gave %v, whose text %q parses as %v, %v", s, d, d.String(), back, err)
		}
	})
}

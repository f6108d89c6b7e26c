// Package sizes words file sizes for people: 300 MB, not 314572800 字节.
package sizes

import (
	"strconv"
	"strings"
)

// Text is a size in bytes as a person reads it: 512 字节, 1.5 KB, 300 MB
// (1 KB = 1,024 字节, at most one decimal, a whole number without one).
func Text(n int64) string {
	switch {
	case n < 1<<10:
		return strconv.FormatInt(n, 10) + " 字节"
	case n < 1<<20:
		return decimal1(float64(n)/(1<<10)) + " KB"
	case n < 1<<30:
		return decimal1(float64(n)/(1<<20)) + " MB"
	}
	return decimal1(float64(n)/(1<<30)) + " GB"
}

// Limit is a size against its limit, for a refusal: 300 MB，最多 16 MB; with
// the bytes of both when the words would make them look the same (4194305
// 字节，最多 4194304 字节，即 4 MB).
func Limit(size, limit int64) string {
	if Text(size) == Text(limit) {
		return strconv.FormatInt(size, 10) + " 字节，最多 " + strconv.FormatInt(limit, 10) + " 字节，即 " + Text(limit)
	}
	return Text(size) + "，最多 " + Text(limit)
}

func decimal1(f float64) string {
	s := strconv.FormatFloat(f, 'f', 1, 64)
	return strings.TrimSuffix(s, ".0")
}

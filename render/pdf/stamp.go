package pdf

import (
	"crypto/md5"
	"encoding/hex"
	"errors"
	"os"
	"regexp"
	"strings"
	"time"
)

var (
	stampDate = regexp.MustCompile(`/CreationDate\(D:\d{14}(Z'|[+-]\d\d'\d\d')\)`)
	stampID   = regexp.MustCompile(`/ID \[ <([0-9A-F]{32})>\s*<([0-9A-F]{32})> \]`)
	stampSum  = regexp.MustCompile(`/DocChecksum /([0-9A-F]{32})`)
)

// unstamp replaces, in place, what LibreOffice 7.4 stamps into a PDF from the
// clock: the creation date (by date, or 2000-01-01 UTC), the file identifier
// and its private DocChecksum (by a hash of the input file and the date).
// Each replacement has the length of what it replaces, so no offset moves. A
// PDF without these stamps (another LibreOffice) is left as it is.
func unstamp(pdf, in string, date time.Time) error {
	if date.IsZero() {
		date = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	data, err := os.ReadFile(pdf)
	if err != nil {
		return err
	}
	src, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	h := md5.New()
	h.Write(src)
	h.Write([]byte(date.UTC().Format(time.RFC3339)))
	id := []byte(strings.ToUpper(hex.EncodeToString(h.Sum(nil))))
	changed := false
	for _, m := range stampDate.FindAllSubmatchIndex(data, -1) {
		zone := "Z'"
		if m[3]-m[2] != len(zone) {
			zone = "+00'00'"
		}
		copy(data[m[0]:m[1]], "/CreationDate(D:"+date.UTC().Format("20060102150405")+zone+")")
		changed = true
	}
	for _, re := range []*regexp.Regexp{stampID, stampSum} {
		for _, m := range re.FindAllSubmatchIndex(data, -1) {
			for g := 2; g+1 < len(m); g += 2 {
				copy(data[m[g]:m[g+1]], id)
				changed = true
			}
		}
	}
	if !changed {
		return nil
	}
	f, err := os.OpenFile(pdf, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	_, err = f.WriteAt(data, 0)
	return errors.Join(err, f.Close())
}

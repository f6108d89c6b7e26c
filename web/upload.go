package web

import (
	"archive/zip"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// statusError is an error with the HTTP status and the Chinese message to
// answer it with.
type statusError struct {
	status int
	msg    string
}

func (e *statusError) Error() string { return e.msg }

func tooLarge(format string, args ...any) error {
	return &statusError{http.StatusRequestEntityTooLarge, fmt.Sprintf(format, args...)}
}

func badRequest(format string, args ...any) error {
	return &statusError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

// megabytes formats a size for people: 32 MB, 1.5 MB, 200 KB.
func megabytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MB"
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.FormatInt(n>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " 字节"
}

// received is what a form upload left: its plain fields and its files, saved
// under a private temporary folder that the caller removes.
type received struct {
	fields map[string]string
	files  []savedFile
	// skipped are the entries of uploaded .zip files that were not unpacked.
	skipped []skipped
	// apart are the files of the fields limits.apart names, by field.
	apart map[string]savedFile
}

// savedFile is an uploaded file (or a file unpacked from an uploaded .zip).
type savedFile struct {
	name string // as uploaded, made safe (safePath): 教育局/填报表.xlsx
	path string // on the disk
	// sent is the name as uploaded (sentPath), to show: it differs from
	// name where name had to change for the disk (a reserved character, a
	// name too long, a name taken).
	sent string
}

// skipped is a zip entry that was not unpacked, and why.
type skipped struct {
	Name   string // as sent (sentPath), under the zip's folder
	Reason string
	// unreadable marks an entry that may be a report but could not be
	// unpacked (encrypted, too large, broken), as against a link or a
	// special file, which is not a file at all.
	unreadable bool
}

// limits bound one upload.
type limits struct {
	body     int64 // the whole request body
	files    int   // files, counting those inside .zip files
	unzipped int64 // all .zip entries together, as unpacked
	// many marks a bundle's upload: .zip files are unpacked, and what a
	// folder's walk leaves out (litter: hidden files, ~$ lock files,
	// Thumbs.db …) is left out.
	many  bool
	field int64 // one plain field; the field "report" may be a whole report
	// apart are file fields whose file is kept apart from the others (in
	// received.apart, saved outside in/, never unpacked): the roster of a
	// bundle. One file each.
	apart []string
}

const (
	maxFields   = 20
	maxFieldLen = 1 << 10
)

// receive reads a multipart form from r, writing each file part into dir (the
// request's private temporary folder), and unpacking .zip files when
// lim.many is set. Nothing is held in memory but the plain fields.
func receive(w http.ResponseWriter, r *http.Request, dir string, lim limits) (*received, error) {
	if r.ContentLength > lim.body {
		return nil, tooLarge("上传的内容过大（%s，最多 %s）", megabytes(r.ContentLength), megabytes(lim.body))
	}
	r.Body = http.MaxBytesReader(w, r.Body, lim.body)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, badRequest("请用页面上的表单上传文件（%v）", err)
	}
	rc := &received{fields: map[string]string{}, apart: map[string]savedFile{}}
	taken := map[string]bool{}
	var unzipped int64
	zips := 0
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, uploadError(err, lim)
		}
		field := part.FormName()
		raw, isFile := rawFileName(part)
		if !isFile {
			if len(rc.fields) >= maxFields {
				return nil, badRequest("表单字段过多")
			}
			limit := int64(maxFieldLen)
			if field == "report" {
				limit = lim.field
			}
			b, err := io.ReadAll(io.LimitReader(part, limit+1))
			if err != nil {
				return nil, uploadError(err, lim)
			}
			if int64(len(b)) > limit {
				return nil, tooLarge("表单字段 %s 过长（最多 %s）", field, megabytes(limit))
			}
			rc.fields[field] = string(b)
			continue
		}
		if raw == "" { // a file input left empty
			continue
		}
		if slices.Contains(lim.apart, field) {
			if _, ok := rc.apart[field]; ok {
				return nil, badRequest("表单字段 %s 只能有一个文件", field)
			}
			sent := sentPath(path.Base(strings.ReplaceAll(raw, `\`, "/"))) // the file, without its folders
			f, err := savePart(part, filepath.Join(dir, field), safeName(sent), map[string]bool{}, lim)
			if err != nil {
				return nil, err
			}
			rc.apart[field] = savedFile{name: f.name, path: f.Name(), sent: sent}
			continue
		}
		if lim.many && litter(raw) { // before safePath, which drops a leading dot
			continue
		}
		name, sent := safePath(raw), sentPath(raw)
		if lim.many && strings.EqualFold(path.Ext(name), ".zip") {
			zips++
			zipPath := filepath.Join(dir, "upload-"+strconv.Itoa(zips)+".zip")
			if err := copyTo(zipPath, part); err != nil {
				return nil, uploadError(err, lim)
			}
			folder := folder{strings.TrimSuffix(name, path.Ext(name)), strings.TrimSuffix(sent, path.Ext(sent))}
			err := unzip(zipPath, dir, folder, lim, &unzipped, rc, taken)
			os.Remove(zipPath)
			if err != nil {
				return nil, err
			}
			continue
		}
		if len(rc.files) >= lim.files {
			return nil, tooLarge("文件过多（最多 %d 个）", lim.files)
		}
		f, err := savePart(part, dir, name, taken, lim)
		if err != nil {
			return nil, err
		}
		rc.files = append(rc.files, savedFile{name: f.name, path: f.Name(), sent: counted(sent, f.n)})
	}
	return rc, nil
}

// savePart writes an uploaded file into dir/in under name (create), closed;
// an error met reading the body is the answer to give (uploadError).
func savePart(part io.Reader, dir, name string, taken map[string]bool, lim limits) (*namedFile, error) {
	f, err := create(dir, name, taken)
	if err != nil {
		return nil, err
	}
	_, err = io.Copy(f, part)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, uploadError(err, lim)
	}
	return f, nil
}

// uploadError turns an error met while reading the body into the answer.
func uploadError(err error, lim limits) error {
	var mbe *http.MaxBytesError
	var se *statusError
	switch {
	case errors.As(err, &mbe):
		return tooLarge("上传的内容过大（最多 %s）", megabytes(lim.body))
	case errors.As(err, &se):
		return err
	}
	return badRequest("上传没有完成：%v", err)
}

// rawFileName returns a part's file name as the browser sent it, with its
// folders (a folder upload sends 收到的报告/教育局/填报表.xlsx; Part.FileName
// keeps only the last element), and whether the part is a file at all.
func rawFileName(p *multipart.Part) (string, bool) {
	_, params, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
	if err != nil {
		return "", false
	}
	name, ok := params["filename"]
	return name, ok
}

// copyTo writes r to a new file.
func copyTo(name string, r io.Reader) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// namedFile is a file created for an upload under its safe name.
type namedFile struct {
	*os.File
	name string
	n    int // the counter added to the name; 1: none
}

// create creates dir/in/name, adding （2）, （3）… before the extension when
// the name is taken (two uploads called 填报表.xlsx, or two names that became
// one when made safe), the name still at most maxNameBytes.
func create(dir, name string, taken map[string]bool) (*namedFile, error) {
	for n := 1; ; n++ {
		try := counted(name, n)
		key := strings.ToLower(try)
		if taken[key] {
			continue
		}
		full := filepath.Join(dir, "in", filepath.FromSlash(try))
		if err := os.MkdirAll(filepath.Dir(full), 0o700); err != nil {
			return nil, err
		}
		f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, os.ErrExist) {
			taken[key] = true
			continue
		}
		if err != nil {
			return nil, err
		}
		taken[key] = true
		return &namedFile{f, try, n}, nil
	}
}

// counted adds the counter n before the extension of a slash path's last
// element when n > 1 (填报表（2）.xlsx), cutting that element's stem so that
// it stays at most maxNameBytes.
func counted(name string, n int) string {
	if n <= 1 {
		return name
	}
	dir, base := path.Split(name)
	ext := path.Ext(base)
	if len(ext) > maxExt {
		ext = ""
	}
	suffix := "（" + strconv.Itoa(n) + "）" + ext
	return dir + cutBytes(strings.TrimSuffix(base, ext), maxNameBytes-len(suffix)) + suffix
}

// maxExt is the longest extension, in bytes, that a name cut to fit keeps.
const maxExt = 16

// elements are the folders and the file name of an uploaded name (a file
// name, a folder upload's relative path, or a zip entry): \ counts as a
// separator; empty, . and .. elements, a drive letter and a leading / are
// dropped.
func elements(name string) []string {
	var elems []string
	for _, e := range strings.Split(strings.ReplaceAll(name, `\`, "/"), "/") {
		if e == "" || e == "." || e == ".." || len(elems) == 0 && len(e) == 2 && e[1] == ':' {
			continue
		}
		elems = append(elems, e)
	}
	return elems
}

// safePath makes an uploaded name into a relative slash path that is safe
// on every system: its elements, the last eight of them, each made a safe
// file name.
func safePath(name string) string {
	elems := elements(name)
	if len(elems) > 8 {
		elems = elems[len(elems)-8:]
	}
	if len(elems) == 0 {
		return "未命名"
	}
	for i, e := range elems {
		elems[i] = safeName(e)
	}
	return strings.Join(elems, "/")
}

// sentPath is an uploaded name as it was sent, to show in a bundle: its
// elements (all of them, as they were) with only what cannot be shown
// replaced by _ (control and format characters, bytes that are not UTF-8).
func sentPath(name string) string {
	elems := elements(name)
	if len(elems) == 0 {
		return "未命名"
	}
	for i, e := range elems {
		elems[i] = strings.Map(func(r rune) rune {
			if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
				return '_'
			}
			return r
		}, e)
	}
	return strings.Join(elems, "/")
}

// safeName makes one path element a file name that Windows, macOS and Linux
// all accept: no separators, reserved or control characters, no leading or
// trailing dots or spaces, no device name, at most maxNameBytes (cut
// at a character, the extension kept).
func safeName(e string) string {
	e = strings.Map(func(r rune) rune {
		switch {
		case r == utf8.RuneError:
			return '_'
		case unicode.IsControl(r) || strings.ContainsRune(`/\:*?"<>|`, r) || unicode.Is(unicode.Cf, r):
			return '_'
		}
		return r
	}, e)
	e = strings.Trim(e, " .")
	if len(e) > maxNameBytes {
		ext := path.Ext(e)
		if len(ext) > maxExt {
			ext = ""
		}
		e = cutBytes(strings.TrimSuffix(e, ext), maxNameBytes-len(ext)) + ext
	}
	if strings.Trim(e, "_") == "" {
		return "未命名"
	}
	stem, _, _ := strings.Cut(strings.ToUpper(e), ".")
	switch stem {
	case "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
		"LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9":
		e = "_" + e
	}
	return e
}

// folder is the folder a zip's entries go into: the zip's name without .zip,
// made safe (safePath) and as sent (sentPath).
type folder struct{ safe, sent string }

// unzip unpacks the regular files of the zip file at zipPath into dir/in/prefix/,
// checking the whole central directory against the limits before inflating
// anything: the number of files, the declared size of each (at most a report's
// limit) and of all together. Entries are inflated no further than they
// declare. Folders, symbolic links and other special entries, and the litter
// of other systems (__MACOSX, .DS_Store, Thumbs.db, ~$ lock files) are not
// unpacked (those that are not litter are listed in rc.skipped); names in
// GBK (the Windows zip of a Chinese system) are decoded.
func unzip(zipPath, dir string, prefix folder, lim limits, unzipped *int64, rc *received, taken map[string]bool) error {
	zr, err := zip.OpenReader(zipPath)
	if errors.Is(err, zip.ErrInsecurePath) { // names are made safe below
		err = nil
	}
	if err != nil {
		return badRequest("%s.zip 不是完整的 zip 压缩包，无法打开（%v）：请重新压缩后上传", prefix.sent, err)
	}
	defer zr.Close()
	type entry struct {
		f    *zip.File
		name string
	}
	var entries []entry
	var left []skipped // Name: the entry's name
	var total int64
	for _, f := range zr.File {
		name := entryName(f)
		switch mode := f.Mode(); {
		case mode.IsDir() || strings.HasSuffix(name, "/"):
			continue
		case litter(name):
			continue
		case mode&os.ModeSymlink != 0:
			left = append(left, skipped{name, "压缩包中的符号链接，未解压：请把它指向的文件本身放进压缩包", false})
			continue
		case !mode.IsRegular():
			left = append(left, skipped{name, "压缩包中的特殊条目（不是普通文件），未解压", false})
			continue
		case f.Flags&0x1 != 0:
			left = append(left, skipped{name, "设置了密码（已加密），无法解压：请不加密重新压缩", true})
			continue
		case f.UncompressedSize64 > uint64(maxReport):
			left = append(left, skipped{name, fmt.Sprintf("文件过大（%s，最多 %s），未解压", megabytes(int64(min(f.UncompressedSize64, 1<<62))), megabytes(maxReport)), true})
			continue
		}
		if len(rc.files)+len(entries) >= lim.files {
			return tooLarge("%s.zip 中的文件过多（最多 %d 个）", prefix.sent, lim.files)
		}
		total += int64(f.UncompressedSize64)
		if *unzipped+total > lim.unzipped {
			return tooLarge("%s.zip 解压后过大（最多 %s）", prefix.sent, megabytes(lim.unzipped))
		}
		entries = append(entries, entry{f, name})
	}
	*unzipped += total
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.name, b.name) })
	// A zip of the folder 收到的报告 usually holds 收到的报告/…: do not repeat it.
	if !slices.ContainsFunc(entries, func(e entry) bool { return !strings.HasPrefix(safePath(e.name), prefix.safe+"/") }) {
		prefix = folder{}
	}
	under := func(p, name string) string {
		if p != "" {
			return p + "/" + name
		}
		return name
	}
	for _, e := range entries {
		sent := under(prefix.sent, sentPath(e.name))
		if err := unpack(e.f, dir, under(prefix.safe, safePath(e.name)), sent, taken, rc); err != nil {
			left = append(left, skipped{e.name, "无法解压：" + err.Error(), true})
		}
	}
	for _, sk := range left {
		sk.Name = under(prefix.sent, sentPath(sk.Name))
		rc.skipped = append(rc.skipped, sk)
	}
	return nil
}

// unpack writes one zip entry, inflating no more than it declares.
func unpack(f *zip.File, dir, name, sent string, taken map[string]bool, rc *received) error {
	r, err := f.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	out, err := create(dir, name, taken)
	if err != nil {
		return err
	}
	n, err := io.Copy(out, io.LimitReader(r, int64(f.UncompressedSize64)+1))
	if err == nil && n > int64(f.UncompressedSize64) {
		err = errors.New("内容比声明的大")
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(out.Name())
		return err
	}
	rc.files = append(rc.files, savedFile{name: out.name, path: out.Name(), sent: counted(sent, out.n)})
	return nil
}

// entryName decodes a zip entry's name: UTF-8 when flagged so or valid, else
// the Info-ZIP Unicode path field when there is one for this name, else GBK
// (GB18030), which Windows writes on a Chinese system.
func entryName(f *zip.File) string {
	if !f.NonUTF8 || utf8.ValidString(f.Name) {
		return f.Name
	}
	if u, ok := unicodePath(f.Extra, f.Name); ok {
		return u
	}
	s, err := simplifiedchinese.GB18030.NewDecoder().String(f.Name)
	if err != nil {
		return strings.ToValidUTF8(f.Name, "_")
	}
	return s
}

// unicodePath finds the Info-ZIP Unicode Path extra field (0x7075) that
// belongs to name (its CRC-32 matches) and returns the UTF-8 name it holds.
func unicodePath(extra []byte, name string) (string, bool) {
	for len(extra) >= 4 {
		id, size := binary.LittleEndian.Uint16(extra), int(binary.LittleEndian.Uint16(extra[2:]))
		extra = extra[4:]
		if size > len(extra) {
			return "", false
		}
		field := extra[:size]
		extra = extra[size:]
		if id == 0x7075 && size > 5 && field[0] == 1 &&
			binary.LittleEndian.Uint32(field[1:]) == crc32.ChecksumIEEE([]byte(name)) && utf8.Valid(field[5:]) {
			return string(field[5:]), true
		}
	}
	return "", false
}

// litter reports whether an uploaded name (a file, a folder upload's path, a
// zip entry, as sent) is one that a folder's walk on the command line leaves
// out without a word (ignored: a hidden file or folder, a ~$ lock
// file, Thumbs.db …), or is in the __MACOSX folder of a Mac's zip.
func litter(name string) bool {
	for _, e := range elements(name) {
		if e == "__MACOSX" || ignored(e) {
			return true
		}
	}
	return false
}

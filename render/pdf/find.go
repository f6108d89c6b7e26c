package pdf

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
)

// ErrNoLibreOffice says that PDF output needs LibreOffice. Find wraps it in a
// *NotFoundError that says where it looked.
var ErrNoLibreOffice = errors.New("生成 PDF 需要 LibreOffice，但没有找到")

// NotFoundError is returned by Find when LibreOffice is not installed in any
// place it looked. It matches ErrNoLibreOffice with errors.Is.
type NotFoundError struct {
	GOOS   string   // the system the search was for
	Looked []string // the commands and paths tried, in order
}

func (e *NotFoundError) Error() string {
	var b strings.Builder
	b.WriteString("生成 PDF 需要 LibreOffice，但没有找到。找过：")
	b.WriteString(strings.Join(e.Looked, "、"))
	b.WriteString("。")
	switch e.GOOS {
	case "windows":
		b.WriteString("请从 https://zh-cn.libreoffice.org/ 下载安装 LibreOffice（安装到默认位置即可），")
	case "darwin":
		b.WriteString("请从 https://zh-cn.libreoffice.org/ 下载 LibreOffice 并拖入“应用程序”文件夹，")
	default:
		b.WriteString("请安装 LibreOffice：Debian、Ubuntu、麒麟、统信：sudo apt-get install libreoffice-writer；" +
			"Fedora、openEuler、龙蜥：sudo dnf install libreoffice-writer；或在软件商店中安装，")
	}
	b.WriteString("或把 soffice 程序的完整路径写入环境变量 JIXIAO_SOFFICE。")
	return b.String()
}

func (e *NotFoundError) Unwrap() error { return ErrNoLibreOffice }

// EnvProgram is the environment variable that, when set, names the LibreOffice
// program to use (the full path of soffice, soffice.exe or soffice.bin).
const EnvProgram = "JIXIAO_SOFFICE"

// Find returns the LibreOffice program: $JIXIAO_SOFFICE when set, then soffice
// or libreoffice on the PATH, then the places LibreOffice's installers and the
// usual packages put it (see the package documentation). It returns a
// *NotFoundError when there is none.
func Find() (string, error) {
	return finder{
		goos:     runtime.GOOS,
		getenv:   os.Getenv,
		lookPath: exec.LookPath,
		isFile:   isFile,
		glob:     filepath.Glob,
	}.find()
}

func isFile(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}

// finder is Find with its environment injected, so that the search for every
// system can be tested anywhere.
type finder struct {
	goos     string
	getenv   func(string) string
	lookPath func(string) (string, error)
	isFile   func(string) bool
	glob     func(pattern string) ([]string, error)
}

func (f finder) find() (string, error) {
	var looked []string
	if p := f.getenv(EnvProgram); p != "" {
		if f.isFile(p) {
			return p, nil
		}
		looked = append(looked, EnvProgram+"="+p)
	}
	names := []string{"soffice", "libreoffice"}
	if f.goos == "windows" {
		names = []string{"soffice.exe"}
	}
	for _, name := range names {
		if p, err := f.lookPath(name); err == nil {
			return p, nil
		}
	}
	looked = append(looked, "PATH 中的 "+strings.Join(names, "、"))
	for _, c := range f.candidates() {
		paths := []string{c}
		if strings.ContainsAny(c, "*?[") {
			m, err := f.glob(c)
			if err != nil {
				continue
			}
			// The newest version first: /opt/libreoffice7.6 before /opt/libreoffice7.4.
			slices.Sort(m)
			slices.Reverse(m)
			paths = m
		}
		for _, p := range paths {
			if f.isFile(p) {
				return p, nil
			}
		}
		looked = append(looked, c)
	}
	return "", &NotFoundError{GOOS: f.goos, Looked: looked}
}

// candidates returns the install locations to try on f.goos, in order; a
// candidate may be a glob pattern.
func (f finder) candidates() []string {
	switch f.goos {
	case "windows":
		var c []string
		const tail = `\LibreOffice\program\soffice.exe`
		seen := map[string]bool{}
		for _, v := range []string{"ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"} {
			if dir := f.getenv(v); dir != "" && !seen[strings.ToLower(dir)] {
				seen[strings.ToLower(dir)] = true
				c = append(c, strings.TrimRight(dir, `\`)+tail)
			}
		}
		if len(c) == 0 {
			c = append(c, `C:\Program Files`+tail, `C:\Program Files (x86)`+tail)
		}
		if dir := f.getenv("LOCALAPPDATA"); dir != "" {
			c = append(c, strings.TrimRight(dir, `\`)+`\Programs`+tail)
		}
		return c
	case "darwin":
		c := []string{"/Applications/LibreOffice.app/Contents/MacOS/soffice"}
		if home := f.getenv("HOME"); home != "" {
			c = append(c, filepath.Join(home, "Applications/LibreOffice.app/Contents/MacOS/soffice"))
		}
		return c
	default:
		return []string{
			"/usr/lib/libreoffice/program/soffice",              // Debian, Ubuntu, 麒麟 (Kylin), 统信 (UOS), deepin
			"/usr/lib64/libreoffice/program/soffice",            // Fedora, RHEL, openEuler, 龙蜥 (Anolis), openSUSE
			"/usr/local/lib/libreoffice/program/soffice",        // FreeBSD, builds from source
			"/opt/libreoffice*/program/soffice",                 // The Document Foundation's own .deb and .rpm
			"/opt/apps/*/files/lib/libreoffice/program/soffice", // 统信/deepin app store packages
			"/opt/apps/*/files/libreoffice*/program/soffice",
			"/opt/apps/*/files/opt/libreoffice*/program/soffice",
			"/snap/bin/libreoffice",                                    // Snap
			"/var/lib/flatpak/exports/bin/org.libreoffice.LibreOffice", // Flatpak
		}
	}
}

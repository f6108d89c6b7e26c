package pdf_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"jixiao/form"
	"jixiao/input"
	"jixiao/internal/realclient"
	"jixiao/internal/synth"
	"jixiao/render/docx"
	"jixiao/render/pdf"
	"jixiao/templates"
)

const example = "../../testdata/reports/yueyanglou-2020-hrss.json"

// writeExample writes the example report's Word file into dir.
func writeExample(t *testing.T, dir, name string) string {
	t.Helper()
	c := input.Read(example, "")
	if c.Report == nil {
		t.Fatalf("cannot read %s: %v", example, c.Problems)
	}
	var buf bytes.Buffer
	if err := docx.Write(&buf, c.Printed()); err != nil {
		t.Fatal(err)
	}
	return writeFile(t, filepath.Join(dir, name), buf.Bytes())
}

// writeSynth writes n synthetic units' Word files into dir.
func writeSynth(t testing.TB, dir string, n int) []string {
	t.Helper()
	p, err := templates.Profile("")
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for i := range n {
		r := synth.Report(uint64(i+1), 1+i%4)
		var buf bytes.Buffer
		if err := docx.Write(&buf, form.Print(p, r, nil, 0)); err != nil {
			t.Fatal(err)
		}
		files = append(files, writeFile(t, filepath.Join(dir, fmt.Sprintf("unit%03d.docx", i)), buf.Bytes()))
	}
	return files
}

func writeFile(t testing.TB, name string, data []byte) string {
	t.Helper()
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// privateTemp points the temporary folder (and so every LibreOffice profile)
// at a folder of the test's own and returns it.
func privateTemp(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	if runtime.GOOS == "windows" {
		t.Setenv("TMP", dir)
		t.Setenv("TEMP", dir)
	}
	return dir
}

// leftovers lists what conversions left in the temporary folder.
func leftovers(t *testing.T, tmp string) []string {
	t.Helper()
	entries, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, e := range entries {
		left = append(left, e.Name())
	}
	return left
}

// users returns the processes whose command line mentions s (Linux).
func users(s string) []int {
	procs, err := filepath.Glob("/proc/[0-9]*/cmdline")
	if err != nil {
		return nil
	}
	var pids []int
	for _, p := range procs {
		b, err := os.ReadFile(p)
		if err != nil || !bytes.Contains(b, []byte(s)) {
			continue
		}
		if pid, err := strconv.Atoi(filepath.Base(filepath.Dir(p))); err == nil && pid != os.Getpid() {
			pids = append(pids, pid)
		}
	}
	return pids
}

// waitGone waits up to d for no process to mention s and returns those left.
func waitGone(s string, d time.Duration) []int {
	deadline := time.Now().Add(d)
	for {
		pids := users(s)
		if len(pids) == 0 || time.Now().After(deadline) {
			return pids
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestConvertAll(t *testing.T) {
	realclient.Soffice(t)
	tmp := privateTemp(t)
	in, out := t.TempDir(), t.TempDir()
	ex := writeExample(t, in, "示例 报告（2020）.docx")
	units := writeSynth(t, in, 3)
	broken := writeFile(t, filepath.Join(in, "broken.docx"), []byte("PK\x03\x04 this is not a zip file"))
	var files []pdf.File
	for _, f := range append([]string{ex, broken}, units...) {
		files = append(files, pdf.File{In: f, Out: filepath.Join(out, strings.TrimSuffix(filepath.Base(f), ".docx")+".pdf")})
	}

	var mu sync.Mutex
	var events []pdf.Progress
	err := pdf.ConvertAll(context.Background(), files, pdf.Options{Jobs: 2, Progress: func(p pdf.Progress) {
		mu.Lock()
		defer mu.Unlock()
		events = append(events, p)
	}})

	if fes := fileErrors(err); len(fes) != 1 || fes[0].File != broken {
		t.Fatalf("ConvertAll error = %v, want one *FileError, for %s", err, broken)
	}
	if len(events) != len(files) {
		t.Fatalf("%d progress reports, want %d", len(events), len(files))
	}
	seen := map[string]bool{}
	for i, p := range events {
		if p.Done != i+1 || p.Total != len(files) {
			t.Errorf("report %d: Done %d Total %d", i, p.Done, p.Total)
		}
		if i > 0 && p.Elapsed < events[i-1].Elapsed {
			t.Errorf("report %d: elapsed went back", i)
		}
		if (p.Err != nil) != (p.File.In == broken) {
			t.Errorf("report for %s: Err = %v", p.File.In, p.Err)
		}
		seen[p.File.In] = true
	}
	if len(seen) != len(files) {
		t.Errorf("reports name %d files, want %d", len(seen), len(files))
	}
	for _, f := range files {
		_, err := os.Stat(f.Out)
		if f.In == broken {
			if err == nil {
				t.Errorf("%s written for the broken file", f.Out)
			}
			continue
		}
		if err != nil {
			t.Errorf("no PDF for %s: %v", f.In, err)
		} else if len(realclient.PDFPages(t, f.Out)) == 0 {
			t.Errorf("%s has no page", f.Out)
		}
	}
	if left := leftovers(t, tmp); len(left) != 0 {
		t.Errorf("left in the temporary folder: %v", left)
	}

	// The layout is LibreOffice's usual one: same pages and text as a plain
	// soffice --convert-to pdf with the font aliases.
	plain := realclient.ToPDF(t, t.TempDir(), ex)[0]
	if got, want := realclient.PDFPages(t, files[0].Out), realclient.PDFPages(t, plain); !slices.Equal(got, want) {
		t.Errorf("example: %d pages %v, plain soffice %d pages %v", len(got), got, len(want), want)
	}
	if got, want := realclient.PDFText(t, files[0].Out), realclient.PDFText(t, plain); got != want {
		t.Errorf("example: text differs from plain soffice's")
	}
	// LibreOffice stamps the time; ConvertAll replaces it: the same input
	// gives the same bytes.
	again := filepath.Join(t.TempDir(), "again.pdf")
	if err := pdf.ConvertAll(context.Background(), []pdf.File{{In: ex, Out: again}}, pdf.Options{}); err != nil {
		t.Fatal(err)
	}
	a, errA := os.ReadFile(files[0].Out)
	b, errB := os.ReadFile(again)
	if errA != nil || errB != nil || !bytes.Equal(a, b) {
		t.Errorf("converting the example twice gave different bytes (%v, %v)", errA, errB)
	}
	info, err := exec.Command(realclient.Poppler(t, "pdfinfo"), again).CombinedOutput()
	if err != nil || !strings.Contains(string(info), "CreationDate:    Sat Jan  1 00:00:00 2000 UTC") || strings.Contains(string(info), "rror") {
		t.Errorf("pdfinfo of a converted file: %v\n%s", err, info)
	}
	if text := realclient.PDFPageText(t, files[0].Out)[0]; !strings.Contains(text, "整体支出绩效评价自评报告") || !strings.Contains(text, "200002") {
		t.Errorf("example PDF's cover lacks the title or the budget code: %s", text)
	}
}

// fileErrors returns the *pdf.FileError values ConvertAll's error joins, or
// nil if it joins anything else.
func fileErrors(err error) []*pdf.FileError {
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else if err != nil {
		errs = []error{err}
	}
	var fes []*pdf.FileError
	for _, e := range errs {
		fe, ok := e.(*pdf.FileError)
		if !ok {
			return nil
		}
		fes = append(fes, fe)
	}
	return fes
}

func TestConvertAllRejectsClashingOutputs(t *testing.T) {
	err := pdf.ConvertAll(context.Background(), []pdf.File{{In: "a/x.docx", Out: "o/x.pdf"}, {In: "b/x.docx", Out: "o/./x.pdf"}},
		pdf.Options{Program: "/nonexistent/soffice"})
	if err == nil || !strings.Contains(err.Error(), "会转成同一个 PDF 文件") {
		t.Errorf("error = %v, want a clash", err)
	}
}

func TestConvertAllMissingInput(t *testing.T) {
	privateTemp(t)
	dir := t.TempDir()
	files := []pdf.File{{In: filepath.Join(dir, "none.docx"), Out: filepath.Join(dir, "none.pdf")}, {In: dir, Out: filepath.Join(dir, "dir.pdf")}}
	var reports int
	err := pdf.ConvertAll(context.Background(), files, pdf.Options{Program: "/nonexistent/soffice", Progress: func(pdf.Progress) { reports++ }})
	fes := fileErrors(err)
	if len(fes) != 2 || fes[0].File != files[0].In || fes[1].File != files[1].In {
		t.Fatalf("error = %v, want a *FileError for each input", err)
	}
	for _, fe := range fes {
		if fe.Reason != "无法读取此文件" {
			t.Errorf("%s: reason %q", fe.File, fe.Reason)
		}
	}
	if reports != 2 {
		t.Errorf("%d progress reports, want 2", reports)
	}
}

func TestConvertTimeout(t *testing.T) {
	realclient.Soffice(t)
	tmp := privateTemp(t)
	in := writeSynth(t, t.TempDir(), 2)
	out := t.TempDir()
	files := []pdf.File{{In: in[0], Out: filepath.Join(out, "0.pdf")}, {In: in[1], Out: filepath.Join(out, "1.pdf")}}
	err := pdf.ConvertAll(context.Background(), files, pdf.Options{Jobs: 1, FileTimeout: time.Millisecond})
	fes := fileErrors(err)
	if len(fes) != 2 {
		t.Fatalf("error = %v, want both files given up", err)
	}
	for _, fe := range fes {
		if !strings.Contains(fe.Reason, "超过") {
			t.Errorf("%s: %s, want given up for taking too long", fe.File, fe.Reason)
		}
	}
	if left := leftovers(t, tmp); len(left) != 0 {
		t.Errorf("left in the temporary folder: %v", left)
	}
}

// Cancelling a conversion mid-way kills LibreOffice and removes its profile.
func TestConvertCancel(t *testing.T) {
	realclient.Soffice(t)
	if runtime.GOOS != "linux" {
		t.Skip("checks processes through /proc")
	}
	tmp := privateTemp(t)
	in := writeSynth(t, t.TempDir(), 12)
	out := t.TempDir()
	var files []pdf.File
	for _, f := range in {
		files = append(files, pdf.File{In: f, Out: filepath.Join(out, filepath.Base(f)+".pdf")})
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var running []int
	var profiles []string
	var globErr error
	err := pdf.ConvertAll(ctx, files, pdf.Options{Jobs: 2, Progress: func(p pdf.Progress) {
		if p.Done == 1 {
			running = users(filepath.Join(tmp, pdf.ProfilePrefix))
			profiles, globErr = filepath.Glob(filepath.Join(tmp, pdf.ProfilePrefix+"*"))
			cancel()
		}
	}})
	if globErr != nil {
		t.Fatal(globErr)
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("ConvertAll error = %v, want context.Canceled", err)
	}
	if len(running) == 0 {
		t.Fatalf("no LibreOffice process seen running")
	}
	if pids := waitGone(filepath.Join(tmp, pdf.ProfilePrefix), 2*time.Second); len(pids) != 0 {
		t.Errorf("LibreOffice processes %v survive the cancellation", pids)
	}
	if left := leftovers(t, tmp); len(left) != 0 {
		t.Errorf("left in the temporary folder: %v", left)
	}
	if len(profiles) != 2 {
		t.Errorf("profiles %v, want 2", profiles)
	}
	for _, p := range profiles {
		if _, err := os.Lstat(pdf.PipePath(p)); err == nil {
			t.Errorf("LibreOffice's socket %s is left", pdf.PipePath(p))
		}
	}
	written, err := filepath.Glob(filepath.Join(out, "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(written) == len(files) {
		t.Errorf("all %d files converted: the cancellation came too late to test anything", len(files))
	}
	for _, f := range written {
		if !strings.HasSuffix(f, ".pdf") || len(realclient.PDFPages(t, f)) == 0 {
			t.Errorf("partial output %s", f)
		}
	}
}

// A jixiao killed with SIGKILL takes its LibreOffice with it (Pdeathsig), and
// the next conversion removes the profile it left.
func TestKilledRun(t *testing.T) {
	realclient.Soffice(t)
	if runtime.GOOS != "linux" {
		t.Skip("Pdeathsig is Linux's")
	}
	tmp := privateTemp(t)
	in := writeSynth(t, t.TempDir(), 20)
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperConvert$", "-test.v")
	cmd.Env = append(os.Environ(), "JIXIAO_PDF_HELPER=convert", "JIXIAO_PDF_HELPER_OUT="+t.TempDir(),
		"JIXIAO_PDF_HELPER_FILES="+strings.Join(in, "\n"))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	for sc.Scan() && !strings.HasPrefix(sc.Text(), "converted ") {
	}
	profile := filepath.Join(tmp, pdf.ProfilePrefix+strconv.Itoa(cmd.Process.Pid)+"-")
	running := users(profile)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err == nil {
		t.Fatalf("helper was not killed")
	}
	if len(running) == 0 {
		t.Fatalf("no LibreOffice process seen running for %s*", profile)
	}
	if pids := waitGone(profile, 2*time.Second); len(pids) != 0 {
		t.Errorf("LibreOffice processes %v survive their killed jixiao", pids)
	}
	left, err := filepath.Glob(profile + "*")
	if err != nil || len(left) != 1 {
		t.Fatalf("profile of the killed run: %v (%v), want one", left, err)
	}
	if _, err := os.Lstat(pdf.PipePath(left[0])); err != nil {
		t.Logf("the killed LibreOffice left no socket %s", pdf.PipePath(left[0]))
	}
	removed := pdf.CleanStale(tmp)
	if !slices.Equal(removed, left) {
		t.Errorf("cleanup removed %v, want %v", removed, left)
	}
	if rest := leftovers(t, tmp); len(rest) != 0 {
		t.Errorf("left in the temporary folder after cleanup: %v", rest)
	}
	if _, err := os.Lstat(pdf.PipePath(left[0])); err == nil {
		t.Errorf("LibreOffice's socket %s is left after cleanup", pdf.PipePath(left[0]))
	}
}

// TestHelperConvert is the jixiao that TestKilledRun kills.
func TestHelperConvert(t *testing.T) {
	if os.Getenv("JIXIAO_PDF_HELPER") != "convert" {
		t.Skip("helper process for TestKilledRun")
	}
	out := os.Getenv("JIXIAO_PDF_HELPER_OUT")
	var files []pdf.File
	for i, f := range strings.Split(os.Getenv("JIXIAO_PDF_HELPER_FILES"), "\n") {
		files = append(files, pdf.File{In: f, Out: filepath.Join(out, strconv.Itoa(i)+".pdf")})
	}
	err := pdf.ConvertAll(context.Background(), files, pdf.Options{Jobs: 1, Progress: func(p pdf.Progress) {
		fmt.Printf("converted %d\n", p.Done)
	}})
	t.Fatalf("conversion ended before the kill: %v", err)
}

// A child started with Pdeathsig dies when the thread that started it exits.
// Go ends the thread of a goroutine that exits locked to it, and an idle
// thread may be given to such a goroutine at any time: starting LibreOffice
// from a goroutine locked to its thread for the child's whole life (pdf's
// locked) is what keeps it alive.
func TestChildSurvivesThreadChurn(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("Pdeathsig is Linux's")
	}
	run := func(lock bool) (*os.ProcessState, error) {
		var st *os.ProcessState
		var err error
		body := func() {
			cmd := exec.CommandContext(context.Background(), os.Args[0], "-test.run=^TestHelperSleep$")
			cmd.Env = append(os.Environ(), "JIXIAO_PDF_HELPER=sleep")
			started, release := pdf.Contain(cmd)
			defer release()
			stdout, perr := cmd.StdoutPipe()
			if perr != nil {
				err = perr
				return
			}
			if err = cmd.Start(); err != nil {
				return
			}
			if err = started(); err != nil {
				return
			}
			// Reading parks this goroutine and frees its thread, as
			// reading LibreOffice's output does.
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
			}
			err = cmd.Wait()
			st = cmd.ProcessState
		}
		stop := make(chan struct{})
		var churn sync.WaitGroup
		churn.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				done := make(chan struct{})
				go func() {
					defer close(done)
					runtime.LockOSThread() // and exit locked: the thread ends
				}()
				<-done
			}
		})
		if lock {
			pdf.Locked(body)
		} else {
			done := make(chan struct{})
			go func() { defer close(done); body() }()
			<-done
		}
		close(stop)
		churn.Wait()
		return st, err
	}

	killed := func(st *os.ProcessState) bool {
		ws, ok := st.Sys().(syscall.WaitStatus)
		return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
	}
	// The hazard is real: started from an unlocked goroutine, the child
	// dies with the thread (the test binary's main goroutine is locked to
	// the main thread in init, as a program's would be when busy, so that
	// the churn ends real threads).
	hazard := false
	for range 3 {
		if st, err := run(false); st != nil && killed(st) {
			hazard = true
			break
		} else {
			t.Logf("unlocked start: %v (%v)", st, err)
		}
	}
	if !hazard {
		t.Errorf("the thread churn never killed a child started from an unlocked goroutine: this test proves nothing")
	}
	st, err := run(true)
	if st == nil {
		t.Fatalf("child did not run: %v", err)
	}
	if killed(st) || !st.Success() {
		t.Errorf("child started on a locked thread: %v (%v), want a normal exit", st, err)
	}
}

func init() {
	// Keep the main goroutine on the main thread, which Go never ends (see
	// TestChildSurvivesThreadChurn).
	runtime.LockOSThread()
}

// TestHelperSleep is the child of TestChildSurvivesThreadChurn.
func TestHelperSleep(t *testing.T) {
	if os.Getenv("JIXIAO_PDF_HELPER") != "sleep" {
		t.Skip("helper process for TestChildSurvivesThreadChurn")
	}
	time.Sleep(1500 * time.Millisecond)
	fmt.Println("slept")
}

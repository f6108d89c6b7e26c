package pdf

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// File is one conversion: In, a file LibreOffice can open (.docx, .xlsx, …),
// to Out, the PDF to write. Out is replaced if it exists.
type File struct {
	In  string
	Out string
}

// Options configure ConvertAll. The zero value converts on one LibreOffice
// process per CPU, found by Find, without progress reports.
type Options struct {
	// Jobs is how many LibreOffice processes run at once; 0 means
	// runtime.NumCPU(). Never more than there are files.
	Jobs int
	// Program is the LibreOffice program; "" means the one Find returns.
	Program string
	// Progress, when not nil, is called once for every file as soon as it is
	// finished, converted or not, one call at a time (never concurrently).
	Progress func(Progress)
	// FileTimeout is the longest LibreOffice may take over one file (the
	// first of a process includes its start); then the process is killed,
	// the file reported as not converted and the others of its batch given
	// to a new process. 0 means 2 minutes.
	FileTimeout time.Duration
	// Date replaces, as each PDF's creation date, the time LibreOffice
	// wrote it; the zero value means 2000-01-01 00:00 UTC. With it, and the
	// file identifier made from the input's bytes instead of the clock, the
	// same input gives the same PDF bytes.
	Date time.Time
}

// Progress reports a finished file.
type Progress struct {
	File    File          // the file
	Err     error         // nil when converted, otherwise a *FileError
	Done    int           // files finished so far, this one included
	Total   int           // files in all
	Elapsed time.Duration // since the conversion began
}

// Left estimates the time still needed from the pace so far.
func (p Progress) Left() time.Duration {
	if p.Done <= 0 {
		return 0
	}
	return time.Duration(float64(p.Elapsed) / float64(p.Done) * float64(p.Total-p.Done))
}

// FileError reports a file that was not converted.
type FileError struct {
	File   string // the input file
	Reason string // why, in Chinese, for people
	Log    string // what LibreOffice printed about it, if anything
	Err    error  // the underlying error, if any
}

func (e *FileError) Error() string {
	s := e.File + "：" + e.Reason
	if e.Err != nil {
		s += "：" + e.Err.Error()
	}
	if e.Log != "" {
		s += "\n" + e.Log
	}
	return s
}

func (e *FileError) Unwrap() error { return e.Err }

// Convert converts files to PDF in outDir, each named after its file
// (报告.docx → outDir/报告.pdf), on one LibreOffice process. It is
// ConvertAll with Jobs 1.
func Convert(ctx context.Context, outDir string, files []string) error {
	fs := make([]File, len(files))
	for i, f := range files {
		fs[i] = File{In: f, Out: filepath.Join(outDir, strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))+".pdf")}
	}
	return ConvertAll(ctx, fs, Options{Jobs: 1})
}

// ConvertAll converts every file with LibreOffice on up to o.Jobs processes,
// each with a private profile, in batches sized so that every process stays
// busy until the end: large at first, smaller towards the end. Each PDF is
// written to a private folder first and moved to its Out when LibreOffice has
// finished it, so Out never holds a partial file.
//
// A file LibreOffice cannot open, or that makes it crash twice or hang for
// o.FileTimeout, is reported and the others go on; the returned error then
// joins one *FileError per such file. When ctx is cancelled every LibreOffice
// process is killed, its profile removed, and ConvertAll returns ctx.Err().
// Profiles left behind by a jixiao that was killed are removed first.
func ConvertAll(ctx context.Context, files []File, o Options) error {
	if len(files) == 0 {
		return nil
	}
	prog := o.Program
	if prog == "" {
		var err error
		if prog, err = Find(); err != nil {
			return err
		}
	}
	seen := make(map[string]string, len(files))
	for _, f := range files {
		key := filepath.Clean(f.Out)
		if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
			key = strings.ToLower(key)
		}
		if prev, ok := seen[key]; ok {
			return fmt.Errorf("%s 和 %s 会转成同一个 PDF 文件 %s", prev, f.In, f.Out)
		}
		seen[key] = f.In
	}
	cleanStale(os.TempDir())
	jobs := o.Jobs
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	jobs = min(jobs, len(files))
	c := &conv{
		files:   files,
		opts:    o,
		launch:  launcher(prog),
		start:   time.Now(),
		timeout: o.FileTimeout,
		q:       newQueue(len(files), jobs),
		tries:   make([]int, len(files)),
	}
	if c.timeout <= 0 {
		c.timeout = 2 * time.Minute
	}
	errs := make([]error, jobs)
	var wg sync.WaitGroup
	for w := range jobs {
		wg.Go(func() { errs[w] = c.worker(ctx) })
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, err := range errs {
		if err != nil {
			return err // the workers' errors are alike: the first says it
		}
	}
	slices.SortFunc(c.failed, func(a, b failure) int { return a.i - b.i })
	fails := make([]error, len(c.failed))
	for k, f := range c.failed {
		fails[k] = f.err
	}
	return errors.Join(fails...)
}

// failure is a file not converted.
type failure struct {
	i   int // its index in the files
	err error
}

// conv is one ConvertAll call.
type conv struct {
	files   []File
	opts    Options
	launch  string
	start   time.Time
	timeout time.Duration
	q       *queue

	mu     sync.Mutex // guards the fields below and serialises Progress
	done   int
	tries  []int // crashes per file
	failed []failure
}

// report records a finished file and tells the caller.
func (c *conv) report(i int, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.done++
	if err != nil {
		c.failed = append(c.failed, failure{i, err})
	}
	if c.opts.Progress != nil {
		c.opts.Progress(Progress{File: c.files[i], Err: err, Done: c.done, Total: len(c.files), Elapsed: time.Since(c.start)})
	}
}

// worker runs batches on one profile until the queue is empty, on a locked
// OS thread (see locked).
func (c *conv) worker(ctx context.Context) (err error) {
	locked(func() { err = c.work(ctx) })
	return err
}

func (c *conv) work(ctx context.Context) (err error) {
	p, err := newProfile()
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, p.remove()) }()
	w := &workerState{p: p}
	for ctx.Err() == nil {
		b := c.q.take()
		if b == nil {
			return nil
		}
		if err := c.runBatch(ctx, w, b); err != nil {
			c.q.drop()
			return err
		}
	}
	return nil
}

// locked runs fn on a goroutine locked to its OS thread from start to end and
// waits for it. LibreOffice must be started and waited for so: on Linux a
// child started with Pdeathsig is killed when the thread that started it
// exits, and Go ends a thread when a goroutine locked to it exits, so a child
// started from an unlocked goroutine dies whenever some other goroutine that
// called runtime.LockOSThread and returned without unlocking happens to run
// on the starting thread afterwards.
func locked(fn func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		fn()
	}()
	<-done
}

// workerState is what a worker knows across batches.
type workerState struct {
	p       *profile
	started bool // LibreOffice has started once on this profile
}

// exitRestart is LibreOffice's exit code for "restart me": it gives it once,
// after setting up a new profile.
const exitRestart = 81

// runBatch converts one batch, requeueing what a crash left undone. It returns
// an error only when the whole conversion must stop.
func (c *conv) runBatch(ctx context.Context, w *workerState, idx []int) error {
	idx, err := c.stage(w.p, idx)
	if err != nil || len(idx) == 0 {
		return err
	}
	for attempt := 0; ; attempt++ {
		b := &batch{c: c, w: w, idx: idx, current: -1}
		res, err := b.run(ctx)
		if err != nil {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		switch {
		case res.code == exitRestart && b.current < 0 && attempt < 3:
			w.started = true
			continue
		case res.normal:
			w.started = true
			b.finishNormal(res.log)
			return nil
		case !w.started && !res.stalled && b.current < 0 && !b.anyComplete():
			return fmt.Errorf("LibreOffice（%s）无法启动：%v\n%s", c.launch, res.err, res.log)
		default:
			w.started = w.started || b.current >= 0
			b.finishAbnormal(res, res.log)
			return nil
		}
	}
}

// stage empties the profile's in and out folders and links (or copies) the
// batch's inputs into "in" under ASCII names, <index><ext>: LibreOffice then
// sees short, plain names whatever the user's file names and locale, the
// command line stays short, and its output lines name the file unambiguously.
// It reports the files it cannot read and returns the others.
func (c *conv) stage(p *profile, idx []int) ([]int, error) {
	for _, sub := range []string{"in", "out"} {
		dir := filepath.Join(p.dir, sub)
		if err := os.RemoveAll(dir); err != nil {
			return nil, fmt.Errorf("cannot empty %s: %w", dir, err)
		}
		if err := os.Mkdir(dir, 0o700); err != nil {
			return nil, fmt.Errorf("cannot create %s: %w", dir, err)
		}
	}
	var kept []int
	for _, i := range idx {
		in := c.files[i].In
		src, err := filepath.Abs(in)
		if err == nil {
			var fi os.FileInfo
			if fi, err = os.Stat(src); err == nil && !fi.Mode().IsRegular() {
				err = errors.New("不是普通文件")
			}
		}
		if err == nil {
			err = linkOrCopy(src, filepath.Join(p.dir, "in", stagedName(i, in)))
		}
		if err != nil {
			c.report(i, &FileError{File: in, Reason: "无法读取此文件", Err: err})
			continue
		}
		kept = append(kept, i)
	}
	return kept, nil
}

func stagedName(i int, in string) string {
	return strconv.Itoa(i) + strings.ToLower(filepath.Ext(in))
}

// linkOrCopy makes dst name the contents of src: a symbolic link where the
// system allows it, else a hard link, else a copy.
func linkOrCopy(src, dst string) error {
	if runtime.GOOS != "windows" {
		if err := os.Symlink(src, dst); err == nil {
			return nil
		}
	}
	if err := os.Link(src, dst); err == nil {
		return nil
	}
	return copyFile(src, dst)
}

func copyFile(src, dst string) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, in.Close()) }()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		return errors.Join(err, out.Close())
	}
	return out.Close()
}

// launcher returns the program to start for prog: on Linux soffice.bin beside
// the soffice script when there is one (the script and its oosplash add a
// process, a javaldx run and a shell between jixiao and LibreOffice, and
// Pdeathsig reaches only a direct child), on Windows the console launcher
// soffice.com beside soffice.exe (soffice.exe writes nothing to a pipe).
func launcher(prog string) string {
	switch runtime.GOOS {
	case "linux":
		if real, err := filepath.EvalSymlinks(prog); err == nil && filepath.Base(real) == "soffice" {
			if bin := real + ".bin"; isFile(bin) {
				return bin
			}
		}
	case "windows":
		if strings.EqualFold(filepath.Ext(prog), ".exe") {
			if com := strings.TrimSuffix(prog, filepath.Ext(prog)) + ".com"; isFile(com) {
				return com
			}
		}
	}
	return prog
}

// Documents converts Word documents held in memory (.docx bytes) to PDF,
// through a private temporary folder that is removed before it returns, on
// up to o.Jobs LibreOffice processes. The PDFs are in the order of docs. A
// document that cannot be converted fails them all: the error (a
// *FileError for it, joined with the others') says which.
func Documents(ctx context.Context, docs [][]byte, o Options) ([][]byte, error) {
	dir, err := os.MkdirTemp("", "jixiao-pdf-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	files := make([]File, len(docs))
	for i, d := range docs {
		files[i] = File{In: filepath.Join(dir, strconv.Itoa(i+1)+".docx"), Out: filepath.Join(dir, strconv.Itoa(i+1)+".pdf")}
		if err := os.WriteFile(files[i].In, d, 0o600); err != nil {
			return nil, err
		}
	}
	if err := ConvertAll(ctx, files, o); err != nil {
		return nil, err
	}
	out := make([][]byte, len(docs))
	for i, f := range files {
		if out[i], err = os.ReadFile(f.Out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

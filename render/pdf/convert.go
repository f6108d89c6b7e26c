package pdf

import (
	"bufio"
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return errors.Join(c.failed...)
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
	failed []error
}

// report records a finished file and tells the caller.
func (c *conv) report(i int, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.done++
	if err != nil {
		c.failed = append(c.failed, err)
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
	if err := stage(w.p, c.files, idx); err != nil {
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
func stage(p *profile, files []File, idx []int) error {
	for _, sub := range []string{"in", "out"} {
		dir := filepath.Join(p.dir, sub)
		if err := os.RemoveAll(dir); err != nil {
			return fmt.Errorf("cannot empty %s: %w", dir, err)
		}
		if err := os.Mkdir(dir, 0o700); err != nil {
			return fmt.Errorf("cannot create %s: %w", dir, err)
		}
	}
	for _, i := range idx {
		src, err := filepath.Abs(files[i].In)
		if err != nil {
			return fmt.Errorf("cannot stage %s: %w", files[i].In, err)
		}
		dst := filepath.Join(p.dir, "in", stagedName(i, files[i].In))
		if err := linkOrCopy(src, dst); err != nil {
			return fmt.Errorf("cannot stage %s: %w", files[i].In, err)
		}
	}
	return nil
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

// batch is one LibreOffice run over some files.
type batch struct {
	c   *conv
	w   *workerState
	idx []int // the files, in the order LibreOffice takes them

	mu      sync.Mutex
	done    int // idx[:done] are finished and reported
	current int // position in idx of the file LibreOffice last announced, or -1
	errLog  []string
}

type runResult struct {
	normal  bool // LibreOffice exited by itself with 0
	code    int  // its exit code, -1 if killed
	err     error
	log     string // the tail of its output
	stalled bool   // killed for taking longer than FileTimeout
}

// run starts LibreOffice on the batch and follows its output until it exits.
func (b *batch) run(ctx context.Context) (runResult, error) {
	p := b.w.p
	bctx, cancel := context.WithCancel(ctx)
	defer cancel()
	args := []string{
		"-env:UserInstallation=" + p.url,
		"--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck", "--nofirststartwizard",
		"--convert-to", "pdf", "--outdir", filepath.Join(p.dir, "out"),
	}
	for _, i := range b.idx {
		args = append(args, stagedName(i, b.c.files[i].In))
	}
	cmd := exec.CommandContext(bctx, b.c.launch, args...)
	cmd.Dir = filepath.Join(p.dir, "in")
	cmd.Env = childEnv(p)
	cmd.WaitDelay = 5 * time.Second
	r, wp, err := os.Pipe()
	if err != nil {
		return runResult{}, fmt.Errorf("cannot start LibreOffice: %w", err)
	}
	cmd.Stdout, cmd.Stderr = wp, wp
	started, release := contain(cmd)
	defer release()
	err = cmd.Start()
	if cerr := wp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = started()
	}
	if err != nil {
		return runResult{}, errors.Join(fmt.Errorf("cannot start LibreOffice (%s): %w", b.c.launch, err), r.Close())
	}

	var stalled atomic.Bool
	watchdog := time.AfterFunc(b.c.timeout, func() { stalled.Store(true); cancel() })
	tail := &tailBuffer{max: 8 << 10}
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			tail.add(line)
			watchdog.Reset(b.c.timeout)
			b.line(line)
		}
	}()
	werr := cmd.Wait()
	watchdog.Stop()
	// Wait closes nothing of ours: a grandchild may still hold the pipe.
	select {
	case <-readDone:
	case <-time.After(cmd.WaitDelay):
	}
	if err := r.Close(); err != nil {
		return runResult{}, fmt.Errorf("cannot read LibreOffice's output: %w", err)
	}
	<-readDone
	res := runResult{code: cmd.ProcessState.ExitCode(), err: werr, log: tail.String(), stalled: stalled.Load()}
	res.normal = werr == nil && !res.stalled
	return res, nil
}

// childEnv is LibreOffice's environment: jixiao's, with temporary files in the
// profile (so that a killed LibreOffice leaves nothing elsewhere) and, on
// Linux, the font aliases unless the user chose a fontconfig file.
func childEnv(p *profile) []string {
	tmp := filepath.Join(p.dir, "tmp")
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		k, _, _ := strings.Cut(kv, "=")
		switch strings.ToUpper(k) {
		case "TMPDIR", "TMP", "TEMP":
			return true
		}
		return false
	})
	env = append(env, "TMPDIR="+tmp, "TMP="+tmp, "TEMP="+tmp)
	if runtime.GOOS == "linux" && os.Getenv("FONTCONFIG_FILE") == "" {
		env = append(env, "FONTCONFIG_FILE="+filepath.Join(p.dir, "fonts.conf"))
	}
	return env
}

// line handles a line of LibreOffice's output. LibreOffice converts its files
// in order and prints "convert <in> -> <out> using filter : …" when it has
// loaded one and starts writing it; so that line also says that the file
// before it is finished. A file it cannot load gets an "Error: …" line
// instead.
func (b *batch) line(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	rest, ok := strings.CutPrefix(s, "convert ")
	if !ok {
		if strings.HasPrefix(s, "Error") {
			b.errLog = append(b.errLog, s)
		}
		return
	}
	src, _, ok := strings.Cut(rest, " -> ")
	if !ok {
		return
	}
	base := src[strings.LastIndexAny(src, `/\`)+1:]
	n, err := strconv.Atoi(strings.TrimSuffix(base, filepath.Ext(base)))
	if err != nil {
		return
	}
	pos := slices.Index(b.idx, n)
	if pos < b.done {
		return
	}
	// Everything before pos is finished: converted, or skipped after an error.
	for q := b.done; q < pos; q++ {
		b.finish(q, "LibreOffice 无法打开此文件")
	}
	b.done = pos
	b.current = pos
	b.errLog = nil
}

// finish moves a finished file's PDF to its place and reports it, or reports
// it as not converted for reason.
func (b *batch) finish(q int, reason string) {
	i := b.idx[q]
	f := b.c.files[i]
	out := b.outPath(q)
	if !complete(out) {
		b.c.report(i, &FileError{File: f.In, Reason: reason, Log: strings.Join(b.errLog, "\n")})
		return
	}
	if err := unstamp(out, f.In, b.c.opts.Date); err != nil {
		b.c.report(i, &FileError{File: f.In, Reason: "无法写出 PDF", Err: err})
		return
	}
	if err := moveFile(out, f.Out); err != nil {
		b.c.report(i, &FileError{File: f.In, Reason: "无法写出 PDF", Err: err})
		return
	}
	b.c.report(i, nil)
}

func (b *batch) outPath(q int) string {
	return filepath.Join(b.w.p.dir, "out", strconv.Itoa(b.idx[q])+".pdf")
}

func (b *batch) anyComplete() bool {
	for q := range b.idx {
		if complete(b.outPath(q)) {
			return true
		}
	}
	return false
}

// finishNormal handles a LibreOffice that exited by itself: every file left
// is finished, converted or not.
func (b *batch) finishNormal(log string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.errLog) == 0 && log != "" && b.current < 0 {
		b.errLog = []string{log}
	}
	for q := b.done; q < len(b.idx); q++ {
		b.finish(q, "LibreOffice 没有转换此文件")
	}
	b.done = len(b.idx)
}

// finishAbnormal handles a LibreOffice that crashed or was killed for hanging:
// the files before the one it was working on are finished; that one failed
// (at once when it hung, at its second crash otherwise); the rest go back to
// the queue.
func (b *batch) finishAbnormal(res runResult, log string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	from := b.done
	if b.current > from {
		for q := from; q < b.current; q++ {
			b.finish(q, "LibreOffice 无法打开此文件")
		}
		from = b.current
	}
	culprit := -1
	for q := from; q < len(b.idx); q++ {
		if !complete(b.outPath(q)) {
			culprit = q
			break
		}
		b.finish(q, "")
	}
	if culprit < 0 {
		b.done = len(b.idx)
		return
	}
	i := b.idx[culprit]
	rest := slices.Clone(b.idx[culprit+1:])
	b.c.mu.Lock()
	b.c.tries[i]++
	tries := b.c.tries[i]
	b.c.mu.Unlock()
	switch {
	case res.stalled:
		b.c.report(i, &FileError{File: b.c.files[i].In, Reason: fmt.Sprintf("LibreOffice 处理此文件超过 %v，已停止", b.c.timeout), Log: log})
	case tries >= 2:
		b.c.report(i, &FileError{File: b.c.files[i].In, Reason: "LibreOffice 处理此文件时两次异常退出", Err: res.err, Log: log})
	default:
		rest = append([]int{i}, rest...)
	}
	b.done = len(b.idx)
	b.c.q.putBack(rest)
}

// complete reports whether path is a whole PDF: LibreOffice writes the PDF in
// place, so a file cut short by a crash must not pass.
func complete(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	buf := make([]byte, 64)
	n := 0
	fi, err := f.Stat()
	if err == nil && fi.Size() >= int64(len(buf)) {
		n, err = f.ReadAt(buf, fi.Size()-int64(len(buf)))
	}
	if cerr := f.Close(); err != nil || cerr != nil {
		return false
	}
	return bytes.Contains(buf[:n], []byte("%%EOF"))
}

// moveFile moves src to dst, replacing it: a rename, or, across file systems,
// a copy to a temporary file beside dst renamed into place.
func moveFile(src, dst string) error {
	if err := os.Rename(src, dst); err == nil {
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".*.tmp")
	if err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return errors.Join(err, tmp.Close(), os.Remove(tmp.Name()))
	}
	_, err = io.Copy(tmp, in)
	err = errors.Join(err, in.Close(), tmp.Close())
	if err == nil {
		err = os.Rename(tmp.Name(), dst)
	}
	if err != nil {
		return errors.Join(err, os.Remove(tmp.Name()))
	}
	return os.Remove(src)
}

// tailBuffer keeps the last max bytes of lines.
type tailBuffer struct {
	mu    sync.Mutex
	max   int
	lines []string
	size  int
}

func (t *tailBuffer) add(s string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.lines = append(t.lines, s)
	t.size += len(s) + 1
	for t.size > t.max && len(t.lines) > 1 {
		t.size -= len(t.lines[0]) + 1
		t.lines = t.lines[1:]
	}
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Join(t.lines, "\n")
}

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

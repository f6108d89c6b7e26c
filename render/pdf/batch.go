package pdf

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

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
		return runResult{}, errors.Join(fmt.Errorf("无法启动 LibreOffice（%s）：%w", b.c.launch, err), r.Close())
	}

	var stalled, exited atomic.Bool
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
			if !exited.Load() {
				watchdog.Reset(b.c.timeout)
			}
			b.line(line)
		}
	}()
	werr := cmd.Wait()
	exited.Store(true)
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
	tmp, err := createBeside(dst)
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

// createBeside creates a new hidden temporary file beside path, to be renamed
// to it, with the permissions the user's umask gives new files (os.CreateTemp
// would make it private).
func createBeside(path string) (*os.File, error) {
	for range 100 {
		name := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+"."+strconv.FormatUint(rand.Uint64(), 36)+".tmp")
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
	return nil, fmt.Errorf("cannot create a temporary file beside %s", path)
}

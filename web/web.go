// Package web is the local web application of the tool (jixiao serve): a page
// for a budget unit (download the blank fill-in workbook; upload it filled in
// and see every problem and the scores; download the Word file, the workbook
// and the PDF) and one for the finance bureau (upload many reports or a .zip,
// watch the bundle being built, download it).
//
// It keeps nothing beyond the request that needs it. An upload is written to a
// private temporary folder that is removed before the answer is complete; the
// report a result page offers for download travels in the page itself and is
// checked again when it comes back. Only a finished bundle waits on the server
// for its download, under an unguessable one-time token, and is removed when
// downloaded, when it expires and when the server stops.
//
// It is safe by default: it answers only requests that name it in their Host
// header (no DNS rebinding), takes form posts only from its own pages, bounds
// uploads and the jobs that run at once, and reads every report with the same
// readers and limits as the command line.
package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
)

//go:embed pages/*.html
var pageFiles embed.FS

//go:embed assets
var assetFiles embed.FS

// Options configure a Server. The zero value of each field is its default.
type Options struct {
	// Addr is the address the server listens on (host:port, as the listener
	// reports it); the Host header of each request must name it.
	Addr string
	// Hosts are more names and addresses requests may be sent to besides
	// localhost, 127.0.0.1 and [::1]: the machine's addresses and name when it
	// serves a LAN.
	Hosts []string
	// Version is shown at the foot of each page and recorded in bundles.
	Version string

	// MaxUpload bounds the upload of one report (and a posted-back report);
	// 0: the readers' own limit (32 MB) plus 1 MB.
	MaxUpload int64
	// MaxBundleUpload bounds the upload of a bundle's files; 0: 512 MB.
	MaxBundleUpload int64
	// MaxFiles bounds the files of one bundle, counting those inside .zip
	// files; 0: 5,000.
	MaxFiles int
	// MaxUnzipped bounds what the .zip files of one bundle unpack to; 0: 1 GB.
	MaxUnzipped int64
	// Jobs is the number of checks, downloads and templates made at once; 0:
	// the number of CPUs. A request that finds them all busy for 3 seconds is
	// answered 503.
	Jobs int
	// Bundles is the number of bundles kept at once, waiting to run, running
	// or waiting for their download (they run one at a time); 0: 4.
	Bundles int
	// Keep is how long a finished bundle waits for its download; 0: 15 minutes.
	Keep time.Duration
	// TempDir is where uploads and bundles are written while they are needed;
	// "": the system's temporary folder.
	TempDir string
	// Log receives one line per failure of the server itself; nil: the
	// standard logger.
	Log *log.Logger
}

// Server is the web application, an http.Handler.
type Server struct {
	o       Options
	guard   *hostGuard
	handler http.Handler
	pages   map[string]*template.Template
	assets  map[string]asset
	jobs    slots
	run     slots // bundles running: one at a time, each on all CPUs

	mu      sync.Mutex
	bundles map[string]*job
	closed  bool
	ctx     context.Context // cancelled by Close
	cancel  context.CancelFunc
	wg      sync.WaitGroup
}

type asset struct {
	data        []byte
	contentType string
	url         string // with the content's hash, so that it can be cached
}

// New returns the web application for a server listening on o.Addr.
func New(o Options) (*Server, error) {
	if o.MaxUpload <= 0 {
		o.MaxUpload = maxReport + 1<<20
	}
	if o.MaxBundleUpload <= 0 {
		o.MaxBundleUpload = 512 << 20
	}
	if o.MaxFiles <= 0 {
		o.MaxFiles = 5000
	}
	if o.MaxUnzipped <= 0 {
		o.MaxUnzipped = 1 << 30
	}
	if o.Jobs <= 0 {
		o.Jobs = runtime.NumCPU()
	}
	if o.Bundles <= 0 {
		o.Bundles = 4
	}
	if o.Keep <= 0 {
		o.Keep = 15 * time.Minute
	}
	if o.Log == nil {
		o.Log = log.Default()
	}
	g, err := newHostGuard(o.Addr, o.Hosts)
	if err != nil {
		return nil, fmt.Errorf("监听地址 %q 不对：%w", o.Addr, err)
	}
	s := &Server{o: o, guard: g, jobs: newSlots(o.Jobs), run: newSlots(1), bundles: map[string]*job{}}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	if err := s.load(); err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", only("GET", s.unitPage))
	mux.HandleFunc("/bureau", only("GET", s.bureauPage))
	mux.HandleFunc("/template", only("GET", s.template))
	mux.HandleFunc("/template/from", only("POST", s.templateFrom))
	mux.HandleFunc("/check", only("POST", s.check))
	mux.HandleFunc("/render", only("POST", s.render))
	mux.HandleFunc("/bundle", only("POST", s.startBundle))
	mux.HandleFunc("/bundle/{token}", only("GET", s.bundlePage))
	mux.HandleFunc("/bundle/{token}/status", only("GET", s.bundleStatus))
	mux.HandleFunc("/bundle/{token}/download", only("POST", s.bundleDownload))
	mux.HandleFunc("/assets/{name}", only("GET", s.asset))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, http.StatusNotFound, "没有这个页面。")
	})
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, http.StatusForbidden, "拒绝：表单不是从本页面提交的（可能是其他网站在冒用本页面）。请直接在本页面上操作。")
	}))
	protected := cop.Handler(mux)
	s.handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		headers(w.Header())
		if !s.guard.allows(r.Host) {
			s.fail(w, r, http.StatusMisdirectedRequest, "拒绝：请求的地址 "+fmt.Sprintf("%q", r.Host)+" 不是本服务的地址。请用启动时显示的地址打开本页面。")
			return
		}
		protected.ServeHTTP(w, r)
	})
	return s, nil
}

// only answers requests of one method, and others 405.
func only(method string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != method && !(method == "GET" && r.Method == "HEAD") {
			w.Header().Set("Allow", method)
			http.Error(w, "不支持此请求方式（"+r.Method+"）", http.StatusMethodNotAllowed)
			return
		}
		h(w, r)
	}
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Serve answers requests on ln until ctx is done, then stops: it waits a few
// seconds for the requests under way, and removes every bundle (Close). The
// timeouts bound slow clients: 10 s for the headers, 10 min for an upload,
// 30 min for an answer (a bundle's download).
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       10 * time.Minute,
		WriteTimeout:      30 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          s.o.Log,
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	var err error
	select {
	case err = <-errc:
	case <-ctx.Done():
		stop, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		s.cancel() // running bundles stop at once
		if serr := hs.Shutdown(stop); serr != nil {
			hs.Close()
		}
		err = <-errc
	}
	s.Close()
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Close stops the running bundles and removes every bundle kept for its
// download. The server answers no more bundle requests.
func (s *Server) Close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.cancel()
	s.wg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	for token, j := range s.bundles {
		if err := j.remove(); err != nil {
			s.o.Log.Printf("jixiao serve：无法删除汇总包的临时文件：%v", err)
		}
		delete(s.bundles, token)
	}
}

// tempDir makes a private temporary folder for one request or bundle.
func (s *Server) tempDir() (string, error) {
	return os.MkdirTemp(s.o.TempDir, "jixiao-web-")
}

// removeAll removes a temporary folder, logging a failure.
func (s *Server) removeAll(dir string) {
	if err := os.RemoveAll(dir); err != nil {
		s.o.Log.Printf("jixiao serve：无法删除临时文件夹 %s：%v", dir, err)
	}
}

// token returns a new unguessable token (128 random bits).
func token() string {
	b := make([]byte, 16)
	rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

func (s *Server) load() error {
	s.assets = map[string]asset{}
	err := fs.WalkDir(assetFiles, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := assetFiles.ReadFile(p)
		if err != nil {
			return err
		}
		name := filepath.Base(p)
		sum := sha256.Sum256(data)
		ct := "text/plain; charset=utf-8"
		switch filepath.Ext(name) {
		case ".css":
			ct = "text/css; charset=utf-8"
		case ".js":
			ct = "text/javascript; charset=utf-8"
		case ".svg":
			ct = "image/svg+xml"
		}
		s.assets[name] = asset{data, ct, "/assets/" + name + "?v=" + hex.EncodeToString(sum[:6])}
		return nil
	})
	if err != nil {
		return err
	}
	s.pages = map[string]*template.Template{}
	base, err := template.New("layout.html").Funcs(template.FuncMap{
		"asset": func(name string) string { return s.assets[name].url },
		"num":   formatNumber,
		"bytes": megabytes,
	}).ParseFS(pageFiles, "pages/layout.html")
	if err != nil {
		return err
	}
	names, err := fs.Glob(pageFiles, "pages/*.html")
	if err != nil {
		return err
	}
	for _, p := range names {
		name := filepath.Base(p)
		if name == "layout.html" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(pageFiles, p)
		if err != nil {
			return err
		}
		s.pages[strings.TrimSuffix(name, ".html")] = t
	}
	return nil
}

func (s *Server) asset(w http.ResponseWriter, r *http.Request) {
	a, ok := s.assets[r.PathValue("name")]
	if !ok {
		s.fail(w, r, http.StatusNotFound, "没有这个文件。")
		return
	}
	w.Header().Set("Content-Type", a.contentType)
	w.Header().Set("Cache-Control", "public, max-age=86400")
	w.Write(a.data)
}

// base is what every page shows.
type base struct {
	Title   string
	Nav     string // the page of the navigation bar: "unit", "bureau", ""
	Version string
}

// show renders a page.
func (s *Server) show(w http.ResponseWriter, status int, name string, data any) {
	var b strings.Builder
	if err := s.pages[name].ExecuteTemplate(&b, "layout.html", data); err != nil {
		s.o.Log.Printf("jixiao serve：页面 %s：%v", name, err)
		http.Error(w, "页面生成失败", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write([]byte(b.String()))
}

// errorPage is a page that says what went wrong.
type errorPage struct {
	base
	Status  int
	Message string
	Back    string
}

// fail answers with an error page (or the message alone to a script).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	if status == http.StatusRequestEntityTooLarge || status == http.StatusBadRequest {
		w.Header().Set("Connection", "close") // the rest of the upload is not read
	}
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "10")
	}
	if wantsJSON(r) {
		writeJSON(w, status, map[string]string{"error": msg})
		return
	}
	back := "/"
	if strings.HasPrefix(r.URL.Path, "/bundle") || r.URL.Path == "/bureau" {
		back = "/bureau"
	}
	title := map[int]string{400: "无法处理", 403: "拒绝", 404: "找不到", 405: "不支持", 410: "已删除",
		413: "文件过大", 421: "拒绝", 500: "出错了", 503: "正忙"}[status]
	s.show(w, status, "error", errorPage{base: base{Title: title, Version: s.o.Version}, Status: status, Message: msg, Back: back})
}

// failWith answers with the error's status and message (500 for an error
// that is not a statusError, logged).
func (s *Server) failWith(w http.ResponseWriter, r *http.Request, err error) {
	var se *statusError
	if errors.As(err, &se) {
		s.fail(w, r, se.status, se.msg)
		return
	}
	s.o.Log.Printf("jixiao serve：%s %s：%v", r.Method, r.URL.Path, err)
	s.fail(w, r, http.StatusInternalServerError, "服务器出错："+err.Error())
}

// busy answers 503.
func (s *Server) busy(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, http.StatusServiceUnavailable, "服务器正忙（同时处理的任务已满），请过几秒钟再试。")
}

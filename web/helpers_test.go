package web

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"log"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"jixiao/input"
	"jixiao/render"
)

const (
	exampleJSON = "../testdata/reports/yueyanglou-2020-hrss.json"
	testAddr    = "127.0.0.1:8080"
	testOrigin  = "http://127.0.0.1:8080"
	exampleUnit = "岳阳楼区人力资源和社会保障网络信息服务中心"
)

func init() { jobWait = 20 * time.Millisecond }

// exampleWorkbook is the shipped example as the report workbook the tool
// writes (which the workbook reader imports like a filled-in template).
var exampleWorkbook = sync.OnceValue(func() []byte {
	c := input.Read(exampleJSON, "")
	docs, err := render.All([]string{"xlsx"}, c.Printed())
	if err != nil {
		panic(err)
	}
	return docs[0]
})

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// tmpdir points TMPDIR at a new empty folder, where the server must leave
// nothing behind. Make every other temporary folder before calling it.
func tmpdir(t *testing.T) string {
	t.Helper()
	d := t.TempDir()
	t.Setenv("TMPDIR", d)
	return d
}

// assertEmpty fails unless the folder is empty.
func assertEmpty(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("left behind in TMPDIR: %s", e.Name())
	}
}

// newServer returns a server for requests to testAddr.
func newServer(t *testing.T, o Options) *Server {
	t.Helper()
	if o.Addr == "" {
		o.Addr = testAddr
	}
	if o.Log == nil {
		o.Log = log.New(io.Discard, "", 0)
	}
	o.Version = "test"
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// part is one part of a multipart form: a field, or a file when name is set.
type part struct {
	field    string
	isFile   bool
	filename string // raw, as a browser would send it
	data     []byte
}

func field(name, value string) part { return part{field: name, data: []byte(value)} }

func file(fieldName, filename string, data []byte) part {
	return part{field: fieldName, isFile: true, filename: filename, data: data}
}

// multipartForm encodes parts as multipart/form-data. File names are written raw
// (quotes escaped only), as browsers send them.
func multipartForm(parts ...part) (*bytes.Buffer, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		if p.isFile {
			name := strings.NewReplacer(`"`, `%22`, "\r", "%0D", "\n", "%0A").Replace(p.filename)
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename="%s"`, p.field, name))
			h.Set("Content-Type", "application/octet-stream")
		} else {
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q`, p.field))
		}
		w, err := mw.CreatePart(h)
		if err != nil {
			panic(err)
		}
		w.Write(p.data)
	}
	mw.Close()
	return &b, mw.FormDataContentType()
}

// post makes a same-origin form post, as the page's own form would.
func post(path string, parts ...part) *http.Request {
	body, ct := multipartForm(parts...)
	r := httptest.NewRequest("POST", path, body)
	r.Host = testAddr
	r.Header.Set("Content-Type", ct)
	r.Header.Set("Origin", testOrigin)
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	return r
}

func get(path string) *http.Request {
	r := httptest.NewRequest("GET", path, nil)
	r.Host = testAddr
	return r
}

func serve(s *Server, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

// zipOf makes a zip of name → content; a name ending in / is a folder.
func zipOf(t testing.TB, entries ...zipEntry) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, NonUTF8: e.nonUTF8}
		if e.mode != 0 {
			h.SetMode(e.mode)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(e.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

type zipEntry struct {
	name    string
	data    []byte
	mode    os.FileMode
	nonUTF8 bool
}

// hidden returns the value of a hidden input of a page.
func hidden(t testing.TB, page, name string) string {
	t.Helper()
	m := regexp.MustCompile(`<input type="hidden" name="` + name + `" value="([^"]*)">`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no hidden %s in the page", name)
	}
	return htmlUnescape(m[1])
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&#34;", `"`, "&quot;", `"`, "&#39;", "'", "&lt;", "<", "&gt;", ">", "&#43;", "+", "&amp;", "&").Replace(s)
}

// zipNames lists a zip's entries.
func zipNames(t testing.TB, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	m := map[string][]byte{}
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		m[f.Name] = b
	}
	return m
}

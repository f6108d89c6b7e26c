package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// stubDesktop replaces the program's ties to its surroundings for one test:
// the console ownership, and a browser that runs browse on the page it is
// asked to open and then stops the server. It returns the URL opened.
func stubDesktop(t *testing.T, owns bool, browse func(url string)) (opened func() string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	oldOwns, oldOpen, oldCtx := ownsConsole, openBrowser, serveContext
	t.Cleanup(func() { ownsConsole, openBrowser, serveContext = oldOwns, oldOpen, oldCtx; cancel() })
	ownsConsole = func() bool { return owns }
	serveContext = func() (context.Context, context.CancelFunc) { return ctx, cancel }
	var mu sync.Mutex
	var url string
	openBrowser = func(u string) error {
		mu.Lock()
		url = u
		mu.Unlock()
		go func() {
			defer cancel()
			browse(u)
		}()
		return nil
	}
	return func() string {
		mu.Lock()
		defer mu.Unlock()
		return url
	}
}

// getOK is a browser that loads the page and expects 200.
func getOK(t *testing.T) func(string) {
	return func(u string) {
		resp, err := http.Get(u)
		if err != nil {
			t.Error(err)
			return
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: status %d", u, resp.StatusCode)
		}
	}
}

func TestServeOpen(t *testing.T) {
	opened := stubDesktop(t, false, getOK(t))
	out, errOut, code := runCmd(t, "serve", "--open")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	url := opened()
	if !regexp.MustCompile(`^http://127\.0\.0\.1:\d+/$`).MatchString(url) {
		t.Errorf("browser opened %q", url)
	}
	for _, want := range []string{"jixiao 网页已启动：" + url + "\n", "只有本机可以访问", "按 Ctrl+C 停止", "已停止，临时文件已删除"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestServeLAN(t *testing.T) {
	stubDesktop(t, false, getOK(t))
	out, errOut, code := runCmd(t, "serve", "--addr", "0.0.0.0:0", "--lan", "--open")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"局域网内的电脑可以用以下地址访问", "本机：http://127.0.0.1:", "同一网络中的任何人都能打开此网页并上传文件"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestServeUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--addr", "0.0.0.0:8080"}, "不是本机回环地址，局域网内的其他电脑也能访问；确需如此请加 --lan"},
		{[]string{"serve", "--addr", ":8080"}, "确需如此请加 --lan"},
		{[]string{"serve", "--addr", "192.168.1.5:8080"}, "确需如此请加 --lan"},
		{[]string{"serve", "--addr", "localhost"}, "--addr 应为 地址:端口"},
		{[]string{"serve", "x"}, "不需要参数"},
	} {
		_, errOut, code := runCmd(t, tc.args...)
		if code != 2 || !strings.Contains(errOut, tc.want) || !strings.Contains(errOut, "试试：jixiao serve --help") {
			t.Errorf("%q: exit %d: %s", tc.args, code, errOut)
		}
	}
	for _, addr := range []string{"127.0.0.1:0", "localhost:0", "[::1]:0", "127.0.0.2:0"} {
		if ok, err := loopback(addr); !ok || err != nil {
			t.Errorf("loopback(%q) = %v, %v", addr, ok, err)
		}
	}
}

func TestDoubleClick(t *testing.T) {
	opened := stubDesktop(t, true, getOK(t))
	out, errOut, code := runCmd(t)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if url := opened(); url == "" || !strings.Contains(out, url) {
		t.Errorf("browser opened %q:\n%s", url, out)
	}
	if !strings.Contains(out, "关闭本窗口即停止") {
		t.Errorf("output:\n%s", out)
	}
}

func TestNoArgumentsInTerminal(t *testing.T) {
	stubDesktop(t, false, getOK(t))
	out, _, code := runCmd(t)
	if code != 2 || !strings.Contains(out, "serve      在本机启动网页版") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestSoleProcess(t *testing.T) {
	for n, want := range map[int]bool{0: false, 1: true, 2: false, 3: false} {
		if got := soleProcess(n); got != want {
			t.Errorf("soleProcess(%d) = %v", n, got)
		}
	}
}

func TestVersion(t *testing.T) {
	old := version
	t.Cleanup(func() { version = old })
	version = ""
	if v := Version(); v == "" {
		t.Error("no version")
	}
	version = "v1.2.3"
	if v := Version(); v != "v1.2.3" {
		t.Errorf("Version() = %q", v)
	}
}

// TestCheckJSONAsWeb: the web page's JSON answer has the shape and content
// `jixiao check --json` prints.
func TestCheckJSONAsWeb(t *testing.T) {
	cli, _, _ := runCmd(t, "check", "--json", example)
	var web []byte
	stubDesktop(t, false, func(u string) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, err := mw.CreateFormFile("file", filepath.Base(example))
		if err != nil {
			t.Error(err)
			return
		}
		fw.Write(readExample(t))
		mw.Close()
		req, err := http.NewRequest("POST", u+"check", &body)
		if err != nil {
			t.Error(err)
			return
		}
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Accept", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
			return
		}
		defer resp.Body.Close()
		if web, err = io.ReadAll(resp.Body); err != nil {
			t.Error(err)
		}
	})
	if _, errOut, code := runCmd(t, "serve", "--open"); code != 0 {
		t.Fatalf("serve: exit %d: %s", code, errOut)
	}
	normal := func(b []byte) string {
		var v map[string]any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatalf("%v: %s", err, b)
		}
		v["file"] = "…"
		out, err := json.MarshalIndent(v, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	if a, b := normal([]byte(cli)), normal(web); a != b {
		t.Errorf("check --json:\n%s\nweb:\n%s", a, b)
	}
}

func readExample(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

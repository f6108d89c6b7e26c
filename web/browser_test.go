package web

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"jixiao/internal/realclient"
)

// TestBrowser drives Debian's Chromium, headless, through what a unit's staff
// and the bureau do: open the page, upload the filled-in workbook, read the
// problems, download the Word file; the same without JavaScript; upload a
// bundle and download it. With JIXIAO_SCREENSHOTS set to a folder, it saves a
// screenshot of each page there (1366×768, a small laptop).
func TestBrowser(t *testing.T) {
	chromium := realclient.Chromium(t)
	work := t.TempDir()
	workbook := filepath.Join(work, "填报表.xlsx")
	if err := os.WriteFile(workbook, filledWorkbook(), 0o644); err != nil {
		t.Fatal(err)
	}
	rosterFile := filepath.Join(work, "名单.csv")
	if err := os.WriteFile(rosterFile, []byte("预算编码,单位名称\n200002,"+exampleUnit+"\n300001,岳阳楼区未报送局\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	json, err := filepath.Abs(exampleJSON)
	if err != nil {
		t.Fatal(err)
	}
	downloads := filepath.Join(work, "downloads")
	shots := os.Getenv("JIXIAO_SCREENSHOTS")

	ts := httptest.NewUnstartedServer(nil)
	s := newServer(t, Options{Addr: ts.Listener.Addr().String()})
	ts.Config.Handler = s
	ts.Start()
	defer ts.Close()

	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(chromium), chromedp.UserDataDir(filepath.Join(work, "profile")),
		chromedp.WindowSize(1366, 768), chromedp.Flag("lang", "zh-CN")}
	for _, f := range realclient.ChromiumFlags {
		opts = append(opts, chromedp.Flag(strings.TrimPrefix(f, "--"), true))
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()

	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return v
	}
	shot := func(name string) {
		t.Helper()
		if shots == "" {
			return
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// download clicks a button and returns the name and the content of the
	// file it downloads.
	download := func(button string) (string, []byte) {
		t.Helper()
		begun := chromedp.BrowserEvents(ctx, browser.DownloadWillBegin)
		progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
		do("click "+button, chromedp.Click(chromedp.CSS(button)))
		var d browser.EventDownloadWillBegin
		for ev, err := range begun {
			if err != nil {
				t.Fatalf("no download began: %v", err)
			}
			d = ev
			break
		}
		for ev, err := range progress {
			if err != nil {
				t.Fatalf("the download did not finish: %v", err)
			}
			if ev.GUID == d.GUID && ev.State == browser.DownloadProgressStateCompleted {
				break
			}
		}
		return d.SuggestedFilename, readFile(t, filepath.Join(downloads, d.GUID))
	}

	// The unit's page: upload the workbook, see the problems, download the Word file.
	do("open the unit's page", chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`#step2`)))
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: downloads, EventsEnabled: new(true)}); err != nil {
		t.Fatal(err)
	}
	shot("1-unit")
	do("upload the workbook",
		chromedp.SetUploadFiles(chromedp.CSS(`form[action^="/check"] input[name=file]`), []string{workbook}),
		chromedp.Click(chromedp.CSS(`form[action^="/check"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#result`)))
	result := text(`#result`)
	for _, want := range []string{"检查结果：填报表.xlsx", "有 1 个错误", "收支情况!C8", "收入合计，万元",
		"其他收入 181.24），实际为 307.74", "评分表!F4", "按评分标准应得 0 分"} {
		if !strings.Contains(result, want) {
			t.Errorf("result lacks %q:\n%s", want, result)
		}
	}
	shot("2-unit-result")
	name, docx := download(`button[value=docx]`)
	if want := exampleUnit + "_2020年度部门整体支出绩效自评报告.docx"; name != want {
		t.Errorf("downloaded %q, want %q", name, want)
	}
	parts := zipNames(t, docx)
	if doc := parts["word/document.xml"]; !bytes.Contains(doc, []byte(exampleUnit)) || !bytes.Contains(doc, []byte("307.47")) {
		t.Errorf("the Word file lacks the unit's name or its 收入合计 307.47")
	}

	// Start this year's workbook from last year's Word report.
	lastYear := filepath.Join(t.TempDir(), "2020年度自评报告.docx")
	if err := os.WriteFile(lastYear, readFile(t, "../testdata/bad/word-document.docx"), 0o644); err != nil {
		t.Fatal(err)
	}
	do("choose last year's report", chromedp.Navigate(ts.URL+"/"),
		chromedp.SetUploadFiles(chromedp.CSS(`form[action="/template/from"] input[name=file]`), []string{lastYear}))
	if name, book := download(`form[action="/template/from"] button[type=submit]`); name != exampleUnit+"_2021年度绩效自评填报表.xlsx" ||
		!bytes.Contains(zipNames(t, book)["xl/workbook.xml"], []byte("sheet")) {
		t.Errorf("from last year: downloaded %q", name)
	}

	// The same without JavaScript: the forms post as they are.
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	do("upload without JavaScript",
		chromedp.Navigate(ts.URL+"/"),
		chromedp.SetUploadFiles(chromedp.CSS(`form[action^="/check"] input[name=file]`), []string{json}),
		chromedp.Click(chromedp.CSS(`form[action^="/check"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#result`)))
	if plain := text(`#result`); !strings.Contains(plain, "有 3 个错误") || !strings.Contains(plain, "79:27") {
		t.Errorf("result without JavaScript:\n%s", plain)
	}
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
		t.Fatal(err)
	}

	// The bureau's page: upload two reports, watch the bundle, download it.
	do("open the bureau's page", chromedp.Navigate(ts.URL+"/bureau"), chromedp.WaitVisible(chromedp.CSS(`#bundle-form`)))
	shot("3-bureau")
	do("upload a bundle",
		chromedp.SetUploadFiles(chromedp.CSS(`input[name=files][multiple]`), []string{workbook, json}),
		chromedp.SetUploadFiles(chromedp.CSS(`input[name=roster]`), []string{rosterFile}),
		chromedp.SendKeys(chromedp.CSS(`input[name=year]`), "2020"),
		chromedp.Click(chromedp.CSS(`#bundle-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action$="/download"]`)))
	summary := text(`main`)
	for _, want := range []string{"汇总包已生成", "有错误的单位", exampleUnit, "已生成", "2020", "300001 岳阳楼区未报送局", "未报送"} {
		if !strings.Contains(summary, want) {
			t.Errorf("bundle page lacks %q:\n%s", want, summary)
		}
	}
	shot("4-bundle")
	name, zipped := download(`form[action$="/download"] button`)
	if name != "汇总包.zip" {
		t.Errorf("downloaded %q", name)
	}
	if _, ok := zipNames(t, zipped)["汇总包/汇总表.xlsx"]; !ok {
		t.Errorf("the bundle lacks 汇总表.xlsx")
	}
	do("open a page that does not exist", chromedp.Navigate(ts.URL+"/bundle/0123"), chromedp.WaitVisible(chromedp.CSS(`.banner`)))
	shot("5-error")

	docxFile := filepath.Join(work, "报告.docx")
	if err := os.WriteFile(docxFile, docx, 0o644); err != nil {
		t.Fatal(err)
	}
	realclient.Validate(t, docxFile)
}

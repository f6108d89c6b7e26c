// Package pdf turns the Word and Excel files the tool writes into PDF with
// LibreOffice, when it is installed, and merges PDFs into one printable volume
// with bookmarks. It is the only package that runs LibreOffice or imports
// pdfcpu.
//
// # Finding LibreOffice
//
// Find looks at $JIXIAO_SOFFICE, then for soffice and libreoffice on the PATH,
// then where LibreOffice installs itself: on Windows
// %ProgramFiles%\LibreOffice\program\soffice.exe (and %ProgramFiles(x86)%,
// %LOCALAPPDATA%\Programs), on macOS /Applications/LibreOffice.app, on Linux
// /usr/lib/libreoffice and /usr/lib64/libreoffice (the distributions' packages,
// 麒麟 and 统信 included), /opt/libreoffice* (The Document Foundation's
// packages), /opt/apps/*/files (统信 and deepin app store packages), Snap and
// Flatpak. When there is none, its error says where it looked and how to
// install LibreOffice.
//
// # Converting
//
// ConvertAll runs up to Options.Jobs LibreOffice processes, each with a
// private profile in the temporary folder, and hands them batches that shrink
// towards the end so that all finish together; it reports each file as it is
// finished. LibreOffice runs in a process group of its own (a job object on
// Windows) that is killed when the context is cancelled; on Linux and Windows
// it also dies with jixiao, even after kill -9, and its profile is removed by
// the next conversion (see cleanStale). A bundle would use it so:
//
//	files := make([]pdf.File, len(units))
//	for i, u := range units {
//		files[i] = pdf.File{In: u.Docx, Out: u.PDF}
//	}
//	err := pdf.ConvertAll(ctx, files, pdf.Options{
//		Jobs: jobs,
//		Progress: func(p pdf.Progress) {
//			bar.Set("PDF", p.Done, p.Total, p.Left()) // and p.Err for the unit's problems
//		},
//	})
//
// and then Merge the summary's and the units' PDFs into 汇总册.pdf:
//
//	err = pdf.Merge(ctx, "汇总册.pdf", []pdf.Part{
//		{Title: "汇总表", File: "汇总表.pdf"},
//		{Title: "100003 岳阳楼区第3事务中心", Parts: []pdf.Part{
//			{Title: "自评报告", File: "报告/100003_岳阳楼区第3事务中心.pdf"},
//			{Title: "反馈单", File: "反馈/100003_岳阳楼区第3事务中心_反馈单.pdf"},
//		}},
//	}, pdf.MergeOptions{Title: "岳阳楼区2021年度部门整体支出绩效自评汇总册"})
//
// Both give the same bytes for the same input: LibreOffice's time stamps and
// pdfcpu's object order are replaced (Options.Date, MergeOptions.Date).
//
// # What a conversion costs
//
// Measured with LibreOffice 7.4 on 2 shared cores (CPU seconds, which
// contention distorts less than wall time): a LibreOffice start costs
// about 0.35 s on a profile it has run before, 1.1–1.5 s on a new profile;
// then 0.2–0.3 s a document of 13–23 pages, of which loading the .docx is
// about a third and laying out and writing the PDF the rest. Three things cut
// the start: a profile that records the version (see seedRegistry: otherwise
// LibreOffice runs its graphics self-test, 0.6 s, at every start), one profile
// per process for all its batches (a new one costs a restart, exit 81), and
// starting soffice.bin rather than the soffice script (no shell, oosplash or
// javaldx). The startup flags (--nologo, --nodefault, --nolockcheck,
// --nofirststartwizard), SAL_USE_VCLPLUGIN=svp (what --headless uses
// anyway), a minimal fontconfig file instead of the system's, PDF export
// options (no tagged PDF, no bookmarks, no form fields), glibc malloc tuning,
// and turning off spelling and the recent-documents list changed nothing
// measurable. The documents' cost is LibreOffice's own import and layout, so a
// conversion takes about 0.25 CPU seconds × documents ÷ processes: at least 2
// minutes for 1,000 units on 2 cores, falling in proportion with more cores
// (each process needs about 210 MB).
package pdf

// FontsConf is a fontconfig file that maps the Windows Chinese font names the
// documents use to the free CJK fonts of Debian and Ubuntu (fonts-noto-cjk,
// fonts-arphic-gkai00mp), so that LibreOffice on Linux lays out Chinese text with
// Chinese glyphs: 仿宋/楷体 → AR PL KaitiM GB, 宋体/方正小标宋简体 → Noto Serif CJK SC,
// 黑体 → Noto Sans CJK SC. It includes the system configuration, and a font
// installed under the name itself (仿宋_GB2312 copied from Windows, as 信创
// desktops often have) comes before its stand-in.
const FontsConf = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <alias binding="same"><family>仿宋_GB2312</family><accept><family>AR PL KaitiM GB</family></accept></alias>
  <alias binding="same"><family>仿宋</family><accept><family>AR PL KaitiM GB</family></accept></alias>
  <alias binding="same"><family>FangSong</family><accept><family>AR PL KaitiM GB</family></accept></alias>
  <alias binding="same"><family>楷体_GB2312</family><accept><family>AR PL KaitiM GB</family></accept></alias>
  <alias binding="same"><family>楷体</family><accept><family>AR PL KaitiM GB</family></accept></alias>
  <alias binding="same"><family>宋体</family><accept><family>Noto Serif CJK SC</family></accept></alias>
  <alias binding="same"><family>SimSun</family><accept><family>Noto Serif CJK SC</family></accept></alias>
  <alias binding="same"><family>方正小标宋简体</family><accept><family>Noto Serif CJK SC</family></accept></alias>
  <alias binding="same"><family>黑体</family><accept><family>Noto Sans CJK SC</family></accept></alias>
  <alias binding="same"><family>SimHei</family><accept><family>Noto Sans CJK SC</family></accept></alias>
</fontconfig>
`

// Package pdf converts the Word files the tool writes to PDF with LibreOffice,
// when it is installed.
package pdf

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// FontsConf is a fontconfig file that maps the Windows Chinese font names the
// documents use to the free CJK fonts of Debian and Ubuntu (fonts-noto-cjk,
// fonts-arphic-gkai00mp), so that LibreOffice on Linux lays out Chinese text with
// Chinese glyphs: 仿宋/楷体 → AR PL KaitiM GB, 宋体/方正小标宋简体 → Noto Serif CJK SC,
// 黑体 → Noto Sans CJK SC. It includes the system configuration.
const FontsConf = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <alias binding="same"><family>仿宋_GB2312</family><prefer><family>AR PL KaitiM GB</family></prefer></alias>
  <alias binding="same"><family>仿宋</family><prefer><family>AR PL KaitiM GB</family></prefer></alias>
  <alias binding="same"><family>FangSong</family><prefer><family>AR PL KaitiM GB</family></prefer></alias>
  <alias binding="same"><family>楷体_GB2312</family><prefer><family>AR PL KaitiM GB</family></prefer></alias>
  <alias binding="same"><family>楷体</family><prefer><family>AR PL KaitiM GB</family></prefer></alias>
  <alias binding="same"><family>宋体</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>SimSun</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>方正小标宋简体</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>黑体</family><prefer><family>Noto Sans CJK SC</family></prefer></alias>
  <alias binding="same"><family>SimHei</family><prefer><family>Noto Sans CJK SC</family></prefer></alias>
</fontconfig>
`

// ErrNoLibreOffice says that PDF output needs LibreOffice.
var ErrNoLibreOffice = errors.New("生成 PDF 需要 LibreOffice（未找到 soffice 或 libreoffice 命令；Debian/Ubuntu：apt-get install libreoffice-writer-nogui，Windows：安装 LibreOffice 并把其 program 文件夹加入 PATH）")

// Find returns the LibreOffice program.
func Find() (string, error) {
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoLibreOffice
}

// Convert converts files to PDF into outDir in one LibreOffice call, with a
// private profile folder (LibreOffice locks its profile, so concurrent calls
// each need their own). Each PDF is named after its file.
func Convert(ctx context.Context, outDir string, files []string) error {
	soffice, err := Find()
	if err != nil {
		return err
	}
	profile, err := os.MkdirTemp("", "jixiao-lo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(profile)
	args := append([]string{"-env:UserInstallation=file://" + filepath.ToSlash(profile), "--headless", "--norestore",
		"--convert-to", "pdf", "--outdir", outDir}, files...)
	cmd := exec.CommandContext(ctx, soffice, args...)
	cmd.Env = append(os.Environ(), "HOME="+profile)
	if runtime.GOOS == "linux" && os.Getenv("FONTCONFIG_FILE") == "" {
		conf := filepath.Join(profile, "fonts.conf")
		if err := os.WriteFile(conf, []byte(FontsConf), 0o644); err != nil {
			return err
		}
		cmd.Env = append(cmd.Env, "FONTCONFIG_FILE="+conf)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("LibreOffice 转换 PDF 失败：%w\n%s", err, out)
	}
	var missing []string
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), filepath.Ext(f)) + ".pdf"
		if _, err := os.Stat(filepath.Join(outDir, name)); err != nil {
			missing = append(missing, filepath.Base(f))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("LibreOffice 没有转换 %s：\n%s", strings.Join(missing, "、"), out)
	}
	return nil
}

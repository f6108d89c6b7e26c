package pdf

import (
	"errors"
	"os/exec"
	"path"
	"slices"
	"strings"
	"testing"
)

// fakeSystem is a finder's view of a machine: environment, PATH entries and files.
type fakeSystem struct {
	goos  string
	env   map[string]string
	path  map[string]string // command → where LookPath finds it
	files []string
}

func (s fakeSystem) finder() finder {
	return finder{
		goos:   s.goos,
		getenv: func(k string) string { return s.env[k] },
		lookPath: func(name string) (string, error) {
			if p, ok := s.path[name]; ok {
				return p, nil
			}
			return "", exec.ErrNotFound
		},
		isFile: func(p string) bool { return slices.Contains(s.files, p) },
		glob: func(pattern string) ([]string, error) {
			var m []string
			for _, f := range s.files {
				if ok, err := path.Match(pattern, f); err != nil {
					return nil, err
				} else if ok {
					m = append(m, f)
				}
			}
			return m, nil
		},
	}
}

func TestFind(t *testing.T) {
	winEnv := map[string]string{
		"ProgramFiles":      `C:\Program Files`,
		"ProgramW6432":      `C:\Program Files`,
		"ProgramFiles(x86)": `C:\Program Files (x86)`,
		"LOCALAPPDATA":      `C:\Users\张三\AppData\Local`,
	}
	tests := []struct {
		name string
		sys  fakeSystem
		want string
	}{
		{"env override first", fakeSystem{goos: "linux",
			env:   map[string]string{EnvProgram: "/home/u/lo/program/soffice"},
			path:  map[string]string{"soffice": "/usr/bin/soffice"},
			files: []string{"/home/u/lo/program/soffice"}}, "/home/u/lo/program/soffice"},
		{"env override missing falls through", fakeSystem{goos: "linux",
			env:  map[string]string{EnvProgram: "/nope/soffice"},
			path: map[string]string{"soffice": "/usr/bin/soffice"}}, "/usr/bin/soffice"},
		{"linux PATH soffice", fakeSystem{goos: "linux",
			path: map[string]string{"soffice": "/usr/bin/soffice", "libreoffice": "/usr/bin/libreoffice"}}, "/usr/bin/soffice"},
		{"linux PATH libreoffice", fakeSystem{goos: "linux",
			path: map[string]string{"libreoffice": "/usr/local/bin/libreoffice"}}, "/usr/local/bin/libreoffice"},
		{"linux Debian package off PATH", fakeSystem{goos: "linux",
			files: []string{"/usr/lib/libreoffice/program/soffice"}}, "/usr/lib/libreoffice/program/soffice"},
		{"linux Fedora and openEuler", fakeSystem{goos: "linux",
			files: []string{"/usr/lib64/libreoffice/program/soffice"}}, "/usr/lib64/libreoffice/program/soffice"},
		{"linux TDF packages, newest first", fakeSystem{goos: "linux",
			files: []string{"/opt/libreoffice7.4/program/soffice", "/opt/libreoffice7.6/program/soffice"}}, "/opt/libreoffice7.6/program/soffice"},
		{"统信 app store", fakeSystem{goos: "linux",
			files: []string{"/opt/apps/org.libreoffice.libreoffice/files/lib/libreoffice/program/soffice"}},
			"/opt/apps/org.libreoffice.libreoffice/files/lib/libreoffice/program/soffice"},
		{"linux snap", fakeSystem{goos: "linux", files: []string{"/snap/bin/libreoffice"}}, "/snap/bin/libreoffice"},
		{"windows PATH", fakeSystem{goos: "windows", env: winEnv,
			path: map[string]string{"soffice.exe": `D:\LO\program\soffice.exe`}}, `D:\LO\program\soffice.exe`},
		{"windows Program Files", fakeSystem{goos: "windows", env: winEnv,
			files: []string{`C:\Program Files\LibreOffice\program\soffice.exe`}}, `C:\Program Files\LibreOffice\program\soffice.exe`},
		{"windows 32-bit LibreOffice", fakeSystem{goos: "windows", env: winEnv,
			files: []string{`C:\Program Files (x86)\LibreOffice\program\soffice.exe`}}, `C:\Program Files (x86)\LibreOffice\program\soffice.exe`},
		{"windows per-user install", fakeSystem{goos: "windows", env: winEnv,
			files: []string{`C:\Users\张三\AppData\Local\Programs\LibreOffice\program\soffice.exe`}},
			`C:\Users\张三\AppData\Local\Programs\LibreOffice\program\soffice.exe`},
		{"windows without environment", fakeSystem{goos: "windows",
			files: []string{`C:\Program Files\LibreOffice\program\soffice.exe`}}, `C:\Program Files\LibreOffice\program\soffice.exe`},
		{"macOS", fakeSystem{goos: "darwin", env: map[string]string{"HOME": "/Users/zs"},
			files: []string{"/Applications/LibreOffice.app/Contents/MacOS/soffice"}}, "/Applications/LibreOffice.app/Contents/MacOS/soffice"},
		{"macOS in ~/Applications", fakeSystem{goos: "darwin", env: map[string]string{"HOME": "/Users/zs"},
			files: []string{"/Users/zs/Applications/LibreOffice.app/Contents/MacOS/soffice"}}, "/Users/zs/Applications/LibreOffice.app/Contents/MacOS/soffice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.sys.finder().find()
			if err != nil {
				t.Fatalf("find: %v", err)
			}
			if got != tt.want {
				t.Errorf("find = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFindMissing(t *testing.T) {
	tests := []struct {
		name       string
		sys        fakeSystem
		wantLooked []string
		wantHint   string
	}{
		{"windows", fakeSystem{goos: "windows", env: map[string]string{
			"ProgramFiles": `C:\Program Files`, "ProgramFiles(x86)": `C:\Program Files (x86)`, EnvProgram: `C:\x\soffice.exe`}},
			[]string{
				`JIXIAO_SOFFICE=C:\x\soffice.exe`,
				"PATH 中的 soffice.exe",
				`C:\Program Files\LibreOffice\program\soffice.exe`,
				`C:\Program Files (x86)\LibreOffice\program\soffice.exe`,
			}, "下载安装 LibreOffice"},
		{"darwin", fakeSystem{goos: "darwin"},
			[]string{"PATH 中的 soffice、libreoffice", "/Applications/LibreOffice.app/Contents/MacOS/soffice"},
			"拖入“应用程序”文件夹"},
		{"linux", fakeSystem{goos: "linux"},
			[]string{"PATH 中的 soffice、libreoffice", "/usr/lib/libreoffice/program/soffice", "/usr/lib64/libreoffice/program/soffice",
				"/usr/local/lib/libreoffice/program/soffice", "/opt/libreoffice*/program/soffice",
				"/opt/apps/*/files/lib/libreoffice/program/soffice", "/opt/apps/*/files/libreoffice*/program/soffice",
				"/opt/apps/*/files/opt/libreoffice*/program/soffice", "/snap/bin/libreoffice",
				"/var/lib/flatpak/exports/bin/org.libreoffice.LibreOffice"},
			"apt-get install libreoffice-writer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.sys.finder().find()
			var nf *NotFoundError
			if !errors.As(err, &nf) {
				t.Fatalf("find error = %v, want *NotFoundError", err)
			}
			if !errors.Is(err, ErrNoLibreOffice) {
				t.Errorf("error does not match ErrNoLibreOffice")
			}
			if !slices.Equal(nf.Looked, tt.wantLooked) {
				t.Errorf("looked =\n%q\nwant\n%q", nf.Looked, tt.wantLooked)
			}
			msg := err.Error()
			for _, want := range append([]string{"没有找到", "JIXIAO_SOFFICE", tt.wantHint}, tt.wantLooked...) {
				if !strings.Contains(msg, want) {
					t.Errorf("message lacks %q:\n%s", want, msg)
				}
			}
		})
	}
}

func TestFileURL(t *testing.T) {
	tests := []struct {
		name    string
		path    string
		windows bool
		want    string
	}{
		{"windows Chinese user", `C:\Users\张三\AppData\Local\Temp\jixiao-lo-4242-123`, true,
			"file:///C:/Users/%E5%BC%A0%E4%B8%89/AppData/Local/Temp/jixiao-lo-4242-123"},
		{"windows space and parentheses", `D:\Program Files (x86)\临时`, true,
			"file:///D:/Program%20Files%20%28x86%29/%E4%B8%B4%E6%97%B6"},
		{"windows UNC", `\\fileserver\共享\tmp`, true, "file://fileserver/%E5%85%B1%E4%BA%AB/tmp"},
		{"unix", "/tmp/jixiao-lo-1-2", false, "file:///tmp/jixiao-lo-1-2"},
		{"unix specials", "/home/李 四/a#b%c?d;e", false, "file:///home/%E6%9D%8E%20%E5%9B%9B/a%23b%25c%3Fd%3Be"},
		{"macOS temp", "/var/folders/x_/T/jixiao-lo-7-8", false, "file:///var/folders/x_/T/jixiao-lo-7-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fileURL(tt.path, tt.windows); got != tt.want {
				t.Errorf("fileURL(%q) = %q, want %q", tt.path, got, tt.want)
			}
		})
	}
}

func TestPipeName(t *testing.T) {
	// The name LibreOffice 7.4 gave its socket (/tmp/OSL_PIPE_0_<name>) for
	// -env:UserInstallation=file:///tmp/pdfw/exp/P-seed.
	const want = "SingleOfficeIPC_14c86a8996e326a78511f5794518"
	if got := pipeName("file:///tmp/pdfw/exp/P-seed"); got != want {
		t.Errorf("pipeName = %q, want %q", got, want)
	}
}

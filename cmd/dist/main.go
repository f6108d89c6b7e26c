// Command dist builds the ready-built programs: jixiao for each system that
// units and bureaus use, with the version stamped in, and their SHA-256 sums.
//
//	go run ./cmd/dist                    # version from git describe
//	go run ./cmd/dist -version v1.2.0 -o dist
//
// It writes dist/jixiao-<version>-<os>-<arch>[.exe] and dist/SHA256SUMS (the
// format of sha256sum -c). Builds are without cgo and reproducible: the same
// source, Go version and version string give the same bytes (-trimpath, no
// VCS stamp, an empty build ID).
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// A target is a system to build for.
type target struct{ goos, goarch string }

// targets are Windows, the 信创 desktops (麒麟/统信 on x86, 飞腾 arm64 and 龙芯
// loong64) and Macs with Apple silicon.
var targets = []target{
	{"windows", "amd64"},
	{"linux", "amd64"},
	{"linux", "arm64"},
	{"linux", "loong64"},
	{"darwin", "arm64"},
}

// sumsName is the file of SHA-256 sums.
const sumsName = "SHA256SUMS"

var validVersion = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$`)

func main() {
	out := flag.String("o", "dist", "output folder")
	ver := flag.String("version", "", "version to stamp (default: git describe --tags --always --dirty)")
	flag.Parse()
	if err := run(*out, *ver, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "dist:", err)
		os.Exit(1)
	}
}

func run(out, ver string, log io.Writer) error {
	if ver == "" {
		v, err := exec.Command("git", "describe", "--tags", "--always", "--dirty").Output()
		if err != nil {
			return fmt.Errorf("cannot get the version from git (give -version): %w", err)
		}
		ver = strings.TrimSpace(string(v))
	}
	if !validVersion.MatchString(ver) {
		return fmt.Errorf("version %q: want letters, digits and . + _ - only", ver)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	var names []string
	for _, t := range targets {
		name := binaryName(ver, t)
		fmt.Fprintf(log, "building %s\n", name)
		if err := build(filepath.Join(out, name), ver, t); err != nil {
			return fmt.Errorf("%s/%s: %w", t.goos, t.goarch, err)
		}
		names = append(names, name)
	}
	sums, err := sumFiles(out, names)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, sumsName), sums, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(log, "wrote %s\n", filepath.Join(out, sumsName))
	return nil
}

// binaryName is jixiao-<version>-<os>-<arch>, with .exe for Windows.
func binaryName(ver string, t target) string {
	name := "jixiao-" + ver + "-" + t.goos + "-" + t.goarch
	if t.goos == "windows" {
		name += ".exe"
	}
	return name
}

// build builds cmd/jixiao for one target into name (through a temporary file,
// so that a failed build leaves no half-written program).
func build(name, ver string, t target) error {
	tmp := name + ".tmp"
	cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false",
		"-ldflags", "-s -w -buildid= -X main.version="+ver, "-o", tmp, "./cmd/jixiao")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+t.goos, "GOARCH="+t.goarch, "GOFLAGS=")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("%w\n%s", err, stderr.String())
	}
	return os.Rename(tmp, name)
}

// sumFiles returns the SHA-256 sums of the files in dir, sorted by name, one
// "<hex>  <name>" line each.
func sumFiles(dir string, names []string) ([]byte, error) {
	names = slices.Sorted(slices.Values(names))
	var b bytes.Buffer
	for _, n := range names {
		if n == "" || strings.ContainsAny(n, "/\\\n") {
			return nil, errors.New("bad file name " + n)
		}
		data, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(data)
		fmt.Fprintf(&b, "%s  %s\n", hex.EncodeToString(sum[:]), n)
	}
	return b.Bytes(), nil
}

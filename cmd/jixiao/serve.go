package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"slices"
	"strings"

	"jixiao/web"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", help{
		use: "[--addr 127.0.0.1:0] [--lan] [--open]",
		summary: `在本机启动网页版：单位页面下载填报表、上传检查、下载 Word 和 Excel 文件；财政局页面上传一批报告
（或一个 .zip）生成年度汇总包。默认只有本机可以访问；上传的文件处理完即删除。按 Ctrl+C 停止。
要让局域网内的其他电脑访问，给出本机的局域网地址（或 0.0.0.0）并加 --lan；这时同一网络中的任何人
都能打开网页并上传文件（连接不加密），只在可信的内部网络中使用。`,
		examples: []string{
			"jixiao serve --open",
			"jixiao serve --addr 0.0.0.0:8080 --lan",
		},
	}, stderr)
	addr := fs.String("addr", "127.0.0.1:0", "监听的`地址:端口`（端口 0：任选一个空闲端口）")
	lan := fs.Bool("lan", false, "允许局域网内的其他电脑访问（--addr 不是本机回环地址时必须加）")
	open := fs.Bool("open", false, "启动后用默认浏览器打开网页")
	if code := parse(fs, args, stdout); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(stderr, "serve", "不需要参数，实际给了 %q", fs.Arg(0))
	}
	loop, err := loopback(*addr)
	if err != nil {
		return usageError(stderr, "serve", "--addr 应为 地址:端口（如 127.0.0.1:8080），实际为 %q", *addr)
	}
	if !loop && !*lan {
		return usageError(stderr, "serve", "--addr %s 不是本机回环地址，局域网内的其他电脑也能访问；确需如此请加 --lan", *addr)
	}
	ctx, stop := serveContext()
	defer stop()
	return serve(ctx, serveOptions{addr: *addr, lan: *lan, open: *open}, stdout, stderr)
}

// serveOptions say how to serve: where, and whether to open the browser.
type serveOptions struct {
	addr    string
	lan     bool
	open    bool
	desktop bool // started by a double-click: closing the window stops it
}

// serve runs the web application until ctx is done.
func serve(ctx context.Context, o serveOptions, stdout, stderr io.Writer) int {
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao serve：无法在 %s 上启动：%v\n", o.addr, err)
		return 1
	}
	var hosts []string
	if o.lan {
		hosts = machineNames(ln.Addr().(*net.TCPAddr))
	}
	srv, err := web.New(web.Options{Addr: ln.Addr().String(), Hosts: hosts, Version: Version(), Log: log.New(stderr, "", log.LstdFlags)})
	if err != nil {
		ln.Close()
		fmt.Fprintf(stderr, "jixiao serve：%v\n", err)
		return 1
	}
	local := localURL(ln.Addr().(*net.TCPAddr))
	announce(stdout, o, local, ln.Addr().(*net.TCPAddr))
	if o.open {
		if err := openBrowser(local); err != nil {
			fmt.Fprintf(stdout, "无法打开浏览器（%v），请把上面的地址复制到浏览器中打开。\n", err)
		}
	}
	if err := srv.Serve(ctx, ln); err != nil {
		fmt.Fprintf(stderr, "jixiao serve：%v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, "已停止，临时文件已删除。")
	return 0
}

// announce says where the page is and who can reach it.
func announce(w io.Writer, o serveOptions, local string, addr *net.TCPAddr) {
	stop := "按 Ctrl+C 停止。"
	if o.desktop {
		stop = "关闭本窗口即停止。"
	}
	if !o.lan || addr.IP.IsLoopback() {
		fmt.Fprintf(w, "jixiao 网页已启动：%s\n只有本机可以访问。用浏览器打开上面的地址；%s\n", local, stop)
		return
	}
	fmt.Fprintln(w, "jixiao 网页已启动，局域网内的电脑可以用以下地址访问：")
	for _, u := range lanURLs(addr) {
		fmt.Fprintln(w, "  "+u)
	}
	fmt.Fprintf(w, "  本机：%s\n", local)
	fmt.Fprintf(w, "注意：同一网络中的任何人都能打开此网页并上传文件，连接不加密。只在单位内部的可信网络中使用；%s\n", stop)
}

// loopback reports whether a listening address is on the loopback interface
// only (127.0.0.1, [::1], localhost).
func loopback(addr string) (bool, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false, err
	}
	if strings.EqualFold(host, "localhost") {
		return true, nil
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback(), nil
}

// localURL is the address to open on this machine.
func localURL(a *net.TCPAddr) string {
	host := a.IP.String()
	switch {
	case a.IP.IsUnspecified():
		host = "127.0.0.1"
	case a.IP.To4() == nil:
		host = "[" + host + "]"
	}
	return fmt.Sprintf("http://%s:%d/", host, a.Port)
}

// lanURLs are the addresses other machines can use: each address of the
// machine when listening on all of them, or the one listened on.
func lanURLs(a *net.TCPAddr) []string {
	var urls []string
	add := func(ip net.IP) {
		if ip.IsLoopback() || ip.IsLinkLocalUnicast() || ip.IsUnspecified() {
			return
		}
		host := ip.String()
		if ip.To4() == nil {
			host = "[" + host + "]"
		}
		urls = append(urls, fmt.Sprintf("http://%s:%d/", host, a.Port))
	}
	if !a.IP.IsUnspecified() {
		add(a.IP)
		return urls
	}
	for _, ip := range interfaceIPs() {
		if ip.To4() != nil { // the addresses people type
			add(ip)
		}
	}
	return urls
}

// machineNames are the names and addresses requests from the LAN may name in
// their Host header: the machine's name and its addresses.
func machineNames(a *net.TCPAddr) []string {
	var names []string
	if h, err := os.Hostname(); err == nil {
		names = append(names, h)
	}
	if !a.IP.IsUnspecified() {
		return append(names, a.IP.String())
	}
	for _, ip := range interfaceIPs() {
		names = append(names, ip.String())
	}
	return slices.Compact(names)
}

func interfaceIPs() []net.IP {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	var ips []net.IP
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok {
			ips = append(ips, n.IP)
		}
	}
	return ips
}

package web

import (
	"context"
	"net"
	"net/http"
	"strings"
	"time"
)

// hostGuard answers only requests whose Host header names this server: the
// listening address, localhost, 127.0.0.1 or [::1] on the listening port, or
// (serving a LAN) one of the names in Options.Hosts. A web page elsewhere whose
// own name has been pointed at 127.0.0.1 (DNS rebinding) sends its own name as
// Host and is refused.
type hostGuard struct {
	port  string
	names map[string]bool
}

func newHostGuard(addr string, extra []string) (*hostGuard, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	g := &hostGuard{port: port, names: map[string]bool{"localhost": true, "127.0.0.1": true, "::1": true}}
	if ip := net.ParseIP(host); ip != nil && !ip.IsUnspecified() {
		g.names[ip.String()] = true
	}
	for _, h := range extra {
		h = strings.ToLower(strings.TrimSuffix(strings.Trim(h, "[]"), "."))
		if ip := net.ParseIP(h); ip != nil {
			h = ip.String()
		}
		if h != "" {
			g.names[h] = true
		}
	}
	return g, nil
}

// allows reports whether a Host header names this server.
func (g *hostGuard) allows(hostHeader string) bool {
	host, port, err := net.SplitHostPort(hostHeader)
	if err != nil { // no port: the scheme's default
		host, port = hostHeader, "80"
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if ip := net.ParseIP(host); ip != nil {
		host = ip.String()
	}
	return port == g.port && g.names[host]
}

// headers are sent with every answer: the pages load nothing from elsewhere,
// cannot be framed, and send no Referer.
func headers(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
}

// slots bounds the number of jobs running at once. A request that finds no
// free slot within a moment is answered 503.
type slots chan struct{}

func newSlots(n int) slots { return make(slots, n) }

// take waits up to wait for a slot; it returns the function that gives it
// back, or false.
func (s slots) take(ctx context.Context, wait time.Duration) (func(), bool) {
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case s <- struct{}{}:
		return func() { <-s }, true
	case <-t.C:
		return nil, false
	case <-ctx.Done():
		return nil, false
	}
}

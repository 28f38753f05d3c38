package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// holdIdleConns opens n keep-alive connections from the local address from,
// each with one finished request (so the server keeps it for its idle
// timeout, 2 minutes), and leaves them open until the test ends. The
// attacker of a slowloris-style attack: measured on the real binary, each
// such connection cost the bot 12.9 kB, 10,000 of them 126 MB, and one
// IPv4 address can open about 28,000, an IPv6 /64 without end.
func holdIdleConns(t *testing.T, addr, from string, n int) []net.Conn {
	t.Helper()
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
	conns := make([]net.Conn, 0, n)
	t.Cleanup(func() {
		for _, c := range conns {
			c.Close()
		}
	})
	for range n {
		c, err := d.Dial("tcp", addr)
		if err != nil {
			t.Fatalf("dial %d: %v", len(conns), err)
		}
		if _, err := c.Write([]byte("GET /favicon.ico HTTP/1.1\r\nHost: loa\r\n\r\n")); err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	return conns
}

// kept reports whether the server still holds c open: kept connections got
// their answer and are idle, refused ones were answered 503 and closed.
func kept(c net.Conn) (bool, *http.Response, error) {
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		return false, nil, err
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	resp.Body.Close()
	resp.Body = io.NopCloser(strings.NewReader(string(body)))
	_ = c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	_, err = br.ReadByte()
	return errors.Is(err, os.ErrDeadlineExceeded), resp, nil
}

// TestIdleConnectionsOfOneAddressAreBounded is the slowloris attack on the
// HTTP server: one address opened thousands of connections and held them
// idle, and the bot kept every one (12.9 kB each, for 2 minutes), so a few
// addresses could grow it without bound until the kernel or the memory
// ran out and every member lost the web chat and the webhooks. Now one
// address holds at most LOA_HTTP_CONNS_PER_ADDR connections; the rest are
// answered 503 with a polite text and closed, and everyone else is served.
func TestIdleConnectionsOfOneAddressAreBounded(t *testing.T) {
	t.Parallel()
	p := startProgram(t, map[string]string{"LOA_LOG_LEVEL": "info", "LOA_HTTP_CONNS_PER_ADDR": "50"})
	conns := holdIdleConns(t, p.addr, "127.0.4.1", 600)
	type look struct {
		kept bool
		resp *http.Response
		err  error
	}
	looks := make([]look, len(conns))
	var wg sync.WaitGroup
	for i, c := range conns {
		wg.Go(func() { looks[i].kept, looks[i].resp, looks[i].err = kept(c) })
	}
	wg.Wait()
	// A refused connection is answered 503 unless too many refusals are
	// being written at once: then it is closed without a word (the client
	// sees a reset), so that a flood of connections costs no goroutines.
	held, refused, answered := 0, 0, 0
	var refusal *http.Response
	for _, l := range looks {
		switch {
		case l.err != nil:
			refused++
		case l.kept && l.resp.StatusCode == http.StatusNoContent:
			held++
		case !l.kept && l.resp.StatusCode == http.StatusServiceUnavailable:
			refused++
			answered++
			refusal = l.resp
		default:
			t.Fatalf("connection answered %d, kept %v", l.resp.StatusCode, l.kept)
		}
	}
	t.Logf("of 600 idle connections from one address: %d held, %d refused (%d of them answered 503)", held, refused, answered)
	if held > 50 {
		t.Fatalf("one address holds %d idle connections, want at most 50", held)
	}
	if refusal == nil {
		t.Fatal("no connection was refused")
	}
	body, _ := io.ReadAll(refusal.Body)
	if !strings.Contains(string(body), "Loa đang bận") || refusal.Header.Get("Retry-After") == "" {
		t.Fatalf("a refused connection got %q (Retry-After %q)", body, refusal.Header.Get("Retry-After"))
	}

	// Another visitor is served meanwhile.
	visitor := newWebClient(p.addr, "127.0.4.2")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if rep, err := visitor.say(ctx, newSessionID(), "v1", "/start"); err != nil || rep.status != http.StatusOK || len(rep.Replies) == 0 {
		t.Fatalf("another visitor during the attack: %+v %v", rep, err)
	}
	// Read before the address closes its connections: a retry below may
	// find its slot not yet given back and be refused (and counted) too.
	if n := metric(t, p.addr, "loa_http_connections_refused_total"); int(n) != refused {
		t.Fatalf("loa_http_connections_refused_total = %v, want %d", n, refused)
	}
	// The address gets its connections back as it closes them.
	for _, c := range conns {
		c.Close()
	}
	again := newWebClient(p.addr, "127.0.4.1")
	waitUntil(t, 10*time.Second, "the address served again", func() bool {
		rep, err := again.say(ctx, newSessionID(), "a1", "/start")
		return err == nil && rep.status == http.StatusOK
	})
	if n := strings.Count(p.logs.String(), "connection"); n > 3 {
		t.Fatalf("%d log lines about connections for one attack:\n%s", n, p.logs.String())
	}
}

// TestOversizedHeadersAreRefused: Go's default let a request send 1 MB of
// headers, kept in memory while they trickle in (up to the 10 s header
// timeout): 480 connections from 4 addresses doing so grew the real binary
// by 221 MB, and within the bound of connections per address a hundred
// addresses could still ask for gigabytes. A real request's headers are a
// few kB (a browser's cookies, a platform's signature): past 64 kB the
// request is refused with 431, and a normal one is served as before.
func TestOversizedHeadersAreRefused(t *testing.T) {
	t.Parallel()
	p := startProgram(t, map[string]string{"LOA_LOG_LEVEL": "info"})
	get := func(pad int) int {
		req, _ := http.NewRequest(http.MethodGet, "http://"+p.addr+"/healthz", nil)
		for i := range pad / 1000 {
			req.Header.Set(fmt.Sprintf("X-Pad-%d", i), strings.Repeat("a", 990))
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := get(100 << 10); code != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("100 kB of headers: status %d, want 431", code)
	}
	if code := get(8 << 10); code != http.StatusOK {
		t.Fatalf("8 kB of headers: status %d, want 200", code)
	}
}

// TestAClientThatNeverReadsIsLetGo is the slow-read attack: a client
// pipelines thousands of requests on a connection and never reads the
// answers. The server's writes block once the socket buffers are full and,
// with no write timeout, it held the connection for good: 20 such
// connections were still held after 180 s, past every other timeout, so an
// address kept its whole bound of connections (and their buffers) for as
// long as it liked. Now a response must be written within
// LOA_HTTP_WRITE_TIMEOUT, and the address gets its connections back.
func TestAClientThatNeverReadsIsLetGo(t *testing.T) {
	t.Parallel()
	p := startProgram(t, map[string]string{"LOA_LOG_LEVEL": "info",
		"LOA_HTTP_CONNS_PER_ADDR": "8", "LOA_HTTP_WRITE_TIMEOUT": "30s"})
	const from = "127.0.7.1"
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
	pipelined := []byte(strings.Repeat("GET /static/app.js HTTP/1.1\r\nHost: loa\r\n\r\n", 3000))
	for range 8 {
		c, err := d.Dial("tcp", p.addr)
		if err != nil {
			t.Fatal(err)
		}
		_ = c.(*net.TCPConn).SetReadBuffer(4096)
		t.Cleanup(func() { c.Close() })
		go func() { _, _ = c.Write(pipelined) }() // and never read
	}
	served := func() bool {
		c, err := d.Dial("tcp", p.addr)
		if err != nil {
			return false
		}
		defer c.Close()
		_, _ = c.Write([]byte("GET /healthz HTTP/1.1\r\nHost: loa\r\nConnection: close\r\n\r\n"))
		_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}
	// The address's bound is taken by the readers that never read.
	waitUntil(t, 10*time.Second, "the address's connections taken", func() bool { return !served() })
	start := time.Now()
	waitUntil(t, 60*time.Second, "the address served again", served)
	t.Logf("the address was served again %s later", time.Since(start).Round(time.Second))
}

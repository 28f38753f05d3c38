// Package connlimit bounds the connections one client address holds open on
// a listener. The HTTP server keeps an idle keep-alive connection for its
// idle timeout and a half-sent request for its header timeout, at about
// 13 kB each: without a bound per address, one attacker opening connections
// and leaving them idle (slowloris) grows the bot until its memory or its
// file descriptors run out, and every member loses the web chat and the
// webhooks. Past the bound a connection is answered 503 with a polite
// text and closed, before any request of it is read.
package connlimit

import (
	"net"
	"net/netip"
	"strconv"
	"sync"
	"time"
)

// refusingAtOnce bounds the refusals being written at one time: each waits
// briefly for the client to read its answer, and a flood of connections
// must not become a flood of goroutines. Past it a connection is closed
// without an answer.
const refusingAtOnce = 64

// refusalWait is how long a refused connection is given to read its answer.
const refusalWait = time.Second

// Listener is a net.Listener that keeps at most PerAddr connections of one
// client address (an IPv6 /64 counting as one) open at a time.
type Listener struct {
	net.Listener
	perAddr  int
	refusal  []byte
	onRefuse func()

	mu       sync.Mutex
	open     map[string]int
	refusing chan struct{}
}

// New wraps l. perAddr <= 0 means no bound (l is returned as it is, wrapped
// for nothing). text is the body of the 503 a refused connection gets;
// onRefuse, if set, is called once per refused connection (a metric: a
// flood of connections must not become a flood of log lines).
func New(l net.Listener, perAddr int, text string, onRefuse func()) net.Listener {
	if perAddr <= 0 {
		return l
	}
	if onRefuse == nil {
		onRefuse = func() {}
	}
	body := text + "\n"
	refusal := "HTTP/1.1 503 Service Unavailable\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n" +
		"Retry-After: 10\r\n" +
		"Connection: close\r\n" +
		"Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body
	return &Listener{Listener: l, perAddr: perAddr, refusal: []byte(refusal), onRefuse: onRefuse,
		open: map[string]int{}, refusing: make(chan struct{}, refusingAtOnce)}
}

// Accept returns the next connection whose address has room; the others
// are refused on the way.
func (l *Listener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		key := Key(c.RemoteAddr())
		l.mu.Lock()
		if l.open[key] >= l.perAddr {
			l.mu.Unlock()
			l.onRefuse()
			l.refuse(c)
			continue
		}
		l.open[key]++
		l.mu.Unlock()
		return &conn{Conn: c, release: func() { l.release(key) }}, nil
	}
}

func (l *Listener) release(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[key]--; l.open[key] <= 0 {
		delete(l.open, key)
	}
}

// refuse answers c 503 and closes it, in the background so that Accept goes
// on at once. The answer is written before the request is read: the
// client's write side is then drained briefly so that closing does not
// reset the connection before the client has read it.
func (l *Listener) refuse(c net.Conn) {
	select {
	case l.refusing <- struct{}{}:
	default:
		_ = c.Close()
		return
	}
	go func() {
		defer func() { <-l.refusing }()
		defer c.Close()
		_ = c.SetDeadline(time.Now().Add(refusalWait))
		if _, err := c.Write(l.refusal); err != nil {
			return
		}
		if cw, ok := c.(interface{ CloseWrite() error }); ok {
			_ = cw.CloseWrite()
		}
		var buf [512]byte
		for {
			if _, err := c.Read(buf[:]); err != nil {
				return
			}
		}
	}()
}

// conn gives its address's place back once, on its first Close.
type conn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *conn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

// Key is the client address a connection counts against: the IP, or for
// IPv6 its /64 (one subscriber's line holds a whole /64, so a bound per
// address would be no bound). It is the same rule the web chat's flood
// limit uses per address.
func Key(a net.Addr) string {
	var ip netip.Addr
	switch a := a.(type) {
	case *net.TCPAddr:
		ip, _ = netip.AddrFromSlice(a.IP)
	default:
		ap, err := netip.ParseAddrPort(a.String())
		if err != nil {
			return a.String()
		}
		ip = ap.Addr()
	}
	ip = ip.Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}

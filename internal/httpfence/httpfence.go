// Package httpfence runs a sender's fence (chat.Reply.Fence) as late as an
// HTTP request allows: once the request has its connection (dialled, TLS
// done, or taken from the pool) and before any byte of it is written.
//
// A fence written earlier, before connecting, would count as "sent" a
// message whose worker is killed while it waits for a connection: the
// platform never got it, and no one sends it again. Here the connection's
// wait comes before the fence, and only the write of a request already in
// hand comes after it.
//
// How, in net/http's Transport (Go 1.26):
//   - the GotConn trace hook is called when the request has its connection,
//     before anything of it is written, on HTTP/1 (getConn, before the
//     request goes to the connection's writer) and on HTTP/2 (before the
//     stream is opened); the fence runs there, synchronously, so the write
//     waits for its reply from Redis;
//   - if the fence fails, the request's context is cancelled: HTTP/2 checks
//     it right before encoding the headers and sends nothing; HTTP/1 writes
//     the request into the connection's buffer regardless, so the
//     WroteHeaders hook, called before that buffer is flushed, closes the
//     connection (on HTTP/1 it is this request's alone) and nothing leaves;
//   - a transport that never reports GotConn still has to read the body to
//     send the request: the fence runs at the first read of the body then,
//     and a failed fence fails the read.
//
// A request is retried by net/http only when nothing of it was written (or
// the server refused the stream): the fence then runs once, on the first
// connection.
package httpfence

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"sync"
)

type ctxKey struct{}

// With returns ctx carrying fence, for Do to run on the requests made with
// it; a nil fence gives ctx back as it is. Adapters call it with
// chat.Reply.Fence at the top of Send, and send the requests of it with Do.
func With(ctx context.Context, fence func() error) context.Context {
	if fence == nil {
		return ctx
	}
	return context.WithValue(ctx, ctxKey{}, fence)
}

// Do sends req with client, armed to run the fence of its context (With)
// before any byte of it is written, and not to be sent if the fence fails.
// When the fence failed (its error, or the request's own context ending
// while it ran), the error says so first, whatever the transport saw when
// the request was stopped (a closed connection, a cancelled context): the
// caller learns the message did not leave. Without a fence it is client.Do.
//
// The context it adds is released with the request's context: use it on
// requests whose context ends (a send's timeout).
func Do(client *http.Client, req *http.Request) (*http.Response, error) {
	armed, g := arm(req)
	resp, err := client.Do(armed)
	if err != nil && g != nil {
		if ferr := g.failed(); ferr != nil {
			return nil, fmt.Errorf("%w (request stopped: %w)", ferr, err)
		}
	}
	return resp, err
}

// arm returns req set to run its context's fence, and the gate that runs
// it; without a fence, req itself and no gate.
func arm(req *http.Request) (*http.Request, *gate) {
	fence, _ := req.Context().Value(ctxKey{}).(func() error)
	if fence == nil {
		return req, nil
	}
	ctx, cancel := context.WithCancelCause(req.Context())
	g := &gate{fence: fence, cancel: cancel, ctx: ctx}
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GotConn:      g.gotConn,
		WroteHeaders: g.wroteHeaders,
	})
	out := req.WithContext(ctx)
	if req.Body != nil && req.Body != http.NoBody {
		out.Body = &gatedBody{ReadCloser: req.Body, g: g}
		if getBody := req.GetBody; getBody != nil {
			out.GetBody = func() (io.ReadCloser, error) {
				b, err := getBody()
				if err != nil || b == nil || b == http.NoBody {
					return b, err
				}
				return &gatedBody{ReadCloser: b, g: g}, nil
			}
		}
	}
	return out, g
}

// gate runs one request's fence once and remembers how it went.
type gate struct {
	fence  func() error
	cancel context.CancelCauseFunc
	ctx    context.Context

	mu   sync.Mutex
	ran  bool
	err  error
	conn net.Conn // the connection of a request whose fence failed
}

// pass runs the fence the first time and returns its result every time. A
// request whose context ended meanwhile does not pass either: the transport
// may still write an HTTP/1 request whose context ended, and its caller
// has given up on the answer.
func (g *gate) pass() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.ran {
		g.ran = true
		g.err = g.fence()
		if g.err == nil {
			g.err = g.ctx.Err()
		}
		if g.err != nil {
			g.cancel(g.err)
		}
	}
	return g.err
}

// failed is the fence's error once it has run and failed, else nil.
func (g *gate) failed() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.err
}

func (g *gate) gotConn(info httptrace.GotConnInfo) {
	if g.pass() != nil {
		g.mu.Lock()
		g.conn = info.Conn
		g.mu.Unlock()
	}
}

// wroteHeaders runs on HTTP/1 with the headers still in the connection's
// buffer (the transport's 4 KiB write buffer holds them: a few hundred
// bytes). Closing the connection there keeps a request whose fence failed
// from leaving. HTTP/2 never gets here after a failed fence (its context is
// checked first); if it did, its connection carries other requests and is
// left alone.
func (g *gate) wroteHeaders() {
	g.mu.Lock()
	conn, failed := g.conn, g.err != nil
	g.mu.Unlock()
	if !failed || conn == nil {
		return
	}
	if tc, ok := conn.(*tls.Conn); ok && tc.ConnectionState().NegotiatedProtocol == "h2" {
		return
	}
	_ = conn.Close()
}

// gatedBody runs the fence, if no GotConn did, before the body's first byte
// is read.
type gatedBody struct {
	io.ReadCloser
	g *gate
}

func (b *gatedBody) Read(p []byte) (int, error) {
	if err := b.g.pass(); err != nil {
		return 0, err
	}
	return b.ReadCloser.Read(p)
}

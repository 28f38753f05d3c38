package httpfence_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"loa/internal/httpfence"
)

// countingListener counts the connections a server accepted and the bytes
// it read from them.
type countingListener struct {
	net.Listener
	accepted, read atomic.Int64
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.accepted.Add(1)
		c = &countingConn{Conn: c, l: l}
	}
	return c, err
}

type countingConn struct {
	net.Conn
	l *countingListener
}

func (c *countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.l.read.Add(int64(n))
	return n, err
}

// server is an HTTP/1 server that counts what reached it.
func server(t *testing.T) (*httptest.Server, *countingListener, *atomic.Int64) {
	t.Helper()
	var handled atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		handled.Add(1)
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	l := &countingListener{Listener: srv.Listener}
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, l, &handled
}

func post(ctx context.Context, t *testing.T, client *http.Client, url string) (*http.Response, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(`{"chat_id":"1","text":"Họp chi hội lúc 19 giờ"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := httpfence.Do(client, req)
	if err == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
	}
	return resp, err
}

// The fence runs once the connection is up and before the server has read
// a byte of the request; the request then goes out.
func TestFenceRunsOnTheConnectionBeforeAnyByte(t *testing.T) {
	srv, l, handled := server(t)
	calls := 0
	var acceptedAtFence, readAtFence int64
	ctx := httpfence.With(context.Background(), func() error {
		calls++
		time.Sleep(50 * time.Millisecond) // a slow fence: the request must wait for it
		acceptedAtFence, readAtFence = l.accepted.Load(), l.read.Load()
		return nil
	})
	if _, err := post(ctx, t, srv.Client(), srv.URL); err != nil {
		t.Fatal(err)
	}
	if calls != 1 || acceptedAtFence != 1 || readAtFence != 0 {
		t.Errorf("fence called %d times, with %d connections accepted and %d bytes read; want once, 1 and 0", calls, acceptedAtFence, readAtFence)
	}
	if handled.Load() != 1 {
		t.Errorf("server handled %d requests, want 1", handled.Load())
	}
}

// A fence that fails keeps every byte of the request from the server.
func TestAFailedFenceSendsNothing(t *testing.T) {
	srv, l, handled := server(t)
	refused := errors.New("redis unavailable")
	ctx := httpfence.With(context.Background(), func() error { return refused })
	if _, err := post(ctx, t, srv.Client(), srv.URL); !errors.Is(err, refused) {
		t.Errorf("error %v, want the fence's", err)
	}
	time.Sleep(100 * time.Millisecond) // anything written would have been read by now
	if l.read.Load() != 0 || handled.Load() != 0 {
		t.Errorf("server read %d bytes and handled %d requests, want none", l.read.Load(), handled.Load())
	}
}

// A request whose context ended while its fence was being written is not
// sent: its caller has given up on the answer, and would send it again.
func TestARequestThatTimedOutDuringItsFenceIsNotSent(t *testing.T) {
	srv, l, handled := server(t)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	ctx = httpfence.With(ctx, func() error {
		time.Sleep(200 * time.Millisecond)
		return nil
	})
	if _, err := post(ctx, t, srv.Client(), srv.URL); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %v, want the deadline", err)
	}
	time.Sleep(100 * time.Millisecond)
	if l.read.Load() != 0 || handled.Load() != 0 {
		t.Errorf("server read %d bytes and handled %d requests, want none", l.read.Load(), handled.Load())
	}
}

// On HTTP/2 a failed fence sends nothing and leaves the shared connection
// working for the other requests.
func TestAFailedFenceOnHTTP2LeavesTheConnectionUp(t *testing.T) {
	var handled atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if r.ProtoMajor != 2 {
			t.Errorf("request over %s, want HTTP/2", r.Proto)
		}
		handled.Add(1)
	}))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	defer srv.Close()
	client := srv.Client()
	if _, err := post(context.Background(), t, client, srv.URL); err != nil { // the connection is up
		t.Fatal(err)
	}
	refused := errors.New("redis unavailable")
	if _, err := post(httpfence.With(context.Background(), func() error { return refused }), t, client, srv.URL); err == nil {
		t.Error("a request past a failed fence succeeded")
	}
	var reused bool
	ctx := httptraceReused(&reused)
	if _, err := post(ctx, t, client, srv.URL); err != nil {
		t.Fatal(err)
	}
	if handled.Load() != 2 || !reused {
		t.Errorf("server handled %d requests (want 2: the fenced one never arrived); connection reused: %v (want true)", handled.Load(), reused)
	}
}

// noTrace is a transport that reports no connection (a test double, a
// custom client): the fence still runs before the body is read.
type noTrace struct{ got []byte }

func (n *noTrace) RoundTrip(r *http.Request) (*http.Response, error) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	n.got = b
	return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("{}")), Request: r}, nil
}

func TestWithoutGotConnTheFenceRunsBeforeTheBodyIsRead(t *testing.T) {
	tr := &noTrace{}
	client := &http.Client{Transport: tr}
	refused := errors.New("redis unavailable")
	if _, err := post(httpfence.With(context.Background(), func() error { return refused }), t, client, "http://platform.invalid/send"); !errors.Is(err, refused) {
		t.Errorf("error %v, want the fence's", err)
	}
	if tr.got != nil {
		t.Errorf("the transport read %q past a failed fence", tr.got)
	}
	calls := 0
	if _, err := post(httpfence.With(context.Background(), func() error { calls++; return nil }), t, client, "http://platform.invalid/send"); err != nil {
		t.Fatal(err)
	}
	if calls != 1 || len(tr.got) == 0 {
		t.Errorf("fence called %d times, body %q; want once and the body", calls, tr.got)
	}
}

// Without a fence, Do sends the request as it is.
func TestDoWithoutAFenceSendsTheSameRequest(t *testing.T) {
	req, _ := http.NewRequest(http.MethodGet, "http://platform.invalid/", nil)
	tr := &sameRequest{}
	if _, err := httpfence.Do(&http.Client{Transport: tr}, req); err != nil {
		t.Fatal(err)
	}
	if tr.got != req {
		t.Error("Do sent a new request without a fence")
	}
}

// sameRequest is a transport that keeps the request it was given.
type sameRequest struct{ got *http.Request }

func (s *sameRequest) RoundTrip(r *http.Request) (*http.Response, error) {
	s.got = r
	return &http.Response{StatusCode: 200, Body: http.NoBody, Request: r}, nil
}

func httptraceReused(reused *bool) context.Context {
	return httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
		GotConn: func(i httptrace.GotConnInfo) { *reused = i.Reused },
	})
}

package redistest

import (
	"bufio"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// ScriptRun is one EVAL or EVALSHA the server ran, as MONITOR saw it: the
// script (by SHA1), the keys its caller declared and every command the
// script itself sent with redis.call.
type ScriptRun struct {
	SHA      string
	Keys     []string
	Commands [][]string
}

// Monitor records the scripts a server runs (MONITOR), so a test can check
// what they really touch instead of what they claim to. MONITOR prints a
// script's own commands as "[db lua]" lines right after the EVAL/EVALSHA
// that ran them; the server runs a script alone, so nothing else comes
// between.
type Monitor struct {
	tb   testing.TB
	conn net.Conn
	mu   sync.Mutex
	runs []ScriptRun
	seen map[string]bool // markers (ECHO) already read
	done chan struct{}
	err  error
}

// Monitor starts recording. It stops at the end of the test.
func (s *Server) Monitor() *Monitor {
	s.tb.Helper()
	conn, err := net.Dial("tcp", s.Addr())
	if err != nil {
		s.tb.Fatalf("monitor: %v", err)
	}
	if _, err := conn.Write([]byte("MONITOR\r\n")); err != nil {
		s.tb.Fatalf("monitor: %v", err)
	}
	m := &Monitor{tb: s.tb, conn: conn, seen: map[string]bool{}, done: make(chan struct{})}
	r := bufio.NewReaderSize(conn, 1<<20)
	if line, err := r.ReadString('\n'); err != nil || !strings.HasPrefix(line, "+OK") {
		s.tb.Fatalf("monitor: %q, %v", line, err)
	}
	go m.read(r)
	s.tb.Cleanup(func() { conn.Close(); <-m.done })
	return m
}

func (m *Monitor) read(r *bufio.Reader) {
	defer close(m.done)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		// +1796555787.939735 [0 lua] "SET" "k1" "a\"b"
		_, rest, ok := strings.Cut(strings.TrimRight(line, "\r\n"), " [")
		if !ok {
			continue
		}
		client, rest, ok := strings.Cut(rest, "] ")
		if !ok {
			continue
		}
		args, err := parseMonitorArgs(rest)
		m.mu.Lock()
		if err != nil && m.err == nil {
			m.err = fmt.Errorf("monitor line %q: %w", line, err)
		}
		if len(args) > 0 {
			m.add(strings.HasSuffix(client, " lua"), args)
		}
		m.mu.Unlock()
	}
}

// add files one monitored command (m.mu held).
func (m *Monitor) add(fromScript bool, args []string) {
	if fromScript {
		if len(m.runs) == 0 {
			m.err = fmt.Errorf("a script command %q before any script", args)
			return
		}
		last := &m.runs[len(m.runs)-1]
		last.Commands = append(last.Commands, args)
		return
	}
	switch name := strings.ToUpper(args[0]); name {
	case "EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO":
		if len(args) < 3 {
			return
		}
		n, err := strconv.Atoi(args[2])
		if err != nil || n < 0 || 3+n > len(args) {
			return
		}
		sha := args[1]
		if !strings.HasPrefix(name, "EVALSHA") {
			h := sha1.Sum([]byte(args[1]))
			sha = hex.EncodeToString(h[:])
		}
		m.runs = append(m.runs, ScriptRun{SHA: strings.ToLower(sha), Keys: args[3 : 3+n]})
	case "ECHO":
		if len(args) == 2 {
			m.seen[args[1]] = true
		}
	}
}

// Runs waits until the monitor has read everything the server did before
// the call (it sends a marker through c and waits for it) and returns the
// scripts run so far.
func (m *Monitor) Runs(echo func(marker string) error) []ScriptRun {
	m.tb.Helper()
	marker := "monitor-mark-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	if err := echo(marker); err != nil {
		m.tb.Fatalf("monitor marker: %v", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		m.mu.Lock()
		ok, err := m.seen[marker], m.err
		if ok || err != nil {
			runs := append([]ScriptRun(nil), m.runs...)
			m.mu.Unlock()
			if err != nil {
				m.tb.Fatal(err)
			}
			return runs
		}
		m.mu.Unlock()
		if time.Now().After(deadline) {
			m.tb.Fatal("monitor: the marker never arrived")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// parseMonitorArgs reads MONITOR's quoted arguments: "a" "b\"c" "\x1f".
func parseMonitorArgs(s string) ([]string, error) {
	var out []string
	for i := 0; i < len(s); {
		if s[i] == ' ' {
			i++
			continue
		}
		if s[i] != '"' {
			return out, fmt.Errorf("unquoted argument at %d", i)
		}
		i++
		var b strings.Builder
		for {
			if i >= len(s) {
				return out, fmt.Errorf("unterminated argument")
			}
			c := s[i]
			if c == '"' {
				i++
				break
			}
			if c != '\\' {
				b.WriteByte(c)
				i++
				continue
			}
			if i+1 >= len(s) {
				return out, fmt.Errorf("dangling escape")
			}
			switch e := s[i+1]; e {
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'a':
				b.WriteByte('\a')
			case 'b':
				b.WriteByte('\b')
			case 'x':
				if i+3 >= len(s) {
					return out, fmt.Errorf("short \\x escape")
				}
				v, err := strconv.ParseUint(s[i+2:i+4], 16, 8)
				if err != nil {
					return out, fmt.Errorf("bad \\x escape: %w", err)
				}
				b.WriteByte(byte(v))
				i += 2
			default:
				b.WriteByte(e)
			}
			i += 2
		}
		out = append(out, b.String())
	}
	return out, nil
}

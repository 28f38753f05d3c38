// Package freeport finds local TCP ports for tests to start servers on.
//
// A port from the kernel's ephemeral range (net.Listen("127.0.0.1:0")) can
// be handed to any client connection in the window between the test closing
// its probe and the server listening: the tests open hundreds of connections
// to their redis-servers, so a bot sometimes failed to start with "address
// already in use". Ports below that range are never handed out by the
// kernel; only another probe of this package can pick the same one, at
// random, and the probe's listen catches the common case.
package freeport

import (
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
)

// lowest is the first port probed; below it sit well-known services.
const lowest = 10000

// Port returns a local port nothing listened on a moment ago.
func Port(tb testing.TB) int {
	tb.Helper()
	high := ephemeralLow()
	if high > lowest+1000 {
		for range 200 {
			port := lowest + rand.IntN(high-lowest)
			l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
			if err != nil {
				continue
			}
			l.Close()
			return port
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("find a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Addr returns "127.0.0.1:<Port>".
func Addr(tb testing.TB) string {
	tb.Helper()
	return fmt.Sprintf("127.0.0.1:%d", Port(tb))
}

// ephemeralLow is the first port of the kernel's ephemeral range (Linux's
// default 32768 where the range cannot be read).
func ephemeralLow() int {
	data, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return 32768
	}
	f := strings.Fields(string(data))
	if len(f) == 0 {
		return 32768
	}
	n, err := strconv.Atoi(f[0])
	if err != nil {
		return 32768
	}
	return n
}

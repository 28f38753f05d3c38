package freeport_test

import (
	"net"
	"os"
	"strconv"
	"strings"
	"testing"

	"loa/internal/freeport"
)

// The ports handed out lie below the kernel's ephemeral range, where no
// client connection can take them, and can be listened on.
func TestPortIsBelowTheEphemeralRangeAndFree(t *testing.T) {
	low := 32768
	if data, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range"); err == nil {
		if n, err := strconv.Atoi(strings.Fields(string(data))[0]); err == nil {
			low = n
		}
	}
	for range 20 {
		addr := freeport.Addr(t)
		_, p, _ := net.SplitHostPort(addr)
		port, _ := strconv.Atoi(p)
		if port >= low || port < 10000 {
			t.Fatalf("port %d outside [10000, %d)", port, low)
		}
		l, err := net.Listen("tcp", addr)
		if err != nil {
			t.Fatalf("listen on %s: %v", addr, err)
		}
		l.Close()
	}
}

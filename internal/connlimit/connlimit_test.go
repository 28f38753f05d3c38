package connlimit

import (
	"net"
	"testing"
)

func TestKeyCountsAnIPv6Slash64AsOneAddress(t *testing.T) {
	for _, c := range []struct {
		addr net.Addr
		want string
	}{
		{&net.TCPAddr{IP: net.ParseIP("203.0.113.7"), Port: 5000}, "203.0.113.7"},
		{&net.TCPAddr{IP: net.ParseIP("::ffff:203.0.113.7"), Port: 5000}, "203.0.113.7"},
		{&net.TCPAddr{IP: net.ParseIP("2001:db8:1:2:aaaa::1"), Port: 1}, "2001:db8:1:2::/64"},
		{&net.TCPAddr{IP: net.ParseIP("2001:db8:1:2:ffff:1:2:3"), Port: 2}, "2001:db8:1:2::/64"},
		{&net.TCPAddr{IP: net.ParseIP("2001:db8:1:3::1"), Port: 2}, "2001:db8:1:3::/64"},
	} {
		if got := Key(c.addr); got != c.want {
			t.Errorf("Key(%v) = %q, want %q", c.addr, got, c.want)
		}
	}
}

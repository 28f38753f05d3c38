package inbound_test

import (
	"strings"
	"testing"

	"loa/bot/inbound"
)

func TestSecretMatch(t *testing.T) {
	const want = "right-secret_42"
	cases := []struct {
		name string
		got  string
		ok   bool
	}{
		{"the secret", want, true},
		{"a prefix", "right", false},
		{"longer", want + "x", false},
		{"same length, last byte differs", "right-secret_43", false},
		{"empty", "", false},
		{"much longer", strings.Repeat(want, 100), false},
	}
	for _, c := range cases {
		if got := inbound.SecretMatch(c.got, want); got != c.ok {
			t.Errorf("%s: Match = %t, want %t", c.name, got, c.ok)
		}
	}
	if inbound.SecretMatch("", "") || inbound.SecretMatch("anything", "") {
		t.Error("an empty configured secret matched")
	}
}

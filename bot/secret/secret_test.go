package secret_test

import (
	"strings"
	"testing"

	"loa/bot/secret"
)

func TestMatch(t *testing.T) {
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
		if got := secret.Match(c.got, want); got != c.ok {
			t.Errorf("%s: Match = %t, want %t", c.name, got, c.ok)
		}
	}
	if secret.Match("", "") || secret.Match("anything", "") {
		t.Error("an empty configured secret matched")
	}
}

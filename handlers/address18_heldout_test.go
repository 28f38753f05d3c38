package handlers_test

import (
	"bufio"
	"os"
	"regexp"
	"strings"
	"testing"
)

// Loa calls a member as she calls herself (task address18): "bà" for an old
// woman who says "bà hỏi" or calls Loa "cháu", "cô", "bác", "anh" for a man
// who asks for his wife, and "chị" by default and whenever the message says
// nothing about the writer. testdata/address18 holds messages written
// before the feature and never trained on; each is played in a chat of its
// own, followed by a question with no tell, whose answer shows the form
// Loa keeps for her.

// formProbe is asked after each held-out message; its answer opens a
// sentence with the reader's pronoun (probeForm reads it).
const formProbe = "lam vneid muc 2 o dau"

// probeForm reads the form of address in the answer to formProbe:
// "Bà đến Công an xã/phường" gives "ba"; "" when the answer is not there.
var probeForm = regexp.MustCompile(`(?m)(?:^|\. )(\p{Lu}\p{Ll}*) đến Công an xã/phường`)

// formIDs names each form as the held-out list writes it.
var formIDs = map[string]string{"Chị": "chi", "Bà": "ba", "Cô": "co", "Bác": "bac", "Anh": "anh", "Chú": "chu", "Ông": "ong"}

type addressCase struct{ text, want string }

func readAddressCases(t *testing.T) []addressCase {
	t.Helper()
	f, err := os.Open("testdata/address18/messages.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []addressCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		text, want, ok := strings.Cut(line, " | ")
		if !ok {
			t.Fatalf("messages.txt:%d: want \"message | form\"", n)
		}
		out = append(out, addressCase{strings.TrimSpace(text), strings.TrimSpace(want)})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// Floors: at the code before the feature every message of the first list
// left her "chị": 0 of 33 tells and 35 of 35 controls right. With the
// feature: 33 of 33 and 35 of 35; the second list, written after it and
// measured once, 10 of 11 and 15 of 15 (the miss, "65 tuoi roi con", made
// "rồi" a word that may close a sentence said to Loa): 44 of 44 and 50 of
// 50 in all. A wrong "bà" offends more than a missed one: every control
// must stay "chị".
const (
	addressTellFloor    = 42
	addressControlFloor = 50
)

func TestAddressHeldOut(t *testing.T) {
	t.Parallel()
	m := newMemberRig(t)
	tells, tellsRight, controls, controlsRight := 0, 0, 0, 0
	for i, c := range readAddressCases(t) {
		chatID := "a" + string(rune('a'+i/26)) + string(rune('a'+i%26))
		first := m.sayAs(chatID, chatID, c.text, false)
		probe := joined(m.sayAs(chatID, chatID, formProbe, false))
		got := "(no probe answer)"
		if sm := probeForm.FindStringSubmatch(probe); sm != nil {
			got = formIDs[sm[1]]
		}
		ok := got == c.want
		if c.want == "chi" {
			controls++
			if ok {
				controlsRight++
			}
		} else {
			tells++
			if ok {
				tellsRight++
			}
		}
		if !ok {
			line, _, _ := strings.Cut(joined(first), "\n")
			t.Logf("MISS %q: want %s, got %s (first reply: %.80s)", c.text, c.want, got, line)
		}
	}
	t.Logf("address held-out: tells %d of %d, controls %d of %d", tellsRight, tells, controlsRight, controls)
	if tellsRight < addressTellFloor || controlsRight < addressControlFloor {
		t.Errorf("tells %d (floor %d), controls %d (floor %d)", tellsRight, addressTellFloor, controlsRight, addressControlFloor)
	}
}

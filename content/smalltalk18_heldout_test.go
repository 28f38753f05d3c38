package content_test

import (
	"os"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"

	"loa/content"
	"loa/internal/testkit"
)

// smallTalk18Kinds are the kinds of small talk each group of the held-out
// list may be answered as: a thanks that ends with a wish is thanked for
// either way, a complaint that is rude is apologised for either way.
var smallTalk18Kinds = map[string][]string{
	"thanks":    {"thanks", "wish"},
	"goodbye":   {"goodbye"},
	"greeting":  {"greeting"},
	"play":      {"play"},
	"complaint": {"complaint", "insult"},
}

// TestSmallTalk18HeldOut asks the knowledge base the held-out list of
// helper smalltalk18 (testdata/smalltalk18, written before the change and
// never trained on). Small talk — a thanks or a goodbye that tells what she
// does next, a greeting with a bit of news, a request to sing or joke, a
// complaint about Loa — must be read as small talk of its kind, never with
// a hotline line or a promise of follow-up. Controls: a real question
// opening with thanks or a greeting is never small talk and is answered
// (or asked back) as the same question without the opening is; harm told
// after "chào chị" or a goodbye gets the script or a hotline line; a
// question made of small talk's words stays a question.
// LOA_SMALLTALK_SHOW=1 logs every miss.
func TestSmallTalk18HeldOut(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/smalltalk18/heldout.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		SmallTalk map[string][]string `yaml:"smalltalk"`
		Questions []struct {
			Q    string `yaml:"q"`
			Bare string `yaml:"bare"`
		} `yaml:"questions"`
		Emergencies []string `yaml:"emergencies"`
		Lookalikes  []string `yaml:"lookalikes"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	kb := testkit.EmbeddedLibrary(t).KB()
	show := os.Getenv("LOA_SMALLTALK_SHOW") != ""
	miss := func(format string, args ...any) {
		if show {
			t.Logf(format, args...)
		}
	}

	small, read, rightKind, lined, promised := 0, 0, 0, 0, 0
	for group, msgs := range doc.SmallTalk {
		want, ok := smallTalk18Kinds[group]
		if !ok {
			t.Fatalf("unknown group %q", group)
		}
		for _, q := range msgs {
			small++
			a := kb.Ask(q)
			if a.Caution != nil || a.Emergency != nil || a.Harm != nil && a.SmallTalk == "" {
				lined++
			}
			if a.SmallTalk == "" && a.InScope {
				promised++
			}
			if a.SmallTalk == "" || a.Emergency != nil || len(a.Entries) > 0 || len(a.Clarify) > 0 {
				miss("%s not small talk: %q → entries %v clarify %v in scope %v", group, q, ids(a.Entries), ids(a.Clarify), a.InScope)
				continue
			}
			read++
			if slices.Contains(want, a.SmallTalk) {
				rightKind++
			} else {
				miss("%s read as %q: %q", group, a.SmallTalk, q)
			}
		}
	}

	swallowed, kept := 0, 0
	for _, c := range doc.Questions {
		a, bare := kb.Ask(c.Q), kb.Ask(c.Bare)
		if a.SmallTalk != "" {
			swallowed++
			t.Errorf("question taken for small talk %q: %q", a.SmallTalk, c.Q)
			continue
		}
		if notWeaker(a, bare) {
			kept++
		} else {
			miss("opening weakens %q: entries %v clarify %v suggest %v; bare: entries %v clarify %v", c.Q,
				ids(a.Entries), ids(a.Clarify), ids(a.Suggest), ids(bare.Entries), ids(bare.Clarify))
		}
	}

	called := 0
	for _, q := range doc.Emergencies {
		a := kb.Ask(q)
		if a.SmallTalk == "" && (a.Emergency != nil || a.Caution != nil) {
			called++
		} else {
			miss("emergency without a hotline: %q → small talk %q", q, a.SmallTalk)
		}
	}
	stayed := 0
	for _, q := range doc.Lookalikes {
		if a := kb.Ask(q); a.SmallTalk == "" {
			stayed++
		} else {
			miss("look-alike taken for small talk %q: %q", a.SmallTalk, q)
		}
	}

	t.Logf("held-out small talk: %d of %d read as small talk, %d of the right kind; %d given a hotline line, %d promised a follow-up", read, small, rightKind, lined, promised)
	t.Logf("questions opening with thanks or a greeting: %d of %d taken for small talk, %d as strong as without the opening", swallowed, len(doc.Questions), kept)
	t.Logf("emergencies after an opening: %d of %d given the script or a line; look-alikes kept questions: %d of %d", called, len(doc.Emergencies), stayed, len(doc.Lookalikes))

	// Floors: measured before → after smalltalk18, small talk read 23 →
	// 64 of 69 (of the right kind 14 → 64), given a hotline line 11 → 2
	// (both kept on purpose: the classifier reads harm above its quiet
	// level in a goodbye clause, "thôi e ra đồng đây"), promised a
	// follow-up 22 → 5; questions after an opening taken for small talk
	// 0 → 0, as strong as alone 12 → 12 of 14; emergencies 10 → 10 of 10;
	// look-alikes 16 → 16 of 16. They leave one case for other changes to
	// the models; no emergency and no look-alike may move.
	const minRead, minRightKind, maxLined, maxPromised, minKept = 63, 63, 3, 6, 11
	if read < minRead || rightKind < minRightKind || lined > maxLined || promised > maxPromised {
		t.Errorf("small talk below its floor (read ≥ %d, right kind ≥ %d, hotline line ≤ %d, follow-up promised ≤ %d)", minRead, minRightKind, maxLined, maxPromised)
	}
	if kept < minKept {
		t.Errorf("questions after an opening as strong as alone: %d, floor %d", kept, minKept)
	}
	if called < len(doc.Emergencies) || stayed < len(doc.Lookalikes) {
		t.Errorf("emergencies given a hotline %d of %d, look-alikes kept questions %d of %d: want all", called, len(doc.Emergencies), stayed, len(doc.Lookalikes))
	}
	if small < 60 || len(doc.Questions)+len(doc.Emergencies)+len(doc.Lookalikes) < 35 {
		t.Fatalf("held-out list too short: %d small talk, %d controls", small, len(doc.Questions)+len(doc.Emergencies)+len(doc.Lookalikes))
	}
}

// notWeaker reports whether a, the answer to a question with an opening
// ("chào chị, …"), is as strong as bare, the answer without it: the same
// first entry when bare answers; when bare asks back, a choice too, or an
// answer that is one of bare's choices; anything when bare does neither.
func notWeaker(a, bare content.Answer) bool {
	switch {
	case len(bare.Entries) > 0:
		return len(a.Entries) > 0 && a.Entries[0] == bare.Entries[0]
	case len(bare.Clarify) > 0:
		return len(a.Entries) > 0 && slices.Contains(bare.Clarify, a.Entries[0]) ||
			len(a.Clarify) > 0
	}
	return true
}

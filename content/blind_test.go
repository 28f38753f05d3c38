package content_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"loa/internal/testkit"
)

// The blind set (content/testdata/blind/<version>) was written from the
// topic list and the member profile only, by people who had not read the
// knowledge base, the training material or the code, and frozen before the
// matcher and the safety layer were changed. It is the measure of issue 9;
// nothing is ever tuned on it. When it has been looked at, a new version
// is written; v1–v15 then became training material. v16 did not: turning
// v15 into training moved v16 by 208 → 205 answered and v16 into training
// moved v17 by 218 → 215, and tipped four held-out guards by one item each
// — noise at best. From v16 on, a looked-at set stays in testdata as a
// development set: its misses are read as classes to fix, and the fixes
// are measured on it (LOA_BLIND_SET=v16, v17) and on the unread blind set.
const blindVersion = "v21"

// measuredVersion is the set TestBlindSet reads: blindVersion, or the
// looked-at set LOA_BLIND_SET names (LOA_BLIND_SET=v16), so that a class
// of misses read from a used-up set can be measured on that set as a
// development set — never on the blind one, which stays unread.
func measuredVersion() string {
	if v := os.Getenv("LOA_BLIND_SET"); v != "" {
		return v
	}
	return blindVersion
}

type blindQuestion struct {
	Q     string    `yaml:"q"`
	Topic string    `yaml:"topic"`
	Asks  string    `yaml:"asks"`
	Want  yaml.Node `yaml:"want"`
	Gap   string    `yaml:"gap"`
}

type blindEmergency struct {
	Q       string   `yaml:"q"`
	Kind    string   `yaml:"kind"`
	Hotline []string `yaml:"hotline"`
}

type blindOther struct {
	Q    string `yaml:"q"`
	Kind string `yaml:"kind"`
	Note string `yaml:"note"`
}

func readBlind[T any](t *testing.T, name string) []T {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "blind", measuredVersion(), name))
	if err != nil {
		t.Fatal(err)
	}
	var out []T
	if err := yaml.Unmarshal(data, &out); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return out
}

// firstHotline is the first confirmed hotline number in a reply.
var firstHotline = regexp.MustCompile(`\b(113|114|115|112|111)\b|1900[ .]?969[ .]?680|1900[ .]?0368`)

func hotlineOf(s string) string {
	h := firstHotline.FindString(s)
	return strings.NewReplacer(" ", "", ".", "").Replace(h)
}

// BlindFigures are the measures of issue 9 on the blind set.
type blindFigures struct {
	inScope, answerable, correct, clarifyRight, clarifyOther, wrong, fallback, falseAlarm int
	gaps, gapHonest                                                                       int
	emerg, emergSure, emergCaution, emergWrongLine, emergMissed                           int
	look, lookScript, lookCaution                                                         int
	off, offHonest, offPromise, small, smallOK                                            int
	// fallbackSuggested: of the honest fallbacks, those whose
	// "Có phải chị muốn hỏi…" (Answer.Suggest) offers a needed entry; a
	// measure of its own, never counted as answered.
	fallbackSuggested int
}

func pct(a, b int) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f %%", 100*float64(a)/float64(b))
}

// TestBlindSet measures the knowledge base on the blind set (figures only;
// LOA_BLIND_MISSES=1 lists each miss, for the set's last measure) and fails when a
// figure falls below what it reached when the set was frozen (see the note
// on issue 9): it is a measure first, and a guard against regressions after.
func TestBlindSet(t *testing.T) {
	t.Parallel()
	lib := testkit.EmbeddedLibrary(t)
	kb := lib.KB()
	var f blindFigures
	var misses []string
	// Questions marked as asking a commune's or this round's own fact
	// (Answer.Local): among the gaps (what the knowledge base cannot hold,
	// the mark's purpose) and among the answerable ones (each worth a look:
	// the honest line is added to an answer that held the fact).
	var gapLocal, gapLocalAnswered, answerableLocal int
	names, _ := filepath.Glob(filepath.Join("testdata", "blind", measuredVersion(), "inscope*.yaml"))
	if len(names) == 0 {
		t.Fatalf("no in-scope questions in blind set %s", measuredVersion())
	}
	for _, name := range names {
		name = filepath.Base(name)
		for _, q := range readBlind[blindQuestion](t, name) {
			f.inScope++
			ans := kb.Ask(q.Q)
			var want []string
			if q.Want.Kind == yaml.SequenceNode {
				for _, n := range q.Want.Content {
					want = append(want, n.Value)
				}
			}
			if len(want) == 0 {
				f.gaps++
				if ans.Local.Kind != "" {
					gapLocal++
					if len(ans.Entries) > 0 {
						gapLocalAnswered++
					}
				}
				if ans.Emergency == nil && len(ans.Entries) == 0 {
					f.gapHonest++
				} else {
					misses = append(misses, fmt.Sprintf("GAP %q → %v local %q", q.Q, ids(ans.Entries), ans.Local.Kind))
				}
				continue
			}
			f.answerable++
			if ans.Local.Kind != "" {
				answerableLocal++
				misses = append(misses, fmt.Sprintf("LOCAL %s %q → %v want %v", ans.Local.Kind, q.Q, ids(ans.Entries), want))
			}
			got := ids(ans.Entries)
			clar := ids(ans.Clarify)
			switch {
			case ans.Emergency != nil:
				f.falseAlarm++
				misses = append(misses, fmt.Sprintf("ALARM %q → %s", q.Q, ans.Emergency.ID))
			case len(got) > 0 && slices.ContainsFunc(got, func(id string) bool { return slices.Contains(want, id) }):
				f.correct++
			case len(clar) > 0 && slices.ContainsFunc(clar, func(id string) bool { return slices.Contains(want, id) }):
				f.clarifyRight++
			case len(clar) > 0:
				f.clarifyOther++
				misses = append(misses, fmt.Sprintf("CLARIFY %q → %v want %v", q.Q, clar, want))
			case len(got) > 0:
				f.wrong++
				misses = append(misses, fmt.Sprintf("WRONG %q → %v want %v", q.Q, got, want))
			default:
				f.fallback++
				if slices.ContainsFunc(ids(ans.Suggest), func(id string) bool { return slices.Contains(want, id) }) {
					f.fallbackSuggested++
				}
				misses = append(misses, fmt.Sprintf("FALLBACK %q want %v (%.2f) suggested %v", q.Q, want, ans.Score, ids(ans.Suggest)))
			}
		}
	}
	for _, e := range readBlind[blindEmergency](t, "emergencies.yaml") {
		f.emerg++
		ans := kb.Ask(e.Q)
		var line string
		switch {
		case ans.Emergency != nil:
			line = hotlineOf(ans.Emergency.Answer)
		case ans.Caution != nil:
			line = hotlineOf(ans.Caution.Caution)
		}
		switch {
		case line == "":
			f.emergMissed++
			misses = append(misses, fmt.Sprintf("MISSED %s %q (p=%.2f %s)", e.Kind, e.Q, ans.Safety.P, ans.Safety.Kind))
		case !slices.Contains(e.Hotline, line):
			f.emergWrongLine++
			misses = append(misses, fmt.Sprintf("LINE %s %q → %s want %v", e.Kind, e.Q, line, e.Hotline))
		case ans.Emergency != nil:
			f.emergSure++
		default:
			f.emergCaution++
		}
	}
	for _, l := range readBlind[blindOther](t, "lookalikes.yaml") {
		f.look++
		ans := kb.Ask(l.Q)
		switch {
		case ans.Emergency != nil:
			f.lookScript++
			misses = append(misses, fmt.Sprintf("LOOKALIKE %q → %s", l.Q, ans.Emergency.ID))
		case ans.Caution != nil:
			f.lookCaution++
		}
	}
	for _, o := range readBlind[blindOther](t, "offtopic.yaml") {
		ans := kb.Ask(o.Q)
		honest := ans.Emergency == nil && len(ans.Entries) == 0 && len(ans.Clarify) == 0
		if o.Kind == "smalltalk" {
			f.small++
			if honest && ans.SmallTalk != "" {
				f.smallOK++
			} else {
				misses = append(misses, fmt.Sprintf("SMALLTALK %q → %v", o.Q, ids(ans.Entries)))
			}
			continue
		}
		f.off++
		switch {
		case !honest:
			misses = append(misses, fmt.Sprintf("OFFTOPIC %q → %v %v", o.Q, ids(ans.Entries), ids(ans.Clarify)))
		case ans.InScope:
			f.offHonest++
			f.offPromise++
		default:
			f.offHonest++
		}
	}
	sort.Strings(misses)
	// The misses quote the blind questions: shown only on request
	// (LOA_BLIND_MISSES=1), so that a verbose run by whoever changes content
	// or the matcher does not leak a set that must stay unseen until used up.
	if os.Getenv("LOA_BLIND_MISSES") != "" {
		for _, m := range misses {
			t.Log(m)
		}
	}
	t.Logf("marked as a local specific: %d of %d gaps (%d of them answered with an entry); %d of %d answerable",
		gapLocal, f.gaps, gapLocalAnswered, answerableLocal, f.answerable)
	t.Logf("\nblind set %s\n"+
		"in scope: %d questions, %d answerable from the KB, %d gaps (%d answered honestly)\n"+
		"  answered with the needed fact: %d (%s of answerable)\n"+
		"  asked back, right entry offered: %d; asked back, not offered: %d\n"+
		"  wrong entry: %d (%s); honest fallback: %d (fell back, right entry suggested: %d); emergency script: %d\n"+
		"emergencies: %d; fitting hotline first: %d (%s) = %d script + %d hotline line; wrong number first: %d; missed: %d\n"+
		"look-alikes: %d; without the emergency script: %d (%s); with a hotline line: %d\n"+
		"off-topic: %d; honest: %d (%s), of which promised a follow-up: %d\n"+
		"small talk: %d; answered as small talk: %d",
		measuredVersion(), f.inScope, f.answerable, f.gaps, f.gapHonest,
		f.correct, pct(f.correct, f.answerable), f.clarifyRight, f.clarifyOther,
		f.wrong, pct(f.wrong, f.answerable), f.fallback, f.fallbackSuggested, f.falseAlarm,
		f.emerg, f.emergSure+f.emergCaution, pct(f.emergSure+f.emergCaution, f.emerg), f.emergSure, f.emergCaution, f.emergWrongLine, f.emergMissed,
		f.look, f.look-f.lookScript, pct(f.look-f.lookScript, f.look), f.lookCaution,
		f.off, f.offHonest, pct(f.offHonest, f.off), f.offPromise,
		f.small, f.smallOK)
	checkBlindFloors(t, f)
}

// checkBlindFloors fails when a figure falls below the level measured on
// the blind set when the change was made (issue 9's note gives them): it
// is a regression guard, not a target to tune to.
func checkBlindFloors(t *testing.T, f blindFigures) {
	t.Helper()
	floor := blindFloors[measuredVersion()]
	ratio := func(a, b int) float64 { return float64(a) / float64(max(b, 1)) }
	check := func(what string, got, min float64) {
		if got < min {
			t.Errorf("%s: %.3f, below the floor %.3f", what, got, min)
		}
	}
	check("in scope, answered with the needed fact or offered it", ratio(f.correct+f.clarifyRight, f.answerable), floor.answered)
	check("in scope, not answered with a wrong entry", 1-ratio(f.wrong, f.answerable), 1-floor.wrong)
	check("emergencies with the fitting hotline first", ratio(f.emergSure+f.emergCaution, f.emerg), floor.emergencies)
	check("look-alikes without the emergency script", ratio(f.look-f.lookScript, f.look), floor.lookAlikes)
	check("off-topic answered honestly", ratio(f.offHonest, f.off), floor.offTopic)
	check("small talk answered as such", ratio(f.smallOK, f.small), floor.smallTalk)
}

// blindFloors are the measured figures per blind-set version, rounded down.
var blindFloors = map[string]struct {
	answered, wrong, emergencies, lookAlikes, offTopic, smallTalk float64
}{
	// v12 (written blind at the start of session 9: relayed questions, two
	// questions in one, 2-5 word queries) is harder than v11 for the matcher:
	// 83 % answered or offered against v11's 95 %; the session's code moved it
	// from 214+31 to 215+30 answered (+ offered), 13 to 12 wrong.
	// v13 (written blind at the start of session 10: voice-typed, her own
	// situation with figures first, regional speech; emergencies told in the
	// middle of an ordinary question, by men, downplayed; relabelled after
	// content10) at the session's start code (f2d9ae7) and at its end:
	// answered 202 → 203 of 265 (+ offered 16 → 18), wrong 13 → 11,
	// emergencies 68 → 69 of 70, look-alikes 44 → 45 of 45, off-topic 39 →
	// 40 of 40, small talk 6 of 10, gap questions answered honestly 33 → 29
	// of 55. Measured at session 11's start (unchanged), then used up.
	// v14 (written blind at the start of session 11: keywords only, does
	// she qualify, comparing two things, wrong or old beliefs, young and
	// old members; emergencies told in passing, about to happen again, by
	// teenagers and old women, adults' medical emergencies) at the
	// session's start code (82421f0): answered 204 of 264 (+ offered 19),
	// wrong 10, emergencies 67 of 70 (3 wrong number first), look-alikes
	// 45 of 45, off-topic 39 of 40, small talk 5 of 10, gap questions
	// answered honestly 32 of 56. v13 turned into training (its in-scope
	// questions, gaps and off-topic messages) left answered, offered and
	// wrong as they were, and moved one emergency's first number to a
	// wrong one (66 of 70) and two gap questions onto entries (30 of 56):
	// a trade accepted on the measure, not a threshold tuned to it. At the
	// session's end (regional speech, small talk by shape, the safety
	// layer's habitual pleas, lures and folded homographs, three entries):
	// answered 202 (+ offered 20), wrong 10, emergencies 67 of 70 (2 wrong
	// number first, 1 missed), look-alikes 45 of 45, off-topic 39 of 40,
	// small talk 6 of 10, gaps honest 30 of 56; in-scope questions given
	// the script 1 → 4. Never looked at: the measure of session 12's start.
	// v15 (session 12): its start, at 9589c90 — answered 195 of 250
	// (+ 14 offered: 83.6 %), wrong 7 (2.8 %), emergencies 66 of 70 (3
	// wrong number first, 1 missed), look-alikes 45 of 45, off-topic 40 of
	// 40, small talk 9 of 10, gaps honest 33 of 70. Floors a little under
	// the start: one more wrong entry (8/250) or a lost emergency fails.
	// At the session's end (loan questions never off-topic, comparisons
	// answered both ways, stretched letters, grief, who is harmed decides
	// the number, nine entries): answered 197 (+ 14 offered: 84.4 %),
	// wrong 6, emergencies 66 of 70 (3 wrong number first, 1 missed),
	// look-alikes 45 of 45, off-topic 40 of 40, small talk 9 of 10, gaps
	// honest 32 of 70.
	// v16 (session 13: half-remembered programme names, where to go and
	// whom to ask, step by step, English phone words, forwarded messages,
	// emoji, over-polite letters, a factory worker, a woman with a
	// disability, a widow, a husband abroad; emergencies written by a
	// child or a neighbour, danger returning tonight, stroke, bleeding
	// after a home birth, a swallowed battery, scalding, choking, gas, a
	// storm, a job abroad gone silent, blackmail with photos, a scam
	// compound, a knife, a teenager's goodbye): its start, at 58b7db8 —
	// answered 208 of 248 (+ 9 offered: 87.5 %), wrong 9 (3.6 %),
	// emergencies 65 of 70 (5 wrong number first, 0 missed), look-alikes
	// 44 of 45, off-topic 38 of 40, small talk 6 of 10, gaps honest 32 of
	// 72. v15 turned into training moved answered 208 → 205 (+ offered 9
	// → 12) and wrong 9 → 10: a trade accepted on the measure, not tuned
	// to it. Floors a little under the start: two more wrong entries
	// (12/248) or a lost emergency fails. At the session's end (place names
	// neutral, who is harmed decides the number, folded "mau" and "oi",
	// comparisons, eight entries, v15 and misses14's paraphrases as
	// training): answered 203 (+ 12 offered: 86.7 %), wrong 11, emergencies
	// 65 of 70 (5 wrong number first), look-alikes 44 of 45, off-topic 38
	// of 40, small talk 6 of 10, gaps honest 31 of 72.
	// v17 (session 14: keyword-only messages, Telex typed without
	// conversion and autocorrect slips, wrong premises to check, her own
	// figures, fear of fees and scams, older Northern speakers, a man
	// asking for his wife or mother, abbreviations; emergencies told in
	// one or two words, a husband or son ending his life, a grandfather
	// with dementia lost, eclampsia, a child in a well, charcoal smoke,
	// online grooming, a child bride, acid, a newborn to be sold,
	// lightning, labour cut off by flood): its start, at bc30d63 —
	// answered 218 of 284 (+ 24 offered: 85.2 %), wrong 11 (3.9 %),
	// emergencies 65 of 70 (5 wrong number first, 0 missed), look-alikes
	// 42 of 45, off-topic 37 of 40, small talk 9 of 10, gaps honest 20 of
	// 36. Floors a little under the start: two more wrong entries
	// (13/284) or a lost emergency fails. At the session's end (v16 kept
	// as a development set, not training; a person forcing or extorting,
	// a child gone, self-harm and lethal blows decide the number; letters'
	// formulas and half-remembered names; off-topic made of the Union's
	// words; eight entries; follow-ups and groups, which v17 does not
	// measure; abbreviations keep their doubled letters): answered 219
	// (+ 24 offered: 85.6 %), wrong 11,
	// emergencies 66 of 70 (4 wrong number first, 0 missed), look-alikes
	// 42 of 45, off-topic 38 of 40 (7 promised a follow-up), small talk 9
	// of 10, gaps honest 20 of 36. Measured again at session 15's start
	// (unchanged), then used up as a development set (LOA_BLIND_SET=v17).
	// v18 (session 15: voice-to-text slips, Southern speech, ethnic-minority
	// women's simple Vietnamese, asked for someone else, comparisons, what
	// to bring and where to go, yes/no checks, a question buried after
	// chatter, emoji and stretched letters; emergencies told by a child, by
	// a passer-by, buried at the end, in Southern speech or 1-3 words, and
	// kinds used less: stroke, choking, scalding, electric shock, pesticide,
	// poisonous mushrooms, a gas leak, a boarding house on fire, a worker
	// locked in, a loan shark, video-call extortion, a baby left alone, a
	// flash flood, a landslide, a boat capsized): its start, at 22373d7
	// (v17's end code) — answered 209 of 268 (+ 15 offered: 83.6 %), wrong
	// 9 (3.4 %), fallback 32, in-scope questions given the script 1,
	// emergencies 68 of 70 (2 wrong number first, 0 missed), look-alikes
	// 43 of 45, off-topic 38 of 40 (6 promised a follow-up), small talk 6
	// of 10, gaps honest 30 of 52. Floors a little under the start: two
	// more wrong entries (12/268) or a lost emergency fails.
	// At the session's end (raw Telex and VNI keys decoded, who is harmed
	// decides the number, idioms and games never the script, the call
	// "cháu ơi" not a victim, small talk read by clauses; the forms of
	// address, an emergency first in a busy chat and over the flood limit,
	// which v18 does not measure): in scope unchanged (209 + 15 offered,
	// wrong 9, fallback 32), emergencies 68 of 70, look-alikes 43 of 45,
	// off-topic 38 of 40, small talk 6 → 9 of 10. The classes fixed came
	// from v17's misses; v18's own angles (voice-to-text, Southern speech,
	// simple Vietnamese, buried questions) were not worked on. Measured
	// again at session 16's start (unchanged), then used up as a
	// development set (LOA_BLIND_SET=v18).
	// v19 (session 16: a life event behind the question, half-remembered
	// names, the abbreviations members and staff use, "không có X thì",
	// numbers inside, formal elders and young mothers mixing English,
	// replies in a group, complaints with a question inside, finger slips;
	// emergencies told by men or old people, in a hurry, downplayed, after
	// another question, in a group, in the past tense while still going on,
	// and kinds used less: charcoal fumes after childbirth, heat stroke, a
	// dog bite, a fall into a well, an overdose, bleeding in pregnancy, an
	// old woman fallen, dengue, a road crash, a swallowed coin, lightning, a
	// collapsing house, a bride taken by force, a wife locked in, stalking,
	// a scam call in progress, a drunk man with a knife): its start, at
	// 825fe40 (v18's end code) — answered 196 of 248 (+ 12 offered:
	// 83.9 %), wrong 11 (4.4 %), fallback 26, in-scope questions given the
	// script 2, emergencies 66 of 70 (3 wrong number first, 1 missed),
	// look-alikes 45 of 45, off-topic 38 of 40 (8 promised a follow-up),
	// small talk 8 of 10, gaps honest 35 of 72. Floors a little under the
	// start: two more wrong entries (13/248) or a lost emergency fails.
	// At the session's end (comparisons by their sides, eligibility by age,
	// hearsay frames and her figures, clause roles, dictation and Southern
	// words, who suffers decides the number, a short message needs words of
	// harm for the line; v18 as the development set: 209 → 216 answered,
	// emergencies 68 → 70 of 70): answered 196 (+ 14 offered: 84.7 %),
	// wrong 11, fallback 24, emergencies 66 of 70 (3 wrong number first, 1
	// missed), look-alikes 45 of 45, off-topic 38 of 40, small talk 8 of
	// 10, gaps honest 34 of 72. The classes fixed did not reach v19's own.
	// v20 (session 17): written from the brief and a sheet of new angles
	// (asking for someone else, telegraphic searches, old rules, wrong
	// beliefs, step by step, ethnic-minority word order, branch heads'
	// words, Southern/Central speech, dictation, two questions, practical
	// details, headings and forwards, young slang, angry members;
	// emergencies told by children, whispered, only what is seen, hidden at
	// the end, from far away, about to happen, calm); the 22 messages that
	// repeated an earlier set word for word were dropped before labelling.
	// At the start (b52722b, session 16's code): 211 of 269 answered + 20
	// offered (85.9 %), wrong 11, fallback 20, script on in-scope 4,
	// emergencies 67 of 70 (2 wrong number first, 1 missed), look-alikes 43
	// of 44, off-topic 37 of 38 (6 promised a follow-up), small talk 5 of 8,
	// gaps honest 19 of 33. Floors a little under the start.
	// v21 (session 18): written from the brief and a sheet of new angles
	// (replies to a branch notice, rumours to check, why / what if not,
	// Telex residue, elders, newcomers, requests to do something, negatives
	// and conditions, her own details, confused pairs, written by a husband
	// or a child, finger slips, 1-4-word searches, young slang; emergencies
	// told in the past while still going on, regional words for harm,
	// asking whether to call, farm and factory accidents, by men and elders,
	// after a programme question, euphemisms, online harms, heat stroke,
	// seizures, a baby not breathing); the 33 messages that repeated an
	// earlier set or the training material word for word were dropped
	// before labelling. At the start (session 17's code): 195 of 245
	// answered + 18 offered (86.9 %), wrong 10, fallback 18, script on
	// in-scope 1, emergencies 70 of 72 (2 wrong number first, 0 missed),
	// look-alikes 47 of 48, off-topic 36 of 37 (0 promised a follow-up),
	// small talk 6 of 9, gaps honest 24 of 56. Floors a little under the
	// start.
	"v21": {answered: 0.86, wrong: 0.045, emergencies: 0.97, lookAlikes: 0.97, offTopic: 0.97, smallTalk: 0.66},
	"v20": {answered: 0.85, wrong: 0.045, emergencies: 0.95, lookAlikes: 0.97, offTopic: 0.97, smallTalk: 0.62},
	"v19": {answered: 0.83, wrong: 0.053, emergencies: 0.93, lookAlikes: 0.97, offTopic: 0.92, smallTalk: 0.7},
	"v18": {answered: 0.82, wrong: 0.042, emergencies: 0.96, lookAlikes: 0.93, offTopic: 0.92, smallTalk: 0.5},
	"v17": {answered: 0.84, wrong: 0.046, emergencies: 0.92, lookAlikes: 0.93, offTopic: 0.92, smallTalk: 0.8},
	"v16": {answered: 0.86, wrong: 0.045, emergencies: 0.92, lookAlikes: 0.97, offTopic: 0.95, smallTalk: 0.6},
	"v15": {answered: 0.83, wrong: 0.032, emergencies: 0.94, lookAlikes: 1, offTopic: 0.97, smallTalk: 0.8},
	"v14": {answered: 0.84, wrong: 0.038, emergencies: 0.94, lookAlikes: 1, offTopic: 0.97, smallTalk: 0.5},
	"v13": {answered: 0.83, wrong: 0.042, emergencies: 0.98, lookAlikes: 1, offTopic: 1, smallTalk: 0.6},
	"v12": {answered: 0.83, wrong: 0.041, emergencies: 0.94, lookAlikes: 1, offTopic: 1, smallTalk: 0.6},
	"v11": {answered: 0.95, wrong: 0.009, emergencies: 0.97, lookAlikes: 0.97, offTopic: 1, smallTalk: 0.9},
	"v10": {answered: 0.92, wrong: 0.017, emergencies: 0.94, lookAlikes: 0.97, offTopic: 1, smallTalk: 0.8},
	"v9":  {answered: 0.87, wrong: 0.045, emergencies: 0.98, lookAlikes: 1, offTopic: 1, smallTalk: 0.9},
	// v8's look-alike floor went from 0.97 (44/45 at the start) to 0.95 when
	// safety6's lexicon gave one more look-alike the script (43/45) while
	// cutting wrong numbers first in cross-validation from 86 to 65 of 1210
	// stories: a trade accepted on the measure, not a threshold tuned to it.
	"v8": {answered: 0.90, wrong: 0.04, emergencies: 1, lookAlikes: 0.95, offTopic: 0.97, smallTalk: 0.9},
	"v7": {answered: 0.90, wrong: 0.02, emergencies: 0.98, lookAlikes: 1, offTopic: 1, smallTalk: 0.9},
	"v6": {answered: 0.86, wrong: 0.057, emergencies: 0.97, lookAlikes: 1, offTopic: 1, smallTalk: 0.8},
	"v5": {answered: 0.85, wrong: 0.034, emergencies: 0.97, lookAlikes: 1, offTopic: 0.97, smallTalk: 1},
	"v1": {answered: 0.76, wrong: 0.08, emergencies: 0.98, lookAlikes: 0.86, offTopic: 1, smallTalk: 1},
	"v4": {answered: 0.86, wrong: 0.03, emergencies: 0.95, lookAlikes: 0.93, offTopic: 0.97, smallTalk: 0.8},
	"v3": {answered: 0.82, wrong: 0.105, emergencies: 0.92, lookAlikes: 0.97, offTopic: 1, smallTalk: 0.6},
	"v2": {answered: 0.80, wrong: 0.085, emergencies: 0.85, lookAlikes: 0.97, offTopic: 0.97, smallTalk: 0.5},
}

package content_test

import (
	"os"
	"testing"

	"loa/internal/testkit"
)

// TestDialect19HeldOut asks the knowledge base the held-out lists of helper
// dialect19 (testdata/dialect19, written before the change and never
// trained on): questions in Southern and Mekong speech ("tui", "hổng",
// "dị", "mần", "nhen", "bả", "lãnh", "vô"), questions dictated to the phone
// (numbers as words, acronyms spelt out, homophones of the Union's words,
// money slang, no punctuation), and emergencies told the same ways, which
// must reach the safety layer with the fitting hotline first. Its controls
// (words that only look like dialect or dictation: "vô hiệu", "ly dị",
// "Zalo", "túi", "lãnh đạo", "ba" the father, amounts) must stay as they
// are. LOA_SHAPES_SHOW=1 logs every miss.
func TestDialect19HeldOut(t *testing.T) {
	t.Parallel()
	kb := testkit.EmbeddedLibrary(t).KB()
	show := os.Getenv("LOA_SHAPES_SHOW") != ""
	southern := askHeldOut(t, kb, "testdata/dialect19/heldout.yaml", 60, show)
	t.Logf("held-out dialect19 Southern: %v", southern)
	voice := askHeldOut(t, kb, "testdata/dialect19/voice.yaml", 40, show)
	t.Logf("held-out dialect19 voice: %v", voice)
	controls := askHeldOut(t, kb, "testdata/dialect19/controls.yaml", 20, show)
	t.Logf("controls dialect19: %v", controls)

	list := loadSafetyHeldOut(t, "testdata/dialect19/safety.yaml")
	right, missed := askEmergencies(t, kb, list)
	scripted, lined := askLookAlikes(t, kb, list)
	t.Logf("dialect19 safety: emergencies %d, a fitting hotline first %d, missed %d; look-alikes %d, given the script %d, a hotline line %d",
		len(list.Emergencies), right, missed, len(list.Harmless), scripted, lined)

	// Floors: measured at the start (825fe40, before any change): Southern
	// right 75 of 81 (asked back 2, fallback 2, told out of scope 2, wrong
	// 0); voice right 46 of 52 (asked back 3, fallback 3, wrong 0); controls
	// all kept (19 of 19, off-topic declined 6 of 6); emergencies with a
	// fitting hotline first 12 of 12, look-alikes scripted 0. With
	// dictation.go, numbers.go and the new regional words: Southern right
	// 75 (one asked back with the right entry is now wrong: "zalo … bị
	// hack rầu" reads as its standard form "rồi", which gets the Facebook
	// entry too; no Zalo/Facebook entity tells them apart), voice right 51
	// (fallback 1: a hotline dictated digit by digit, "một chín không
	// không …"); controls and safety unchanged. The voice floor leaves one
	// answer for a retrained model's drift.
	if southern.right < 75 || southern.wrong > 1 {
		t.Errorf("held-out dialect19 Southern below its floor (right ≥ 75, wrong ≤ 1): %v", southern)
	}
	if voice.right < 50 || voice.wrong > 0 {
		t.Errorf("held-out dialect19 voice below its floor (right ≥ 50, wrong 0): %v", voice)
	}
	// A control asked back between two of its own entries keeps its answer
	// (merged with askkind19's ages: "con tôi năm tuổi làm căn cước trên
	// vneid được không" offers vneid-do-tuoi and vneid-can-cuoc-tre-em,
	// both labelled right).
	if controls.right+controls.clarify < controls.n || controls.offRight < controls.offN {
		t.Errorf("dialect19 controls changed: %v", controls)
	}
	if right < len(list.Emergencies) || missed > 0 || scripted > 0 {
		t.Errorf("dialect19 safety: %d of %d emergencies with a fitting hotline first, %d missed, %d look-alikes given the script (want all, 0, 0)",
			right, len(list.Emergencies), missed, scripted)
	}
}

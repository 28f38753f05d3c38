package content

import (
	"strings"
	"testing"
)

// TestGazetteerTopicWords: a topic's words (entities.yaml, topic: true)
// are found without marks but not where they are a question word ("mua
// bao nhiêu" asks a price); they keep the off-topic documents out and
// every entry in.
func TestGazetteerTopicWords(t *testing.T) {
	t.Parallel()
	entries := []*Entry{{ID: "a", Answer: "Chuẩn bị trước mùa mưa bão."}, {ID: "b", Answer: "Vay vốn hộ nghèo."}}
	g := newGazetteer([]*Entity{{ID: "thien-tai", Topic: true, Names: []string{"mưa bão", "bão tới"}}}, entries)
	find := func(s string) uint64 { return g.find(strings.Fields(Normalize(s))) }
	if find("nha e bi sap do mua bao") == 0 || find("neu bao toi thi e nen tru gi") == 0 {
		t.Error("a storm typed without marks is not found")
	}
	if find("lua hom nay mua bao nhieu 1 ky") != 0 || find("mua bao lau thi het bao hanh") != 0 {
		t.Error("\"mua bao nhiêu\" taken for a storm")
	}
	asked := find("mưa bão làm sập nhà")
	if g.named(asked) == 0 {
		t.Error("a topic's words do not make the message the Union's business")
	}
	if !g.agrees(0, asked) || !g.agrees(1, asked) {
		t.Error("a topic's words restrict which entry answers")
	}
	if g.agrees(len(entries), asked) {
		t.Error("an off-topic document agrees with a message naming a topic")
	}
}

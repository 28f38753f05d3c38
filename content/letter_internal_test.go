package content

import (
	"fmt"
	"strings"
	"testing"
)

func TestLetterFrame(t *testing.T) {
	for _, c := range []struct{ text, left string }{
		{"Kính gửi Ban Chấp hành Hội LHPN xã, tôi xin hỏi chuẩn nghèo là bao nhiêu. Xin trân trọng cảm ơn.",
			"toi xin hoi chuan ngheo la bao nhieu |"},
		{"Kính thưa quý Hội, cho tôi được hỏi OCOP là gì ạ. Trân trọng.", "cho hoi ocop la gi a |"},
		{"Kính mong được hướng dẫn thủ tục. Xin chân thành cảm ơn.", "huong dan thu tuc |"},
		{"Kính gửi Hội. Kính mong Hội cho biết hộ nghèo vay bao nhiêu. Kính chúc Hội sức khỏe.",
			"cho biet ho ngheo vay bao nhieu |"},
		// not a letter, or nothing else in it: left as it is
		{"cho tôi được hỏi hộ nghèo vay bao nhiêu", "cho toi duoc hoi ho ngheo vay bao nhieu"},
		{"xin cảm ơn chị nhiều", "xin cam on chi nhieu"},
		{"Trân trọng cảm ơn.", "tran trong cam on |"},
	} {
		var n normalizer
		toks := strings.Fields(string(n.appendNormalized(nil, c.text, true)))
		got, _ := letterFrame(toks, nil)
		if s := strings.Join(got, " "); s != c.left {
			t.Errorf("%q: left %q, want %q", c.text, s, c.left)
		}
	}
}

// TestLetterAnsweredAsAsked: an entry's own question, written as a letter
// to the Union, gets the answer it gets asked directly.
func TestLetterAnsweredAsAsked(t *testing.T) {
	t.Parallel()
	lib, err := NewLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	kb := lib.KB()
	letters := []string{"Kính gửi Ban Chấp hành Hội Phụ nữ xã, cho tôi được hỏi: %s Xin chân thành cảm ơn.",
		"Kính thưa quý Hội, %s Trân trọng.", "Kính gửi Hội LHPN phường. %s Kính chúc Hội sức khỏe. Trân trọng cảm ơn."}
	asked, same := 0, 0
	for i, e := range kb.Entries() {
		q := e.Questions[0]
		direct := kb.Ask(q)
		if len(direct.Entries) == 0 || direct.Entries[0] != e {
			continue
		}
		asked++
		letter := kb.Ask(fmt.Sprintf(letters[i%len(letters)], q))
		if len(letter.Entries) > 0 && letter.Entries[0] == e {
			same++
		}
	}
	t.Logf("letters answered as asked directly: %d of %d", same, asked)
	// Without the formulas left out, 321 of 333 (letterStrip); with them,
	// all.
	if asked < 100 || same < asked-1 {
		t.Errorf("letters answered as asked directly: %d of %d", same, asked)
	}
}

func TestNearNames(t *testing.T) {
	g := newGazetteer([]*Entity{{ID: "tym", Names: []string{"TYM", "quỹ TYM"}}, {ID: "cep", Names: []string{"CEP"}},
		{ID: "ocop", Names: []string{"OCOP"}}}, nil)
	for _, c := range []struct{ text, read string }{
		{"cái quỹ gì tên nó tim tim gì đó", "cai quy gi ten no tym tym gi do"},
		{"cái quỹ tym gì đó", "cai quy tym gi do"},
		{"quỹ xép xép gì đó ở Đồng Nai", "quy cep cep gi do o dong nai"},
		{"cái ô cóp gì đó là gì", "cai ocop gi do la gi"},
		{"cái quỹ xép ấy vay sao", "cai quy cep ay vay sao"},
		// no marker, or a single syllable with no kind of programme named
		{"tim đập nhanh quá", "tim dap nhanh qua"},
		{"quỹ xép là quỹ gì", "quy xep la quy gi"},
		{"cái bài hát tim tim gì đó", "cai bai hat tim tim gi do"},
	} {
		var n normalizer
		toks := strings.Fields(string(n.appendNormalized(nil, c.text, true)))
		got, _ := g.nearNames(toks, nil)
		if s := strings.Join(got, " "); s != c.read {
			t.Errorf("%q: read %q, want %q", c.text, s, c.read)
		}
	}
}

package content

import "testing"

// TestTheCulpritDecidesTheFirstKind: with the classifier's kinds fixed (its
// first kind one whose number does not fit), whether a person does the harm
// and what threatens the body move the fitting kind first, however faintly
// the classifier ranks it; water, fire and a doer keep theirs. Written for
// this test, not from the blind sets, the held-out lists or the training
// material.
func TestTheCulpritDecidesTheFirstKind(t *testing.T) {
	t.Parallel()
	verdict := func(kinds ...string) SafetyVerdict {
		v := SafetyVerdict{Kind: kinds[0], P: 0.9}
		for i, k := range kinds {
			v.ranked = append(v.ranked, kindP{k, 0.8 / float64(int(1)<<(3*i))})
		}
		return v
	}
	for _, c := range []struct {
		text  string
		kinds []string
		want  string
	}{
		// People fighting: a crime, whatever blood is told.
		{"mấy thằng say xỉn đâm chém nhau ngoài bến xe, máu đầy đường", []string{"medical", "flood", "bystander"}, "bystander"},
		{"hai nhom thanh nien au da truoc quan karaoke, co nguoi gay tay", []string{"medical", "threat-to-kill"}, "threat-to-kill"},
		// A man showing himself: sexual harm, not the place's accident.
		{"ong kia vach quan ra truoc mat may dua nho dang choi ngoai san", []string{"medical", "fire", "child-sexual-abuse"}, "child-sexual-abuse"},
		// Fumes, a scald, a shock, a stroke: the ambulance, no flood, no fire.
		{"cả nhà đóng kín cửa đốt bếp than sưởi, sáng ra ai cũng lơ mơ", []string{"flood", "fire", "medical"}, "medical"},
		{"ba em đang sửa máy bơm bị điện giật, nằm dưới đất", []string{"fire", "flood", "medical"}, "medical"},
		{"thang nho lam do noi canh nong len dui, da phong rop", []string{"flood", "medical"}, "medical"},
		{"ông nội tự nhiên méo mồm, nói không rõ chữ", []string{"flood", "medical"}, "medical"},
		// A person gone with no water near: missing.
		{"ông ngoại bị lẫn, đi từ sáng tới tối chưa về", []string{"flood", "missing-child"}, "missing-child"},
		{"ba chong e lu lan ra khoi nha tu trua, kiem ko thay", []string{"flood", "missing-child"}, "missing-child"},
		// A woman too drunk to stand pushed onto a car: taken away.
		{"mấy thằng lôi con nhỏ say mèm lên chiếc taxi rồi chạy mất", []string{"medical", "child-violence", "missing-child"}, "missing-child"},
		// Water, fire or a doer keep the classifier's kind.
		{"đò chở khách bị lật giữa sông, còn 2 người chưa thấy", []string{"flood", "missing-child"}, "flood"},
		{"lũ về cuốn trôi cầu, ông ngoại đi chợ chưa về", []string{"flood", "missing-child"}, "flood"},
		{"nhà cháy, khói nhiều, bà nằm trong phòng bất tỉnh", []string{"fire", "medical"}, "fire"},
		{"bếp than trong nhà bén lửa cháy lan lên mái", []string{"fire", "medical"}, "fire"},
		{"ông ngoại đi lạc từ sáng, mặc áo nâu", []string{"missing-child", "flood"}, "missing-child"},
	} {
		v := verdict(c.kinds...)
		byWhoAndWhat(&v, c.text)
		if v.Kind != c.want || v.ranked[0].kind != c.want {
			t.Errorf("%q: kind %s (ranked %v), want %s first", c.text, v.Kind, v.ranked, c.want)
		}
	}
}

// TestIdiomsAreReadApartFromTheirRest: the words of harm of an idiom of
// tiredness, hunger, anger or laughter are set aside, and a wish to die,
// despair, fear or a fact ("đói xỉu": she fainted) are not idioms.
func TestIdiomsAreReadApartFromTheirRest(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		text  string
		idiom bool
	}{
		{"nắng quá, phơi lúa mệt muốn chết", true},
		{"chờ xe buýt đói muốn xỉu luôn", true},
		{"nghe nó nói mà tức hộc máu", true},
		{"con bé kể chuyện cười muốn tắt thở", true},
		{"tin đó như sét đánh ngang tai", true},
		{"em mệt quá muốn chết cho xong", false},
		{"em chán lắm muốn chết", false},
		{"em sợ muốn chết", false},
		{"bé đói xỉu rồi", false},
		{"bị bỏ đói muốn chết", false},
		{"tức ngực muốn xỉu", false},
		{"muốn chết", false},
	} {
		toks := typedToks(c.text)
		in := idiomSpans(toks)
		got := false
		for _, b := range in {
			got = got || b
		}
		if got != c.idiom {
			t.Errorf("%q: idiom %v, want %v (toks %v)", c.text, got, c.idiom, toks)
		}
	}
}

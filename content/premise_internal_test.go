package content

import (
	"strings"
	"testing"
)

// TestCheckFrame: the frame of hearsay and the check tail are left out,
// the tail's question particle kept; a message without one, or a "phải"
// that is an obligation, is left whole.
func TestCheckFrame(t *testing.T) {
	cases := []struct {
		in, want string
		checked  bool
	}{
		{"nghe noi ho ngheo vay duoc 200 trieu | dung khong chi", "ho ngheo vay duoc 200 trieu | khong chi", true},
		{"tui nghe nguoi ta bao la lam vneid mat tien | co that khong", "lam vneid mat tien | khong", true},
		{"ai cung noi vay ho ngheo lai re thiet khong", "vay ho ngheo lai re khong", true},
		{"vao hoi co phai dong hoi phi khong", "vao hoi co phai dong hoi phi khong", false},
		{"ho ngheo duoc vay toi da bao nhieu", "ho ngheo duoc vay toi da bao nhieu", false},
		{"dung khong", "dung khong", false},
	}
	for _, c := range cases {
		toks := strings.Fields(c.in)
		got, _, checked := checkFrame(toks, make([]bool, len(toks)))
		if strings.Join(got, " ") != c.want || checked != c.checked {
			t.Errorf("checkFrame(%q) = %q, %v; want %q, %v", c.in, strings.Join(got, " "), checked, c.want, c.checked)
		}
	}
}

// TestFigureKinds: the unit after a figure says what she checks.
func TestFigureKinds(t *testing.T) {
	for in, want := range map[string]askKind{
		"vay 200 trieu":         askAmount,
		"con gai 17 tuoi":       askAge,
		"vay duoc 10 nam":       askDuration,
		"nha co 5 nguoi":        0,
		"lai 0 3 | 17 tuoi roi": askAge,
	} {
		if got := figureKinds(strings.Fields(in)); got != want {
			t.Errorf("figureKinds(%q) = %v, want %v", in, got, want)
		}
	}
}

// TestShortNameStandsAsName: "5 có" names the model where it stands as a
// name, not where 5 is a count and "có" a verb.
func TestShortNameStandsAsName(t *testing.T) {
	ents := []*Entity{{ID: "5c3s", Names: []string{"5 có 3 sạch"}, Short: []string{"5 có"}}}
	g := newGazetteer(ents, nil)
	for in, want := range map[string]bool{
		"mo hinh 5 co ai phat dong":     true,
		"5 co gom nhung gi":             true,
		"trong 5 co co sach bep khong":  true,
		"gia dinh 5 co 3 sach la gi":    true,
		"nha 5 nguoi | 5 co duoc khong": false,
		"lai suat 5 co dung khong":      false,
		"vay 5 co phai the chap khong":  false,
	} {
		if got := g.find(strings.Fields(in)) != 0; got != want {
			t.Errorf("find(%q) named 5 có: %v, want %v", in, got, want)
		}
	}
}

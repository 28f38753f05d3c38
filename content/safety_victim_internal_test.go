package content

import "testing"

// TestWhoSuffers checks the readers of safety_victim.go on the syllables
// as typed: who is named before "bị", a child left alone, an animal that
// bites or is harmed, and each one's look-alike.
func TestWhoSuffers(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		read func([]string) bool
		text string
		want bool
	}{
		{"grownSubject", grownSubject, "mẹ con bị ba đánh chảy máu đầu", true},
		{"grownSubject", grownSubject, "bà đang bị thằng con trai đánh", true},
		{"grownSubject", grownSubject, "bà ngoại con đang bị cậu hai nhốt trong chuồng", true},
		{"grownSubject", grownSubject, "con bà bị thằng kia đánh", false},
		{"grownSubject", grownSubject, "thằng bé bị ba nó đánh", false},
		{"grownSubject", grownSubject, "bà bị té ngoài sân", false},
		{"grownSubject", grownSubject, "ba chồng em bị sét đánh ngoài đồng", false},
		{"childLeftAlone", childLeftAlone, "đứa nhỏ bị bỏ một mình trong phòng, cửa khóa ngoài", true},
		{"childLeftAlone", childLeftAlone, "bà cụ ở nhà một mình té không dậy được", false},
		{"bittenByAnimal", bittenByAnimal, "con em bị chó nhà hàng xóm cắn vào mặt", true},
		{"bittenByAnimal", bittenByAnimal, "con chó dại cắn thằng bé", true},
		{"bittenByAnimal", bittenByAnimal, "con trâu bị rắn cắn hôm kia", false},
		{"bittenByAnimal", bittenByAnimal, "cho em hỏi con bị sốt cao", false},
		{"animalHarmed", animalHarmed, "con trâu bị rắn cắn hôm kia, thú y chích rồi", true},
		{"animalHarmed", animalHarmed, "chó nhà tui ăn trúng bả chuột bữa trước", true},
		{"animalHarmed", animalHarmed, "con em bị chó nhà hàng xóm cắn vào mặt", false},
		{"animalHarmed", animalHarmed, "chồng em đánh con chó rồi đánh luôn em", false},
	}
	for _, c := range cases {
		if got := c.read(typedToks(c.text)); got != c.want {
			t.Errorf("%s(%q) = %v, want %v", c.name, c.text, got, c.want)
		}
	}
}

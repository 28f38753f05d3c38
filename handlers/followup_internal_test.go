package handlers

import "testing"

// The words of a conversation that lean on the answer before: a
// correction, a thanks before a question, a follow-up's opening and "ý em
// là X chứ không phải Y".
func TestFollowUpWords(t *testing.T) {
	for text, want := range map[string]bool{
		"ko phai": true, "Không phải ạ": true, "sai rồi c": true, "e hỏi cái khác mà": true, "ko đúng ý e": true,
		"nham roi c oi": true, "k phải cái đó": true,
		"ko phai ho ngheo": false, "sai thông tin trên vneid": false, "không phải đóng bhyt à": false, "vay von": false,
	} {
		if got := isCorrection(text); got != want {
			t.Errorf("isCorrection(%q) = %v, want %v", text, got, want)
		}
	}
	for text, want := range map[string]string{
		"dạ cảm ơn c, cho e hỏi thêm lãi suất bao nhiêu": "lãi suất bao nhiêu",
		"cam on chi nhieu. con giay to thi sao":          "con giay to thi sao",
		"tks c, cho e hoi vay dc bao lau":                "vay dc bao lau",
		"dạ cảm ơn chị nhiều":                            "",
		"cảm ơn":                                         "",
		"lãi suất bao nhiêu":                             "",
	} {
		got, ok := afterThanks(text)
		if got != want || ok != (want != "") {
			t.Errorf("afterThanks(%q) = %q, %v; want %q", text, got, ok, want)
		}
	}
	for text, want := range map[string]bool{
		"còn hộ cận nghèo thì sao": true, "vậy vay được bao nhiêu": true, "vay dc bao nhieu": false, "z lai suat nhieu": true,
		"thế lãi suất nhiêu": true, "nếu e 50t thì sao": true, "ý e là bhyt": true,
		"thế nào là bạo lực gia đình": false, "vay von ho ngheo": false, "lãi suất bao nhiêu": false,
		"còn": false,
	} {
		if got := leansOnLast(text); got != want {
			t.Errorf("leansOnLast(%q) = %v, want %v", text, got, want)
		}
	}
	for text, want := range map[string][2]string{
		"y e la bhyt chu ko phai bhxh":                   {"bhyt", "bhxh"},
		"Ý em là hộ cận nghèo chứ không phải hộ nghèo ạ": {"ho can ngheo", "ho ngheo"},
		"ý e là cái khác":                                {},
		"y la vay chu k phai":                            {},
	} {
		meant, instead, ok := meantInstead(text)
		if meant != want[0] || instead != want[1] || ok != (want[0] != "") {
			t.Errorf("meantInstead(%q) = %q, %q, %v; want %q", text, meant, instead, ok, want)
		}
	}
}

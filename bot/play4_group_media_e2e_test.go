package main

import (
	"strings"
	"testing"
	"time"

	"loa/bot/delivery"
	"loa/bot/telegram/telegramtest"
	"loa/bot/zalo/zalotest"
	"loa/chat"
	"loa/internal/testkit"
)

// Played as the users play (fourth round): members in their branch's group.

// tgMedia queues a message without words (a sticker, a photo, a voice
// note) from userID in chat chatID (a group when negative), as Telegram
// sends them: no text, no caption.
func tgMedia(srv *telegramtest.Server, chatID, userID int64, name, kind string) {
	typ := "private"
	if chatID < 0 {
		typ = "group"
	}
	m := map[string]any{"message_id": time.Now().UnixNano() % 1_000_000_000, "date": time.Now().Unix(),
		"from": map[string]any{"id": userID, "is_bot": false, "first_name": name},
		"chat": map[string]any{"id": chatID, "type": typ, "title": "Nhóm Chi hội Ấp 1", "first_name": name}}
	switch kind {
	case "sticker":
		m["sticker"] = map[string]any{"file_id": "st1", "file_unique_id": "u1", "width": 512, "height": 512, "type": "regular", "emoji": "😂"}
	case "photo":
		m["photo"] = []map[string]any{{"file_id": "ph1", "file_unique_id": "p1", "width": 1280, "height": 960}}
	case "voice":
		m["voice"] = map[string]any{"file_id": "vo1", "file_unique_id": "v1", "duration": 7}
	}
	srv.Inject("message", m)
}

// TestPlay4StickersInTheGroupGetNoAnswer: members sending each other a
// sticker, a photo of the meeting and a voice note in the branch's group
// each got "Loa hiện chỉ đọc được tin nhắn chữ. Chị gõ câu hỏi giúp Loa
// nhé." in the group (on Zalo the adapter's "Xin lỗi, Loa chỉ đọc được tin
// nhắn chữ"). What has no words in a group is for the people there: no
// answer. A question after it is answered as before; in private the note
// stays.
func TestPlay4StickersInTheGroupGetNoAnswer(t *testing.T) {
	t.Parallel()
	t.Run("telegram", func(t *testing.T) {
		t.Parallel()
		srv, p := telegramGroupBot(t)
		const group, lan = int64(-4001234591), int64(7_000_000_911)
		srv.AddChat(group, "Nhóm Chi hội Ấp 1")
		srv.AddChat(lan, "Chị Lan")
		for _, kind := range []string{"sticker", "photo", "voice"} {
			tgMedia(srv, group, lan, "Chị Lan", kind)
		}
		srv.UserSaysInGroup(group, lan, "Chị Lan", "xin chao Loa")
		// One chat's updates are handled in order: a note for the media
		// would come before the greeting's answer.
		if _, err := srv.WaitForMessages(testkit.WaitCtx(t), group, 1); err != nil {
			t.Fatal(err)
		}
		waitChatQuiet(t, p.st, chat.Telegram, delivery.TokenID(srv.Token()), "-4001234591")
		var texts []string
		for _, m := range srv.Messages(group) {
			texts = append(texts, m.Text)
		}
		if len(texts) != 1 || strings.Contains(texts[0], "chỉ đọc được") {
			t.Fatalf("want only the greeting's answer in the group, got %d:\n%s", len(texts), strings.Join(texts, "\n---\n"))
		}
		tgMedia(srv, lan, lan, "Chị Lan", "sticker")
		msgs, err := srv.WaitForMessages(testkit.WaitCtx(t), lan, 1)
		if err != nil {
			t.Fatal(err)
		}
		contains(t, "in private", msgs[0].Text, "chỉ đọc được tin nhắn chữ")
	})
	t.Run("zalo", func(t *testing.T) {
		t.Parallel()
		srv := zalotest.Start(t, "")
		p := startProgram(t, map[string]string{"ZALO_BOT_TOKEN": srv.Token(), "ZALO_API_BASE": srv.URL(), "LOA_WEBCHAT": "off"}, srv.Token())
		testkit.SeedUnits(t, p.st, communeTreeCSV)
		group, lan := zalotest.NewID(), zalotest.NewID()
		in := func(event string, m zalotest.InMessage) {
			m.MessageID, m.Date, m.ChatID, m.ChatType, m.FromID, m.FromName = zalotest.NewID(), time.Now().UnixMilli(), group, "GROUP", lan, "Chị Lan"
			srv.Inject(zalotest.Update{EventName: event, Message: &m})
		}
		in(zalotest.EventSticker, zalotest.InMessage{Sticker: "abc1"})
		in(zalotest.EventImage, zalotest.InMessage{PhotoURL: "https://example.com/hop.jpg"})
		in(zalotest.EventVoice, zalotest.InMessage{VoiceURL: "https://example.com/a.m4a"})
		srv.GroupSays(group, lan, "Chị Lan", "xin chao Loa")
		if _, err := srv.WaitForMessages(testkit.WaitCtx(t), group, 1); err != nil {
			t.Fatal(err)
		}
		waitChatQuiet(t, p.st, chat.Zalo, delivery.TokenID(srv.Token()), group)
		var texts []string
		for _, m := range srv.Messages(group) {
			texts = append(texts, m.Text)
		}
		if len(texts) != 1 || strings.Contains(texts[0], "chỉ đọc được") {
			t.Fatalf("want only the greeting's answer in the group, got %d:\n%s", len(texts), strings.Join(texts, "\n---\n"))
		}
	})
}

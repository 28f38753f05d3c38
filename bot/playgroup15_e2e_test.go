package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"loa/bot/delivery"
	"loa/bot/telegram/telegramtest"
	"loa/chat"
	"loa/internal/testkit"
	"loa/store"
)

// Played as a branch's group chat (round 15): thirty to eighty women, the
// head, Loa added to the group.

// groupTexts is every message of the bot in the group, for a failure.
func groupTexts(srv *telegramtest.Server, group int64) string {
	var all []string
	for _, m := range srv.Messages(group) {
		all = append(all, m.Text)
	}
	return strings.Join(all, "\n---\n")
}

// TestPlaygroup15MembersTalkingAmongThemselvesGetNoAnswer: members chatting
// in their branch's group ("Chị Mai ơi mai mấy giờ họp vậy chị?", "dạ em
// cảm ơn chị", "ok") each got Loa's "câu này nằm ngoài việc của Hội" or
// "Dạ không có gì ạ" with eighteen topic buttons, to everyone, and used up
// the group's twenty messages a minute. Loa speaks in a group when called:
// an @mention, a reply to her message, "Loa ơi"; her answers are as before.
func TestPlaygroup15MembersTalkingAmongThemselvesGetNoAnswer(t *testing.T) {
	t.Parallel()
	srv, p := telegramGroupBot(t)
	const group, lan, mai, hong = int64(-4001501001), int64(7_000_150_011), int64(7_000_150_012), int64(7_000_150_013)
	srv.AddChat(group, "Nhóm Chi hội Ấp 1")
	for _, s := range []struct {
		who        int64
		name, text string
	}{
		{lan, "Lan", "Chị Mai ơi mai mấy giờ họp vậy chị?"},
		{mai, "Mai", "8 giờ sáng em nhé, ở nhà văn hoá"},
		{lan, "Lan", "dạ em cảm ơn chị"},
		{hong, "Hồng", "ok"},
		{mai, "Mai", "hôm qua chợ rau đắt quá"},
		{hong, "Hồng", "nhà em mới làm thẻ bảo hiểm y tế cho cả nhà rồi"},
		{lan, "Lan", "còn cái kia thì sao chị"},
		{mai, "Mai", "sáng nay loa phường thông báo cắt điện"},
	} {
		srv.UserSaysInGroup(group, s.who, s.name, s.text)
	}
	// Updates of one chat are handled in order: once the call below is
	// answered, anything said to the chatter above would have come first.
	srv.UserSaysInGroup(group, lan, "Lan", "Loa ơi 5 không 3 sạch là gì")
	msgs, err := srv.WaitForMessages(testkit.WaitCtx(t), group, 1)
	if err != nil {
		t.Fatal(err)
	}
	waitChatQuiet(t, p.st, chat.Telegram, delivery.TokenID(srv.Token()), "-4001501001")
	if len(msgs) != 1 || len(srv.Messages(group)) != 1 {
		t.Fatalf("want only the answer to \"Loa ơi\", got:\n%s", groupTexts(srv, group))
	}
	contains(t, "Loa ơi", msgs[0].Text, "5 không")

	// An @mention, and a reply to her answer, are calls too.
	srv.UserSaysInGroup(group, mai, "Mai", "@hoi_phu_nu_dn_bot vay vốn hội phụ nữ được bao nhiêu")
	msgs, err = srv.WaitForMessages(testkit.WaitCtx(t), group, 2)
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "mention", msgs[1].Text, "Nguồn")
	srv.UserRepliesInGroup(group, hong, "Hồng", msgs[1].MessageID, "điều kiện vay vốn hộ nghèo")
	msgs, err = srv.WaitForMessages(testkit.WaitCtx(t), group, 3)
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "reply to Loa", msgs[2].Text, "hộ nghèo", "Nguồn")
}

// TestPlaygroup15TwoAskingAtOnceSeeWhichAnswerIsTheirs: Lan asked about
// health insurance and Mai about family violence at the same moment; two
// answers came into the group one under the other, neither saying whose
// question it answers. Each answer is now a reply to the message it
// answers, as a person answers in a busy group.
func TestPlaygroup15TwoAskingAtOnceSeeWhichAnswerIsTheirs(t *testing.T) {
	t.Parallel()
	srv, _ := telegramGroupBot(t)
	const group, lan, mai = int64(-4001501002), int64(7_000_150_021), int64(7_000_150_022)
	srv.AddChat(group, "Nhóm Chi hội Ấp 1")
	asks := map[string]string{
		"Loa ơi bảo hiểm y tế hộ gia đình đóng bao nhiêu": "BHYT",
		"Loa ơi phòng chống bạo lực gia đình thì làm sao": "bạo lực",
	}
	srv.UserSaysInGroup(group, lan, "Lan", "Loa ơi bảo hiểm y tế hộ gia đình đóng bao nhiêu")
	srv.UserSaysInGroup(group, mai, "Mai", "Loa ơi phòng chống bạo lực gia đình thì làm sao")
	msgs, err := srv.WaitForMessages(testkit.WaitCtx(t), group, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		asked := srv.Said(group, m.ReplyTo)
		want, ok := asks[asked]
		if !ok {
			t.Fatalf("an answer is not a reply to a question asked (reply_to %d):\n%s", m.ReplyTo, m.Text)
		}
		contains(t, asked, m.Text, want)
		delete(asks, asked)
	}
}

// TestPlaygroup15OtherBotsCommandsAreNotLoas: the group has another bot
// too; "/help@quiz_bot" got Loa's help, and the head's "/hop" (no such
// command) got "Loa chưa hiểu lệnh này" in front of everyone. A command
// for another bot, or one Loa does not have and that does not name her, is
// not hers in a group; her own are answered as before.
func TestPlaygroup15OtherBotsCommandsAreNotLoas(t *testing.T) {
	t.Parallel()
	srv, p := telegramGroupBot(t)
	const group, lan = int64(-4001501003), int64(7_000_150_031)
	srv.AddChat(group, "Nhóm Chi hội Ấp 1")
	srv.UserSaysInGroup(group, lan, "Lan", "/help@quiz_bot")
	srv.UserSaysInGroup(group, lan, "Lan", "/start@quiz_bot")
	srv.UserSaysInGroup(group, lan, "Lan", "/hop")
	srv.UserSaysInGroup(group, lan, "Lan", "/hop@quiz_bot")
	srv.UserSaysInGroup(group, lan, "Lan", "/help@hoi_phu_nu_dn_bot")
	msgs, err := srv.WaitForMessages(testkit.WaitCtx(t), group, 1)
	if err != nil {
		t.Fatal(err)
	}
	waitChatQuiet(t, p.st, chat.Telegram, delivery.TokenID(srv.Token()), "-4001501003")
	if n := len(srv.Messages(group)); n != 1 || !strings.Contains(msgs[0].Text, "/chude") {
		t.Fatalf("want only Loa's help, got %d:\n%s", n, groupTexts(srv, group))
	}
	srv.UserSaysInGroup(group, lan, "Lan", "/hop@hoi_phu_nu_dn_bot")
	msgs, err = srv.WaitForMessages(testkit.WaitCtx(t), group, 2)
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "her unknown command", msgs[1].Text, "chưa hiểu lệnh")
}

// TestPlaygroup15EmergencyInTheGroupOffersThePrivateChat: Hồng told the
// group, not Loa, "chồng em say rượu đánh em, em đang trốn ở nhà hàng xóm
// số 12 ấp 1". The hotline came at once (it must, even unasked), but
// nothing told her she could go on where thirty neighbours do not read.
// The answer, under her message, keeps the hotline first, repeats nothing
// of what she told, and gives her the link to the private chat, where a
// member's words reach a person of the Union.
func TestPlaygroup15EmergencyInTheGroupOffersThePrivateChat(t *testing.T) {
	t.Parallel()
	srv, p := telegramGroupBot(t)
	const group, hong = int64(-4001501004), int64(7_000_150_041)
	srv.AddChat(group, "Nhóm Chi hội Ấp 1")
	srv.AddChat(hong, "Hồng")
	told := "chồng em say rượu đánh em, em đang trốn ở nhà hàng xóm số 12 ấp 1, em sợ lắm"
	srv.UserSaysInGroup(group, hong, "Hồng", told)
	msgs, err := srv.WaitForMessages(testkit.WaitCtx(t), group, 1)
	if err != nil {
		t.Fatal(err)
	}
	waitChatQuiet(t, p.st, chat.Telegram, delivery.TokenID(srv.Token()), "-4001501004")
	if n := len(srv.Messages(group)); n != 1 {
		t.Fatalf("want one message in the group, got %d:\n%s", n, groupTexts(srv, group))
	}
	got := msgs[0]
	if firstHotline(got.Text) != "113" || srv.Said(group, got.ReplyTo) != told {
		t.Fatalf("want 113 first, under her message (reply_to %d):\n%s", got.ReplyTo, got.Text)
	}
	for _, private := range []string{"số 12", "hàng xóm số", "say rượu", "Hồng"} {
		if strings.Contains(got.Text, private) {
			t.Fatalf("the group was told %q again:\n%s", private, got.Text)
		}
	}
	contains(t, "private chat offered", got.Text, "nhắn riêng", "https://t.me/hoi_phu_nu_dn_bot?start=c_hoicanbo")
	srv.UserSays(hong, "Hồng", "/start c_hoicanbo")
	private, err := srv.WaitForMessages(testkit.WaitCtx(t), hong, 1)
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "in private", private[0].Text, "cán bộ Hội")
}

// TestPlaygroup15CodeSharedInTheGroupJoinsInPrivate: the head shared the
// branch's invite code in the group; Hạnh typed it back there, and Chị Tư
// wrote "Loa ơi mã của em là …": neither got a word. Someone who is not a
// head or staff typing the code in the group (or saying it to Loa) gets the
// link that opens the private chat on it, as "đăng ký CODE" does; the
// head's own message with the code stays hers.
func TestPlaygroup15CodeSharedInTheGroupJoinsInPrivate(t *testing.T) {
	t.Parallel()
	srv, p := telegramGroupBot(t)
	ctx := context.Background()
	const group, head, hanh, tu = int64(-4001501005), int64(7_000_150_051), int64(7_000_150_052), int64(7_000_150_053)
	srv.AddChat(group, "Nhóm Chi hội Ấp 1")
	if _, err := p.st.Grant(ctx, chat.Telegram, "7000150051", store.RoleHead, "B11"); err != nil {
		t.Fatal(err)
	}
	inv, err := p.st.CreateInvite(ctx, store.NewInvite{Kind: store.InviteMember, Unit: "B11", TTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	srv.UserSaysInGroup(group, head, "Chị Hoa", "Mã mời vào chi hội: "+inv.Code)
	srv.UserSaysInGroup(group, hanh, "Hạnh", strings.ToLower(inv.Code))
	msgs, err := srv.WaitForMessages(testkit.WaitCtx(t), group, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := "https://t.me/hoi_phu_nu_dn_bot?start=" + inv.Code
	contains(t, "code typed back", msgs[0].Text, "tin nhắn riêng", want)
	if srv.Said(group, msgs[0].ReplyTo) != strings.ToLower(inv.Code) {
		t.Fatalf("the first note answers the head's message, not Hạnh's:\n%s", groupTexts(srv, group))
	}
	srv.UserSaysInGroup(group, tu, "Chị Tư", "Loa ơi mã của em là "+inv.Code)
	msgs, err = srv.WaitForMessages(testkit.WaitCtx(t), group, 2)
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "code said to Loa", msgs[1].Text, want)
}

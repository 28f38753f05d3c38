package handlers

// A member moving to another platform ("em đổi sang Zalo rồi", "chuyển
// qua Zalo được không"): the way there, with a code of her branch.

import (
	"context"
	"fmt"
	"time"

	"loa/chat"
	"loa/store"
)

const (
	msgMove = "Dạ được ạ. Chị nhắn Loa trên %s rồi gõ:\n/dangky %s\n" +
		"Mã này đưa chị vào %s, dùng một lần trong 7 ngày.\n\n" +
		"Khi đã tham gia bên đó, chị gõ /xoadulieu ở đây để Loa không gửi thông báo cho chị hai nơi nhé."
	msgMoveNoMember = "Chị chưa tham gia chi hội nào trên Loa nên chưa có gì để chuyển ạ. " +
		"Ở nơi chị muốn dùng (Telegram, Zalo), chị gõ /dangky kèm mã mời chi hội trưởng gửi nhé."
	// moveCodeTTL is how long the code she takes to the other platform works.
	moveCodeTTL = 7 * 24 * time.Hour
)

// moveCommand gives a member a one-time code of her branch for the
// platform she names (else "nơi mới"). Joining there makes a second
// registration: she is told to erase this one, so nothing is sent twice.
func (r *joining) moveCommand(ctx context.Context, u chat.Update, args string) []chat.Reply {
	m, ok, err := r.member(ctx, u)
	if err != nil {
		return r.failed(u, "load member", err)
	}
	if !ok {
		return []chat.Reply{{Text: msgMoveNoMember}}
	}
	inv, err := r.store.CreateInvite(ctx, store.NewInvite{Kind: store.InviteMember, Unit: m.Unit, Uses: 1, TTL: moveCodeTTL})
	if err != nil {
		return r.failed(u, "move: create invite", err)
	}
	unit, err := r.unitDisplayName(ctx, m.Unit)
	if err != nil {
		return r.failed(u, "move: load unit", err)
	}
	r.log.Info("member moving to another platform", "platform", u.Platform, "to", args)
	return []chat.Reply{{Text: fmt.Sprintf(msgMove, moveTarget(args), inv.Code, unit)}}
}

// moveTarget names the platform she said, for the sentence.
func moveTarget(to string) string {
	switch to {
	case chat.Zalo:
		return "Zalo"
	case chat.Telegram:
		return "Telegram"
	case chat.Web:
		return "trang web"
	}
	return "nơi mới"
}

// moveWords are the only words a request to move may have besides a
// platform: "em đổi sang zalo rồi", "chuyển qua zalo được không ạ".
var moveWords = map[string]bool{"chuyen": true, "doi": true, "sang": true, "qua": true, "roi": true, "duoc": true,
	"dc": true, "khong": true, "ko": true, "k": true, "kh": true, "muon": true, "can": true, "dung": true,
	"xai": true, "nhan": true, "tin": true, "bang": true, "e": true, "em": true, "chi": true, "toi": true,
	"minh": true, "a": true, "nhe": true, "nha": true, "oi": true, "loa": true, "cho": true, "de": true,
	"gio": true, "thi": true, "lam": true, "sao": true, "the": true, "nao": true}

// moveRequest reads a short message asking to move to a platform; to is
// its name in chat ("zalo", "telegram", "web"), "" for none said.
func moveRequest(fields []string) (to string, ok bool) {
	if len(fields) < 2 || len(fields) > 9 {
		return "", false
	}
	verb := false
	for _, f := range fields {
		switch w := foldWord(f); w {
		case "zalo":
			to = chat.Zalo
		case "telegram", "tele", "tg":
			to = chat.Telegram
		case "chuyen", "doi", "sang":
			verb = true
		default:
			if !moveWords[w] {
				return "", false
			}
		}
	}
	return to, verb && to != ""
}

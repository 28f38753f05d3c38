package handlers

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/skip2/go-qrcode"

	"loa/chat"
	"loa/handlers/chart"
	"loa/store"
	"loa/vntime"
)

// Joining a branch: a member brings her branch's invite code (a Telegram deep
// link `/start CODE`, or `/dangky CODE` typed on Zalo, which has no deep
// links), reads what Loa keeps and why, and agrees — only then is anything
// stored (invariant 7). /toi shows exactly what is kept; /xoadulieu erases it.

const (
	msgJoinHow = "Để tham gia chi hội trên Loa, chị gõ /dangky kèm mã mời, ví dụ: /dangky ABCD2345EFGH7.\n" +
		"Mã mời do chi hội trưởng gửi. Hỏi đáp thì không cần đăng ký."
	msgConsent = "Trước khi tham gia %s, chị đọc giúp Loa nhé:\n\n" +
		"• Loa chỉ lưu: tên hiển thị của chị, mã tài khoản %s, chi hội của chị và thời điểm chị đồng ý.\n" +
		"• Để làm gì: gửi thông báo của chi hội, điểm danh sinh hoạt và thống kê số người tham gia.\n" +
		"• Loa không hỏi số căn cước, số điện thoại hay mật khẩu.\n" +
		"• Chị xem dữ liệu của mình bằng /toi và xoá hết bằng /xoadulieu bất cứ lúc nào.\n\n" +
		"Chị có đồng ý không?"
	labelAgree       = "Đồng ý"
	labelDisagree    = "Không đồng ý"
	msgDisagreed     = "Loa không lưu thông tin nào của chị. Chị vẫn hỏi đáp với Loa bình thường nhé."
	msgJoined        = "Chào mừng chị đã tham gia %s! 🌸\nTừ nay chị sẽ nhận thông báo của chi hội qua Loa. Gõ /toi để xem thông tin Loa lưu."
	msgJoinedHead    = "Chị đã được ghi nhận là chi hội trưởng của %s. Gõ /help để xem các việc chị làm được."
	msgJoinedStaff   = "Chị đã được ghi nhận là cán bộ Hội của %s. Gõ /help để xem các việc chị làm được."
	msgMoved         = "Chị đã chuyển sang %s. Thông báo từ nay đến từ chi hội mới."
	msgInviteUnknown = "Mã mời này không đúng. Chị kiểm tra lại từng chữ, hoặc hỏi chi hội trưởng mã mới nhé."
	msgInviteExpired = "Mã mời này đã hết hạn. Chị xin chi hội trưởng mã mới nhé."
	msgInviteUsedUp  = "Mã mời này đã dùng hết lượt. Chị xin chi hội trưởng mã mới nhé."
	msgInviteRevoked = "Mã mời này đã bị thu hồi. Chị xin chi hội trưởng mã mới nhé."
	msgTooManyTries  = "Chị đã thử nhiều mã không đúng. Chị đợi một lúc rồi thử lại, hoặc hỏi chi hội trưởng nhé."
	msgNotMember     = "Loa chưa lưu thông tin nào về chị. Muốn tham gia chi hội, chị gõ /dangky kèm mã mời nhé."
	msgEraseAsk      = "Chị muốn xoá toàn bộ thông tin Loa lưu về chị (tên, chi hội, vai trò)? Sau khi xoá, chị sẽ không nhận thông báo của chi hội nữa."
	labelEraseYes    = "Xoá dữ liệu"
	labelEraseNo     = "Giữ lại"
	msgEraseOrMute   = "\n\nNếu chị chỉ không muốn nhận tin tuyên truyền, chị chọn «Chỉ tắt tin tuyên truyền»: chị vẫn ở chi hội và nhận thông báo của chi hội."
	labelMuteOnly    = "Chỉ tắt tin tuyên truyền"
	msgErased        = "Loa đã xoá toàn bộ thông tin của chị. Chị vẫn hỏi đáp bình thường được. Cảm ơn chị!"
	msgEraseKept     = "Loa giữ nguyên thông tin của chị."
	msgNothingErase  = "Loa không lưu thông tin nào về chị nên không có gì để xoá."
	msgInviteNoRight = "Chị chưa có quyền tạo mã mời cho đơn vị này."
	msgInviteUsage   = "Cách dùng: /moi để lấy mã mời hội viên của chi hội mình; cán bộ Hội gõ /moi MÃĐƠNVỊ, hoặc /moi truongchihoi MÃCHIHỘI để mời chi hội trưởng."
	msgInviteMember  = "Mã mời vào %s: %s\n\nHội viên bấm đường dẫn dưới đây (Telegram) hoặc nhắn cho Loa: /dangky %s\nMã dùng được đến %s."
	msgInviteHead    = "Mã mời chi hội trưởng %s (dùng 1 lần): %s\n\nNgười được mời bấm đường dẫn dưới đây (Telegram) hoặc nhắn cho Loa: /dangky %s\nMã dùng được đến %s."
	msgUnitUnknown   = "Loa không tìm thấy đơn vị có mã %s."
)

const (
	// inviteTries bounds wrong codes per person per hour: 65-bit codes are
	// unguessable anyway, this keeps a scripted guesser from loading Redis.
	inviteTries       = 10
	inviteTriesWindow = time.Hour
	memberInviteTTL   = 90 * 24 * time.Hour
	headInviteTTL     = 7 * 24 * time.Hour
	dateLayout        = "02/01/2006"
)

// joining is how a person becomes a member and stays in charge of her data:
// an invite code (typed, or /start CODE from a link or QR code) with her
// consent, /toi, /xoadulieu, and the invites heads and staff hand out.
type joining struct{ *kit }

func (r *joining) register(g *registry) {
	g.startCode = r.join
	g.command(&command{name: "dangky", desc: "Tham gia chi hội bằng mã mời", run: r.join})
	g.command(&command{name: "toi", desc: "Xem thông tin Loa lưu về tôi", run: r.me})
	g.command(&command{name: "xoadulieu", desc: "Xoá thông tin của tôi", run: r.eraseAsk})
	g.command(&command{name: "moi", desc: "Lấy mã mời và mã QR của chi hội", needs: ActMemberInvite, run: r.invite})
	g.button("cy", func(ctx context.Context, u chat.Update, code string) []chat.Reply {
		r.forgetAnswer(ctx, u, stepConsent)
		return r.consentYes(ctx, u, code)
	})
	g.button("cn", func(ctx context.Context, u chat.Update, _ string) []chat.Reply {
		r.forgetAnswer(ctx, u, stepConsent)
		return []chat.Reply{{Text: msgDisagreed}}
	})
	g.button("xd", func(ctx context.Context, u chat.Update, answer string) []chat.Reply {
		r.forgetAnswer(ctx, u, stepErase)
		return r.erase(ctx, u, answer)
	})
	g.step(stepConsent, r.consentTyped)
	g.step(stepErase, r.eraseTyped)
	g.command(&command{name: "chuyen", desc: "Chuyển sang dùng Loa trên nền tảng khác", hidden: true, run: r.moveCommand})
}

// join shows the privacy notice for a valid code; nothing about her is
// stored yet, only the question waits for her answer (a pending step).
func (r *joining) join(ctx context.Context, u chat.Update, args string) []chat.Reply {
	typed := inviteCodeTyped(args)
	if typed == "" {
		return []chat.Reply{{Text: msgJoinHow}}
	}
	// Only wrong codes are counted, so a member who agrees or refuses
	// leaves no counter behind.
	who := identity(u)
	tries, err := r.store.Attempts(ctx, "invite", who)
	if err != nil {
		return r.failed(u, "read invite attempts", err)
	}
	if tries >= inviteTries {
		r.log.Warn("too many invite attempts", "platform", u.Platform)
		return []chat.Reply{{Text: msgTooManyTries}}
	}
	inv, err := r.store.CheckInvite(ctx, store.NormalizeInviteCode(typed))
	if store.NormalizeInviteCode(typed) == "" {
		err = store.ErrInviteUnknown
	}
	if err != nil {
		if _, cerr := r.store.CountAttempt(ctx, "invite", who, inviteTriesWindow); cerr != nil {
			r.log.Warn("count invite attempt", "platform", u.Platform, "error", cerr)
		}
		return r.inviteProblem(u, err)
	}
	unit, err := r.unitDisplayName(ctx, inv.Unit)
	if err != nil {
		return r.failed(u, "load invite unit", err)
	}
	// Her next message may answer in words ("dong y", "co e dong y a")
	// instead of the button: the question waits for it as a step.
	r.awaitAnswer(ctx, u, stepConsent+":"+inv.Code)
	return []chat.Reply{{
		Text: fmt.Sprintf(msgConsent, unit, platformName(u.Platform)),
		Buttons: [][]chat.Button{{
			{Text: labelAgree, Data: "cy:" + inv.Code},
			{Text: labelDisagree, Data: "cn:"},
		}},
	}}
}

// inviteCodeTyped is the code in what she typed after /dangky: the whole
// of it when it reads as a code ("6dvb 97cs eexe5", split by her keyboard
// or copied in groups), else its first word ("ABCD2345EFGH7 ạ").
func inviteCodeTyped(args string) string {
	if store.NormalizeInviteCode(args) != "" {
		return args
	}
	// "/dangky mã ABCD2345EFGH7": the words naming the code go first.
	rest := strings.Join(dropCodeWords(strings.Fields(args)), " ")
	if store.NormalizeInviteCode(rest) != "" {
		return rest
	}
	return firstWord(rest)
}

// consentYes uses the code and registers her in one atomic step.
func (r *joining) consentYes(ctx context.Context, u chat.Update, code string) []chat.Reply {
	code = store.NormalizeInviteCode(code)
	before, wasMember, err := r.member(ctx, u)
	if err != nil {
		return r.failed(u, "load member", err)
	}
	inv, err := r.store.JoinWithInvite(ctx, code, store.Member{
		Platform: u.Platform, UserID: u.UserID, Name: u.UserName, Consent: r.now(), Active: true,
	})
	if err != nil {
		return r.inviteProblem(u, err)
	}
	_ = r.store.ForgetAttempts(ctx, "invite", identity(u))
	unit, err := r.unitDisplayName(ctx, inv.Unit)
	if err != nil {
		return r.failed(u, "load invite unit", err)
	}
	r.log.Info("member joined", "platform", u.Platform, "unit", inv.Unit, "kind", string(inv.Kind))
	text := fmt.Sprintf(msgJoined, unit)
	if wasMember && !strings.EqualFold(before.Unit, inv.Unit) && inv.Kind == store.InviteMember {
		text = fmt.Sprintf(msgMoved, unit)
	}
	switch inv.Kind {
	case store.InviteHead:
		text += "\n\n" + fmt.Sprintf(msgJoinedHead, unit)
	case store.InviteStaff:
		text += "\n\n" + fmt.Sprintf(msgJoinedStaff, unit)
		if after, ok, err := r.member(ctx, u); err == nil && ok && wasMember && after.Unit == before.Unit && !strings.EqualFold(before.Unit, inv.Unit) {
			// A branch member stays in her branch (store.JoinWithInvite):
			// she joined no commune as a member.
			text = fmt.Sprintf(msgJoinedStaff, unit)
		}
	}
	out := []chat.Reply{{Text: text}}
	if inv.Kind == store.InviteHead {
		out = append(out, r.openMeetingCodes(ctx, u, inv.Unit, unit)...)
	}
	return out
}

func (r *joining) inviteProblem(u chat.Update, err error) []chat.Reply {
	switch {
	case errors.Is(err, store.ErrInviteUnknown):
		return []chat.Reply{{Text: msgInviteUnknown}}
	case errors.Is(err, store.ErrInviteExpired):
		return []chat.Reply{{Text: msgInviteExpired}}
	case errors.Is(err, store.ErrInviteExhausted):
		return []chat.Reply{{Text: msgInviteUsedUp}}
	case errors.Is(err, store.ErrInviteRevoked):
		return []chat.Reply{{Text: msgInviteRevoked}}
	}
	return r.failed(u, "use invite", err)
}

// whatIsStored loads the sender's member record (ok: she is one) and her
// roles, for /toi and /xoadulieu; failed is the apology when Redis fails.
func (r *joining) whatIsStored(ctx context.Context, u chat.Update) (m store.Member, ok bool, grants []store.Grant, failed []chat.Reply) {
	m, ok, err := r.member(ctx, u)
	if err != nil {
		return m, false, nil, r.failed(u, "load member", err)
	}
	if grants, err = r.store.Roles(ctx, u.Platform, u.UserID); err != nil {
		return m, false, nil, r.failed(u, "load roles", err)
	}
	return m, ok, grants, nil
}

// me shows exactly what is stored about the sender.
func (r *joining) me(ctx context.Context, u chat.Update, _ string) []chat.Reply {
	m, ok, grants, failed := r.whatIsStored(ctx, u)
	if failed != nil {
		return failed
	}
	if !ok && len(grants) == 0 {
		return []chat.Reply{{Text: msgNotMember}}
	}
	var b strings.Builder
	b.WriteString("Thông tin Loa đang lưu về chị:\n")
	if ok {
		unit, err := r.unitPath(ctx, m.Unit)
		if err != nil {
			return r.failed(u, "load unit", err)
		}
		// The web chat has no display name: no empty line for it.
		if m.Name != "" {
			fmt.Fprintf(&b, "• Tên hiển thị: %s\n", m.Name)
		}
		fmt.Fprintf(&b, "• Tài khoản: %s %s\n", platformName(m.Platform), m.UserID)
		label := "Chi hội"
		if home, err := r.store.Unit(ctx, m.Unit); err == nil && home.Kind != "branch" {
			label = "Đơn vị" // staff registered in the commune they serve
		}
		fmt.Fprintf(&b, "• %s: %s\n", label, unit)
		fmt.Fprintf(&b, "• Đồng ý lưu thông tin lúc: %s\n", m.Consent.In(vntime.Zone).Format("15:04 02/01/2006"))
		fmt.Fprintf(&b, "• Nhận tin tuyên truyền: %s\n", yesNo(!m.Muted))
		if !m.Active {
			b.WriteString("• Trạng thái: Loa không gửi được tin cho chị gần đây\n")
		}
	}
	for _, g := range grants {
		unit, err := r.unitDisplayName(ctx, g.Unit)
		if err != nil {
			unit = g.Unit
		}
		fmt.Fprintf(&b, "• Vai trò: %s – %s\n", roleName(g.Role), unit)
	}
	b.WriteString("\nMuốn xoá hết, chị gõ /xoadulieu.")
	return []chat.Reply{{Text: b.String()}}
}

func (r *joining) eraseAsk(ctx context.Context, u chat.Update, _ string) []chat.Reply {
	m, ok, grants, failed := r.whatIsStored(ctx, u)
	if failed != nil {
		return failed
	}
	if !ok && len(grants) == 0 {
		// Not a member, but she may have left traces (questions Loa could
		// not answer, wrong invite codes): take them out too.
		if _, err := r.store.Erase(ctx, u.Platform, u.UserID); err != nil {
			return r.failed(u, "erase traces", err)
		}
		return []chat.Reply{{Text: msgNothingErase}}
	}
	reply := chat.Reply{Text: msgEraseAsk, Buttons: [][]chat.Button{{
		{Text: labelEraseYes, Data: "xd:y"},
		{Text: labelEraseNo, Data: "xd:n"},
	}}}
	if ok && !m.Muted {
		// "huỷ đăng ký" often means "stop the posts": that, without
		// leaving her branch, is one press away.
		reply.Text += msgEraseOrMute
		reply.Buttons = append(reply.Buttons, []chat.Button{{Text: labelMuteOnly, Data: buttonMuteOnly + ":"}})
	}
	r.awaitAnswer(ctx, u, stepErase)
	return []chat.Reply{reply}
}

// erase removes the member record, her grants, and every chat state Loa
// keeps under her id; only anonymous counts remain.
func (r *joining) erase(ctx context.Context, u chat.Update, answer string) []chat.Reply {
	if answer != "y" {
		return []chat.Reply{{Text: msgEraseKept}}
	}
	found, err := r.store.Erase(ctx, u.Platform, u.UserID)
	if err != nil {
		return r.failed(u, "erase member", err)
	}
	who := identity(u)
	for _, clean := range []func() error{
		func() error { return r.store.ClearPending(ctx, u.Platform, u.ChatID, u.UserID) },
		func() error { return r.store.ForgetAttempts(ctx, "invite", who) },
		func() error { return r.store.SaveMenu(ctx, u.Platform, u.ChatID, nil, nil) },
	} {
		if err := clean(); err != nil {
			return r.failed(u, "erase chat state", err)
		}
	}
	r.log.Info("member erased her data", "platform", u.Platform, "found", found)
	return []chat.Reply{{Text: msgErased}}
}

// invite gives a head her branch's join code with a QR code; staff get the
// code of a unit in their subtree, or a one-time head invite.
func (r *joining) invite(ctx context.Context, u chat.Update, args string) []chat.Reply {
	a, err := r.actor(ctx, u)
	if err != nil {
		return r.failed(u, "load actor", err)
	}
	words := strings.Fields(args)
	kind, action, unit := store.InviteMember, ActMemberInvite, homeUnit(a, store.RoleHead, store.RoleStaff)
	if len(words) > 0 && strings.EqualFold(words[0], "truongchihoi") {
		if len(words) < 2 {
			return []chat.Reply{{Text: msgInviteUsage}}
		}
		kind, action, unit = store.InviteHead, ActHeadInvite, words[1]
	} else if len(words) > 0 {
		unit = words[0]
	}
	if unit == "" {
		return []chat.Reply{{Text: msgInviteUsage}}
	}
	unit = store.NormalizeUnitCode(unit)
	ok, err := r.may(ctx, a, action, unit)
	if err != nil {
		return r.failed(u, "check invite right", err)
	}
	if !ok {
		r.log.Info("invite refused", "platform", u.Platform, "unit", unit)
		return []chat.Reply{{Text: msgInviteNoRight}}
	}
	name, err := r.unitDisplayName(ctx, unit)
	if errors.Is(err, store.ErrUnitUnknown) {
		return []chat.Reply{{Text: fmt.Sprintf(msgUnitUnknown, unit)}}
	}
	if err != nil {
		return r.failed(u, "load unit", err)
	}
	inv, err := r.reusableInvite(ctx, kind, unit)
	if err != nil {
		return r.failed(u, "create invite", err)
	}
	layout := msgInviteMember
	if kind == store.InviteHead {
		layout = msgInviteHead
	}
	text := fmt.Sprintf(layout, name, inv.Code, inv.Code, inv.Expires.In(vntime.Zone).Format(dateLayout))
	if bot := r.bots[chat.Telegram]; bot != "" {
		text += "\n\n" + telegramJoinLink(bot, inv.Code)
	}
	out := []chat.Reply{{Text: text}}
	for _, q := range r.inviteQRs(u.Platform, inv.Code) {
		png, err := inviteQRImage(q.content, name, q.lines)
		if err != nil {
			return r.failed(u, "draw invite QR code", err)
		}
		out = append(out, chat.Reply{Text: q.caption, File: &chat.File{Name: "ma-moi-" + strings.ToLower(unit) + "-" + q.platform + ".png", MIME: "image/png", Data: png, Image: true}})
	}
	return out
}

func telegramJoinLink(bot, code string) string {
	return "https://t.me/" + bot + "?start=" + url.QueryEscape(code)
}

// inviteQR is one printable invite QR code: what it holds and the lines
// printed under it.
type inviteQR struct {
	platform, content, caption string
	lines                      []string
}

// inviteQRs are the invite QR codes of the platforms the bot serves, the
// asker's first: on Telegram the deep link; on Zalo, which has no deep
// link to a bot, the command to send, printed as well.
func (r *joining) inviteQRs(asker, code string) []inviteQR {
	var out []inviteQR
	if bot := r.bots[chat.Telegram]; bot != "" {
		out = append(out, inviteQR{platform: chat.Telegram, content: telegramJoinLink(bot, code),
			caption: "Mã QR mời tham gia qua Telegram, để in hoặc chia sẻ cho hội viên dùng Telegram.",
			lines:   []string{"Quét mã bằng camera điện thoại, mở Telegram", "rồi bấm «Bắt đầu» (Start) để tham gia chi hội."}})
	}
	if _, on := r.bots[chat.Zalo]; on {
		who := "Loa"
		if name := r.bots[chat.Zalo]; name != "" && name != chat.Zalo {
			who = name
		}
		q := inviteQR{platform: chat.Zalo, content: "/dangky " + code,
			caption: "Mã QR mời tham gia qua Zalo, để in hoặc chia sẻ vào nhóm Zalo của chi hội.",
			lines:   []string{"Trên Zalo, nhắn cho " + who + ":", "/dangky " + code}}
		if asker == chat.Zalo {
			out = append([]inviteQR{q}, out...)
		} else {
			out = append(out, q)
		}
	}
	if len(out) == 0 {
		out = append(out, inviteQR{platform: "loa", content: "/dangky " + code,
			caption: "Mã QR mời tham gia chi hội, để in hoặc chia sẻ cho hội viên.",
			lines:   []string{"Nhắn cho Loa:", "/dangky " + code}})
	}
	return out
}

// inviteQRImage draws the QR code with the branch's name above it and the
// instruction below.
func inviteQRImage(content, unitName string, lines []string) ([]byte, error) {
	q, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		return nil, err
	}
	return chart.Poster(q.Image(480), "Mời tham gia "+unitName, lines)
}

// reusableInvite returns the unit's open member invite (so every /moi shows
// the same code), or a new one; head invites are always new and single-use.
func (r *joining) reusableInvite(ctx context.Context, kind store.InviteKind, unit string) (store.Invite, error) {
	if kind == store.InviteMember {
		list, err := r.store.ListInvites(ctx, unit)
		if err != nil {
			return store.Invite{}, err
		}
		for _, inv := range list {
			if inv.Kind == store.InviteMember && !inv.Revoked && inv.UsesLeft < 0 && inv.Expires.Sub(r.now()) > 7*24*time.Hour {
				return inv, nil
			}
		}
		return r.store.CreateInvite(ctx, store.NewInvite{Kind: store.InviteMember, Unit: unit, TTL: memberInviteTTL})
	}
	return r.store.CreateInvite(ctx, store.NewInvite{Kind: kind, Unit: unit, Uses: 1, TTL: headInviteTTL})
}

// unitDisplayName is a unit's display name ("Chi hội ấp 1"), or its code.
func (r *joining) unitDisplayName(ctx context.Context, code string) (string, error) {
	if code == "" {
		return "toàn Hội", nil
	}
	u, err := r.store.Unit(ctx, code)
	if err != nil {
		return code, err
	}
	return u.Name, nil
}

// unitPath is "Chi hội ấp 1, Xã Xuân Định, Tỉnh Đồng Nai".
func (r *joining) unitPath(ctx context.Context, code string) (string, error) {
	name, err := r.unitDisplayName(ctx, code)
	if err != nil {
		return code, err
	}
	parts := []string{name}
	anc, err := r.store.Ancestors(ctx, code)
	if err != nil {
		return name, nil
	}
	for _, a := range anc {
		parts = append(parts, a.Name)
	}
	return strings.Join(parts, ", "), nil
}

func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}

func platformName(p string) string {
	switch p {
	case chat.Telegram:
		return "Telegram"
	case chat.Zalo:
		return "Zalo"
	case chat.ZaloOA:
		return "Zalo OA"
	case chat.Web:
		return "web chat"
	}
	return p
}

func roleName(r store.Role) string {
	switch r {
	case store.RoleHead:
		return "chi hội trưởng"
	case store.RoleStaff:
		return "cán bộ Hội"
	case store.RoleAdmin:
		return "quản trị"
	}
	return string(r)
}

func yesNo(b bool) string {
	if b {
		return "có"
	}
	return "không"
}

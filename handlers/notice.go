package handlers

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"loa/chat"
	"loa/store"
	"loa/vntime"
)

// Notices: a branch head writes to her branch, staff to their unit or one
// unit under it, an admin to anyone. /thongbao [text] → (choose the unit) →
// (type the text) → preview with the number of recipients and "Gửi" /
// "Sửa" / "Huỷ". Every step is a draft in Redis (store.NoticeDraft) whose id
// rides in the buttons; every step re-checks that the presser wrote the
// draft and may send to its unit (button data is untrusted). The draft id
// becomes the notice id, so "Gửi" pressed twice sends one notice.

const (
	msgNoticeNotAllowed = "Lệnh này dành cho chi hội trưởng và cán bộ Hội. " +
		"Nếu chị cần báo tin cho chi hội, chị nhờ chi hội trưởng giúp nhé."
	msgNoticeOff     = "Loa chưa gửi được thông báo lúc này. Chị thử lại sau ít phút nhé."
	msgNoticePrivate = "Chị nhắn riêng cho Loa để soạn thông báo nhé."
	msgNoticeLater   = "Loa chưa hẹn giờ gửi được ạ: thông báo đi ngay khi chị chọn «Gửi». " +
		"Đến lúc chị muốn các chị em nhận, chị gõ /thongbao rồi nội dung nhé (tránh tối muộn và sáng sớm, lúc mọi người nghỉ). Loa chưa gửi gì."
	msgNoticeNoUnits    = "Loa chưa có danh sách đơn vị nên chưa biết gửi thông báo tới đâu. Chị nhờ quản trị viên nạp danh sách đơn vị nhé."
	msgNoticeChooseUnit = "Chị muốn gửi thông báo tới đơn vị nào ạ?"
	msgNoticeMoreUnits  = "\n\nĐơn vị khác: chị gõ /thongbao MÃĐƠNVỊ: nội dung"
	msgNoticeAskText    = "Chị gõ nội dung thông báo gửi tới %s nhé. Loa sẽ cho chị xem lại trước khi gửi."
	msgNoticePreview    = "Thông báo trên sẽ gửi tới %s thành viên của %s. Chị xem lại rồi chọn «Gửi» nhé."
	msgNoticeNobody     = "%s chưa có thành viên nào nhận tin của Loa, nên chưa có ai để gửi ạ. " +
		"Chị gửi mã mời (/moi) để các chị em tham gia nhé."
	msgNoticeNoScope = "Chị chưa có quyền gửi thông báo tới đơn vị này ạ."
	msgNoticeStale   = "Bản nháp này không còn nữa (đã sửa, đã huỷ hoặc để quá lâu). Chị gõ /thongbao để soạn lại nhé."
	msgNoticeSent    = "Thông báo này đã được gửi rồi, Loa không gửi lại lần nữa ạ. Chị gõ /thongbaocu để xem kết quả."
	msgNoticeDropped = "Loa đã huỷ bản nháp, không gửi gì cả ạ."
	msgNoticeEmpty   = "Thông báo chưa có nội dung. Chị gõ nội dung giúp Loa nhé."

	msgNoticeNoneRunning = "Chị không có thông báo nào đang gửi ạ."
	msgNoticeChooseStop  = "Chị muốn dừng thông báo nào ạ?"
	msgNoticeStopped     = "Loa đã dừng thông báo tới %s. Các chị chưa nhận sẽ không nhận nữa; Loa gửi chị kết quả ngay sau đây."
	msgNoticeAlreadyOver = "Thông báo này đã dừng hoặc đã gửi xong rồi ạ. Chị gõ /thongbaocu để xem kết quả."
	msgNoticeNoHistory   = "Chị chưa gửi thông báo nào ạ. Gõ /thongbao để gửi thông báo đầu tiên."
	msgNoticeHistory     = "Các thông báo chị gửi gần đây:"

	labelNoticeSend   = "Gửi"
	labelNoticeEdit   = "Sửa"
	labelNoticeCancel = "Huỷ"
)

// Button prefixes: tbu unit chosen, tbg send, tbs edit, tbx discard (each
// "prefix:draftID[:unit]"), tbh stop a notice ("tbh:noticeID").
const (
	btnNoticeUnit    = "tbu"
	btnNoticeSend    = "tbg"
	btnNoticeEdit    = "tbs"
	btnNoticeDiscard = "tbx"
	btnNoticeStop    = "tbh"
	// stepNoticeText is the pending step "the next message is the text of
	// draft <id>" (see steps.go).
	stepNoticeText = "notice"
	// stepNoticeReview is the pending step "the preview of draft <id> is
	// shown": a choice typed in words ("gửi đi", "huỷ") is its button.
	stepNoticeReview = "noticereview"
)

const (
	// maxUnitChoices keeps the unit menu short on a phone; other units are
	// reached by typing their code.
	maxUnitChoices = 12
	// noticeHistory is how many notices /thongbaocu lists.
	noticeHistory = 10
)

// notices is /thongbao and its buttons: a head or staff member drafts a
// notice, confirms it, and the Broadcaster (bot/notices) sends it.
type notices struct {
	*kit
	b Broadcaster // nil turns sending off
}

func (f *notices) register(g *registry) {
	n := &noticeFlow{r: f.kit, b: f.b}
	g.staffStep(stepNoticeText, func(ctx context.Context, u chat.Update, draftID string, _ plainCommands) []chat.Reply {
		return n.textTyped(ctx, u, draftID)
	})
	g.staffStep(stepNoticeReview, func(ctx context.Context, u chat.Update, draftID string, _ plainCommands) []chat.Reply {
		return n.reviewTyped(ctx, u, draftID)
	})
	g.command(&command{name: "thongbao", desc: "Gửi thông báo tới hội viên", needs: ActSendNotice, run: n.start})
	g.command(&command{name: "huythongbao", desc: "Dừng thông báo đang gửi", needs: ActSendNotice, run: n.stopCommand})
	g.command(&command{name: "thongbaocu", desc: "Xem các thông báo đã gửi", needs: ActSendNotice, run: n.history})
	// "sửa thông báo: …" (intents.go): a notice sent cannot be changed on
	// the members' phones; the correction is a new notice, previewed first.
	g.command(&command{name: "suathongbao", desc: "Gửi thông báo đính chính", needs: ActSendNotice, hidden: true, run: n.correct})
	g.staffButton(btnNoticeUnit, n.unitChosen)
	g.staffButton(btnNoticeSend, n.send)
	g.staffButton(btnNoticeEdit, n.edit)
	g.staffButton(btnNoticeDiscard, n.discard)
	g.staffButton(btnNoticeStop, n.stopButton)
}

// noticeFlow is the notice conversation over a router and a Broadcaster.
type noticeFlow struct {
	r *kit
	b Broadcaster
}

// start is /thongbao [MÃĐƠNVỊ:] [text].
func (n *noticeFlow) start(ctx context.Context, u chat.Update, args string) []chat.Reply {
	return n.startDraft(ctx, u, args, "")
}

// startDraft starts a draft from args; lead goes before the text she types
// later (store.NoticeDraft.Lead), "" for a plain notice.
func (n *noticeFlow) startDraft(ctx context.Context, u chat.Update, args, lead string) []chat.Reply {
	r := n.r
	if u.Group {
		return []chat.Reply{{Text: msgNoticePrivate}}
	}
	actor, err := r.actor(ctx, u)
	if err != nil {
		return r.failed(u, "notice: load actor", err)
	}
	if !CanSomewhere(actor, ActSendNotice) {
		r.log.Info("notice refused: no role", "platform", u.Platform)
		return []chat.Reply{{Text: msgNoticeNotAllowed}}
	}
	if n.b == nil {
		return []chat.Reply{{Text: msgNoticeOff}}
	}
	if noticeForLater(u.Text, args, r.now()) {
		r.log.Info("notice for later refused: no scheduling", "platform", u.Platform)
		return []chat.Reply{{Text: msgNoticeLater}}
	}
	id, err := store.NewNoticeID()
	if err != nil {
		return r.failed(u, "notice: new draft", err)
	}
	d := store.NoticeDraft{ID: id, Platform: u.Platform, ChatID: u.ChatID, UserID: u.UserID, Text: args, Lead: lead}
	code, text, ok := n.typedUnit(ctx, args)
	if !ok {
		code, text, ok = n.addressedUnit(ctx, u, actor, args)
	}
	if ok {
		allowed, err := r.may(ctx, actor, ActSendNotice, code)
		if err != nil {
			return r.failed(u, "notice: authorize", err)
		}
		if !allowed {
			r.log.Info("notice refused: unit out of scope", "platform", u.Platform, "unit", code)
			return []chat.Reply{{Text: msgNoticeNoScope}}
		}
		d.Unit, d.Text = code, text
	}
	var choices []store.Unit
	if d.Unit == "" {
		if choices, err = n.unitChoices(ctx, actor); err != nil {
			return r.failed(u, "notice: unit choices", err)
		}
		switch len(choices) {
		case 0:
			return []chat.Reply{{Text: msgNoticeNoUnits}}
		case 1:
			d.Unit = choices[0].Code
		}
	}
	if err := r.store.SaveNoticeDraft(ctx, d); err != nil {
		return r.failed(u, "notice: save draft", err)
	}
	if d.Unit == "" {
		return []chat.Reply{n.unitMenu(d, choices)}
	}
	return n.next(ctx, u, d)
}

// unitCodeArg is a unit code typed before a colon: "/thongbao XA01: …".
var unitCodeArg = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// typedUnit reads "MÃĐƠNVỊ: text"; ok only when the code is a real unit, so
// a notice that starts "Lưu ý: …" stays text.
func (n *noticeFlow) typedUnit(ctx context.Context, args string) (code, text string, ok bool) {
	head, rest, found := strings.Cut(args, ":")
	head = strings.TrimSpace(head)
	if !found || !unitCodeArg.MatchString(head) {
		return "", "", false
	}
	u, err := n.r.store.Unit(ctx, head)
	if err != nil {
		return "", "", false
	}
	return u.Code, strings.TrimSpace(rest), true
}

// addressedUnit reads a notice that starts by saying whom it is for, in
// words, before a colon: "cho ca xa: tối mai họp…" (her whole unit),
// "cho chi hoi ap 2: …" (a unit by its name). ok only when those words
// are an addressee and name a unit, so "Lưu ý: …" stays text.
func (n *noticeFlow) addressedUnit(ctx context.Context, u chat.Update, a Actor, args string) (code, text string, ok bool) {
	head, rest, found := strings.Cut(args, ":")
	words := strings.Fields(head)
	if !found || len(words) == 0 || len(words) > 6 {
		return "", "", false
	}
	folded := make([]string, 0, len(words))
	for _, w := range words {
		folded = append(folded, foldWord(w))
	}
	for len(folded) > 1 && (folded[0] == "cho" || folded[0] == "toi" || folded[0] == "gui") {
		folded, words = folded[1:], words[1:]
	}
	switch strings.Join(folded, " ") {
	case "ca xa", "toan xa", "ca phuong", "toan phuong", "ca hoi", "toan hoi", "tat ca", "tat ca hoi vien", "ca xa luon":
		if home := homeUnit(a, store.RoleStaff, store.RoleHead); home != "" {
			return home, strings.TrimSpace(rest), true
		}
		return "", "", false
	}
	switch folded[0] {
	case "xa", "phuong", "ap", "khu", "chi", "to", "thi":
		if unit, _, ok := n.r.unitByName(ctx, u, a, strings.Join(words, " "), nil); ok {
			return unit, strings.TrimSpace(rest), true
		}
	}
	return "", "", false
}

// unitChoices are the units offered as buttons (NoticeUnits).
func (n *noticeFlow) unitChoices(ctx context.Context, a Actor) ([]store.Unit, error) {
	return NoticeUnits(ctx, n.r.store, a)
}

// NoticeUnits are the units a notice may be sent to from a choice, in chat
// or on the dashboard: a head's branch; a staff member's unit and the units
// right under it; an admin's root units and the units right under them.
// Each is checked with May, so the choice never offers what sending refuses.
func NoticeUnits(ctx context.Context, st *store.Store, a Actor) ([]store.Unit, error) {
	var out []store.Unit
	seen := map[string]bool{}
	add := func(us ...store.Unit) {
		for _, u := range us {
			if !seen[u.Code] {
				seen[u.Code] = true
				out = append(out, u)
			}
		}
	}
	if a.Has(store.RoleAdmin) {
		roots, err := st.Roots(ctx)
		if err != nil {
			return nil, err
		}
		for _, root := range roots {
			add(root)
			kids, err := st.Children(ctx, root.Code)
			if err != nil {
				return nil, err
			}
			add(kids...)
		}
	}
	for _, g := range a.Grants {
		if g.Unit == "" || (g.Role != store.RoleHead && g.Role != store.RoleStaff) {
			continue
		}
		u, err := st.Unit(ctx, g.Unit)
		if errors.Is(err, store.ErrUnitUnknown) {
			continue
		}
		if err != nil {
			return nil, err
		}
		add(u)
		if g.Role == store.RoleStaff {
			kids, err := st.Children(ctx, u.Code)
			if err != nil {
				return nil, err
			}
			add(kids...)
		}
	}
	allowed := out[:0]
	for _, u := range out {
		ok, err := May(ctx, st, a, ActSendNotice, u.Code)
		if err != nil {
			return nil, err
		}
		if ok {
			allowed = append(allowed, u)
		}
	}
	return allowed, nil
}

func (n *noticeFlow) unitMenu(d store.NoticeDraft, choices []store.Unit) chat.Reply {
	text := msgNoticeChooseUnit
	var rows [][]chat.Button
	for _, u := range choices {
		data := btnNoticeUnit + ":" + d.ID + ":" + u.Code
		if len(rows) == maxUnitChoices || len(data) > chat.MaxButtonData {
			text += msgNoticeMoreUnits
			break
		}
		rows = append(rows, []chat.Button{{Text: u.Name, Data: data}})
	}
	return chat.Reply{Text: text, Buttons: rows}
}

// next asks for what the draft still lacks, or shows the preview.
func (n *noticeFlow) next(ctx context.Context, u chat.Update, d store.NoticeDraft) []chat.Reply {
	r := n.r
	unit, err := r.store.Unit(ctx, d.Unit)
	if err != nil {
		return r.failed(u, "notice: load unit", err)
	}
	if strings.TrimSpace(d.Text) == "" {
		if err := r.store.SetPending(ctx, u.Platform, u.ChatID, u.UserID, stepNoticeText+":"+d.ID); err != nil {
			return r.failed(u, "notice: wait for text", err)
		}
		return []chat.Reply{{Text: strings.Replace(msgNoticeAskText, "%s", unit.Name, 1),
			Buttons: [][]chat.Button{{{Text: labelNoticeCancel, Data: btnNoticeDiscard + ":" + d.ID}}}}}
	}
	// Everyone the notice reaches: members, and the staff on Loa there.
	reach, err := r.store.CountReachable(ctx, unit.Code)
	if err != nil {
		return r.failed(u, "notice: count members", err)
	}
	if reach == 0 {
		_ = r.store.DeleteNoticeDraft(ctx, d.ID)
		return []chat.Reply{{Text: strings.Replace(msgNoticeNobody, "%s", unit.Name, 1)}}
	}
	if err := r.store.SetPending(ctx, u.Platform, u.ChatID, u.UserID, stepNoticeReview+":"+d.ID); err != nil {
		r.log.Warn("notice: wait for a choice in words", "platform", u.Platform, "error", err) // the buttons still work
	}
	confirm := strings.Replace(msgNoticePreview, "%s", chat.FormatCount(reach), 1)
	confirm = strings.Replace(confirm, "%s", unit.Name, 1)
	return []chat.Reply{
		{Text: chat.NoticeText(unit.Name, d.Text)},
		{Text: confirm, Buttons: [][]chat.Button{{
			{Text: labelNoticeSend, Data: btnNoticeSend + ":" + d.ID},
			{Text: labelNoticeEdit, Data: btnNoticeEdit + ":" + d.ID},
			{Text: labelNoticeCancel, Data: btnNoticeDiscard + ":" + d.ID},
		}}},
	}
}

// draftFor loads the draft a button or step names and checks that the
// person acting wrote it and may still send to its unit (if it has one).
// It returns the replies to give instead when not.
func (n *noticeFlow) draftFor(ctx context.Context, u chat.Update, id string) (store.NoticeDraft, Actor, []chat.Reply) {
	r := n.r
	d, err := r.store.NoticeDraft(ctx, id)
	if errors.Is(err, store.ErrNoticeDraftUnknown) {
		return d, Actor{}, []chat.Reply{{Text: msgNoticeStale}}
	}
	if err != nil {
		return d, Actor{}, r.failed(u, "notice: load draft", err)
	}
	if d.Platform != u.Platform || d.ChatID != u.ChatID || d.UserID != u.UserID {
		r.log.Warn("notice draft used by someone else", "platform", u.Platform)
		return d, Actor{}, []chat.Reply{{Text: msgNoticeStale}}
	}
	actor, err := r.actor(ctx, u)
	if err != nil {
		return d, Actor{}, r.failed(u, "notice: load actor", err)
	}
	if d.Unit != "" {
		if fail := n.authorize(ctx, u, actor, d.Unit); fail != nil {
			return d, Actor{}, fail
		}
	} else if !CanSomewhere(actor, ActSendNotice) {
		return d, Actor{}, []chat.Reply{{Text: msgNoticeNotAllowed}}
	}
	return d, actor, nil
}

// authorize is nil when actor may send a notice to unit.
func (n *noticeFlow) authorize(ctx context.Context, u chat.Update, actor Actor, unit string) []chat.Reply {
	ok, err := n.r.may(ctx, actor, ActSendNotice, unit)
	if err != nil {
		return n.r.failed(u, "notice: authorize", err)
	}
	if !ok {
		n.r.log.Info("notice refused: unit out of scope", "platform", u.Platform, "unit", unit)
		return []chat.Reply{{Text: msgNoticeNoScope}}
	}
	return nil
}

// unitChosen is the unit button: "tbu:draftID:UNIT".
func (n *noticeFlow) unitChosen(ctx context.Context, u chat.Update, arg string) []chat.Reply {
	id, code, _ := strings.Cut(arg, ":")
	d, actor, fail := n.draftFor(ctx, u, id)
	if fail != nil {
		return fail
	}
	if fail := n.authorize(ctx, u, actor, code); fail != nil {
		return fail
	}
	unit, err := n.r.store.Unit(ctx, code)
	if err != nil {
		return []chat.Reply{{Text: msgNoticeStale}}
	}
	d.Unit = unit.Code
	if err := n.r.store.SaveNoticeDraft(ctx, d); err != nil {
		return n.r.failed(u, "notice: save draft", err)
	}
	return n.next(ctx, u, d)
}

// textTyped is the pending step: the message after "gõ nội dung" is the text.
func (n *noticeFlow) textTyped(ctx context.Context, u chat.Update, id string) []chat.Reply {
	d, _, fail := n.draftFor(ctx, u, id)
	if fail != nil {
		return fail
	}
	if strings.TrimSpace(u.Text) == "" {
		return []chat.Reply{{Text: msgNoticeEmpty}}
	}
	if typedChoice(u.Text) == btnNoticeDiscard {
		// "huỷ", "thôi không gửi nữa" where the text was awaited: she
		// changed her mind, it is no notice for the whole branch.
		return n.discard(ctx, u, id)
	}
	d.Text = withLead(d.Lead, u.Text)
	if err := n.r.store.SaveNoticeDraft(ctx, d); err != nil {
		return n.r.failed(u, "notice: save draft", err)
	}
	return n.next(ctx, u, d)
}

// send is "Gửi": it turns the draft into a notice, once.
func (n *noticeFlow) send(ctx context.Context, u chat.Update, id string) []chat.Reply {
	r := n.r
	if n.b == nil {
		return []chat.Reply{{Text: msgNoticeOff}}
	}
	d, err := r.store.NoticeDraft(ctx, id)
	if errors.Is(err, store.ErrNoticeDraftUnknown) {
		// Sent and then discarded, or never there: say which, to its author only.
		if st, err := n.b.Notice(ctx, id); err == nil && st.Platform == u.Platform && st.ChatID == u.ChatID {
			return []chat.Reply{{Text: msgNoticeSent}}
		}
		return []chat.Reply{{Text: msgNoticeStale}}
	}
	d, _, fail := n.draftFor(ctx, u, id)
	if fail != nil {
		return fail
	}
	if d.Unit == "" || strings.TrimSpace(d.Text) == "" {
		return n.next(ctx, u, d)
	}
	unit, err := r.store.Unit(ctx, d.Unit)
	if err != nil {
		return r.failed(u, "notice: load unit", err)
	}
	_, created, err := n.b.SendNotice(ctx, chat.NoticeRequest{
		ID: d.ID, Platform: u.Platform, ChatID: u.ChatID, UserID: u.UserID,
		Unit: unit.Code, UnitName: unit.Name, Text: d.Text,
	})
	if err != nil {
		return r.failed(u, "notice: send", err)
	}
	if !created {
		return []chat.Reply{{Text: msgNoticeSent}}
	}
	r.log.Info("notice sent", "platform", u.Platform, "notice", d.ID, "unit", unit.Code,
		"runes", utf8.RuneCountInString(d.Text))
	// The preview is answered: her next words ("sửa thông báo", "huỷ")
	// are about the notice sent, not a choice on its preview.
	if err := r.store.ClearPending(ctx, u.Platform, u.ChatID, u.UserID); err != nil {
		r.log.Warn("notice: clear pending step", "platform", u.Platform, "error", err)
	}
	// The progress message the Broadcaster sends is the answer.
	return nil
}

// edit is "Sửa": a new draft for the same unit, so the old preview's "Gửi"
// can no longer send the old text.
func (n *noticeFlow) edit(ctx context.Context, u chat.Update, id string) []chat.Reply {
	d, _, fail := n.draftFor(ctx, u, id)
	if fail != nil {
		return fail
	}
	newID, err := store.NewNoticeID()
	if err != nil {
		return n.r.failed(u, "notice: new draft", err)
	}
	nd := store.NoticeDraft{ID: newID, Platform: d.Platform, ChatID: d.ChatID, UserID: d.UserID, Unit: d.Unit, Lead: d.Lead}
	if err := n.r.store.SaveNoticeDraft(ctx, nd); err != nil {
		return n.r.failed(u, "notice: save draft", err)
	}
	if err := n.r.store.DeleteNoticeDraft(ctx, d.ID); err != nil {
		return n.r.failed(u, "notice: drop old draft", err)
	}
	return n.next(ctx, u, nd)
}

// discard is "Huỷ".
func (n *noticeFlow) discard(ctx context.Context, u chat.Update, id string) []chat.Reply {
	d, err := n.r.store.NoticeDraft(ctx, id)
	if err == nil && (d.Platform != u.Platform || d.ChatID != u.ChatID || d.UserID != u.UserID) {
		return []chat.Reply{{Text: msgNoticeStale}}
	}
	if err != nil && !errors.Is(err, store.ErrNoticeDraftUnknown) {
		return n.r.failed(u, "notice: load draft", err)
	}
	if err := n.r.store.DeleteNoticeDraft(ctx, id); err != nil {
		return n.r.failed(u, "notice: drop draft", err)
	}
	if err := n.r.store.ClearPending(ctx, u.Platform, u.ChatID, u.UserID); err != nil {
		n.r.log.Warn("notice: clear pending step", "platform", u.Platform, "error", err)
	}
	return []chat.Reply{{Text: msgNoticeDropped}}
}

// stopCommand is /huythongbao: it stops the sender's notice still going
// out, or asks which when several are.
func (n *noticeFlow) stopCommand(ctx context.Context, u chat.Update, _ string) []chat.Reply {
	r := n.r
	actor, err := r.actor(ctx, u)
	if err != nil {
		return r.failed(u, "notice: load actor", err)
	}
	if n.b == nil {
		return []chat.Reply{{Text: msgNoticeOff}}
	}
	list, err := n.b.Notices(ctx, u.Platform, u.ChatID, noticeHistory)
	if err != nil {
		return r.failed(u, "notice: list", err)
	}
	var running []chat.NoticeStatus
	for _, st := range list {
		if !st.Ended() && st.UserID == u.UserID {
			running = append(running, st)
		}
	}
	switch len(running) {
	case 0:
		if !CanSomewhere(actor, ActSendNotice) {
			return []chat.Reply{{Text: msgNoticeNotAllowed}}
		}
		return []chat.Reply{{Text: msgNoticeNoneRunning}}
	case 1:
		return n.stop(ctx, u, actor, running[0].ID)
	}
	var rows [][]chat.Button
	for _, st := range running {
		rows = append(rows, []chat.Button{{Text: st.UnitName + ": " + st.Label, Data: btnNoticeStop + ":" + st.ID}})
	}
	return []chat.Reply{{Text: msgNoticeChooseStop, Buttons: rows}}
}

func (n *noticeFlow) stopButton(ctx context.Context, u chat.Update, id string) []chat.Reply {
	if n.b == nil {
		return []chat.Reply{{Text: msgNoticeOff}}
	}
	actor, err := n.r.actor(ctx, u)
	if err != nil {
		return n.r.failed(u, "notice: load actor", err)
	}
	return n.stop(ctx, u, actor, id)
}

// stop cancels notice id if the person acting sent it and may still manage
// its unit's jobs.
func (n *noticeFlow) stop(ctx context.Context, u chat.Update, actor Actor, id string) []chat.Reply {
	r := n.r
	st, err := n.b.Notice(ctx, id)
	if errors.Is(err, ErrNoticeUnknown) {
		return []chat.Reply{{Text: msgNoticeNoneRunning}}
	}
	if err != nil {
		return r.failed(u, "notice: load", err)
	}
	if st.Platform != u.Platform || st.ChatID != u.ChatID || st.UserID != u.UserID {
		r.log.Warn("notice stop by someone else refused", "platform", u.Platform)
		return []chat.Reply{{Text: msgNoticeNoneRunning}}
	}
	ok, err := r.may(ctx, actor, ActManageJobs, st.Unit)
	if err != nil {
		return r.failed(u, "notice: authorize", err)
	}
	if !ok {
		return []chat.Reply{{Text: msgNoticeNoScope}}
	}
	st, stopped, err := n.b.CancelNotice(ctx, id)
	if err != nil {
		return r.failed(u, "notice: cancel", err)
	}
	if !stopped {
		return []chat.Reply{{Text: msgNoticeAlreadyOver}}
	}
	r.log.Info("notice stopped", "platform", u.Platform, "notice", id)
	return []chat.Reply{{Text: strings.Replace(msgNoticeStopped, "%s", st.UnitName, 1)}}
}

const (
	msgNoticeCorrect = "Thông báo đã gửi thì Loa không sửa được trên máy các chị em ạ. Loa soạn giúp chị một thông báo đính chính, chị xem lại rồi chọn «Gửi» nhé."
	// msgNoticeReads answers "ai chưa đọc thông báo" honestly: Loa keeps
	// whether a message reached a phone (the platforms' answer to the
	// send), not whether it was read.
	msgNoticeReads = "Loa biết tin đã đến máy các chị em hay chưa, nhưng chưa biết được ai đã đọc ạ. Chị xem số đã nhận dưới đây; ai chưa nhận, chị nhắc trực tiếp giúp nhé."
	// correctionPrefix starts the text of a correction notice.
	correctionPrefix = "Đính chính: "
)

// correctionFiller are words between "thông báo bị sai" and the correct text.
var correctionFiller = map[string]bool{"roi": true, "a": true, "nhe": true, "nha": true, "la": true, "lai": true}

// correct is "sửa thông báo[: text]": a new notice that starts "Đính
// chính:", previewed like any other, with a word on why the sent one stays.
func (n *noticeFlow) correct(ctx context.Context, u chat.Update, args string) []chat.Reply {
	words := strings.Fields(strings.TrimLeft(strings.TrimSpace(args), ":-–,."))
	for len(words) > 0 && correctionFiller[foldWord(words[0])] {
		words = words[1:] // "thông báo bị sai rồi, …"
	}
	text := ""
	if len(words) >= 2 { // one word is no correction: she is asked for the text
		text = withLead(correctionPrefix, strings.Join(words, " "))
	}
	// Asked for, the text she types next is a correction too.
	out := n.startDraft(ctx, u, text, correctionPrefix)
	if len(out) > 0 && (len(out[0].Buttons) > 0 || strings.HasPrefix(out[0].Text, "📢")) {
		return append([]chat.Reply{{Text: msgNoticeCorrect}}, out...)
	}
	return out // refused, or nobody to send to: that answer alone
}

// withLead puts lead before text, unless she typed it herself
// ("Đính chính: …"): the same words, marks or none, in any case.
func withLead(lead, text string) string {
	text = strings.TrimSpace(text)
	if lead == "" {
		return text
	}
	leadWords := strings.Fields(lead)
	words := strings.FieldsFunc(text, func(r rune) bool { return unicode.IsSpace(r) || r == ':' })
	if len(words) >= len(leadWords) && foldWords(words[:len(leadWords)]) == foldWords(leadWords) {
		return text
	}
	return lead + text
}

// history is /thongbaocu: the sender's recent notices with their counts.
// With args ("ai chưa đọc", intents.go) it first says what Loa can know.
func (n *noticeFlow) history(ctx context.Context, u chat.Update, args string) []chat.Reply {
	out := n.historyList(ctx, u)
	if strings.TrimSpace(args) != "" && len(out) == 1 && strings.HasPrefix(out[0].Text, msgNoticeHistory) {
		out[0].Text = msgNoticeReads + "\n\n" + out[0].Text
	}
	return out
}

func (n *noticeFlow) historyList(ctx context.Context, u chat.Update) []chat.Reply {
	r := n.r
	if n.b == nil {
		return []chat.Reply{{Text: msgNoticeOff}}
	}
	list, err := n.b.Notices(ctx, u.Platform, u.ChatID, noticeHistory)
	if err != nil {
		return r.failed(u, "notice: list", err)
	}
	if len(list) == 0 {
		actor, err := r.actor(ctx, u)
		if err != nil {
			return r.failed(u, "notice: load actor", err)
		}
		if !CanSomewhere(actor, ActSendNotice) {
			return []chat.Reply{{Text: msgNoticeNotAllowed}}
		}
		return []chat.Reply{{Text: msgNoticeNoHistory}}
	}
	var b strings.Builder
	b.WriteString(msgNoticeHistory)
	for i, st := range list {
		b.WriteString("\n\n")
		b.WriteString(chat.FormatCount(int64(i+1)) + ". " + st.Created.In(vntime.Zone).Format("02/01 15:04") + " · " + st.UnitName + "\n")
		b.WriteString("“" + st.Label + "”\n")
		b.WriteString(noticeCounts(st))
	}
	return []chat.Reply{{Text: b.String()}}
}

// noticeCounts is one line of a notice's numbers and state.
func noticeCounts(st chat.NoticeStatus) string {
	line := "Đã nhận " + chat.FormatCount(st.Delivered) + "/" + chat.FormatCount(st.Total)
	if st.Blocked > 0 {
		line += " · chặn Loa " + chat.FormatCount(st.Blocked)
	}
	if st.Failed > 0 {
		line += " · lỗi " + chat.FormatCount(st.Failed)
	}
	for _, code := range chat.UnreachableCodes {
		if n := st.Unreachable[code]; n > 0 {
			line += "\n   (" + chat.FormatCount(n) + " chị " + chat.UnreachableText(code) + ")"
		}
	}
	switch st.State {
	case chat.NoticeDone:
		line += " · đã xong"
	case chat.NoticeCancelled:
		line += " · đã dừng"
	default:
		line += " · đang gửi"
	}
	return line
}

// noticeForLater tells a notice she wants sent at a later time: "hẹn giờ
// gửi thông báo 7h sáng mai: …", "/thongbao hẹn 7h sáng mai: …", "lên lịch
// thông báo…", or in plain words "gửi thông báo lúc 7h sáng mai: …" (the
// time right after the command's words, before the colon). Loa sends a
// notice at once: taken as one, it would go out now, at night perhaps, with
// "mai" meaning the wrong day. "/thongbao Họp lúc 7h sáng mai" is a notice.
func noticeForLater(text, args string, now time.Time) bool {
	head, _, colon := strings.Cut(args, ":")
	if !colon {
		head = args
	}
	words := strings.Fields(head)
	if len(words) == 0 || len(words) > 10 {
		return false
	}
	folded := foldWords(words)
	if folded.has("hen gio", "len lich", "dat lich") || foldWord(words[0]) == "hen" {
		return true
	}
	// "lúc 7h sáng mai:" said after "gửi thông báo" in plain words.
	switch foldWord(words[0]) {
	case "luc", "vao":
		w := parseWhen(head, now)
		return colon && !strings.HasPrefix(strings.TrimSpace(text), "/") && (w.Hour >= 0 || w.Day)
	}
	return false
}

// reviewWords are the words a head types at the preview instead of
// pressing its button: "gửi đi", "ok gửi luôn", "huỷ", "thôi không gửi",
// "sửa lại". Only a message made of them counts.
var reviewWords = map[string]string{"gui": btnNoticeSend, "gui ngay": btnNoticeSend, "gui luon": btnNoticeSend,
	"huy": btnNoticeDiscard, "khong gui": btnNoticeDiscard, "thoi khong gui": btnNoticeDiscard, "huy bo": btnNoticeDiscard, "thoi": btnNoticeDiscard,
	"sua": btnNoticeEdit, "sua lai": btnNoticeEdit}

// reviewFiller change nothing in a choice typed at the preview.
var reviewFiller = map[string]bool{"di": true, "nhe": true, "nha": true, "a": true, "ok": true, "oke": true, "okay": true,
	"em": true, "e": true, "chi": true, "loa": true, "oi": true, "vang": true, "duoc": true, "roi": true, "thong": true,
	"bao": true, "tb": true, "giup": true, "cho": true, "nay": true, "nua": true}

// reviewTyped runs the preview's button that her words name; anything
// else is not for the preview (nil: the router goes on with it).
func (n *noticeFlow) reviewTyped(ctx context.Context, u chat.Update, id string) []chat.Reply {
	switch typedChoice(u.Text) {
	case btnNoticeSend:
		n.r.log.Info("notice preview answered in words", "platform", u.Platform, "choice", "send")
		return n.send(ctx, u, id)
	case btnNoticeDiscard:
		return n.discard(ctx, u, id)
	case btnNoticeEdit:
		return n.edit(ctx, u, id)
	}
	return nil
}

// typedChoice is the preview's button a message made only of reviewWords
// names, "" for any other message.
func typedChoice(text string) string {
	var words []string
	for _, f := range strings.Fields(text) {
		w := foldWord(f)
		if w == "ko" || w == "k" || w == "kh" {
			w = "khong"
		}
		if w != "" && !reviewFiller[w] {
			words = append(words, w)
		}
	}
	return reviewWords[strings.Join(words, " ")]
}

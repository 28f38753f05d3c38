package dashboard

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"loa/chat"
	"loa/handlers"
	"loa/store"
)

const (
	msgNoticesOff     = "Loa chưa gửi được thông báo lúc này. Chị thử lại sau ít phút nhé."
	msgNoticeEmpty    = "Thông báo chưa có nội dung. Chị gõ nội dung giúp Loa nhé."
	msgNoticeTooLong  = "Thông báo dài quá (tối đa 4.000 ký tự). Chị rút gọn giúp Loa nhé."
	msgNoticeNobody   = "%s chưa có thành viên nào nhận tin của Loa, nên chưa có ai để gửi ạ."
	msgNoticeStale    = "Bản xem trước này không còn nữa (đã gửi, đã quá lâu hoặc không phải của chị). Chị soạn lại nhé."
	msgNoticeSent     = "Loa đã bắt đầu gửi thông báo. Kết quả cập nhật ở bảng dưới đây và trong tin nhắn Loa gửi chị."
	msgNoticeRepeated = "Thông báo này đã được gửi rồi, Loa không gửi lại lần nữa ạ."
	// maxNoticeRunes matches what the chat reads of one message.
	maxNoticeRunes = 4000
	// noticeScan is how many recent notices the history reads to find
	// those in her scope; noticeShow how many it shows.
	noticeScan = 500
	noticeShow = 100
)

// noticeChoices are the units offered in the form: the same as chat's
// (handlers.NoticeUnits).
func (d *Dashboard) noticeChoices(r *http.Request, v *viewer) ([]store.Unit, error) {
	return handlers.NoticeUnits(r.Context(), d.st, v.actor)
}

// noticesPage lists the notices of the units in her scope with their
// outcomes, and the form to write a new one.
func (d *Dashboard) noticesPage(w http.ResponseWriter, r *http.Request, v *viewer) {
	d.showNotices(w, r, v, http.StatusOK, r.URL.Query().Get("unit"), "", flashOf(r))
}

func flashOf(r *http.Request) string {
	switch r.URL.Query().Get("tb") {
	case "gui":
		return msgNoticeSent
	case "lap":
		return msgNoticeRepeated
	}
	return ""
}

func (d *Dashboard) showNotices(w http.ResponseWriter, r *http.Request, v *viewer, status int, unit, text, flash string) {
	if !handlers.CanSomewhere(v.actor, handlers.ActSendNotice) {
		d.fail(w, r, v, http.StatusForbidden, msgOutOfScope)
		return
	}
	choices, err := d.noticeChoices(r, v)
	if err != nil {
		d.internal(w, r, v, "notice choices", err)
		return
	}
	var list []chat.NoticeStatus
	off := d.notices == nil
	if !off {
		all, err := d.notices.Recent(r.Context(), 0, noticeScan)
		if err != nil {
			d.internal(w, r, v, "list notices", err)
			return
		}
		inScope := map[string]bool{}
		for _, st := range all {
			ok, seen := inScope[st.Unit]
			if !seen {
				ok = d.may(r, v, handlers.ActSendNotice, st.Unit)
				inScope[st.Unit] = ok
			}
			if ok && len(list) < noticeShow {
				list = append(list, st)
			}
		}
	}
	d.render(w, r, v, status, "notices", map[string]any{
		"Title": "Thông báo", "Choices": choices, "List": list, "Off": off,
		"Chosen": store.NormalizeUnitCode(unit), "Text": text, "Flash": flash,
	})
}

// noticePreview shows the notice as members will see it and how many will
// get it, from a draft (store.NoticeDraft, as the chat's preview) whose id
// becomes the notice's: "Gửi" pressed twice sends one notice.
func (d *Dashboard) noticePreview(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	code := store.NormalizeUnitCode(r.PostForm.Get("unit"))
	text := strings.TrimSpace(strings.ToValidUTF8(r.PostForm.Get("text"), ""))
	if d.notices == nil {
		d.fail(w, r, v, http.StatusServiceUnavailable, msgNoticesOff)
		return
	}
	u, ok := d.unitFor(w, r, v, handlers.ActSendNotice, code)
	if !ok {
		return
	}
	switch {
	case text == "":
		d.showNotices(w, r, v, http.StatusUnprocessableEntity, u.Code, text, msgNoticeEmpty)
		return
	case utf8.RuneCountInString(text) > maxNoticeRunes:
		d.showNotices(w, r, v, http.StatusUnprocessableEntity, u.Code, text, msgNoticeTooLong)
		return
	}
	reach, err := d.st.CountReachable(ctx, u.Code)
	if err != nil {
		d.internal(w, r, v, "count members", err)
		return
	}
	if reach == 0 {
		d.showNotices(w, r, v, http.StatusUnprocessableEntity, u.Code, text, strings.Replace(msgNoticeNobody, "%s", u.Name, 1))
		return
	}
	id, err := store.NewNoticeID()
	if err != nil {
		d.internal(w, r, v, "new draft", err)
		return
	}
	who := v.sess.Who
	// Her private chat is her user id on every platform: the progress
	// message and the summary reach her there, as for a notice from chat.
	draft := store.NoticeDraft{ID: id, Platform: who.Platform, ChatID: who.UserID, UserID: who.UserID, Unit: u.Code, Text: text}
	if err := d.st.SaveNoticeDraft(ctx, draft); err != nil {
		d.internal(w, r, v, "save draft", err)
		return
	}
	d.render(w, r, v, http.StatusOK, "notice_preview", map[string]any{
		"Title": "Xem trước thông báo", "Unit": u, "Draft": id, "Text": text,
		"Preview":    chat.NoticeText(u.Name, text),
		"Recipients": reach,
	})
}

// noticeSend sends a previewed draft through the notice service, after
// checking again that she wrote it and may send to its unit.
func (d *Dashboard) noticeSend(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	if d.notices == nil {
		d.fail(w, r, v, http.StatusServiceUnavailable, msgNoticesOff)
		return
	}
	id := r.PostForm.Get("draft")
	if !store.ValidNoticeID(id) {
		d.fail(w, r, v, http.StatusBadRequest, msgNoticeStale)
		return
	}
	draft, err := d.st.NoticeDraft(ctx, id)
	if errors.Is(err, store.ErrNoticeDraftUnknown) {
		d.fail(w, r, v, http.StatusConflict, msgNoticeStale)
		return
	}
	if err != nil {
		d.internal(w, r, v, "load draft", err)
		return
	}
	who := v.sess.Who
	if draft.Platform != who.Platform || draft.UserID != who.UserID || draft.Unit == "" || strings.TrimSpace(draft.Text) == "" {
		d.log.Warn("dashboard: someone else's notice draft refused")
		d.fail(w, r, v, http.StatusConflict, msgNoticeStale)
		return
	}
	u, ok := d.unitFor(w, r, v, handlers.ActSendNotice, draft.Unit)
	if !ok {
		return
	}
	st, created, err := d.notices.SendNotice(ctx, chat.NoticeRequest{
		ID: draft.ID, Platform: who.Platform, ChatID: draft.ChatID, UserID: who.UserID,
		Unit: u.Code, UnitName: u.Name, Text: draft.Text,
	})
	if err != nil {
		d.internal(w, r, v, "send notice", err)
		return
	}
	if !created {
		http.Redirect(w, r, "/dash/thongbao?tb=lap", http.StatusSeeOther)
		return
	}
	d.audit(ctx, v, "notice_send", u.Code, "notice "+st.ID+", "+strconv.Itoa(utf8.RuneCountInString(draft.Text))+" characters")
	d.log.Info("dashboard: notice sent", "notice", st.ID, "unit", u.Code)
	http.Redirect(w, r, "/dash/thongbao?tb=gui", http.StatusSeeOther)
}

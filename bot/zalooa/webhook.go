package zalooa

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"

	"loa/bot/inbound"
	"loa/bot/zalo"
	"loa/chat"
)

// SignatureHeader carries mac=<hex> on every event (platforms.md D2).
const SignatureHeader = "X-ZEvent-Signature"

// event is one webhook event. Ids stay strings: the platform's numeric ids
// exceed float64 precision.
type event struct {
	AppID     string          `json:"app_id"`
	EventName string          `json:"event_name"`
	Timestamp zalo.FlexString `json:"timestamp"`
	Sender    struct {
		ID zalo.FlexString `json:"id"`
	} `json:"sender"`
	Follower struct {
		ID zalo.FlexString `json:"id"`
	} `json:"follower"`
	Message struct {
		MsgID zalo.FlexString `json:"msg_id"`
		Text  string          `json:"text"`
	} `json:"message"`
}

// verify checks mac = sha256(app_id + raw body + timestamp + OA secret
// key), in constant time. The app id is Loa's own, so an event signed for
// another app fails.
func (a *Adapter) verify(header string, raw []byte, timestamp string) bool {
	got, ok := strings.CutPrefix(strings.TrimSpace(header), "mac=")
	if !ok {
		return false
	}
	gotSum, err := hex.DecodeString(got)
	if err != nil || len(gotSum) != sha256.Size {
		return false
	}
	h := sha256.New()
	h.Write([]byte(a.cfg.AppID))
	h.Write(raw)
	h.Write([]byte(timestamp))
	h.Write([]byte(a.cfg.SecretKey))
	return subtle.ConstantTimeCompare(h.Sum(nil), gotSum) == 1
}

// WebhookHandler receives the OA's events and feeds h, behind the shared
// door (inbound.Webhook: POST only, at most MaxWebhookBody read → 413)
// with the OA's own check plugged in: a missing or wrong signature gets
// 401 and nothing is processed; a malformed body 400. A signed event is
// queued and answered 200 at once — well inside the OA's 2 s budget,
// whatever the handling costs — then handled in order per follower, the
// flood limit applied as it arrives as on every platform. Redelivered
// events are dropped by the router (Update.ID). After Close, or when every
// queue is full, it answers 503 so Zalo resends; an event past one
// follower's backlog bound, or over her flood limit, is dropped.
func (a *Adapter) WebhookHandler(h Handler) http.Handler {
	return inbound.Webhook{
		Log:     a.log,
		MaxBody: MaxWebhookBody,
		Verify:  a.verifyRequest,
		Serve: func(w http.ResponseWriter, r *http.Request, raw []byte) {
			var ev event
			if err := json.Unmarshal(raw, &ev); err != nil { // verifyRequest decoded it already
				http.Error(w, "malformed event", http.StatusBadRequest)
				return
			}
			switch a.offer(r.Context(), h, ev) {
			case inbound.Busy:
				a.log.Warn("zalo-oa webhook busy or closing; event refused", "event", ev.EventName)
				http.Error(w, "busy", http.StatusServiceUnavailable)
				return
			case inbound.ChatFull:
				// Her backlog is full: a flood. Take it from Zalo, drop it.
				a.log.Warn("zalo-oa follower's backlog full; event dropped", "event", ev.EventName)
			}
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"error":0}`)
		},
	}.Handler()
}

// verifyRequest is the OA's check at the webhook's door: the signature
// header present (401), the body an event (400), its MAC right (401). The
// door logs the refusal by its kind, never the event (its name, like all of
// an unsigned body, is whatever the sender wrote).
func (a *Adapter) verifyRequest(r *http.Request, raw []byte) (int, string) {
	sig := r.Header.Get(SignatureHeader)
	if sig == "" {
		return http.StatusUnauthorized, "zalo-oa event without signature rejected"
	}
	var ev struct {
		EventName string          `json:"event_name"`
		Timestamp zalo.FlexString `json:"timestamp"`
	}
	if err := json.Unmarshal(raw, &ev); err != nil {
		return http.StatusBadRequest, "zalo-oa event malformed"
	}
	if !a.verify(sig, raw, string(ev.Timestamp)) {
		return http.StatusUnauthorized, "zalo-oa event with a wrong signature rejected"
	}
	return 0, ""
}

// userEvents are what a follower sends that is not text: they go to the
// handlers with no text, as on Telegram, and the router says what Loa
// says to a message without words.
var userEvents = map[string]bool{
	"user_send_image": true, "user_send_link": true, "user_send_audio": true, "user_send_video": true,
	"user_send_sticker": true, "user_send_gif": true, "user_send_location": true, "user_send_file": true,
	"user_send_business_card": true,
}

// toUpdate turns an event into a neutral Update and says what to do.
func toUpdate(ev event) (chat.Update, action) {
	u := chat.Update{Platform: chat.ZaloOA, Time: msTime(string(ev.Timestamp))}
	switch {
	case ev.EventName == "follow" && ev.Follower.ID != "":
		// A new follower is greeted as /start greets on the other platforms.
		u.ChatID, u.UserID = string(ev.Follower.ID), string(ev.Follower.ID)
		u.ID, u.Text = "follow:"+u.UserID+":"+string(ev.Timestamp), "/start"
		return u, actHandle
	case ev.EventName == "user_send_text" && ev.Sender.ID != "":
		u.ChatID, u.UserID = string(ev.Sender.ID), string(ev.Sender.ID)
		u.MessageID = string(ev.Message.MsgID)
		u.ID = "text:" + u.MessageID
		if u.MessageID == "" {
			u.ID = "text:" + u.UserID + ":" + string(ev.Timestamp)
		}
		if u.Text = strings.TrimSpace(ev.Message.Text); u.Text == "" {
			return u, actIgnore
		}
		return u, actHandle
	case userEvents[ev.EventName] && ev.Sender.ID != "":
		u.ChatID, u.UserID = string(ev.Sender.ID), string(ev.Sender.ID)
		u.MessageID = string(ev.Message.MsgID)
		u.ID = ev.EventName + ":" + u.MessageID
		if u.MessageID == "" {
			u.ID = ev.EventName + ":" + u.UserID + ":" + string(ev.Timestamp)
		}
		if ev.EventName == "user_send_image" {
			// A picture with words under it: the words are the message.
			u.Text = strings.TrimSpace(ev.Message.Text)
		}
		return u, actHandle
	}
	// unfollow, oa_send_* echoes, seen/received receipts …: nothing to answer.
	return u, actIgnore
}

func msTime(s string) time.Time {
	var ms int64
	for _, c := range s {
		if c < '0' || c > '9' {
			return time.Now()
		}
		ms = ms*10 + int64(c-'0')
	}
	if ms <= 0 {
		return time.Now()
	}
	return time.UnixMilli(ms)
}

type action int

const (
	actIgnore action = iota
	actHandle
)

// processTimeout bounds the handling of one event.
const processTimeout = 2 * time.Minute

// offer hands ev to the shared admission (bot/inbound, the one every
// adapter uses): room, the per-member flood limit as the event arrives,
// then the follower's order. An event the flood limit drops silently is
// not noted as an interaction: the one before it, seconds earlier, was.
func (a *Adapter) offer(ctx context.Context, h Handler, ev event) inbound.Result {
	u, act := toUpdate(ev)
	arr := inbound.Arrival{
		Key:    string(ev.Sender.ID) + "/" + string(ev.Follower.ID),
		Work:   func(ctx context.Context) { a.process(ctx, h, ev, u, act) },
		Notify: func(ctx context.Context, notice []chat.Reply) { a.sendNotice(ctx, ev, notice) },
	}
	if act == actHandle {
		arr.Update = &u // marked Admitted before Work runs
	}
	return a.disp.Offer(ctx, h, arr)
}

// sendNotice sends the flood limit's "slow down" in the follower's order.
// Her message was an interaction, so it is noted first: the reply depends
// on it.
func (a *Adapter) sendNotice(ctx context.Context, ev event, notice []chat.Reply) {
	ctx, cancel := context.WithTimeout(ctx, processTimeout)
	defer cancel()
	a.noteEvent(ctx, ev)
	for _, r := range notice {
		if err := a.sendWithRetry(ctx, string(ev.Sender.ID), part{text: r.Text}); err != nil {
			a.log.Warn("zalo-oa flood notice not sent", "error", err)
			return
		}
	}
}

// process handles one event on the dispatcher's context, which lives on
// through a graceful stop (an event already acknowledged to Zalo is still
// answered) and ends only when the stop runs out of time.
func (a *Adapter) process(ctx context.Context, h Handler, ev event, u chat.Update, act action) {
	ctx, cancel := context.WithTimeout(ctx, processTimeout)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			a.log.Error("zalo-oa event handling panicked", "event", ev.EventName, "error", p)
		}
	}()
	if !a.noteEvent(ctx, ev) {
		defer a.noteEvent(ctx, ev) // she may have joined by this event
	}
	switch act {
	case actIgnore:
		a.log.Debug("zalo-oa event ignored", "event", ev.EventName)
		return
	}
	a.pressButton(ctx, &u)
	replies := h.Handle(ctx, u)
	if len(replies) == 0 {
		return
	}
	var menu []chat.Button
	for _, r := range replies {
		parts, err := a.render(ctx, r)
		if err == nil {
			if len(r.Buttons) > 0 {
				// Saved before it goes out: she may press at once.
				menu = zalo.Flatten(r.Buttons)
				a.rememberMenu(ctx, u.ChatID, menu)
			}
			for _, p := range parts {
				if err = a.sendWithRetry(ctx, u.ChatID, p); err != nil {
					break
				}
			}
		}
		if err != nil {
			// A reach refusal (-230, -211) or a lost token: later replies
			// would fail the same way. The reason carries the code.
			a.log.Warn("zalo-oa reply not delivered", "error", err)
			return
		}
	}
	if len(menu) == 0 {
		a.rememberMenu(ctx, u.ChatID, nil)
	}
}

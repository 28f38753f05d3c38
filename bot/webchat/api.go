package webchat

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"loa/bot/inbound"
	"loa/chat"
)

// Polite answers for bad requests; the page shows them as they are.
const (
	msgUnreadable  = "Tin nhắn không đọc được. Bạn vui lòng thử gửi lại nhé."
	msgTooLong     = "Câu hỏi dài quá 4000 ký tự. Bạn vui lòng viết ngắn lại giúp Loa nhé."
	msgEmpty       = "Bạn chưa nhập câu hỏi. Mời bạn gõ câu hỏi rồi bấm Gửi nhé."
	msgBadSession  = "Phiên trò chuyện không hợp lệ. Bạn vui lòng tải lại trang nhé."
	msgBusy        = "Loa đang bận tiếp nhiều người. Bạn vui lòng thử lại sau ít phút nhé."
	msgFailed      = "Xin lỗi, Loa đang gặp trục trặc. Bạn vui lòng thử lại sau ít phút nhé."
	msgFileExpired = "Tệp này đã hết hạn tải về. Bạn vui lòng hỏi lại Loa để nhận tệp mới nhé."
	msgSlowDown    = "Bạn nhắn nhanh quá, Loa chưa kịp đọc hết. Bạn đợi một chút rồi gửi lại giúp Loa nhé."
)

var (
	// sessionPattern is what the page generates: 16 random bytes in hex.
	sessionPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)
	// clientIDPattern is the page's id of one message, reused on a retry.
	clientIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	epochPattern    = regexp.MustCompile(`^[0-9a-f]{16}$`)
)

// incoming is the body of POST /api/message: a question (Text) or a pressed
// button (Data, with Message the id of the bot message that carried it).
type incoming struct {
	Session string `json:"session"`
	ID      string `json:"id"`
	Text    string `json:"text"`
	Data    string `json:"data"`
	Message string `json:"message"`
}

type messageResponse struct {
	Epoch   string  `json:"epoch"`
	Replies []event `json:"replies"`
}

type pollResponse struct {
	Epoch    string  `json:"epoch"`
	Last     int64   `json:"last"` // poll again with after=Last
	Messages []event `json:"messages"`
}

type errorResponse struct {
	Error string `json:"error"`
}

// errShuttingDown: the bot is stopping and takes no new message.
var errShuttingDown = errors.New("web chat: shutting down")

// badRequest is a validation failure: a status, the polite text for the
// member and a short reason for the log (never the message itself).
type badRequest struct {
	status int
	text   string
	reason string
}

func (e *badRequest) Error() string { return e.reason }

// slowDown is a request over a flood limit or a bound of its address:
// 429 with Retry-After, the polite text, and a log line at debug level only
// (a flood would flood the log too).
type slowDown struct {
	reason     string
	retryAfter time.Duration
}

func (e *slowDown) Error() string { return e.reason }

func (s *Server) serveMessage(w http.ResponseWriter, r *http.Request, h Handler) {
	in, err := s.readInbound(w, r)
	if err != nil {
		s.fail(w, err)
		return
	}
	// The address first: session ids are the client's to invent, so a
	// lane per session must not be made for a request its address may
	// not send (each would be a key in Redis).
	addr := clientAddr(r)
	if err := s.admit(r.Context(), LaneAddress, addr); err != nil {
		s.fail(w, err)
		return
	}
	// Past the door the session is known by its chat id only: the flood
	// lane, the member lookup and the session map never hold the secret.
	chatID := ChatID(in.Session)
	rescued := false
	if err := s.admit(r.Context(), LaneClient, chatID); err != nil {
		// An emergency past the session's lane is still answered, within
		// the handler's own bounds; never one past the address's lane.
		if rescued = rescue(r.Context(), h, chat.Update{Platform: chat.Web, ChatID: chatID, UserID: chatID, Text: in.Text, Data: in.Data}); !rescued {
			s.fail(w, err)
			return
		}
	}
	member := s.isMember(r.Context(), chatID)
	now := s.now()

	s.mu.Lock()
	sess, err := s.sessionLocked(chatID, now, &origin{addr: addr, member: member})
	if err != nil {
		s.mu.Unlock()
		s.fail(w, err)
		return
	}
	u := chat.Update{
		Platform: chat.Web,
		// The router deduplicates by (platform, ID) across everyone, so the
		// client's id is scoped by its session: a retried POST is dropped,
		// another browser's id can never silence this one.
		ID:        chatID + ":" + in.ID,
		ChatID:    chatID,
		UserID:    chatID,
		Text:      in.Text,
		Data:      in.Data,
		MessageID: in.ID,
		Time:      now,
		// Let through by the flood limit's rescue: counted there already.
		Admitted: rescued,
	}
	var echo event
	if in.Data != "" {
		u.MessageID = in.Message
		// Show the press as the member's message, labelled like the button.
		if msg, ok := sess.botMessage(in.Message); ok {
			if label, ok := buttonLabel(msg, in.Data); ok {
				echo = event{ID: in.ID, From: fromUser, Text: label}
			}
		}
	} else {
		echo = event{ID: in.ID, From: fromUser, Text: in.Text}
	}
	if echo.From != "" && !sess.hasUserMessage(in.ID) {
		sess.add(echo, s.lim.inboxEvents, s.lim.inboxBytes)
	}
	epoch := sess.epoch
	s.mu.Unlock()

	replies, err := s.handle(r.Context(), h, u)
	if errors.Is(err, errShuttingDown) {
		s.writeJSON(w, http.StatusServiceUnavailable, errorResponse{Error: msgBusy})
		return
	}
	if _, ok := errors.AsType[*slowDown](err); ok {
		s.fail(w, err)
		return
	}
	if err != nil {
		s.log.Error("web chat: handler failed", "error", err)
		s.writeJSON(w, http.StatusInternalServerError, errorResponse{Error: msgFailed})
		return
	}
	if s.members != nil && !member {
		// She may have just registered: from now on her session is kept.
		if m := s.isMember(r.Context(), chatID); m {
			s.mu.Lock()
			sess.member = true
			s.mu.Unlock()
		}
	}
	resp := messageResponse{Epoch: epoch, Replies: []event{}}
	for _, rep := range replies {
		ev, err := s.deliver(chatID, rep)
		if err != nil {
			s.log.Warn("web chat: reply not shown", "error", err)
			continue
		}
		resp.Replies = append(resp.Replies, ev)
	}
	s.writeJSON(w, http.StatusOK, resp)
}

// rescue asks h, when it can tell, whether u, refused by the session's
// flood lane, must be handled all the same (Rescuer).
func rescue(ctx context.Context, h Handler, u chat.Update) bool {
	r, ok := h.(Rescuer)
	return ok && r.Rescue(ctx, u)
}

// handle offers u to the shared admission (bot/inbound, the one every
// adapter uses): room, the per-member flood limit, then the session's
// order, so two messages of one session are answered one after the other.
// The handler runs detached from the request: once the router has seen the
// id a retry gets nothing, so the replies must land in the inbox even when
// the browser went away meanwhile. A panic becomes an error.
func (s *Server) handle(ctx context.Context, h Handler, u chat.Update) ([]chat.Reply, error) {
	type result struct {
		replies []chat.Reply
		err     error
	}
	done := make(chan result, 1)
	res := s.in.Offer(ctx, h, inbound.Arrival{
		Key:    u.ChatID,
		Update: &u,
		Work: func(ctx context.Context) {
			ctx, cancel := context.WithTimeout(ctx, s.lim.handleTimeout)
			defer cancel()
			defer func() {
				if p := recover(); p != nil {
					done <- result{err: fmt.Errorf("handle web update: panic: %v", p)}
				}
			}()
			done <- result{replies: h.Handle(ctx, u)}
		},
		Notify: func(_ context.Context, notice []chat.Reply) { done <- result{replies: notice} },
	})
	switch res {
	case inbound.Busy:
		return nil, errShuttingDown
	case inbound.ChatFull:
		return nil, &slowDown{reason: "backlog of the session", retryAfter: time.Second}
	case inbound.Refused:
		return nil, nil
	}
	r := <-done
	return r.replies, r.err
}

func (s *Server) readInbound(w http.ResponseWriter, r *http.Request) (incoming, error) {
	var in incoming
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/json" {
		// Also keeps plain cross-site form posts out: they cannot send JSON.
		return in, &badRequest{http.StatusUnsupportedMediaType, msgUnreadable, "content type is not JSON"}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.lim.maxBody))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return in, &badRequest{http.StatusRequestEntityTooLarge, msgTooLong, "body too large"}
		}
		return in, &badRequest{http.StatusBadRequest, msgUnreadable, "body unreadable"}
	}
	if !utf8.Valid(body) {
		return in, &badRequest{http.StatusBadRequest, msgUnreadable, "body is not UTF-8"}
	}
	if err := json.Unmarshal(body, &in); err != nil {
		return in, &badRequest{http.StatusBadRequest, msgUnreadable, "body is not a JSON message"}
	}
	in.Text = strings.TrimSpace(in.Text)
	switch {
	case !sessionPattern.MatchString(in.Session):
		return in, &badRequest{http.StatusBadRequest, msgBadSession, "bad session id"}
	case !clientIDPattern.MatchString(in.ID):
		return in, &badRequest{http.StatusBadRequest, msgUnreadable, "bad message id"}
	case in.Text != "" && in.Data != "":
		return in, &badRequest{http.StatusBadRequest, msgUnreadable, "both text and data"}
	case in.Data != "":
		if len(in.Data) > chat.MaxButtonData || in.Message == "" || len(in.Message) > 20 {
			return in, &badRequest{http.StatusBadRequest, msgUnreadable, "bad button press"}
		}
	case in.Text == "":
		return in, &badRequest{http.StatusBadRequest, msgEmpty, "empty text"}
	case utf8.RuneCountInString(in.Text) > s.lim.maxText:
		return in, &badRequest{http.StatusBadRequest, msgTooLong, "text too long"}
	case strings.ContainsRune(in.Text, utf8.RuneError):
		// JSON decoding turns a lone surrogate escape into U+FFFD.
		return in, &badRequest{http.StatusBadRequest, msgUnreadable, "text is not valid Unicode"}
	}
	return in, nil
}

// SessionHeader carries the page's session id on a poll: a header, not the
// URL, so that it never lands in an access log, a proxy's log or the
// browser's history.
const SessionHeader = "X-Loa-Session"

// ChatID is the id the rest of Loa knows a web chat session by: a hash of
// the session id. The session id is the member's only credential (whoever
// has it reads her conversation and speaks as her), so it stays between the
// page and this package: logs, member records, /toi and `bot admin members
// list` show the chat id, from which the session id cannot be recovered.
func ChatID(session string) string {
	sum := sha256.Sum256([]byte("loa web chat session:" + session))
	return hex.EncodeToString(sum[:16])
}

func (s *Server) servePoll(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	session := r.Header.Get(SessionHeader)
	if !sessionPattern.MatchString(session) {
		s.fail(w, &badRequest{http.StatusBadRequest, msgBadSession, "bad session id"})
		return
	}
	id := ChatID(session)
	after, err := strconv.ParseInt(q.Get("after"), 10, 64)
	if q.Get("after") == "" {
		after, err = 0, nil
	}
	epoch := q.Get("epoch")
	wait := s.lim.pollWait
	if v := q.Get("wait"); v != "" {
		secs, werr := strconv.Atoi(v)
		if werr != nil || secs < 0 {
			err = errors.Join(err, errors.New("bad wait"))
		} else if d := time.Duration(secs) * time.Second; d < wait {
			wait = d
		}
	}
	if err != nil || after < 0 || (epoch != "" && !epochPattern.MatchString(epoch)) {
		s.fail(w, &badRequest{http.StatusBadRequest, msgUnreadable, "bad poll parameters"})
		return
	}

	addr := clientAddr(r)
	s.mu.Lock()
	_, live := s.sessions[id]
	s.mu.Unlock()
	var member bool
	if !live {
		// Making up a session costs the address, like a message does.
		if err := s.admit(r.Context(), LaneAddress, addr); err != nil {
			s.fail(w, err)
			return
		}
		member = s.isMember(r.Context(), id)
	}

	s.mu.Lock()
	if s.pollsAddr[addr] >= s.lim.addrPolls {
		s.mu.Unlock()
		s.fail(w, &slowDown{"too many polls from one address", s.lim.pollWait})
		return
	}
	sess, err := s.sessionLocked(id, s.now(), &origin{addr: addr, member: member})
	if err != nil {
		s.mu.Unlock()
		s.fail(w, err)
		return
	}
	if epoch != sess.epoch || after > sess.seq {
		after = 0 // the page knew an older life of this session: send it all
	}
	sess.polls++
	s.pollsAddr[addr]++
	defer func() {
		s.mu.Lock()
		if s.pollsAddr[addr]--; s.pollsAddr[addr] <= 0 {
			delete(s.pollsAddr, addr)
		}
		s.mu.Unlock()
	}()
	timer := time.NewTimer(wait)
	defer timer.Stop()
	var msgs []event
	for {
		msgs = sess.since(after)
		if len(msgs) > 0 {
			break
		}
		changed := sess.changed
		s.mu.Unlock()
		expired := false
		select {
		case <-changed:
		case <-timer.C:
			expired = true
		case <-r.Context().Done():
			expired = true
		case <-s.closing:
			expired = true
		case <-sess.gone:
			expired = true
		}
		s.mu.Lock()
		if expired {
			msgs = sess.since(after)
			break
		}
	}
	sess.polls--
	sess.lastSeen = s.now()
	resp := pollResponse{Epoch: sess.epoch, Last: sess.seq, Messages: msgs}
	s.mu.Unlock()
	s.writeJSON(w, http.StatusOK, resp)
}

// Send shows r in the page of session chatID: a notice or a post from the
// delivery engine, or an edit of an earlier message when r.EditMessageID is
// set. It returns the message's id (for a later edit). A session that expired
// or never existed gives a *chat.SendError of kind ErrUnreachable: the
// page is closed now, which is not a refusal (she stays an active member and
// is reached again when she comes back).
func (s *Server) Send(ctx context.Context, chatID string, r chat.Reply) (messageID string, err error) {
	if err := ctx.Err(); err != nil {
		return "", &chat.SendError{Kind: chat.ErrTemporary, Reason: "send cancelled"}
	}
	ev, err := s.deliver(chatID, r)
	if err != nil {
		return "", err
	}
	return ev.ID, nil
}

// deliver puts one reply in a session's inbox and returns it as the page
// will see it.
func (s *Server) deliver(chatID string, r chat.Reply) (event, error) {
	ev := event{From: fromBot, Text: r.Text}
	for _, row := range r.Buttons {
		var out []button
		for _, b := range row {
			if b.Text == "" || b.Data == "" || len(b.Data) > chat.MaxButtonData {
				return event{}, &chat.SendError{Kind: chat.ErrPermanent, Reason: "button text or data empty or data too long"}
			}
			out = append(out, button{Text: b.Text, Data: b.Data})
		}
		if len(out) > 0 {
			ev.Buttons = append(ev.Buttons, out)
		}
	}
	switch {
	case r.EditMessageID != "" && r.File != nil:
		return event{}, &chat.SendError{Kind: chat.ErrPermanent, Reason: "an edit cannot carry a file"}
	case strings.TrimSpace(r.Text) == "" && r.File == nil:
		return event{}, &chat.SendError{Kind: chat.ErrPermanent, Reason: "message text is empty"}
	case !utf8.ValidString(r.Text):
		return event{}, &chat.SendError{Kind: chat.ErrPermanent, Reason: "message text is not UTF-8"}
	}

	// The sender's fence (chat.Reply.Fence) runs last before the message
	// reaches her inbox, outside the lock every page shares.
	if r.Fence != nil {
		if err := r.Fence(); err != nil {
			return event{}, fmt.Errorf("webchat: send fence: %w", err)
		}
	}
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, _ := s.sessionLocked(chatID, now, nil)
	if sess == nil {
		return event{}, &chat.SendError{Kind: chat.ErrUnreachable, Reason: "web session gone"}
	}
	if r.EditMessageID != "" {
		if !sess.isBotMessageID(r.EditMessageID) {
			return event{}, &chat.SendError{Kind: chat.ErrPermanent, Reason: "message to edit not found"}
		}
		ev.ID, ev.Edit = r.EditMessageID, true
	}
	if r.File != nil {
		link, err := s.putFileLocked(*r.File, now)
		if err != nil {
			return event{}, err
		}
		ev.File = &link
	}
	return sess.add(ev, s.lim.inboxEvents, s.lim.inboxBytes), nil
}

// origin is who asks for a session that may have to be made.
type origin struct {
	addr   string // clientAddr of the request
	member bool   // the session id is a registered member's
}

// sessionLocked finds a live session, or creates it for o when o is not nil.
// Creating one past the bounds gives another session up (evictLocked).
// s.mu must be held.
func (s *Server) sessionLocked(id string, now time.Time, o *origin) (*session, error) {
	s.sweepLocked(now)
	if sess, ok := s.sessions[id]; ok {
		if sess.polls > 0 || now.Sub(sess.lastSeen) < s.lim.sessionIdle {
			sess.lastSeen = now
			return sess, nil
		}
		s.dropLocked(sess)
	}
	if o == nil {
		return nil, nil
	}
	if s.perAddr[o.addr] >= s.lim.addrSessions {
		// An address at its bound gives up one of its own.
		victim := s.victimLocked(func(c *session) bool { return c.addr == o.addr && !c.member })
		if victim == nil {
			return nil, &slowDown{"too many sessions from one address", s.lim.pollWait}
		}
		s.dropLocked(victim)
	}
	if len(s.sessions) >= s.lim.maxSessions {
		if !s.evictLocked() {
			return nil, &badRequest{http.StatusServiceUnavailable, msgBusy, "too many sessions"}
		}
	}
	sess := newSession(id, o.addr, o.member, now)
	s.sessions[id] = sess
	s.perAddr[o.addr]++
	return sess, nil
}

// evictLocked gives up one session to make room: an anonymous one of the
// address holding the most sessions (whoever floods pays first), even while
// a page polls it; only when every session is a member's, the least
// recently seen member session nobody polls. False when nothing may go.
func (s *Server) evictLocked() bool {
	var victim *session
	for _, c := range s.sessions {
		if c.member {
			continue
		}
		if victim == nil {
			victim = c
			continue
		}
		cn, vn := s.perAddr[c.addr], s.perAddr[victim.addr]
		if cn > vn || cn == vn && c.lastSeen.Before(victim.lastSeen) {
			victim = c
		}
	}
	if victim == nil {
		victim = s.victimLocked(func(c *session) bool { return c.polls == 0 })
	}
	if victim == nil {
		return false
	}
	s.dropLocked(victim)
	return true
}

// victimLocked is the least recently seen session that ok accepts.
func (s *Server) victimLocked(ok func(*session) bool) *session {
	var victim *session
	for _, c := range s.sessions {
		if ok(c) && (victim == nil || c.lastSeen.Before(victim.lastSeen)) {
			victim = c
		}
	}
	return victim
}

// dropLocked forgets a session and ends its polls.
func (s *Server) dropLocked(sess *session) {
	if s.sessions[sess.id] != sess {
		return
	}
	delete(s.sessions, sess.id)
	if s.perAddr[sess.addr]--; s.perAddr[sess.addr] <= 0 {
		delete(s.perAddr, sess.addr)
	}
	close(sess.gone)
}

// sweepLocked drops expired sessions and files, at most once per sweepEvery.
func (s *Server) sweepLocked(now time.Time) {
	if now.Sub(s.lastSweep) < s.lim.sweepEvery {
		return
	}
	s.lastSweep = now
	for _, sess := range s.sessions {
		if sess.polls == 0 && now.Sub(sess.lastSeen) >= s.lim.sessionIdle {
			s.dropLocked(sess)
		}
	}
	for token, f := range s.files {
		if !now.Before(f.expires) {
			s.dropFileLocked(token, f)
		}
	}
}

// admit takes one request from a lane of the shared flood limit. Redis
// being unavailable lets the request through (the handler then apologises).
func (s *Server) admit(ctx context.Context, lane Lane, who string) error {
	if s.flood == nil {
		return nil
	}
	ok, retry, err := s.flood.Allow(ctx, lane, who)
	if err != nil {
		s.log.Warn("web chat: flood limit unavailable", "error", err)
		return nil
	}
	if ok {
		return nil
	}
	reason := "flood limit of the session"
	if lane == LaneAddress {
		reason = "flood limit of the address"
	}
	return &slowDown{reason, retry}
}

// isMember reports whether the session of chatID is a registered member's;
// false when unknown (no lookup configured, or Redis unavailable).
func (s *Server) isMember(ctx context.Context, chatID string) bool {
	if s.members == nil {
		return false
	}
	ok, err := s.members(ctx, chatID)
	if err != nil {
		s.log.Warn("web chat: member lookup failed", "error", err)
		return false
	}
	return ok
}

// clientAddr is the address a request came from, as the flood limits and
// the session bounds count it: an IPv4 address, or an IPv6 /64 (one
// subscriber's whole network). Behind a reverse proxy this is the proxy.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	ip = ip.Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}

// hasUserMessage reports whether the member's message with this client id
// is already in the inbox (a retried POST).
func (sess *session) hasUserMessage(id string) bool {
	for _, ev := range sess.events {
		if ev.From == fromUser && ev.ID == id {
			return true
		}
	}
	return false
}

func buttonLabel(msg event, data string) (string, bool) {
	for _, row := range msg.Buttons {
		for _, b := range row {
			if b.Data == data {
				return b.Text, true
			}
		}
	}
	return "", false
}

func (s *Server) fail(w http.ResponseWriter, err error) {
	if sd, ok := errors.AsType[*slowDown](err); ok {
		s.onRefused()
		s.log.Debug("web chat: request refused", "status", http.StatusTooManyRequests, "reason", sd.reason)
		w.Header().Set("Retry-After", strconv.Itoa(int((sd.retryAfter+time.Second-1)/time.Second)))
		s.writeJSON(w, http.StatusTooManyRequests, errorResponse{Error: msgSlowDown})
		return
	}
	var br *badRequest
	if !errors.As(err, &br) {
		br = &badRequest{http.StatusInternalServerError, msgFailed, "internal error"}
	}
	s.log.Info("web chat: request refused", "status", br.status, "reason", br.reason)
	s.writeJSON(w, br.status, errorResponse{Error: br.text})
}

func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		s.log.Debug("web chat: write response", "error", err)
	}
}

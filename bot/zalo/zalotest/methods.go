package zalotest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

var descriptions = map[int]string{
	400: "Bad Request",
	401: "Unauthorized",
	403: "Forbidden",
	404: "Not Found",
	408: "Request timeout",
	409: "Conflict",
	429: "Too Many Requests",
	500: "Internal Server Error",
	502: "Bad Gateway",
	503: "Service Unavailable",
}

// apiError is a refusal the fake answers with.
type apiError struct {
	code int
	desc string
}

func fail(code int, detail string) *apiError {
	d := descriptions[code]
	if d == "" {
		d = http.StatusText(code)
	}
	if detail != "" {
		d += ": " + detail
	}
	return &apiError{code: code, desc: d}
}

// noResult marks an answer of just {"ok":true} (sendChatAction).
type noResult struct{}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	token, method, ok2 := strings.Cut(rest, "/")
	call := Call{Method: method, HTTPMethod: r.Method, ContentType: r.Header.Get("Content-Type")}
	var result any
	var aerr *apiError
	switch {
	case !ok || !ok2 || method == "" || strings.Contains(method, "/"):
		aerr = fail(404, "")
	case token != s.token:
		aerr = fail(401, "")
	case r.Method != http.MethodPost && r.Method != http.MethodGet:
		aerr = fail(405, "")
	default:
		params, err := readParams(r)
		call.Params = params
		if err != nil {
			aerr = fail(400, err.Error())
			break
		}
		if code, scripted := s.takeFailure(method); scripted {
			aerr = fail(code, "")
			break
		}
		result, aerr = s.dispatch(r.Context(), method, params)
	}
	if aerr == nil && result == nil { // the poll's client went away
		return
	}
	status := http.StatusOK
	var body []byte
	switch {
	case aerr != nil:
		status = aerr.code
		body, _ = json.Marshal(map[string]any{"ok": false, "error_code": aerr.code, "description": aerr.desc})
	case result == (noResult{}):
		body = []byte(`{"ok":true}`)
	default:
		body, _ = json.Marshal(map[string]any{"ok": true, "result": result})
	}
	call.Status = status
	s.mu.Lock()
	s.calls = append(s.calls, call)
	s.stats.Calls[method]++
	s.stats.Statuses[status]++
	if status == 408 {
		s.stats.Timeouts++
	}
	s.changedLocked()
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func (s *Server) takeFailure(method string) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.fail[method]
	if len(q) == 0 {
		return 0, false
	}
	s.fail[method] = q[1:]
	return q[0], true
}

// readParams merges query parameters with a JSON, urlencoded or multipart body.
func readParams(r *http.Request) (map[string]any, error) {
	params := map[string]any{}
	for k, v := range r.URL.Query() {
		params[k] = v[0]
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			return params, fmt.Errorf("read body: %w", err)
		}
		if len(bytes.TrimSpace(raw)) == 0 {
			return params, nil
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var body map[string]any
		if err := dec.Decode(&body); err != nil {
			return params, fmt.Errorf("invalid JSON body")
		}
		for k, v := range body {
			params[k] = v
		}
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			return params, fmt.Errorf("invalid form body")
		}
		for k, v := range r.PostForm {
			params[k] = v[0]
		}
	case "multipart/form-data":
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			return params, fmt.Errorf("invalid multipart body")
		}
		for k, v := range r.MultipartForm.Value {
			params[k] = v[0]
		}
	}
	return params, nil
}

func (s *Server) dispatch(ctx context.Context, method string, p map[string]any) (any, *apiError) {
	switch method {
	case "getMe":
		return map[string]any{"id": s.botID, "account_name": "bot.VDKyGxQvc", "account_type": "BASIC",
			"can_join_groups": false}, nil
	case "getUpdates":
		return s.getUpdates(ctx, p)
	case "setWebhook":
		return s.setWebhook(p)
	case "deleteWebhook":
		s.mu.Lock()
		defer s.mu.Unlock()
		s.hookURL, s.hookSecret, s.hookAt = "", "", time.Now().UnixMilli()
		return map[string]any{"url": "", "updated_at": s.hookAt}, nil
	case "getWebhookInfo":
		s.mu.Lock()
		defer s.mu.Unlock()
		return map[string]any{"url": s.hookURL, "updated_at": s.hookAt}, nil
	case "sendMessage":
		chatID, err := chatParam(p)
		if err != nil {
			return nil, err
		}
		text, ok := p["text"].(string)
		if n := utf16Len(text); !ok || n < 1 || n > MaxText {
			return nil, fail(400, "text must be 1-2000 characters")
		}
		return s.accept(Message{ChatID: chatID, Kind: "text", Text: text})
	case "sendPhoto":
		chatID, err := chatParam(p)
		if err != nil {
			return nil, err
		}
		photo, _ := p["photo"].(string)
		if u, perr := url.Parse(photo); perr != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, fail(400, "photo must be an image URL")
		}
		caption, _ := p["caption"].(string)
		if utf16Len(caption) > MaxText {
			return nil, fail(400, "caption must be at most 2000 characters")
		}
		return s.accept(Message{ChatID: chatID, Kind: "photo", Photo: photo, Caption: caption})
	case "sendSticker":
		chatID, err := chatParam(p)
		if err != nil {
			return nil, err
		}
		sticker, _ := p["sticker"].(string)
		if sticker == "" {
			return nil, fail(400, "sticker is required")
		}
		return s.accept(Message{ChatID: chatID, Kind: "sticker", Sticker: sticker})
	case "sendChatAction":
		if _, err := chatParam(p); err != nil {
			return nil, err
		}
		if a, _ := p["action"].(string); a != "typing" && a != "upload_photo" {
			return nil, fail(400, "action must be typing")
		}
		return noResult{}, nil
	}
	return nil, fail(404, "method not found")
}

// chatParam insists on a string chat_id: ids are opaque strings on Zalo.
func chatParam(p map[string]any) (string, *apiError) {
	v, present := p["chat_id"]
	id, isString := v.(string)
	switch {
	case !present:
		return "", fail(400, "chat_id is required")
	case !isString:
		return "", fail(400, "chat_id must be a string")
	case id == "":
		return "", fail(400, "chat_id is empty")
	}
	return id, nil
}

// accept records a sent message after the blocked and rate-limit checks.
func (s *Server) accept(m Message) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.blocked[m.ChatID] {
		return nil, fail(403, "the user has blocked the bot")
	}
	now := time.Now()
	if s.window > 0 {
		keep := s.sends[:0]
		chat := 0
		for _, st := range s.sends {
			if now.Sub(st.at) < s.window {
				keep = append(keep, st)
				if st.chatID == m.ChatID {
					chat++
				}
			}
		}
		s.sends = keep
		if (s.perChat > 0 && chat >= s.perChat) || (s.overall > 0 && len(s.sends) >= s.overall) {
			return nil, fail(429, "")
		}
		s.sends = append(s.sends, sendStamp{at: now, chatID: m.ChatID})
	}
	m.MessageID = NewID()
	m.Date = time.UnixMilli(now.UnixMilli())
	s.messages = append(s.messages, m)
	s.stats.Sent++
	return map[string]any{"message_id": m.MessageID, "date": now.UnixMilli()}, nil
}

package zalooa

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"loa/chat"
	"loa/internal/httpfence"
)

// OA API error codes Loa acts on (platforms.md D4). The OA answers them with
// HTTP 200 and "error" ≠ 0.
const (
	codeRateLimit     = -32
	codeOutOfQuota    = -211
	codeNotFollower   = -213
	codeInvalidToken  = -216
	codeUserQuota     = -218
	codeExpiredToken  = -220
	codeUserInactive  = -227
	codeNoInteraction = -230
	codeInteraction   = -232
)

// DefaultRetryAfter is the pause after -32 (over the app's rate limit),
// which carries no hint.
const DefaultRetryAfter = 5 * time.Second

// apiError is a refusal from the OA API.
type apiError struct {
	Path    string
	Status  int // HTTP status
	Code    int // "error"
	Message string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("zalo-oa %s: %d %s", e.Path, e.Code, e.Message)
}

// call posts body to path with the access token, and after -216/-220
// refreshes once and tries again (platforms.md D1).
func (a *Adapter) call(ctx context.Context, path string, body any, out any) error {
	tok, err := a.tokens.access(ctx)
	if err != nil {
		return err
	}
	err = a.post(ctx, tok, path, body, out)
	var ae *apiError
	if errors.As(err, &ae) && (ae.Code == codeInvalidToken || ae.Code == codeExpiredToken) {
		if tok, err = a.tokens.renew(ctx, tok); err != nil {
			return err
		}
		err = a.post(ctx, tok, path, body, out)
	}
	return err
}

func (a *Adapter) post(ctx context.Context, token, path string, body any, out any) error {
	raw, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("zalo-oa %s: encode: %w", path, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.cfg.APIBase+path, bytes.NewReader(raw))
	if err != nil {
		return fmt.Errorf("zalo-oa %s: %w", path, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("access_token", token) // a header, never the URL: URLs reach errors
	// After the send fence ctx carries, if any (httpfence).
	resp, err := httpfence.Do(a.client, req)
	if err != nil {
		return fmt.Errorf("zalo-oa %s: %w", path, err)
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("zalo-oa %s: read answer: %w", path, err)
	}
	var env struct {
		Error   int             `json:"error"`
		Message string          `json:"message"`
		Data    json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(answer, &env); err != nil {
		return &apiError{Path: path, Status: resp.StatusCode, Message: "answer is not JSON: " + http.StatusText(resp.StatusCode)}
	}
	if env.Error != 0 || resp.StatusCode >= 400 {
		return &apiError{Path: path, Status: resp.StatusCode, Code: env.Error, Message: env.Message}
	}
	if out != nil && len(env.Data) > 0 {
		if err := json.Unmarshal(env.Data, out); err != nil {
			return fmt.Errorf("zalo-oa %s: decode data: %w", path, err)
		}
	}
	return nil
}

// sendError maps an OA refusal to the neutral kinds. The reach refusals
// (-230, -232, -211, -218) are permanent for this message: the delivery
// engine records them with their code and never tries again, since only
// the member's next message opens the window or frees replies. ctx's own
// error passes through so callers can tell a shutdown.
func sendError(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var se *chat.SendError
	if errors.As(err, &se) {
		return se
	}
	var ae *apiError
	if !errors.As(err, &ae) {
		if errors.Is(err, ErrLoginNeeded) {
			return &chat.SendError{Kind: chat.ErrTemporary, Reason: "zalo-oa login needed (refresh token refused)"}
		}
		return &chat.SendError{Kind: chat.ErrTemporary, Reason: err.Error()}
	}
	reason := fmt.Sprintf("%d %s", ae.Code, ae.Message)
	switch {
	case ae.Code == codeNoInteraction || ae.Code == codeInteraction:
		return &chat.SendError{Kind: chat.ErrPermanent, Unreachable: chat.UnreachableWindow, Reason: "outside the 7-day window: " + reason}
	case ae.Code == codeOutOfQuota || ae.Code == codeUserQuota:
		return &chat.SendError{Kind: chat.ErrPermanent, Unreachable: chat.UnreachableQuota, Reason: "out of quota: " + reason}
	case ae.Code == codeNotFollower:
		// Not "blocked": she may follow again, and a follow puts her back
		// in reach; meanwhile the reach record keeps her from being tried.
		return &chat.SendError{Kind: chat.ErrPermanent, Unreachable: chat.UnreachableNotFollower, Reason: "not a follower: " + reason}
	case ae.Code == codeUserInactive:
		return &chat.SendError{Kind: chat.ErrBlocked, Reason: "inactive or banned: " + reason}
	case ae.Code == codeRateLimit:
		return &chat.SendError{Kind: chat.ErrRetryAfter, RetryAfter: DefaultRetryAfter, Reason: reason}
	case ae.Code == codeInvalidToken || ae.Code == codeExpiredToken:
		return &chat.SendError{Kind: chat.ErrTemporary, Reason: "access token refused after a refresh: " + reason}
	case ae.Code == 0 && (ae.Status >= 500 || ae.Status == 429):
		return &chat.SendError{Kind: chat.ErrTemporary, Reason: reason}
	}
	return &chat.SendError{Kind: chat.ErrPermanent, Reason: reason}
}

package zalo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"loa/chat"
	"loa/internal/httpfence"
)

// maxResponse bounds an API answer; the largest is one update.
const maxResponse = 4 << 20

// apiError is a refusal from the API: {"ok":false,"error_code":N,"description":…}.
// Whether the HTTP status always equals error_code is undocumented, so both
// are kept and checked.
type apiError struct {
	Method      string
	Status      int // HTTP status
	Code        int // error_code (or errorCode), 0 when absent
	Description string
	RetryAfter  time.Duration // from parameters.retry_after or Retry-After, 0 when absent
}

func (e *apiError) Error() string {
	return fmt.Sprintf("zalo %s: %d %s", e.Method, e.code(), e.Description)
}

func (e *apiError) code() int {
	if e.Code != 0 {
		return e.Code
	}
	return e.Status
}

// is reports whether the platform answered with this code, in the envelope
// or in the HTTP status.
func (e *apiError) is(code int) bool { return e.Code == code || e.Status == code }

func isAPIError(err error, code int) bool {
	var ae *apiError
	return errors.As(err, &ae) && ae.is(code)
}

// call posts params as JSON to method and decodes the result into out (nil
// to ignore it), after the send fence ctx carries, if any (httpfence).
// Errors never contain the token.
func (a *Adapter) call(ctx context.Context, method string, params any, out any) error {
	if params == nil {
		params = struct{}{}
	}
	body, err := json.Marshal(params)
	if err != nil {
		return fmt.Errorf("zalo %s: encode: %w", method, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.cfg.APIBase+"/bot"+a.cfg.Token+"/"+method, bytes.NewReader(body))
	if err != nil {
		return a.redact(fmt.Errorf("zalo %s: %w", method, err))
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := httpfence.Do(a.client, req)
	if err != nil {
		return a.redact(fmt.Errorf("zalo %s: %w", method, err))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return a.redact(fmt.Errorf("zalo %s: read answer: %w", method, err))
	}
	var env struct {
		OK          bool            `json:"ok"`
		Result      json.RawMessage `json:"result"`
		ErrorCode   int             `json:"error_code"`
		ErrorCode2  int             `json:"errorCode"`
		Description string          `json:"description"`
		Parameters  struct {
			RetryAfter int `json:"retry_after"`
		} `json:"parameters"`
	}
	if jerr := json.Unmarshal(raw, &env); jerr != nil {
		if resp.StatusCode >= 400 {
			return &apiError{Method: method, Status: resp.StatusCode, Description: http.StatusText(resp.StatusCode),
				RetryAfter: retryAfterHeader(resp.Header)}
		}
		return fmt.Errorf("zalo %s: answer is not JSON (HTTP %d)", method, resp.StatusCode)
	}
	if !env.OK || resp.StatusCode >= 400 {
		ae := &apiError{Method: method, Status: resp.StatusCode, Code: env.ErrorCode,
			Description: strings.ReplaceAll(env.Description, a.cfg.Token, "<token>")}
		if ae.Code == 0 {
			ae.Code = env.ErrorCode2
		}
		if ae.Description == "" {
			ae.Description = http.StatusText(ae.code())
		}
		ae.RetryAfter = time.Duration(env.Parameters.RetryAfter) * time.Second
		if ae.RetryAfter == 0 {
			ae.RetryAfter = retryAfterHeader(resp.Header)
		}
		return ae
	}
	if out != nil && len(env.Result) > 0 {
		if err := json.Unmarshal(env.Result, out); err != nil {
			return fmt.Errorf("zalo %s: decode result: %w", method, err)
		}
	}
	return nil
}

func retryAfterHeader(h http.Header) time.Duration {
	if secs, err := strconv.Atoi(h.Get("Retry-After")); err == nil && secs > 0 {
		return time.Duration(secs) * time.Second
	}
	return 0
}

// redact removes the token from an error: net/http puts the full URL, token
// included, into *url.Error. The replacement keeps the chain (context errors
// stay detectable) whenever the token sat only in the URL.
func (a *Adapter) redact(err error) error {
	if err == nil {
		return nil
	}
	tok := a.cfg.Token
	var ue *url.Error
	if errors.As(err, &ue) && strings.Contains(ue.URL, tok) {
		ue.URL = strings.ReplaceAll(ue.URL, tok, "<token>")
	}
	if msg := err.Error(); strings.Contains(msg, tok) {
		return errors.New(strings.ReplaceAll(msg, tok, "<token>"))
	}
	return err
}

// sendError maps an API or network failure to the neutral kinds. ctx's own
// error passes through unchanged so callers can tell a shutdown.
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
		return &chat.SendError{Kind: chat.ErrTemporary, Reason: err.Error()}
	}
	out := &chat.SendError{Kind: chat.ErrPermanent, Reason: ae.Description}
	switch {
	case ae.is(429):
		out.Kind, out.RetryAfter = chat.ErrRetryAfter, ae.RetryAfter
		if out.RetryAfter <= 0 {
			out.RetryAfter = DefaultRetryAfter
		}
	case ae.is(403):
		out.Kind = chat.ErrBlocked
	case ae.is(401):
		// The token is wrong for every recipient; retrying (and alerting)
		// beats marking a whole notice's recipients failed.
		out.Kind = chat.ErrTemporary
		out.Reason = "unauthorized: check ZALO_BOT_TOKEN"
	case ae.is(408) || ae.code() >= 500 || ae.Status >= 500:
		out.Kind = chat.ErrTemporary
	}
	return out
}

package zalo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"loa/chat"
	"loa/internal/backoff"
)

// What both Zalo products have in common: this package (the Bot Platform)
// and bot/zalooa (the Official Account) render choices and files the
// same way and answer a member with the same retries. Each
// piece here is used by both; what differs (auth, signatures, error codes,
// the wire format of events) stays in each adapter.

// FlexString is an id: Zalo sends opaque strings, but a number is accepted
// (kept digit for digit: ids exceed float64 precision) rather than failing
// the whole event. Objects, arrays and booleans are rejected.
type FlexString string

func (f *FlexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*f = ""
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = FlexString(s)
	case b[0] == '-' || b[0] >= '0' && b[0] <= '9':
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return err
		}
		*f = FlexString(n.String())
	default:
		return errors.New("id must be a string")
	}
	return nil
}

// FileLink stores a file for FileLinkTTL and returns its download link
// (publicBase + "/dl/" + token): neither Zalo product sends Loa's files
// themselves.
func FileLink(ctx context.Context, files FileStore, publicBase string, f chat.File) (string, error) {
	if len(f.Data) == 0 || len(f.Data) > MaxFileSize {
		return "", &chat.SendError{Kind: chat.ErrPermanent,
			Reason: fmt.Sprintf("file of %d bytes cannot become a download link (1 byte to 20 MB)", len(f.Data))}
	}
	token, err := files.PutFile(ctx, f, FileLinkTTL)
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", &chat.SendError{Kind: chat.ErrTemporary, Reason: "store file for link: " + err.Error()}
	}
	return publicBase + "/dl/" + token, nil
}

// FileLinkText is the line that stands for a file in a message.
func FileLinkText(name, link string) string {
	return "📎 Tệp “" + name + "”: " + link + "\n(Liên kết dùng được trong 24 giờ.)"
}

// JoinBlocks joins two blocks of a message with a blank line.
func JoinBlocks(a, b string) string {
	if a == "" {
		return b
	}
	return a + "\n\n" + b
}

// Flatten lists the buttons of all rows in reading order.
func Flatten(rows [][]chat.Button) []chat.Button {
	var out []chat.Button
	for _, row := range rows {
		out = append(out, row...)
	}
	return out
}

// ReplyAttempts bounds the tries of one part of an answer to a member.
const ReplyAttempts = 4

// RetryReply sends one part of an answer to a member's own message: a
// rate-limit refusal waits its pause (up to a minute), a temporary error
// backs off from base (doubling to 8 s, with jitter), ReplyAttempts times
// at most. Each part is retried alone, so earlier parts are never
// repeated; a permanent refusal is not retried. (Bulk sends go through
// Send, whose caller, the delivery engine, retries.)
func RetryReply(ctx context.Context, base time.Duration, send func(ctx context.Context) error) error {
	for attempt := 1; ; attempt++ {
		err := send(ctx)
		var se *chat.SendError
		if err == nil || !errors.As(err, &se) {
			return err
		}
		retry := attempt < ReplyAttempts && (se.Kind == chat.ErrTemporary ||
			se.Kind == chat.ErrRetryAfter && se.RetryAfter <= time.Minute)
		if !retry {
			return err
		}
		d := backoff.Delay(base, 8*time.Second, attempt-1)
		if se.Kind == chat.ErrRetryAfter {
			d = se.RetryAfter
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

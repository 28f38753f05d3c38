package refusals

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestOneLinePerKindPerIntervalWithTheCount(t *testing.T) {
	var buf bytes.Buffer
	l := New(slog.New(slog.NewTextHandler(&buf, nil)), slog.LevelWarn)
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	l.now = func() time.Time { return now }
	ctx := context.Background()
	for range 500 {
		l.Refused(ctx, "webhook request with a wrong secret rejected")
		l.Refused(ctx, "webhook request without secret rejected")
	}
	now = now.Add(59 * time.Second)
	l.Refused(ctx, "webhook request with a wrong secret rejected")
	if got := strings.Count(buf.String(), "\n"); got != 2 {
		t.Fatalf("%d lines in the first minute, want one per kind:\n%s", got, buf.String())
	}
	now = now.Add(time.Second)
	l.Refused(ctx, "webhook request with a wrong secret rejected", "status", 403)
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], "refused=1") || !strings.Contains(lines[2], "refused=501") || !strings.Contains(lines[2], "status=403") {
		t.Fatalf("want the first refusal, then a line standing for the 501 since:\n%s", buf.String())
	}
}

// Package refusals logs requests refused at a door (a webhook without its
// secret or signature, a guessed sign-in link) without letting whoever sends
// them write the log: a line per refusal let anyone fill the disk at the
// speed of their requests and push the lines an operator needs out of the
// log's rotation. Each kind of refusal is logged the first time, then at
// most once per interval, with how many were refused since its last line.
package refusals

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Every is the interval between two lines about one kind of refusal.
const Every = time.Minute

// Log writes at most one line per message per interval. The message is the
// kind of refusal: a constant, never what the request carried.
type Log struct {
	log   *slog.Logger
	level slog.Level
	every time.Duration
	now   func() time.Time

	mu    sync.Mutex
	kinds map[string]*kind
}

type kind struct {
	last    time.Time // of its last line
	skipped int       // refusals since that line, not logged
}

// New returns a Log writing to log at level, at most one line per message
// every Every. A nil log discards.
func New(log *slog.Logger, level slog.Level) *Log {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Log{log: log, level: level, every: Every, now: time.Now, kinds: map[string]*kind{}}
}

// Refused notes one refusal of kind msg. args are attributes fixed by the
// program (a status, a limit), never request content. The line says how
// many refusals of its kind it stands for ("refused", at least 1). The
// kinds are the program's few messages, so the map stays small.
func (l *Log) Refused(ctx context.Context, msg string, args ...any) {
	now := l.now()
	l.mu.Lock()
	k := l.kinds[msg]
	if k == nil {
		k = &kind{}
		l.kinds[msg] = k
	} else if now.Sub(k.last) < l.every {
		k.skipped++
		l.mu.Unlock()
		return
	}
	refused := k.skipped + 1
	k.last, k.skipped = now, 0
	l.mu.Unlock()
	l.log.Log(ctx, l.level, msg, append(args, "refused", refused)...)
}

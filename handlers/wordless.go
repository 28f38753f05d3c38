package handlers

import (
	"context"
	"strings"
	"sync"
	"time"

	"loa/chat"
	"loa/store"
)

// Messages without words (a photo, a voice note, a sticker, a file) reach
// the router from every adapter as an update with no text: one rule for
// Telegram, the Zalo Bot Platform and the Zalo OA. In a group they get no
// answer (Handle); in a private chat, the note below.

// NoteCooldown keeps Loa from repeating the same note for every one of ten
// pictures: a chat gets a given note at most once in this time.
const NoteCooldown = 10 * time.Minute

// wordsOnly answers a private message without words: Loa reads only words.
// A head's photo may be the sign-in sheet of her meeting, and one sent
// while Loa waits for a figure surely is: she is told that nothing was
// recorded and what to type instead. For media (a picture, a sticker …)
// the same note is not repeated within NoteCooldown; another one (the
// step began meanwhile) is sent. Typed text that cleans to nothing (bytes
// that are not UTF-8) is answered every time: it is rare, and she typed.
func (r *Router) wordsOnly(ctx context.Context, u chat.Update, pending string, media bool) []chat.Reply {
	text := r.wordsOnlyText(ctx, u, pending)
	if media && !r.wordless.due(u.Platform+"\x00"+u.ChatID+"\x00"+text, r.now()) {
		return nil
	}
	return []chat.Reply{{Text: text}}
}

func (r *Router) wordsOnlyText(ctx context.Context, u chat.Update, pending string) string {
	if step, _, _ := strings.Cut(pending, ":"); step == stepHeadcount {
		return msgOnlyTextFigure
	}
	if r.store != nil {
		a, err := r.actor(ctx, u)
		if err != nil {
			r.log.Warn("load actor", "platform", u.Platform, "error", err)
		} else if homeUnit(a, store.RoleHead, store.RoleStaff) != "" {
			return msgOnlyTextReport
		}
	}
	return msgOnlyText
}

// maxNoteLog bounds the chats remembered; past it, expired entries are
// dropped, and if that frees nothing (more chats than this sent pictures
// within NoteCooldown) a new chat is answered without being remembered:
// memory stays bounded and the worst is one more note.
const maxNoteLog = 10_000

// noteLog remembers when each key was last due. It is in memory on
// purpose: a replica that has not seen the last note sends one more,
// which is harmless, and a picture costs no Redis write. Safe for
// concurrent use.
type noteLog struct {
	mu   sync.Mutex
	last map[string]time.Time
}

// due reports whether key may be answered now, and records it.
func (l *noteLog) due(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.last == nil {
		l.last = map[string]time.Time{}
	}
	if t, ok := l.last[key]; ok && now.Sub(t) < NoteCooldown && !now.Before(t) {
		return false
	}
	if len(l.last) >= maxNoteLog {
		for k, t := range l.last {
			if now.Sub(t) >= NoteCooldown {
				delete(l.last, k)
			}
		}
		if len(l.last) >= maxNoteLog {
			return true
		}
	}
	l.last[key] = now
	return true
}

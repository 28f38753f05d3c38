package webchat

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"time"
)

// event is one entry of a session's inbox, and its JSON form on the wire.
// A new message's ID is its own Seq; an edit carries the ID of the message it
// replaces (Edit true) under a Seq of its own, so the page learns of it by
// the same long poll.
type event struct {
	Seq     int64      `json:"seq"`
	ID      string     `json:"id"`
	From    string     `json:"from"` // fromBot or fromUser
	Text    string     `json:"text"`
	Buttons [][]button `json:"buttons,omitempty"`
	File    *fileLink  `json:"file,omitempty"`
	Edit    bool       `json:"edit,omitempty"`
	size    int        // bytes counted against the session's inbox bound
}

const (
	fromBot  = "bot"
	fromUser = "user"
)

type button struct {
	Text string `json:"text"`
	Data string `json:"data"`
}

type fileLink struct {
	Name  string `json:"name"`
	URL   string `json:"url"`
	Image bool   `json:"image,omitempty"`
}

// session is one browser's conversation. Epoch changes whenever the session
// is created anew (first visit, after expiry or a restart of the bot), so a
// page that remembers sequence numbers of an older life starts over.
type session struct {
	id       string
	epoch    string
	seq      int64
	events   []event // ascending Seq
	bytes    int
	changed  chan struct{} // closed and replaced on every append: wakes long polls
	lastSeen time.Time
	polls    int           // long polls in progress; a polled session does not expire while idle
	addr     string        // the address that made it (clientAddr)
	member   bool          // a registered member's: given up last
	gone     chan struct{} // closed when the session is dropped: ends its polls
}

func newSession(id, addr string, member bool, now time.Time) *session {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return &session{id: id, epoch: hex.EncodeToString(b[:]), changed: make(chan struct{}), lastSeen: now,
		addr: addr, member: member, gone: make(chan struct{})}
}

// add appends an event, gives it the next sequence number and wakes waiting
// polls. Old events are dropped past the inbox bounds, but at least the new
// one is kept.
func (s *session) add(ev event, maxEvents, maxBytes int) event {
	s.seq++
	ev.Seq = s.seq
	if ev.ID == "" {
		ev.ID = strconv.FormatInt(ev.Seq, 10)
	}
	ev.size = len(ev.Text) + 64
	for _, row := range ev.Buttons {
		for _, b := range row {
			ev.size += len(b.Text) + len(b.Data)
		}
	}
	s.events = append(s.events, ev)
	s.bytes += ev.size
	drop := 0
	for len(s.events)-drop > 1 && (len(s.events)-drop > maxEvents || s.bytes > maxBytes) {
		s.bytes -= s.events[drop].size
		drop++
	}
	if drop > 0 {
		clear(s.events[:drop]) // let the dropped texts be collected
		// Re-slicing is amortised O(1): append moves the live events to a
		// new array when the old one is used up.
		s.events = s.events[drop:]
	}
	close(s.changed)
	s.changed = make(chan struct{})
	return ev
}

// since returns the events after seq, oldest first.
func (s *session) since(seq int64) []event {
	i := len(s.events)
	for i > 0 && s.events[i-1].Seq > seq {
		i--
	}
	out := make([]event, len(s.events)-i)
	copy(out, s.events[i:])
	return out
}

// botMessage returns the bot message with this id while it is still in the
// inbox, with its latest buttons.
func (s *session) botMessage(id string) (event, bool) {
	var found event
	ok := false
	for _, ev := range s.events {
		if ev.From == fromBot && ev.ID == id {
			found, ok = ev, true // a later edit replaces the text and buttons
		}
	}
	return found, ok
}

// isBotMessageID reports whether id could name a message the bot sent in
// this session's life (it may have left the inbox but still be on the page).
func (s *session) isBotMessageID(id string) bool {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n < 1 || n > s.seq || strconv.FormatInt(n, 10) != id {
		return false
	}
	for _, ev := range s.events {
		if ev.Seq == n {
			return ev.From == fromBot && !ev.Edit
		}
	}
	return true
}

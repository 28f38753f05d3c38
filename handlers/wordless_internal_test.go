package handlers

import (
	"strconv"
	"testing"
	"time"
)

// The note log stays bounded when more chats than it holds send pictures
// within the cooldown: a new chat is answered without being remembered,
// and a remembered one still gets no second note.
func TestNoteLogStaysBounded(t *testing.T) {
	var l noteLog
	now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	for i := range maxNoteLog {
		if !l.due(strconv.Itoa(i), now) {
			t.Fatalf("chat %d: first picture not answered", i)
		}
	}
	for range 2 {
		if !l.due("new", now.Add(time.Minute)) {
			t.Fatal("a new chat past the bound got no note")
		}
	}
	if len(l.last) != maxNoteLog {
		t.Fatalf("log holds %d chats, want at most %d", len(l.last), maxNoteLog)
	}
	if l.due("7", now.Add(time.Minute)) {
		t.Fatal("a remembered chat got a second note within the cooldown")
	}
	if !l.due("new", now.Add(NoteCooldown+time.Second)) || len(l.last) > maxNoteLog {
		t.Fatalf("after the cooldown the expired chats are dropped and a new one remembered (%d held)", len(l.last))
	}
}

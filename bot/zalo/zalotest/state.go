package zalotest

import (
	"context"
	"fmt"
)

// Messages returns what the bot sent to chatID, in order.
func (s *Server) Messages(chatID string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.messagesLocked(chatID)
}

func (s *Server) messagesLocked(chatID string) []Message {
	var out []Message
	for _, m := range s.messages {
		if m.ChatID == chatID {
			out = append(out, m)
		}
	}
	return out
}

// WaitForMessages waits until the bot has sent at least n messages to chatID
// and returns them, or fails with ctx's error and what arrived so far.
func (s *Server) WaitForMessages(ctx context.Context, chatID string, n int) ([]Message, error) {
	return waitFor(s, ctx, func() ([]Message, bool) {
		got := s.messagesLocked(chatID)
		return got, len(got) >= n
	})
}

// Calls returns every request the bot made, in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// Deliveries returns the webhook pushes made so far.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Delivery(nil), s.deliveries...)
}

// WaitForDeliveries waits until at least n webhook pushes have completed.
func (s *Server) WaitForDeliveries(ctx context.Context, n int) ([]Delivery, error) {
	return waitFor(s, ctx, func() ([]Delivery, bool) {
		return append([]Delivery(nil), s.deliveries...), len(s.deliveries) >= n
	})
}

// WaitForCalls waits until the bot has called method at least n times.
func (s *Server) WaitForCalls(ctx context.Context, method string, n int) error {
	_, err := waitFor(s, ctx, func() (int, bool) {
		return s.stats.Calls[method], s.stats.Calls[method] >= n
	})
	return err
}

// WaitForPoll waits until a getUpdates call is holding (waiting for an
// update), so a test can inject while the bot is mid-poll.
func (s *Server) WaitForPoll(ctx context.Context) error {
	_, err := waitFor(s, ctx, func() (int, bool) { return s.holding, s.holding > 0 })
	return err
}

// Stats returns a copy of the counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stats
	st.Calls = map[string]int{}
	st.Statuses = map[int]int{}
	for k, v := range s.stats.Calls {
		st.Calls[k] = v
	}
	for k, v := range s.stats.Statuses {
		st.Statuses[k] = v
	}
	st.Unanswered = len(s.queue)
	return st
}

// waitFor re-checks cond (under the lock) on every state change until it
// holds or ctx ends: no sleeping.
func waitFor[T any](s *Server, ctx context.Context, cond func() (T, bool)) (T, error) {
	for {
		s.mu.Lock()
		v, ok := cond()
		ch := s.changed
		s.mu.Unlock()
		if ok {
			return v, nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return v, fmt.Errorf("zalotest: waiting: %w", ctx.Err())
		}
	}
}

func (s *Server) changedLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// ---- HTTP side ----

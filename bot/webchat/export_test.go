package webchat

import "time"

// Hooks for the black-box tests: a fake clock and shorter bounds.

func SetClock(s *Server, now func() time.Time) { s.now = now }

func SetPollWait(s *Server, d time.Duration) { s.lim.pollWait = d }

func SetInboxEvents(s *Server, n int) { s.lim.inboxEvents = n }

func SetMaxSessions(s *Server, n int) { s.lim.maxSessions = n }

// SessionIdle is how long an idle session lives.
func SessionIdle(s *Server) time.Duration { return s.lim.sessionIdle }

// FileTTL is how long a download link works.
func FileTTL(s *Server) time.Duration { return s.lim.fileTTL }

// Polling reports how many long polls of a session are parked.
func Polling(s *Server, session string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sess, ok := s.sessions[ChatID(session)]; ok {
		return sess.polls
	}
	return 0
}

package webchat

import (
	"crypto/rand"
	"encoding/base64"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"loa/chat"
)

// storedFile is a file sent with a reply, kept in memory behind an
// unguessable link until it expires.
type storedFile struct {
	name    string
	mime    string
	data    []byte
	expires time.Time
}

// putFileLocked keeps f and returns its link. Oldest files are dropped when
// the total exceeds the bound. s.mu must be held.
func (s *Server) putFileLocked(f chat.File, now time.Time) (fileLink, error) {
	switch {
	case len(f.Data) == 0:
		return fileLink{}, &chat.SendError{Kind: chat.ErrPermanent, Reason: "file is empty"}
	case len(f.Data) > s.lim.maxFile:
		return fileLink{}, &chat.SendError{Kind: chat.ErrPermanent, Reason: "file is too big"}
	}
	for s.fileBytes+len(f.Data) > s.lim.maxFilesBytes {
		var oldestToken string
		var oldest *storedFile
		for token, sf := range s.files {
			if oldest == nil || sf.expires.Before(oldest.expires) {
				oldestToken, oldest = token, sf
			}
		}
		s.dropFileLocked(oldestToken, oldest)
	}
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	token := base64.RawURLEncoding.EncodeToString(b[:])
	name := f.CleanName()
	s.files[token] = &storedFile{name: name, mime: cleanMIME(f.MIME), data: f.Data, expires: now.Add(s.lim.fileTTL)}
	s.fileBytes += len(f.Data)
	return fileLink{Name: name, URL: "/api/file/" + token, Image: f.Image}, nil
}

func (s *Server) dropFileLocked(token string, f *storedFile) {
	delete(s.files, token)
	s.fileBytes -= len(f.data)
}

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	s.mu.Lock()
	f, ok := s.files[token]
	if ok && !s.now().Before(f.expires) {
		s.dropFileLocked(token, f)
		ok = false
	}
	s.mu.Unlock()
	if !ok {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(msgFileExpired + "\n"))
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.mime)
	h.Set("Content-Length", strconv.Itoa(len(f.data)))
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.name}))
	// A file is data, never a page: no script may run even if it is HTML or SVG.
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, no-store")
	_, _ = w.Write(f.data)
}

func cleanMIME(m string) string {
	if t, params, err := mime.ParseMediaType(m); err == nil && strings.Contains(t, "/") {
		return mime.FormatMediaType(t, params)
	}
	return "application/octet-stream"
}

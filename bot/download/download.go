// Package download serves the short-lived download links that stand in for
// files on platforms that cannot send them (Zalo): GET /dl/<token>.
package download

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"time"
)

// Files is where linked files live (*store.Store). GetFile returns an error
// wrapping fs.ErrNotExist for an unknown or expired token.
type Files interface {
	GetFile(ctx context.Context, token string) (name, mime string, data []byte, err error)
}

// Handler serves GET (and HEAD) /dl/<token> as an attachment. Unknown,
// expired or malformed tokens get 404 with a short Vietnamese page; the token
// never reaches a log line (it is the only secret of the link).
func Handler(files Files, logger *slog.Logger) http.Handler {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		_, token, ok := strings.Cut(r.URL.Path, "/dl/")
		if !ok || token == "" || strings.Contains(token, "/") {
			notFound(w)
			return
		}
		name, typ, data, err := files.GetFile(r.Context(), token)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			notFound(w)
			return
		case err != nil:
			logger.Error("download link not served", "error", err)
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("Xin lỗi, tệp tạm thời chưa tải được. Chị thử lại sau ít phút nhé.\n"))
			return
		}
		if typ == "" {
			typ = "application/octet-stream"
		}
		if name == "" {
			name = "tep"
		}
		h := w.Header()
		h.Set("Content-Type", typ)
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "private, no-store")
		h.Set("Referrer-Policy", "no-referrer")
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
	})
}

func notFound(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write([]byte("Liên kết này không còn dùng được (đã quá 24 giờ hoặc không đúng). Chị nhắn Loa để nhận liên kết mới nhé.\n"))
}

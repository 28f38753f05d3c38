package webchat

import (
	"embed"
	"net/http"
	"strconv"
)

// static holds the whole page: no CDN, no build step, no framework. Script
// and style are files of their own because the CSP forbids inline code.
//
//go:embed static/index.html static/app.js static/app.css
var static embed.FS

// pageCSP lets the page load only its own files and talk only to its own
// server; message text is never turned into markup, and this is the second
// line of defence if it ever were.
const pageCSP = "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

var staticTypes = map[string]string{
	"app.js":  "text/javascript; charset=utf-8",
	"app.css": "text/css; charset=utf-8",
}

func (s *Server) servePage(w http.ResponseWriter, r *http.Request) {
	s.writeStatic(w, "index.html", "text/html; charset=utf-8")
}

func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	ctype, ok := staticTypes[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	s.writeStatic(w, name, ctype)
}

func (s *Server) writeStatic(w http.ResponseWriter, name, ctype string) {
	data, err := static.ReadFile("static/" + name)
	if err != nil { // cannot happen: the names are embedded above
		s.log.Error("web chat: embedded file missing", "file", name, "error", err)
		http.Error(w, msgFailed, http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	// Revalidate every time: the page is small and must match the running API.
	h.Set("Cache-Control", "no-cache")
	_, _ = w.Write(data)
}

// Package dashboard is the staff dashboard at /dash on the bot's HTTP
// server: participation figures, the questions queue, notices, members and
// the outreach schedule, each scoped to the signed-in person's units with
// the same rules as the chat (handlers.May, handlers.Can).
//
// There are no passwords. /bangdieukhien in the chat (or `bot admin
// dashboard-link`) makes a one-time link, valid 10 minutes, whose token
// Redis keeps only as a hash; opening it shows one button, and pressing it
// uses the link and opens a 12-hour session (an HttpOnly, SameSite=Strict
// cookie, Secure when LOA_PUBLIC_URL is https). The button is there because
// chat apps fetch links to draw previews: a GET never uses the link.
//
// Pages are rendered on the server with html/template and use no
// JavaScript at all (the CSP allows none). Every POST carries the session's CSRF token, every action (sign-in,
// a download, a notice, a pause, an answer) is written to the audit log in
// Redis, and no log line holds a token or a message's text. Grants are read
// again on every request, so a revoked role stops working at once.
package dashboard

import (
	"context"
	"crypto/subtle"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"loa/chat"
	"loa/handlers"
	"loa/internal/refusals"
	"loa/store"
)

//go:embed templates/*.html static/*
var assets embed.FS

// Notices is the notice service the chat uses (bot/notices): the dashboard
// sends through it and lists its history.
type Notices interface {
	SendNotice(ctx context.Context, req chat.NoticeRequest) (chat.NoticeStatus, bool, error)
	// Recent lists every unit's notices, newest first, from offset.
	Recent(ctx context.Context, offset, n int) ([]chat.NoticeStatus, error)
}

// Options are what the dashboard needs; main builds them once.
type Options struct {
	Store *store.Store
	// Admins are the first admins (LOA_ADMINS), admins without a grant.
	Admins []store.Identity
	// PublicURL is how browsers reach this server (LOA_PUBLIC_URL); login
	// links start with it, and https makes the cookie Secure.
	PublicURL string
	// Notices sends and lists notices; nil turns sending off.
	Notices Notices
	// Calendar lists the scheduler's upcoming slots; nil shows none.
	Calendar handlers.Calendar
	// Answerer answers members' questions as /cauhoi does; nil leaves the
	// questions page read-only.
	Answerer Answerer
	Logger   *slog.Logger
	// Now is the clock (tests); time.Now by default.
	Now func() time.Time
}

// Dashboard serves /dash. Build it with New and Register it on a mux.
type Dashboard struct {
	st     *store.Store
	admins []store.Identity
	public string
	secure bool
	// publicHost is LOA_PUBLIC_URL's host, an Origin forms may come from.
	publicHost string
	notices    Notices
	calendar   handlers.Calendar
	answerer   Answerer
	log        *slog.Logger
	// refused logs sign-in links that do not work: one line per minute at
	// most, since anyone can try links by the thousand.
	refused *refusals.Log
	now     func() time.Time
	pages   map[string]*template.Template
	static  http.Handler
}

// cookieName is the session cookie; its path is /dash.
const cookieName = "loa_dash"

// New builds the dashboard. It panics only when the embedded templates are
// broken, which the package's tests catch.
func New(o Options) *Dashboard {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	d := &Dashboard{
		st: o.Store, admins: o.Admins, public: strings.TrimRight(o.PublicURL, "/"),
		notices: o.Notices, calendar: o.Calendar, answerer: o.Answerer, log: o.Logger, now: o.Now,
		refused: refusals.New(o.Logger, slog.LevelInfo),
	}
	if u, err := url.Parse(o.PublicURL); err == nil {
		d.secure = u.Scheme == "https"
		d.publicHost = u.Host
	}
	d.pages = parsePages()
	sub, _ := fs.Sub(assets, "static")
	d.static = http.StripPrefix("/dash/static/", http.FileServerFS(sub))
	return d
}

// Register adds the dashboard's routes to mux.
func (d *Dashboard) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /dash/login/{token}", d.loginPage)
	mux.HandleFunc("POST /dash/login/{token}", d.login)
	mux.Handle("GET /dash/static/", d.secureHeaders(d.static))
	mux.HandleFunc("GET /dash/{$}", d.page(d.home))
	mux.HandleFunc("GET /dash", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/dash/", http.StatusSeeOther)
	})
	mux.HandleFunc("POST /dash/logout", d.action(d.logout))
	mux.HandleFunc("GET /dash/thamgia", d.page(d.participation))
	mux.HandleFunc("GET /dash/thamgia.xlsx", d.page(d.participationXLSX))
	mux.HandleFunc("GET /dash/hoivien", d.page(d.members))
	mux.HandleFunc("GET /dash/hoivien.csv", d.page(d.membersCSV))
	mux.HandleFunc("GET /dash/thongbao", d.page(d.noticesPage))
	mux.HandleFunc("POST /dash/thongbao/xem", d.action(d.noticePreview))
	mux.HandleFunc("POST /dash/thongbao/gui", d.action(d.noticeSend))
	mux.HandleFunc("GET /dash/lich", d.page(d.schedule))
	mux.HandleFunc("POST /dash/lich/tamdung", d.action(d.schedulePause))
	mux.HandleFunc("POST /dash/lich/tieptuc", d.action(d.scheduleResume))
	mux.HandleFunc("GET /dash/nhatky", d.page(d.auditPage))
	d.registerQuestions(mux)
	mux.HandleFunc("/dash/", func(w http.ResponseWriter, r *http.Request) {
		setSecurityHeaders(w)
		d.fail(w, r, nil, http.StatusNotFound, msgNotFound)
	})
}

// LoginLink makes a one-time link that signs who in (handlers.DashboardLinks).
func (d *Dashboard) LoginLink(ctx context.Context, who store.Identity) (string, error) {
	return NewLoginLink(ctx, d.st, d.public, who)
}

// Links makes the dashboard's one-time sign-in links without the dashboard
// itself (handlers.DashboardLinks): main gives it to the conversation,
// which is built before the dashboard because the dashboard answers
// questions through it.
type Links struct {
	Store     *store.Store
	PublicURL string // LOA_PUBLIC_URL
}

// LoginLink makes a one-time link that signs who in.
func (l Links) LoginLink(ctx context.Context, who store.Identity) (string, error) {
	return NewLoginLink(ctx, l.Store, l.PublicURL, who)
}

// NewLoginLink makes a one-time login link for who under publicURL; `bot
// admin dashboard-link` uses it without a running dashboard.
func NewLoginLink(ctx context.Context, st *store.Store, publicURL string, who store.Identity) (string, error) {
	token, err := st.CreateDashboardLogin(ctx, who, store.DashboardLinkTTL)
	if err != nil {
		return "", err
	}
	return strings.TrimRight(publicURL, "/") + "/dash/login/" + token, nil
}

// viewer is the signed-in person of one request.
type viewer struct {
	sess  store.DashboardSession
	token string // the session cookie (for sign-out)
	actor handlers.Actor
	name  string // her display name, when she is a member
}

func (v *viewer) admin() bool { return v.actor.Has(store.RoleAdmin) }

// who is how the audit log names her.
func (v *viewer) who() string { return v.sess.Who.String() }

const (
	msgNeedLogin  = "Chị cần đăng nhập. Chị nhắn /bangdieukhien cho Loa để nhận liên kết vào bảng điều khiển nhé."
	msgNoRole     = "Bảng điều khiển dành cho chi hội trưởng và cán bộ Hội. Tài khoản của chị chưa được cấp quyền này."
	msgOutOfScope = "Chị chỉ xem được số liệu của đơn vị mình phụ trách ạ."
	msgNotFound   = "Không có trang này ạ."
	msgSorry      = "Xin lỗi chị, Loa đang gặp trục trặc. Chị thử lại sau ít phút nhé."
	msgBadForm    = "Biểu mẫu đã cũ hoặc không hợp lệ. Chị tải lại trang rồi thử lại nhé."
)

// secureHeaders sets what every dashboard response carries: no framing,
// no referrer (the login link is in the URL), no caching of private pages,
// and a CSP that allows no script at all.
func (d *Dashboard) secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setSecurityHeaders(w)
		if next != nil {
			next.ServeHTTP(w, r)
		}
	})
}

func setSecurityHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "private, no-store")
}

// session reads the cookie's session and her grants. ok=false when she is
// not signed in (the answer is written).
func (d *Dashboard) session(w http.ResponseWriter, r *http.Request) (*viewer, bool) {
	c, err := r.Cookie(cookieName)
	if err != nil {
		d.fail(w, r, nil, http.StatusUnauthorized, msgNeedLogin)
		return nil, false
	}
	sess, err := d.st.DashboardSessionOf(r.Context(), c.Value)
	if errors.Is(err, store.ErrDashboardSessionGone) {
		d.fail(w, r, nil, http.StatusUnauthorized, msgNeedLogin)
		return nil, false
	}
	if err != nil {
		d.internal(w, r, nil, "load session", err)
		return nil, false
	}
	actor, err := handlers.LoadActor(r.Context(), d.st, sess.Who, d.admins)
	if err != nil {
		d.internal(w, r, nil, "load actor", err)
		return nil, false
	}
	v := &viewer{sess: sess, token: c.Value, actor: actor}
	if m, err := d.st.Member(r.Context(), sess.Who.Platform, sess.Who.UserID); err == nil {
		v.name = m.Name
	}
	if !handlers.CanSomewhere(actor, handlers.ActViewStats) {
		d.fail(w, r, v, http.StatusForbidden, msgNoRole)
		return nil, false
	}
	return v, true
}

// page wraps a GET handler: security headers and a signed-in viewer with
// a role.
func (d *Dashboard) page(fn func(w http.ResponseWriter, r *http.Request, v *viewer)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		setSecurityHeaders(w)
		v, ok := d.session(w, r)
		if !ok {
			return
		}
		fn(w, r, v)
	}
}

// maxForm bounds a POST body: a notice is at most a few kilobytes.
const maxForm = 64 << 10

// action wraps a POST handler: page's checks, plus the session's CSRF
// token in the form (compared in constant time) and, when the browser
// sends one, an Origin of this server.
func (d *Dashboard) action(fn func(w http.ResponseWriter, r *http.Request, v *viewer)) http.HandlerFunc {
	return d.page(func(w http.ResponseWriter, r *http.Request, v *viewer) {
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		if err := r.ParseForm(); err != nil {
			d.fail(w, r, v, http.StatusBadRequest, msgBadForm)
			return
		}
		token := r.PostForm.Get("csrf")
		if token == "" || subtle.ConstantTimeCompare([]byte(token), []byte(v.sess.CSRF)) != 1 {
			d.log.Warn("dashboard: form without a valid CSRF token refused", "path", logPath(r))
			d.fail(w, r, v, http.StatusForbidden, msgBadForm)
			return
		}
		if o := r.Header.Get("Origin"); o != "" && o != "null" {
			// Behind a reverse proxy that rewrites Host, the public
			// address is the one the browser names.
			if ou, err := url.Parse(o); err != nil || (ou.Host != r.Host && ou.Host != d.publicHost) {
				d.log.Warn("dashboard: cross-origin form refused", "path", logPath(r))
				d.fail(w, r, v, http.StatusForbidden, msgBadForm)
				return
			}
		}
		fn(w, r, v)
	})
}

// audit records an action; a failure is logged, the action stands.
func (d *Dashboard) audit(ctx context.Context, v *viewer, action, unit, detail string) {
	rec := store.AuditRecord{At: d.now(), Who: v.who(), Action: action, Unit: unit, Detail: detail}
	if err := d.st.AddAudit(context.WithoutCancel(ctx), rec); err != nil {
		d.log.Error("dashboard: audit record not written", "action", action, "error", err)
	}
}

// home sends her to the participation page.
func (d *Dashboard) home(w http.ResponseWriter, r *http.Request, _ *viewer) {
	http.Redirect(w, r, "/dash/thamgia", http.StatusSeeOther)
}

// logout ends the session.
func (d *Dashboard) logout(w http.ResponseWriter, r *http.Request, v *viewer) {
	if err := d.st.EndDashboardSession(r.Context(), v.token); err != nil {
		d.internal(w, r, v, "end session", err)
		return
	}
	d.audit(r.Context(), v, "logout", "", "")
	http.SetCookie(w, d.cookie("", -1))
	d.render(w, r, v, http.StatusOK, "message", map[string]any{
		"Title": "Đã đăng xuất", "Message": "Chị đã đăng xuất. Cảm ơn chị! 🌸 Lần sau chị nhắn /bangdieukhien cho Loa để vào lại.",
	})
}

func (d *Dashboard) cookie(value string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name: cookieName, Value: value, Path: "/dash", MaxAge: maxAge,
		HttpOnly: true, Secure: d.secure, SameSite: http.SameSiteStrictMode,
	}
}

// fail answers with a short Vietnamese page and status.
func (d *Dashboard) fail(w http.ResponseWriter, r *http.Request, v *viewer, status int, msg string) {
	d.render(w, r, v, status, "message", map[string]any{"Title": "Loa", "Message": msg})
}

// internal logs an error (never a token or a text) and apologises.
func (d *Dashboard) internal(w http.ResponseWriter, r *http.Request, v *viewer, what string, err error) {
	d.log.Error("dashboard: "+what, "path", logPath(r), "error", err)
	d.fail(w, r, v, http.StatusInternalServerError, msgSorry)
}

// logPath is the request's path for a log line: a login link's token is
// left out (it is a secret until used).
func logPath(r *http.Request) string {
	if strings.HasPrefix(r.URL.Path, "/dash/login/") {
		return "/dash/login/…"
	}
	return r.URL.Path
}

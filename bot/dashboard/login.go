package dashboard

import (
	"errors"
	"net/http"

	"loa/store"
)

const (
	msgLinkGone = "Liên kết này đã được dùng hoặc đã hết hạn (liên kết chỉ dùng được một lần, trong 10 phút). " +
		"Chị nhắn /bangdieukhien cho Loa để nhận liên kết mới nhé."
)

// loginPage shows one button that uses the link (a GET never does: chat
// apps open links to draw previews). A used or expired link gets 410.
func (d *Dashboard) loginPage(w http.ResponseWriter, r *http.Request) {
	setSecurityHeaders(w)
	ok, err := d.st.DashboardLoginValid(r.Context(), r.PathValue("token"))
	if err != nil {
		d.internal(w, r, nil, "check login link", err)
		return
	}
	if !ok {
		d.refused.Refused(r.Context(), "dashboard: used or expired login link opened")
		d.fail(w, r, nil, http.StatusGone, msgLinkGone)
		return
	}
	d.render(w, r, nil, http.StatusOK, "login", map[string]any{"Title": "Đăng nhập"})
}

// login uses the link once and opens a session. The form needs no CSRF
// token: the link's token in the URL is the secret, and it works once.
func (d *Dashboard) login(w http.ResponseWriter, r *http.Request) {
	setSecurityHeaders(w)
	who, err := d.st.UseDashboardLogin(r.Context(), r.PathValue("token"))
	if errors.Is(err, store.ErrDashboardLinkGone) {
		d.refused.Refused(r.Context(), "dashboard: used or expired login link refused")
		d.fail(w, r, nil, http.StatusGone, msgLinkGone)
		return
	}
	if err != nil {
		d.internal(w, r, nil, "use login link", err)
		return
	}
	token, sess, err := d.st.CreateDashboardSession(r.Context(), who, store.DashboardSessionTTL)
	if err != nil {
		d.internal(w, r, nil, "open session", err)
		return
	}
	http.SetCookie(w, d.cookie(token, int(store.DashboardSessionTTL.Seconds())))
	d.audit(r.Context(), &viewer{sess: sess}, "login", "", "")
	d.log.Info("dashboard: signed in", "platform", who.Platform)
	http.Redirect(w, r, "/dash/thamgia", http.StatusSeeOther)
}

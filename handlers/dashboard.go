package handlers

import (
	"context"
	"loa/chat"
	"strings"

	"loa/store"
)

// /bangdieukhien gives a head, a staff member or an admin a one-time link
// to the staff dashboard (bot/dashboard), answered in the private chat only.

// DashboardLinks makes one-time dashboard login links; bot/dashboard
// implements it (it knows LOA_PUBLIC_URL).
type DashboardLinks interface {
	// LoginLink returns a link that signs who in once, within
	// store.DashboardLinkTTL.
	LoginLink(ctx context.Context, who store.Identity) (string, error)
}

const (
	msgDashNotAllowed = "Bảng điều khiển dành cho chi hội trưởng và cán bộ Hội. Chị cần được cấp quyền trước nhé."
	msgDashOff        = "Bảng điều khiển chưa được bật trên Loa này. Chị hỏi quản trị viên giúp nhé."
	msgDashLink       = "🔐 Liên kết vào bảng điều khiển của chị (dùng được một lần, trong 10 phút):\n%s\n\nChị mở trên máy tính hoặc điện thoại. Xin chị đừng chuyển liên kết này cho người khác."
)

// dashboardLinks is /bangdieukhien: a one-time link to the web dashboard
// (bot/dashboard) for heads, staff and admins.
type dashboardLinks struct {
	*kit
	links DashboardLinks // nil: the dashboard is off
}

func (r *dashboardLinks) register(g *registry) {
	links := r.links
	g.command(&command{name: "bangdieukhien", desc: "Mở bảng điều khiển trên trình duyệt", needs: ActViewStats,
		run: func(ctx context.Context, u chat.Update, _ string) []chat.Reply {
			a, err := r.actor(ctx, u)
			if err != nil {
				return r.failed(u, "dashboard: load actor", err)
			}
			if !CanSomewhere(a, ActViewStats) {
				r.log.Info("dashboard link refused: no role", "platform", u.Platform)
				return []chat.Reply{{Text: msgDashNotAllowed}}
			}
			if links == nil {
				return []chat.Reply{{Text: msgDashOff}}
			}
			link, err := links.LoginLink(ctx, identity(u))
			if err != nil {
				return r.failed(u, "dashboard: make link", err)
			}
			r.log.Info("dashboard link given", "platform", u.Platform)
			return []chat.Reply{{Text: strings.Replace(msgDashLink, "%s", link, 1)}}
		}})
}

package handlers

// Staff ask how many members joined in a month: "số hội viên mới tháng
// 11", "tháng này có bao nhiêu hội viên mới" (intents_staff.go).

import (
	"context"
	"fmt"
	"strings"

	"loa/chat"
	"loa/store"
)

const (
	msgNewMembers = "👩 %s – %s: %s hội viên mới trên Loa.%s\n\nTổng hiện có: %s đăng ký, %s đang nhận tin.\n" +
		"(Tính theo ngày các chị đồng ý tham gia trên Loa; ai đã xoá dữ liệu của mình thì không còn trong số này.)"
)

// newMembersCommand counts the members of a unit's subtree whose consent
// falls in the period ("[unit] [period]" as /thongke reads them), with the
// count of each unit directly below it. It walks the subtree's members: a
// question asked now and then, not a figure on a page.
func (r *reports) newMembersCommand(ctx context.Context, u chat.Update, args string) []chat.Reply {
	code, period, ok := parseStatsArgs(args, r.now())
	if !ok {
		return []chat.Reply{{Text: msgStatsBadArgs}}
	}
	a, err := r.actor(ctx, u)
	if err != nil {
		return r.failed(u, "load actor", err)
	}
	unit, replies, ok := r.statsUnit(ctx, u, a, ActViewStats, code, statsAgain("hoivienmoi", period))
	if !ok {
		return replies
	}
	parent := map[string]string{}
	var children []store.Unit
	for un, err := range r.store.Subtree(ctx, unit) {
		if err != nil {
			return r.failed(u, "walk units", err)
		}
		parent[un.Code] = un.Parent
		if un.Parent == unit && un.Code != unit {
			children = append(children, un)
		}
	}
	// below is the unit directly under unit that holds code.
	below := func(code string) string {
		for i := 0; i < len(parent) && code != "" && parent[code] != unit; i++ {
			code = parent[code]
		}
		return code
	}
	// Staff on Loa are no members (store.Counts): not new members either.
	staff, err := r.store.StaffNotMembers(ctx, unit)
	if err != nil {
		return r.failed(u, "find staff", err)
	}
	from, to := period.Start, period.End()
	total, byChild := 0, map[string]int{}
	for m, err := range r.store.MembersOfSubtree(ctx, unit) {
		if err != nil {
			return r.failed(u, "walk members", err)
		}
		if staff[m.Identity()] || m.Consent.Before(from) || !m.Consent.Before(to) {
			continue
		}
		total++
		if m.Unit != unit {
			byChild[below(m.Unit)]++
		}
	}
	counts, err := r.store.CountMembers(ctx, unit, true)
	if err != nil {
		return r.failed(u, "count members", err)
	}
	var lines []string
	for _, c := range children {
		if n := byChild[c.Code]; n > 0 {
			lines = append(lines, fmt.Sprintf("%s: %d", c.Name, n))
		}
	}
	detail := ""
	if len(lines) > 0 {
		detail = "\n" + bulletList(capList(lines))
	}
	r.log.Info("new members counted", "platform", u.Platform, "unit", unit, "period", period.Key())
	return []chat.Reply{{Text: fmt.Sprintf(msgNewMembers, r.unitName(ctx, unit), period.Label(),
		chat.FormatCount(int64(total)), detail, chat.FormatCount(counts.Registered), chat.FormatCount(counts.Active))}}
}

// asksNewMembers tells "số hội viên mới tháng 11", "tháng này có bao nhiêu
// hội viên mới", "hội viên mới tháng này" from a question about admitting
// members ("thủ tục kết nạp hội viên mới").
func asksNewMembers(all foldedWords) bool {
	if !all.has("hoi vien moi", "thanh vien moi", "hv moi") ||
		all.has("ket nap", "thu tuc", "lam sao", "the nao", "dieu kien", "can gi", "phai", "nhu nao", "o dau") {
		return false
	}
	return all.has("so", "bao nhieu", "may", "tong", "thang", "quy", "nam") ||
		strings.HasPrefix(string(all), " hoi vien moi ")
}

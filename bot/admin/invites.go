package admin

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"loa/store"
	"loa/vntime"
)

// telegramUsername is what Telegram allows for a bot's @username.
var telegramUsername = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{4,31}$`)

// DeepLink is the t.me link that opens the bot with /start CODE.
func DeepLink(botUsername, code string) string {
	return "https://t.me/" + botUsername + "?start=" + url.QueryEscape(code)
}

// parseValidity reads --expires: a Go duration (720h, 90m) or whole days (30d).
func parseValidity(s string) (time.Duration, error) {
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(d)
		if err != nil || n <= 0 {
			return 0, fmt.Errorf("%q: want a number of days such as 30d", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	v, err := time.ParseDuration(s)
	if err != nil || v <= 0 {
		return 0, fmt.Errorf("%q: want a duration such as 720h or 30d", s)
	}
	return v, nil
}

func (c *cli) invite(args []string) int {
	fs := c.newFlags("invite", "invite --unit CODE [--role member|head|staff] [--uses N] [--expires 720h] [--bot-username NAME]",
		"Create an invite code for a unit. The code is printed alone on the first line, then\n"+
			"the Telegram deep link https://t.me/BOT?start=CODE when the bot's username is known.\n"+
			"Members type the code as /dangky CODE on Zalo. A member code joins the unit; a head\n"+
			"or staff code also gives that role there.")
	unit := fs.String("unit", "", "unit code (required)")
	roleName := fs.String("role", "member", "member, head or staff")
	uses := fs.Int("uses", -1, "how many people may use it; 0 = unlimited (default: unlimited for member, 1 for head and staff)")
	expires := fs.String("expires", "720h", "how long it stays valid: 720h, 30d … (at most 366d)")
	bot := fs.String("bot-username", c.opts.BotUsername, "the Telegram bot's username, for the deep link")
	if status, ok := c.parseFlagsOnly(fs, args); !ok {
		return status
	}
	if *unit == "" {
		return c.usageError(fs, "--unit is required")
	}
	kind, err := store.ParseInviteKind(*roleName)
	if err != nil {
		return c.usageError(fs, "--role %q: want member, head or staff", *roleName)
	}
	n := *uses
	switch {
	case n < -1:
		return c.usageError(fs, "--uses %d: want 0 (unlimited) or more", n)
	case n == -1 && kind == store.InviteMember:
		n = 0
	case n == -1:
		n = 1
	}
	ttl, err := parseValidity(*expires)
	if err != nil {
		return c.usageError(fs, "--expires %v", err)
	}
	if ttl > store.MaxInviteTTL {
		return c.usageError(fs, "--expires %s: at most 366d", *expires)
	}
	username := strings.TrimPrefix(*bot, "@")
	if username != "" && !telegramUsername.MatchString(username) {
		return c.usageError(fs, "--bot-username %q: want 5 to 32 letters, digits or _", *bot)
	}
	inv, err := c.st.CreateInvite(c.ctx, store.NewInvite{Kind: kind, Unit: *unit, Uses: n, TTL: ttl})
	if err != nil {
		return c.fail(fs, explain(err))
	}
	u, err := c.st.Unit(c.ctx, inv.Unit)
	if err != nil {
		return c.fail(fs, err)
	}
	fmt.Fprintln(c.out, inv.Code)
	if username != "" {
		fmt.Fprintln(c.out, DeepLink(username, inv.Code))
	}
	fmt.Fprintf(c.out, "%s invite for %s (%s), %s, valid until %s\n",
		inv.Kind, u.Code, u.Name, usesText(inv.UsesLeft), inv.Expires.In(vntime.Zone).Format("2006-01-02 15:04 MST"))
	return exitOK
}

func usesText(left int) string {
	switch left {
	case -1:
		return "unlimited uses"
	case 1:
		return "1 use left"
	}
	return strconv.Itoa(left) + " uses left"
}

func (c *cli) inviteList(args []string) int {
	fs := c.newFlags("invite list", "invite list --unit CODE",
		"List a unit's invite codes, newest first, with their state.")
	unit := fs.String("unit", "", "unit code (required)")
	if status, ok := c.parseFlagsOnly(fs, args); !ok {
		return status
	}
	if *unit == "" {
		return c.usageError(fs, "--unit is required")
	}
	list, err := c.st.ListInvites(c.ctx, *unit)
	if err != nil {
		return c.fail(fs, explain(err))
	}
	tw := tabwriter.NewWriter(c.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CODE\tKIND\tUNIT\tUSED\tLEFT\tEXPIRES\tSTATE")
	now := time.Now()
	for _, inv := range list {
		state := "valid"
		switch {
		case inv.Revoked:
			state = "revoked"
		case !now.Before(inv.Expires):
			state = "expired"
		case inv.UsesLeft == 0:
			state = "used up"
		}
		left := strconv.Itoa(inv.UsesLeft)
		if inv.UsesLeft < 0 {
			left = "unlimited"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\n", inv.Code, inv.Kind, inv.Unit, inv.Used, left,
			inv.Expires.In(vntime.Zone).Format("2006-01-02 15:04"), state)
	}
	tw.Flush()
	return exitOK
}

func (c *cli) inviteRevoke(args []string) int {
	fs := c.newFlags("invite revoke", "invite revoke CODE", "Stop an invite code from being used again.")
	pos, status, ok := c.parse(fs, args)
	if !ok {
		return status
	}
	if len(pos) != 1 {
		return c.usageError(fs, "want exactly one CODE")
	}
	if err := c.st.RevokeInvite(c.ctx, pos[0]); err != nil {
		return c.fail(fs, err)
	}
	fmt.Fprintf(c.out, "revoked invite %s\n", store.NormalizeInviteCode(pos[0]))
	return exitOK
}

package admin

import (
	"fmt"

	"loa/bot/dashboard"
)

// dashboardLink prints a one-time dashboard login link for a person, the
// same link /bangdieukhien gives in the chat.
func (c *cli) dashboardLink(args []string) int {
	fs := c.newFlags("dashboard-link", "dashboard-link --platform P --user ID",
		"Print a one-time link to the staff dashboard for a person (valid 10 minutes, used once).\n"+
			"Its address starts with LOA_PUBLIC_URL. Pages need a role: head, staff or admin.")
	platform, user := identityFlags(fs)
	id, status, ok := c.parseIdentity(fs, args, platform, user)
	if !ok {
		return status
	}
	if c.opts.PublicURL == "" {
		return c.fail(fs, fmt.Errorf("LOA_PUBLIC_URL is not known"))
	}
	grants, err := c.st.Roles(c.ctx, id.Platform, id.UserID)
	if err != nil {
		return c.fail(fs, err)
	}
	link, err := dashboard.NewLoginLink(c.ctx, c.st, c.opts.PublicURL, id)
	if err != nil {
		return c.fail(fs, err)
	}
	if len(grants) == 0 {
		fmt.Fprintf(c.err, "note: %s holds no role in Redis; the dashboard opens only for heads, staff and admins (LOA_ADMINS count)\n", id)
	}
	fmt.Fprintln(c.out, link)
	return exitOK
}

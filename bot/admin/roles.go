package admin

import (
	"flag"
	"fmt"
	"io"
	"log/slog"

	"loa/scheduler"
	"loa/store"
)

// jobMeetingCodes is the running bot's job that sends each branch head the
// check-in code of her branch's meeting of the month, once per head, and a
// head named by store.BriefHead the codes of all her branch's open meetings
// (handlers.JobHeadCodes; the CLI does not import handlers). A head granted
// here asks for it at once: the CLI has no delivery engine of its own, and
// an invited head gets the codes as she joins.
const jobMeetingCodes = "meetings:head-codes"

// identityFlags adds --platform and --user.
func identityFlags(fs *flag.FlagSet) (platform, user *string) {
	return fs.String("platform", "", "telegram, zalo or web"),
		fs.String("user", "", "the person's user id on that platform (numeric on Telegram)")
}

// parseIdentity parses args and reads the person named by identityFlags;
// ok is false when the command must end with status (bad flags or usage).
func (c *cli) parseIdentity(fs *flag.FlagSet, args []string, platform, user *string) (id store.Identity, status int, ok bool) {
	if status, ok := c.parseFlagsOnly(fs, args); !ok {
		return id, status, false
	}
	id, err := identity(*platform, *user)
	if err != nil {
		return id, c.usageError(fs, "%v", err), false
	}
	return id, 0, true
}

// identity checks --platform and --user the way LOA_ADMINS is checked.
func identity(platform, user string) (store.Identity, error) {
	if platform == "" || user == "" {
		return store.Identity{}, fmt.Errorf("--platform and --user are required")
	}
	ids, err := store.ParseAdmins(platform + ":" + user)
	if err != nil || len(ids) != 1 {
		return store.Identity{}, fmt.Errorf("--platform %q --user %q: want a platform (telegram, zalo, web) and a user id without spaces", platform, user)
	}
	return ids[0], nil
}

func (c *cli) grant(args []string, revoke bool) int {
	name, verb := "grant", "Give"
	if revoke {
		name, verb = "revoke", "Take away"
	}
	fs := c.newFlags(name, name+" --platform P --user ID --role head|staff|admin [--unit CODE]",
		verb+" a role: head of one branch, staff of a unit and everything under it,\n"+
			"or admin of everything (no --unit). First admins come from LOA_ADMINS.")
	platform, user := identityFlags(fs)
	roleName := fs.String("role", "", "head, staff or admin")
	unit := fs.String("unit", "", "unit code (for head and staff)")
	id, status, ok := c.parseIdentity(fs, args, platform, user)
	if !ok {
		return status
	}
	role, err := store.ParseRole(*roleName)
	if err != nil || role == store.RoleMember {
		return c.usageError(fs, "--role %q: want head, staff or admin", *roleName)
	}
	if role == store.RoleAdmin && *unit != "" {
		return c.usageError(fs, "admin covers every unit: drop --unit")
	}
	if role != store.RoleAdmin && *unit == "" {
		return c.usageError(fs, "--unit is required for %s", role)
	}
	if revoke {
		if err := c.st.Revoke(c.ctx, id.Platform, id.UserID, role, *unit); err != nil {
			return c.fail(fs, explain(err))
		}
		fmt.Fprintf(c.out, "revoked %s from %s\n", store.Grant{Role: role, Unit: store.NormalizeUnitCode(*unit)}, id)
		return exitOK
	}
	g, err := c.st.Grant(c.ctx, id.Platform, id.UserID, role, *unit)
	if err != nil {
		return c.fail(fs, explain(err))
	}
	fmt.Fprintf(c.out, "granted %s to %s\n", g, id)
	if role == store.RoleHead {
		if err := c.st.BriefHead(c.ctx, id); err != nil {
			return c.fail(fs, err)
		}
		s := scheduler.New(c.st, scheduler.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err := s.RequestRun(c.ctx, jobMeetingCodes); err != nil {
			fmt.Fprintf(c.out, "the bot sends her this month's meeting code of %s at its next hourly run (%v)\n", g.Unit, err)
		} else {
			fmt.Fprintf(c.out, "the running bot sends her meeting codes of %s now (after quiet hours, if in them)\n", g.Unit)
		}
	}
	return exitOK
}

func (c *cli) roles(args []string) int {
	fs := c.newFlags("roles", "roles --platform P --user ID",
		"List the roles a person holds in Redis (admins from LOA_ADMINS are not listed).")
	platform, user := identityFlags(fs)
	id, status, ok := c.parseIdentity(fs, args, platform, user)
	if !ok {
		return status
	}
	grants, err := c.st.Roles(c.ctx, id.Platform, id.UserID)
	if err != nil {
		return c.fail(fs, err)
	}
	if len(grants) == 0 {
		fmt.Fprintf(c.out, "%s has no roles (member only)\n", id)
	}
	for _, g := range grants {
		fmt.Fprintln(c.out, g)
	}
	return exitOK
}

package main

import (
	"context"
	"fmt"
	"io"

	"github.com/redis/go-redis/v9"

	"loa/bot/zalooa"
)

const zaloOAUsage = `Usage:
  bot admin zalo-oa login-url [REDIRECT_URI]   print the OA consent URL (OAuth v4, PKCE); default
                                               redirect: LOA_PUBLIC_URL + /zalo-oa/callback
  bot admin zalo-oa code CODE                  exchange the code from the redirect (within 10 minutes)
                                               for new tokens, when the refresh token was lost
`

// runZaloOAAdmin is `bot admin zalo-oa …`: a new login for the Official
// Account, whose refresh tokens work once and cannot be recovered.
func runZaloOAAdmin(ctx context.Context, cfg Config, rdb redis.UniversalClient, args []string, stdout, stderr io.Writer) int {
	oa := cfg.ZaloOA
	if oa.OAID == "" {
		fmt.Fprintln(stderr, "loa admin: ZALO_OA_ID and the other ZALO_OA_ settings are required")
		return 2
	}
	l := zalooa.Login{OAID: oa.OAID, AppID: oa.AppID, AppSecret: oa.AppSecret, OAuthBase: oa.OAuthBase, Redis: rdb}
	switch {
	case len(args) >= 1 && args[0] == "login-url" && len(args) <= 2:
		redirect := cfg.PublicURL + "/zalo-oa/callback"
		if len(args) == 2 {
			redirect = args[1]
		}
		u, err := l.URL(ctx, redirect)
		if err != nil {
			fmt.Fprintf(stderr, "loa admin: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "Open this address as the OA's admin, allow Loa, then run\n`bot admin zalo-oa code CODE` with the code from the address you land on (within 10 minutes):\n\n%s\n", u)
		return 0
	case len(args) == 2 && args[0] == "code":
		if err := l.Exchange(ctx, args[1]); err != nil {
			fmt.Fprintf(stderr, "loa admin: %v\n", err)
			return 1
		}
		fmt.Fprintln(stdout, "New Zalo OA tokens stored; running bots use them from their next message.")
		return 0
	}
	fmt.Fprint(stderr, zaloOAUsage)
	return 2
}

// Package zalooa is Loa's adapter for a Zalo Official Account (the OA Open
// API v3, platforms.md part D): signed webhook events in, consultation
// messages (/v3.0/oa/message/cs) out, platform errors mapped to
// chat.SendError.
//
// What makes the OA different from the Zalo Bot Platform (bot/zalo):
//   - Tokens. The access token lives 25 h and the refresh token works ONCE:
//     each refresh returns a new pair, and losing the new refresh token cuts
//     the OA off until someone logs in again. tokens.go keeps the pair in
//     Redis, lets one replica refresh at a time and stores the new pair
//     before anything uses it.
//   - Reach. A reply needs the follower to have interacted within 7 days
//     (-230), and after 8 free replies within 48 h of her last message the
//     package quota pays (-211 when empty). Such refusals are permanent for
//     this message: they are reported, never retried.
//   - Events are signed with a plain SHA-256 MAC and must be answered within
//     about 2 s, so the webhook checks the MAC, queues the event and answers
//     200 before any handling.
//
// Choices go out as up to 5 oa.query.show buttons whose payload is the
// label (Zalo shows it as her message, and it comes back as her text);
// more choices become a numbered list as on bot/zalo. Files become download
// links. The tokens never reach a log line or an error.
package zalooa

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"loa/bot/inbound"
	"loa/bot/zalo"
	"loa/chat"
	"loa/store"
)

// Default hosts (platforms.md D1, D3).
const (
	DefaultAPIBase   = "https://openapi.zalo.me"
	DefaultOAuthBase = "https://oauth.zaloapp.com"
)

// MaxText is the consultation message text limit, in characters.
const MaxText = 2000

// MaxButtons is how many buttons one OA message carries; a reply with more
// choices becomes a numbered list.
const MaxButtons = 5

// maxButtonTitle keeps a button label short enough for the OA's button
// template [?]; a longer label turns the choices into a numbered list.
const maxButtonTitle = 100

// MaxWebhookBody bounds an inbound event; real events are a few KB.
const MaxWebhookBody = 1 << 20

// Handler is the conversation the adapter feeds (handlers.Router).
type Handler interface {
	Handle(ctx context.Context, u chat.Update) []chat.Reply
}

// Limiter paces outbound messages (the delivery engine's shared limiter).
// WaitUrgent is Wait for a reply to an emergency (chat.Reply.Urgent): the
// chat's next slot goes to it, ahead of the messages already waiting.
type Limiter interface {
	Wait(ctx context.Context, chatID string) error
	WaitUrgent(ctx context.Context, chatID string) error
}

// Config is everything the adapter needs; New validates it.
type Config struct {
	OAID      string // ZALO_OA_ID
	AppID     string // ZALO_OA_APP_ID
	AppSecret string // ZALO_OA_APP_SECRET: the secret_key header of the OAuth endpoint
	SecretKey string // ZALO_OA_SECRET_KEY: the OA secret key that signs events
	// RefreshToken (ZALO_OA_REFRESH_TOKEN) seeds Redis on the first start
	// only: once Redis holds a rotated token, this one is spent and ignored.
	RefreshToken string
	APIBase      string // ZALO_OA_API_BASE, default DefaultAPIBase
	OAuthBase    string // ZALO_OA_OAUTH_BASE, default DefaultOAuthBase

	Redis      redis.UniversalClient // the token pair and the refresh lock
	HTTPClient *http.Client          // default: 30 s timeout
	Logger     *slog.Logger          // default: discard
	Limiter    Limiter               // optional
	Menus      zalo.MenuStore
	Files      zalo.FileStore
	// PublicBaseURL is where members reach the bot's HTTP server, for
	// download links (PublicBaseURL + "/dl/" + token).
	PublicBaseURL string
	// Now is the clock of token lifetimes (tests move it); default time.Now.
	Now func() time.Time
}

// Adapter is one Official Account. It is safe for concurrent use.
type Adapter struct {
	cfg    Config
	client *http.Client
	log    *slog.Logger
	tokens *tokenManager
	st     *store.Store // reach records (reach.go)

	// backoffBase is the first pause before a direct reply is tried again.
	backoffBase time.Duration

	// disp is the adapter's inbound queue (bot/inbound); Close stops it.
	disp *inbound.Dispatcher
}

// New validates cfg and stores the first refresh token in Redis when Redis
// holds none. It makes no API call: a lost token must not stop the other
// platforms; Run refreshes and logs.
func New(ctx context.Context, cfg Config) (*Adapter, error) {
	if err := cfg.normalize(); err != nil {
		return nil, err
	}
	a := &Adapter{cfg: cfg, client: cfg.HTTPClient, log: cfg.Logger, backoffBase: 500 * time.Millisecond, st: store.New(cfg.Redis)}
	a.tokens = newTokenManager(cfg, a.client, a.log)
	a.disp = inbound.New(inbound.Bounds{}, a.log)
	if err := a.tokens.seed(ctx, cfg.RefreshToken); err != nil {
		return nil, fmt.Errorf("zalo-oa: %w", err)
	}
	return a, nil
}

func (c *Config) normalize() error {
	for _, f := range []struct{ name, v string }{
		{"ZALO_OA_ID", c.OAID}, {"ZALO_OA_APP_ID", c.AppID}, {"ZALO_OA_APP_SECRET", c.AppSecret},
		{"ZALO_OA_SECRET_KEY", c.SecretKey},
	} {
		if strings.TrimSpace(f.v) == "" {
			return fmt.Errorf("zalo-oa: %s is empty", f.name)
		}
	}
	if c.APIBase == "" {
		c.APIBase = DefaultAPIBase
	}
	if c.OAuthBase == "" {
		c.OAuthBase = DefaultOAuthBase
	}
	c.APIBase, c.OAuthBase = strings.TrimRight(c.APIBase, "/"), strings.TrimRight(c.OAuthBase, "/")
	for _, b := range []struct{ name, v string }{{"ZALO_OA_API_BASE", c.APIBase}, {"ZALO_OA_OAUTH_BASE", c.OAuthBase}} {
		if u, err := url.Parse(b.v); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return fmt.Errorf("zalo-oa: %s is not an http(s) URL", b.name)
		}
	}
	if c.Redis == nil {
		return errors.New("zalo-oa: Redis is required (the refresh token lives there)")
	}
	if c.Menus == nil || c.Files == nil {
		return errors.New("zalo-oa: a MenuStore and a FileStore are required")
	}
	if u, err := url.Parse(c.PublicBaseURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return errors.New("zalo-oa: PublicBaseURL (the bot's public http(s) address) is required for download links")
	}
	c.PublicBaseURL = strings.TrimRight(c.PublicBaseURL, "/")
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return nil
}

// checkEvery is how often Run looks at the access token's expiry.
const checkEvery = 5 * time.Minute

// Run keeps the access token fresh until ctx ends: it refreshes at start
// when needed and again before expiry (refreshMargin), so members' replies
// rarely wait for a refresh. A failure is logged and tried again later; it
// does not stop the bot.
func (a *Adapter) Run(ctx context.Context) error {
	t := time.NewTicker(checkEvery)
	defer t.Stop()
	for {
		if _, err := a.tokens.access(ctx); err != nil && ctx.Err() == nil {
			a.log.Error("zalo-oa access token not available", "error", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Close stops accepting events (they get 503 so Zalo resends them) and
// waits, at most until ctx ends, for the ones in hand.
func (a *Adapter) Close(ctx context.Context) error {
	return a.disp.Stop(ctx)
}

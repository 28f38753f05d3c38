// Package zalo is Loa's adapter for the Zalo Bot Platform (a Telegram-like
// HTTP API, platforms.md part C): long polling or a webhook in, Send out,
// platform errors mapped to chat.SendError.
//
// Zalo has no buttons and cannot send files, so the adapter makes up for both
// without the handlers knowing: buttons become a numbered list whose answer
// ("2", or the words of a choice) comes back as a button press, and a file
// becomes a short-lived download link.
//
// It speaks plain net/http + encoding/json (there is no maintained Go SDK),
// and the bot token, which is part of every API URL, never reaches an error
// or a log line.
package zalo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"loa/bot/inbound"
	"loa/chat"
)

// DefaultAPIBase is the Zalo Bot Platform host (the older bot-api.zapps.me
// also answers; keep it configurable).
const DefaultAPIBase = "https://bot-api.zaloplatforms.com"

// MaxText is Zalo's limit for a message text and a photo caption. The
// platform does not say how it counts (platforms.md C), and a server counting
// UTF-16 code units refuses a text of 990 emoji that counts 990 runes, so Loa
// counts the stricter way: UTF-16 units (chat.UTF16Len), never fewer
// than runes.
const MaxText = 2000

// textLen is how Loa measures a text against MaxText.
func textLen(s string) int { return chat.UTF16Len(s) }

// DefaultRetryAfter is the pause reported for a 429 that carries no hint.
// Zalo publishes neither its limits nor a retry_after field, so Loa waits a
// cautious five seconds before the token sends again.
const DefaultRetryAfter = 5 * time.Second

// FileLinkTTL is how long a download link sent instead of a file works.
const FileLinkTTL = 24 * time.Hour

// MaxWebhookBody bounds an inbound webhook body; real updates are a few KB.
const MaxWebhookBody = 1 << 20

// MaxFileSize is the largest file sent as a link (the store's cap).
const MaxFileSize = 20 << 20

// Handler is the conversation the adapter feeds (handlers.Router).
type Handler interface {
	Handle(ctx context.Context, u chat.Update) []chat.Reply
}

// MenuStore remembers, per chat, the numbered choices last shown, so a reply
// "2" can be turned back into the button it stands for. Empty lists forget
// the menu. (*store.Store implements it.)
type MenuStore interface {
	SaveMenu(ctx context.Context, platform, chatID string, labels, data []string) error
	Menu(ctx context.Context, platform, chatID string) (labels, data []string, err error)
}

// FileStore keeps a file behind an unguessable token for ttl; the bot's HTTP
// server serves it at PublicBaseURL + "/dl/" + token. StoreFiles adapts
// *store.Store to it.
type FileStore interface {
	PutFile(ctx context.Context, f chat.File, ttl time.Duration) (token string, err error)
}

// RawFileStore is FileStore in plain types, the shape *store.Store has
// (store imports nothing of Loa's).
type RawFileStore interface {
	PutFile(ctx context.Context, name, mime string, data []byte, ttl time.Duration) (string, error)
}

// StoreFiles adapts a RawFileStore (*store.Store) to FileStore.
func StoreFiles(raw RawFileStore) FileStore { return rawFiles{raw} }

type rawFiles struct{ raw RawFileStore }

func (r rawFiles) PutFile(ctx context.Context, f chat.File, ttl time.Duration) (string, error) {
	return r.raw.PutFile(ctx, f.Name, f.MIME, f.Data, ttl)
}

// Limiter paces outbound messages (the delivery engine's shared Redis
// limiter); Wait blocks until a message to chatID may go. WaitUrgent is
// Wait for a reply to an emergency (chat.Reply.Urgent): the chat's next
// slot goes to it, ahead of the messages already waiting for the chat.
type Limiter interface {
	Wait(ctx context.Context, chatID string) error
	WaitUrgent(ctx context.Context, chatID string) error
}

// Config is everything the adapter needs; New validates it.
type Config struct {
	Token   string // ZALO_BOT_TOKEN, "<bot_id>:<secret>"
	APIBase string // default DefaultAPIBase
	// WebhookURL switches Run to webhook mode (https; http only on loopback,
	// for tests); WebhookSecret (8–256 characters) is then required and is
	// checked on X-Bot-Api-Secret-Token.
	WebhookURL    string
	WebhookSecret string
	HTTPClient    *http.Client // default: a client without a total timeout (long polls); requests carry their own deadlines
	Logger        *slog.Logger // default: discard
	PollTimeout   time.Duration
	Limiter       Limiter // optional
	// OnReplyLost, when set, is called when a reply to a member's own
	// message could not be delivered for a reason that passes (Redis or
	// Zalo unavailable, retries spent, or a shutdown), so the caller may
	// apologise once things work again.
	OnReplyLost func(chatID string)
	// OnReplied, when set, is called once every reply to a member's
	// message went out (the caller forgets an apology owed to her chat).
	OnReplied func(ctx context.Context, chatID string)
	Menus     MenuStore
	Files     FileStore
	// PublicBaseURL is where members reach the bot's HTTP server, for
	// download links (PublicBaseURL + "/dl/" + token).
	PublicBaseURL string
}

// DefaultPollTimeout is how long one getUpdates waits for an update.
const DefaultPollTimeout = 30 * time.Second

// BotInfo is getMe's answer.
type BotInfo struct {
	ID            string
	AccountName   string
	AccountType   string
	Name          string // display name, when the platform gives one
	CanJoinGroups bool
}

// Adapter is one Zalo bot. It is safe for concurrent use.
type Adapter struct {
	cfg    Config
	client *http.Client
	log    *slog.Logger
	me     BotInfo

	// backoffBase is the first pause after a failed poll or reply; it doubles up to
	// backoffMax. Fields, not constants, so tests run fast.
	backoffBase time.Duration
	backoffMax  time.Duration
	// drainTimeout: how long shutdown waits for updates in hand
	// (drainTimeout by default; a field so tests run fast).
	drainTimeout time.Duration

	// disp is the adapter's inbound queue (bot/inbound), shared by the
	// poll loop and the webhook; Close stops it.
	disp *inbound.Dispatcher
}

// New validates cfg and checks the token with getMe.
func New(ctx context.Context, cfg Config) (*Adapter, error) {
	if err := cfg.normalize(); err != nil {
		return nil, err
	}
	a := &Adapter{
		cfg:          cfg,
		client:       cfg.HTTPClient,
		log:          cfg.Logger,
		backoffBase:  500 * time.Millisecond,
		backoffMax:   30 * time.Second,
		drainTimeout: drainTimeout,
	}
	a.disp = inbound.New(inbound.Bounds{}, a.log)
	me, err := a.getMe(ctx)
	if err != nil {
		return nil, fmt.Errorf("zalo: check token: %w", err)
	}
	a.me = me
	return a, nil
}

func (c *Config) normalize() error {
	if strings.TrimSpace(c.Token) == "" {
		return errors.New("zalo: ZALO_BOT_TOKEN is empty")
	}
	if c.APIBase == "" {
		c.APIBase = DefaultAPIBase
	}
	c.APIBase = strings.TrimRight(c.APIBase, "/")
	if u, err := url.Parse(c.APIBase); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("zalo: ZALO_API_BASE %q is not an http(s) URL", c.APIBase)
	}
	if c.WebhookURL != "" {
		u, err := url.Parse(c.WebhookURL)
		if err != nil || u.Host == "" || !(u.Scheme == "https" || u.Scheme == "http" && isLoopback(u.Hostname())) {
			return errors.New("zalo: ZALO_WEBHOOK_URL must be an https URL")
		}
		if c.WebhookSecret == "" {
			return errors.New("zalo: ZALO_WEBHOOK_SECRET is required with ZALO_WEBHOOK_URL")
		}
	}
	if c.WebhookSecret != "" {
		if n := utf8.RuneCountInString(c.WebhookSecret); n < 8 || n > 256 {
			return fmt.Errorf("zalo: ZALO_WEBHOOK_SECRET must be 8–256 characters, got %d", n)
		}
	}
	if c.Menus == nil {
		return errors.New("zalo: a MenuStore is required (buttons become numbered lists)")
	}
	if c.Files == nil {
		return errors.New("zalo: a FileStore is required (files become download links)")
	}
	if u, err := url.Parse(c.PublicBaseURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return errors.New("zalo: PublicBaseURL (the bot's public http(s) address) is required for download links")
	}
	c.PublicBaseURL = strings.TrimRight(c.PublicBaseURL, "/")
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{}
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.PollTimeout <= 0 {
		c.PollTimeout = DefaultPollTimeout
	}
	c.PollTimeout = max(time.Second, c.PollTimeout.Round(time.Second))
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Me is the bot's identity as getMe reported it at start.
func (a *Adapter) Me() BotInfo { return a.me }

// Close stops accepting webhook updates (they get 503 so Zalo may retry
// elsewhere) and waits, at most until ctx ends, for the ones in hand; those
// still running then are cancelled. When Close returns no worker runs.
func (a *Adapter) Close(ctx context.Context) error {
	return a.disp.Stop(ctx)
}

func (a *Adapter) getMe(ctx context.Context) (BotInfo, error) {
	var me struct {
		ID            FlexString `json:"id"`
		AccountName   string     `json:"account_name"`
		AccountType   string     `json:"account_type"`
		DisplayName   string     `json:"display_name"`
		Name          string     `json:"name"`
		CanJoinGroups bool       `json:"can_join_groups"`
	}
	if err := a.call(ctx, "getMe", nil, &me); err != nil {
		return BotInfo{}, err
	}
	return BotInfo{
		ID: string(me.ID), AccountName: me.AccountName, AccountType: me.AccountType,
		Name: firstNonEmpty(me.DisplayName, me.Name), CanJoinGroups: me.CanJoinGroups,
	}, nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

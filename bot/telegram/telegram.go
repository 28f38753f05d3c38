// Package telegram is Loa's Telegram adapter: it receives updates (a
// context-aware long-poll loop, or a webhook handler), turns them into
// platform-neutral chat.Update values, hands them to a Handler with the
// order kept per chat, and sends chat.Reply values back, mapping
// Telegram's errors to the neutral chat.SendError kinds.
//
// It uses go-telegram-bot-api v5.5.1 for the wire format but none of its
// update loops (see platforms.md, B-pitfalls): the library's loops log the
// token, ignore retry_after and have no context. The token appears in every
// request URL, so every error this package returns or logs first goes
// through a redactor.
package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"loa/bot/inbound"
	"loa/chat"
	"loa/internal/httpfence"
)

// Handler is what the adapter serves: one update in, the replies out. The
// router in package handlers implements it.
type Handler interface {
	Handle(ctx context.Context, u chat.Update) []chat.Reply
}

// Limiter paces outbound calls; Wait returns when a message to chatID may go
// out (the delivery engine's shared Redis limiter plugs in here).
// WaitUrgent is Wait for a reply to an emergency (chat.Reply.Urgent): the
// chat's next slot goes to it, ahead of the messages already waiting for
// the chat.
type Limiter interface {
	Wait(ctx context.Context, chatID string) error
	WaitUrgent(ctx context.Context, chatID string) error
}

// Command is one entry of the bot's command menu.
type Command struct {
	Name        string // 1–32 of a-z, 0-9, _ ; without the slash
	Description string // 1–256 characters
}

// Config configures an Adapter. Only Token is required.
type Config struct {
	Token string
	// APIBase is the Bot API server: https://api.telegram.org when empty;
	// a self-hosted server or a test fake otherwise.
	APIBase string
	// WebhookURL switches Run to webhook mode; WebhookSecret (1–256 of
	// A-Z a-z 0-9 _ -) is then required and checked on every request.
	WebhookURL    string
	WebhookSecret string
	// HTTPClient makes the API calls; a client without a global timeout
	// when nil (every call carries its own deadline).
	HTTPClient *http.Client
	Logger     *slog.Logger
	// PollTimeout is how long one getUpdates is held open: 30 s when zero.
	PollTimeout time.Duration
	// Limiter, when set, is waited on before every send and edit.
	Limiter Limiter
	// OnBlocked, when set, is called (in the chat's order) when Telegram
	// reports that a member blocked the bot (my_chat_member "kicked").
	OnBlocked func(ctx context.Context, chatID string)
	// OnReplyLost, when set, is called when a reply to a member's own
	// message could not be delivered for a reason that passes (Redis or
	// Telegram unavailable, retries spent, or a shutdown): the caller may
	// apologise once things work again. Not called for blocked chats or
	// replies Telegram refuses.
	OnReplyLost func(chatID string)
	// OnReplied, when set, is called once every reply to a member's
	// message went out (the caller forgets an apology owed to her chat).
	OnReplied func(ctx context.Context, chatID string)
	// MaxPending bounds updates accepted but not yet handled (polling waits,
	// the webhook answers 503 so Telegram retries): 1000 when zero.
	MaxPending int
	// MaxChatBacklog bounds one chat's updates waiting to be handled; past
	// it that chat's updates are dropped, so one flooding chat never holds
	// up the others (inbound.Bounds.PerChat): 32 when zero.
	MaxChatBacklog int
}

// Adapter talks to one bot. Its methods are safe for concurrent use.
type Adapter struct {
	cfg    Config
	bot    *tgbotapi.BotAPI
	client *http.Client
	log    *slog.Logger
	redact *strings.Replacer
	disp   *inbound.Dispatcher
}

const (
	defaultAPIBase = "https://api.telegram.org"
	sendTimeout    = 30 * time.Second
	uploadTimeout  = 2 * time.Minute
	shutdownGrace  = 10 * time.Second
)

// allowedUpdates are the update types Loa asks for.
const allowedUpdates = `["message","callback_query","my_chat_member"]`

var webhookSecretPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// quietLibrary silences go-telegram-bot-api's package-global logger once:
// its own loops (which this package never uses) print errors containing the
// token, and Debug mode prints message bodies.
var quietLibrary sync.Once

type dropLogger struct{}

func (dropLogger) Println(...any)        {}
func (dropLogger) Printf(string, ...any) {}

// New checks the configuration and the token (getMe) and returns an adapter.
func New(ctx context.Context, cfg Config) (*Adapter, error) {
	if cfg.Token == "" {
		return nil, errors.New("telegram: the bot token is empty")
	}
	if cfg.APIBase == "" {
		cfg.APIBase = defaultAPIBase
	}
	cfg.APIBase = strings.TrimRight(cfg.APIBase, "/")
	if u, err := url.Parse(cfg.APIBase); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("telegram: API base %q is not an http(s) URL", cfg.APIBase)
	}
	if cfg.WebhookURL != "" {
		if u, err := url.Parse(cfg.WebhookURL); err != nil || u.Scheme == "" || u.Host == "" {
			return nil, fmt.Errorf("telegram: webhook URL %q is not a URL", cfg.WebhookURL)
		}
		if !webhookSecretPattern.MatchString(cfg.WebhookSecret) {
			return nil, errors.New("telegram: webhook mode needs a secret of 1–256 characters A-Z a-z 0-9 _ -")
		}
	}
	if cfg.PollTimeout <= 0 {
		cfg.PollTimeout = 30 * time.Second
	}
	if cfg.MaxPending <= 0 {
		cfg.MaxPending = 1000
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	client := cfg.HTTPClient
	if client == nil {
		client = &http.Client{}
	}
	if client.Timeout > 0 && client.Timeout <= cfg.PollTimeout+5*time.Second {
		// A global client timeout shorter than the long poll fails every poll.
		cfg.PollTimeout = max(client.Timeout/2, time.Second)
	}
	quietLibrary.Do(func() { _ = tgbotapi.SetLogger(dropLogger{}) })

	a := &Adapter{
		cfg:    cfg,
		client: client,
		log:    cfg.Logger.With("platform", chat.Telegram),
		redact: strings.NewReplacer(
			"bot"+cfg.Token, "bot<redacted>",
			cfg.Token, "<redacted>",
			url.QueryEscape(cfg.Token), "<redacted>",
		),
	}
	a.disp = inbound.New(inbound.Bounds{Total: cfg.MaxPending, PerChat: cfg.MaxChatBacklog}, a.log)
	callCtx, cancel := context.WithTimeout(ctx, sendTimeout)
	defer cancel()
	bot, err := tgbotapi.NewBotAPIWithClient(cfg.Token, cfg.APIBase+"/bot%s/%s", ctxClient{ctx: callCtx, c: client})
	if err != nil {
		return nil, fmt.Errorf("telegram: getMe: %w", a.redactErr(err))
	}
	a.bot = bot
	return a, nil
}

// UserName is the bot's username from getMe (for t.me/<name>?start= links).
func (a *Adapter) UserName() string { return a.bot.Self.UserName }

// ctxClient makes the library's context-free calls carry a context, and
// runs the context's send fence (httpfence) on them.
type ctxClient struct {
	ctx context.Context
	c   *http.Client
}

func (c ctxClient) Do(r *http.Request) (*http.Response, error) {
	return httpfence.Do(c.c, r.WithContext(c.ctx))
}

// api returns a copy of the library client whose requests carry ctx. The
// copy is cheap (a few fields) and shares nothing mutable.
func (a *Adapter) api(ctx context.Context) *tgbotapi.BotAPI {
	b := *a.bot
	b.Client = ctxClient{ctx: ctx, c: a.client}
	return &b
}

// redactedError carries an error's text with the token removed. It unwraps
// to the cause without the URL (for *url.Error, its inner error), so
// errors.Is(err, context.Canceled) still works.
type redactedError struct {
	msg   string
	cause error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.cause }

// redactErr removes the token from err's text; nil stays nil.
func (a *Adapter) redactErr(err error) error {
	if err == nil {
		return nil
	}
	cause := err
	var ue *url.Error
	if errors.As(err, &ue) {
		cause = ue.Err
	}
	return &redactedError{msg: a.redact.Replace(err.Error()), cause: cause}
}

// SetCommands sets the command menu (setMyCommands, default scope).
func (a *Adapter) SetCommands(ctx context.Context, cmds []Command) error {
	list := make([]tgbotapi.BotCommand, len(cmds))
	for i, c := range cmds {
		list[i] = tgbotapi.BotCommand{Command: c.Name, Description: c.Description}
	}
	ctx, cancel := context.WithTimeout(ctx, sendTimeout)
	defer cancel()
	if _, err := a.api(ctx).Request(tgbotapi.NewSetMyCommands(list...)); err != nil {
		return fmt.Errorf("telegram: setMyCommands: %w", a.classify(ctx, err))
	}
	return nil
}

package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"loa/content"
	"loa/scheduler"
	"loa/store"
)

// Config is every setting of the bot, read from the environment once in
// main and validated before anything starts. The variable names are part of
// Loa's interface: the README lists them all.
type Config struct {
	HTTPAddr  string // LOA_HTTP_ADDR
	PublicURL string // LOA_PUBLIC_URL: how members' browsers reach this server (download links)
	// ConnsPerAddr (LOA_HTTP_CONNS_PER_ADDR) bounds the connections one
	// client address (an IPv6 /64) holds open on the HTTP server; 0: no
	// bound (behind a reverse proxy that limits per client itself).
	ConnsPerAddr int
	// WriteTimeout (LOA_HTTP_WRITE_TIMEOUT) bounds the time from a
	// request's headers to the end of its answer: a client that never
	// reads is let go. Above the web chat's long poll (25 s) and a
	// message's handling (30 s).
	WriteTimeout time.Duration
	Redis        RedisConfig // REDIS_*, LOA_NAMESPACE; no server given: a private redis-server under DataDir
	DataDir      string      // LOA_DATA_DIR
	// RunDir is where a running bot notes its private Redis for `bot
	// admin` run from another folder ($XDG_RUNTIME_DIR/loa, else
	// $HOME/.loa/run; "" when neither is set). See runfile.go.
	RunDir     string
	ContentDir string // LOA_CONTENT_DIR: folder overriding the embedded content
	ModelCache string // LOA_MODEL_CACHE: folder of trained models kept between starts; "" for none
	Admins     string // LOA_ADMINS: telegram:123,zalo:abc
	LogLevel   slog.Level
	WebChat    bool // LOA_WEBCHAT: serve the built-in web chat (default on)

	Telegram TelegramConfig
	Zalo     ZaloConfig
	ZaloOA   ZaloOAConfig

	Delivery DeliveryConfig

	QuietHours scheduler.QuietHours // LOA_QUIET_HOURS: no outreach posts then ("21-7"; "off")
	// Scheduler (LOA_SCHEDULER, default on) runs the timed jobs in this
	// process: posts, reminders, monthly meetings, question alerts, and
	// the start-up and run-now ones. Off for a replica that must stay out
	// of them, or a test that must not see a 07:00 job fire in its middle.
	Scheduler bool

	// knowledge, when set, is the embedded knowledge base already loaded
	// (tests share one between program starts; see runWith); nil: load it.
	knowledge *content.Library
}

// TelegramConfig turns Telegram on when Token is set.
type TelegramConfig struct {
	Token         string // TELEGRAM_BOT_TOKEN
	APIBase       string // TELEGRAM_API_BASE
	WebhookURL    string // TELEGRAM_WEBHOOK_URL
	WebhookSecret string // TELEGRAM_WEBHOOK_SECRET
}

// ZaloConfig turns the Zalo Bot Platform on when Token is set.
type ZaloConfig struct {
	Token         string // ZALO_BOT_TOKEN
	APIBase       string // ZALO_API_BASE
	WebhookURL    string // ZALO_WEBHOOK_URL
	WebhookSecret string // ZALO_WEBHOOK_SECRET
}

// ZaloOAConfig turns the Zalo Official Account on when OAID is set; its
// webhook is served at /webhook/zalo-oa on LOA_HTTP_ADDR.
type ZaloOAConfig struct {
	OAID         string // ZALO_OA_ID
	AppID        string // ZALO_OA_APP_ID
	AppSecret    string // ZALO_OA_APP_SECRET (the OAuth secret_key header)
	SecretKey    string // ZALO_OA_SECRET_KEY (the OA secret key that signs events)
	RefreshToken string // ZALO_OA_REFRESH_TOKEN: first start only; Redis keeps the rotated one
	APIBase      string // ZALO_OA_API_BASE
	OAuthBase    string // ZALO_OA_OAUTH_BASE
}

// DeliveryConfig sets the platform limits the shared limiter enforces.
type DeliveryConfig struct {
	TelegramRate float64 // LOA_TELEGRAM_RATE messages/s for the whole token
	ZaloRate     float64 // LOA_ZALO_RATE messages/s for the whole token
	Workers      int     // LOA_DELIVERY_WORKERS per platform and process
	// Lease (LOA_DELIVERY_LEASE) is how long recipients claimed by a
	// process that died stay claimed before another process takes them.
	Lease time.Duration
	// SendTimeout (LOA_DELIVERY_SEND_TIMEOUT) bounds one request to a
	// platform. A recipient whose send was under way when its process died
	// is reported in doubt once SendTimeout + Lease have passed.
	SendTimeout time.Duration
}

// ConfigError names the variable that is wrong.
type ConfigError struct {
	Var, Problem string
}

func (e *ConfigError) Error() string { return e.Var + ": " + e.Problem }

var telegramSecret = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// LoadConfig reads and validates the configuration from getenv (os.Getenv in
// main, a map in tests). It returns every problem at once.
func LoadConfig(getenv func(string) string) (Config, error) {
	var errs []error
	bad := func(v, problem string) { errs = append(errs, &ConfigError{Var: v, Problem: problem}) }
	get := func(k, def string) string {
		if v := strings.TrimSpace(getenv(k)); v != "" {
			return v
		}
		return def
	}
	c := Config{
		HTTPAddr:   get("LOA_HTTP_ADDR", "127.0.0.1:8080"),
		DataDir:    get("LOA_DATA_DIR", "./data"),
		RunDir:     runDir(getenv),
		ContentDir: get("LOA_CONTENT_DIR", ""),
		ModelCache: get("LOA_MODEL_CACHE", ""),
		Admins:     get("LOA_ADMINS", ""),
		Telegram: TelegramConfig{
			Token:         get("TELEGRAM_BOT_TOKEN", ""),
			APIBase:       strings.TrimRight(get("TELEGRAM_API_BASE", "https://api.telegram.org"), "/"),
			WebhookURL:    get("TELEGRAM_WEBHOOK_URL", ""),
			WebhookSecret: get("TELEGRAM_WEBHOOK_SECRET", ""),
		},
		Zalo: ZaloConfig{
			Token:         get("ZALO_BOT_TOKEN", ""),
			APIBase:       strings.TrimRight(get("ZALO_API_BASE", "https://bot-api.zaloplatforms.com"), "/"),
			WebhookURL:    get("ZALO_WEBHOOK_URL", ""),
			WebhookSecret: get("ZALO_WEBHOOK_SECRET", ""),
		},
		ZaloOA: ZaloOAConfig{
			OAID:         get("ZALO_OA_ID", ""),
			AppID:        get("ZALO_OA_APP_ID", ""),
			AppSecret:    get("ZALO_OA_APP_SECRET", ""),
			SecretKey:    get("ZALO_OA_SECRET_KEY", ""),
			RefreshToken: get("ZALO_OA_REFRESH_TOKEN", ""),
			APIBase:      strings.TrimRight(get("ZALO_OA_API_BASE", "https://openapi.zalo.me"), "/"),
			OAuthBase:    strings.TrimRight(get("ZALO_OA_OAUTH_BASE", "https://oauth.zaloapp.com"), "/"),
		},
	}
	// The port must be a number: net.Listen would otherwise fail later, or
	// look a service name up in /etc/services.
	if _, port, err := net.SplitHostPort(c.HTTPAddr); err != nil {
		bad("LOA_HTTP_ADDR", "must be host:port, e.g. 127.0.0.1:8080")
	} else if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		bad("LOA_HTTP_ADDR", "the port must be a number from 0 to 65535")
	} else {
		c.PublicURL = "http://" + c.HTTPAddr
	}
	c.PublicURL = strings.TrimRight(get("LOA_PUBLIC_URL", c.PublicURL), "/")
	if u, err := url.Parse(c.PublicURL); c.PublicURL != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
		bad("LOA_PUBLIC_URL", "must be an http(s) URL")
	}
	c.Redis = loadRedisConfig(get, bad)
	if st, err := os.Stat(c.DataDir); c.Redis.Form() == "private" && err == nil && !st.IsDir() {
		bad("LOA_DATA_DIR", "must be a folder (the private redis-server keeps its data there)")
	}
	if _, err := store.ParseAdmins(c.Admins); err != nil {
		// Checked here, not when the store is ready, so that a typo stops
		// the bot before it starts a redis-server.
		bad("LOA_ADMINS", strings.TrimPrefix(err.Error(), "LOA_ADMINS: "))
	}
	if c.ContentDir != "" {
		if st, err := os.Stat(c.ContentDir); err != nil || !st.IsDir() {
			bad("LOA_CONTENT_DIR", "must be an existing folder")
		}
	}
	switch c.ModelCache {
	case "":
		c.ModelCache = filepath.Join(c.DataDir, "models")
	case "off":
		c.ModelCache = ""
	}
	switch lvl := strings.ToLower(get("LOA_LOG_LEVEL", "info")); lvl {
	case "debug":
		c.LogLevel = slog.LevelDebug
	case "info":
		c.LogLevel = slog.LevelInfo
	case "warn":
		c.LogLevel = slog.LevelWarn
	case "error":
		c.LogLevel = slog.LevelError
	default:
		bad("LOA_LOG_LEVEL", "must be debug, info, warn or error")
	}
	c.WebChat = onOff(get, bad, "LOA_WEBCHAT", "on")
	checkPlatform := func(prefix, token, api, hook, secret string, secretOK func(string) bool, secretRule string) {
		if token == "" {
			if hook != "" {
				bad(prefix+"_WEBHOOK_URL", "is set but "+prefix+"_BOT_TOKEN is not")
			}
			return
		}
		if !strings.Contains(token, ":") || strings.ContainsAny(token, " /?#") {
			bad(prefix+"_BOT_TOKEN", "does not look like a bot token (<id>:<secret>)")
		}
		if u, err := url.Parse(api); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad(prefix+"_API_BASE", "must be an http(s) URL")
		}
		if hook != "" {
			if u, err := url.Parse(hook); err != nil || u.Scheme != "https" && !strings.HasPrefix(hook, "http://127.0.0.1") && !strings.HasPrefix(hook, "http://localhost") {
				bad(prefix+"_WEBHOOK_URL", "must be an https URL")
			} else if problem := webhookPathProblem(u.Path); problem != "" {
				bad(prefix+"_WEBHOOK_URL", problem)
			}
			if !secretOK(secret) {
				bad(prefix+"_WEBHOOK_SECRET", secretRule)
			}
		}
	}
	checkPlatform("TELEGRAM", c.Telegram.Token, c.Telegram.APIBase, c.Telegram.WebhookURL, c.Telegram.WebhookSecret,
		telegramSecret.MatchString, "is required with TELEGRAM_WEBHOOK_URL: 1–256 characters of A-Z a-z 0-9 _ -")
	checkPlatform("ZALO", c.Zalo.Token, c.Zalo.APIBase, c.Zalo.WebhookURL, c.Zalo.WebhookSecret,
		func(s string) bool { return len(s) >= 8 && len(s) <= 256 }, "is required with ZALO_WEBHOOK_URL: 8–256 characters")

	if oa := c.ZaloOA; oa.OAID != "" || oa.AppID != "" || oa.AppSecret != "" || oa.SecretKey != "" || oa.RefreshToken != "" {
		for _, v := range []struct{ name, val string }{{"ZALO_OA_ID", oa.OAID}, {"ZALO_OA_APP_ID", oa.AppID},
			{"ZALO_OA_APP_SECRET", oa.AppSecret}, {"ZALO_OA_SECRET_KEY", oa.SecretKey}} {
			if v.val == "" {
				bad(v.name, "is required for the Zalo Official Account (set with the other ZALO_OA_ settings)")
			}
		}
		for _, v := range []struct{ name, val string }{{"ZALO_OA_API_BASE", oa.APIBase}, {"ZALO_OA_OAUTH_BASE", oa.OAuthBase}} {
			if u, err := url.Parse(v.val); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				bad(v.name, "must be an http(s) URL")
			}
		}
	}

	num := func(k string, def float64) float64 {
		v := get(k, "")
		if v == "" {
			return def
		}
		f, err := strconv.ParseFloat(v, 64)
		// !(f > 0) also refuses NaN, which every comparison lets through.
		if err != nil || !(f > 0) || f > 10000 {
			bad(k, "must be a positive number")
			return def
		}
		return f
	}
	c.Delivery.TelegramRate = num("LOA_TELEGRAM_RATE", 30)
	c.Delivery.ZaloRate = num("LOA_ZALO_RATE", 10)
	c.Delivery.Workers = 8
	if v := get("LOA_DELIVERY_WORKERS", ""); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			bad("LOA_DELIVERY_WORKERS", "must be a whole number from 1 to 1000")
		} else {
			c.Delivery.Workers = n
		}
	}
	c.Delivery.Lease = 2 * time.Minute
	if v := get("LOA_DELIVERY_LEASE", ""); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 2*time.Second || d > time.Hour {
			bad("LOA_DELIVERY_LEASE", "must be a duration between 2s and 1h, e.g. 2m")
		} else {
			c.Delivery.Lease = d
		}
	}
	c.Delivery.SendTimeout = 30 * time.Second
	if v := get("LOA_DELIVERY_SEND_TIMEOUT", ""); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second || d > 5*time.Minute {
			bad("LOA_DELIVERY_SEND_TIMEOUT", "must be a duration between 1s and 5m, e.g. 30s")
		} else {
			c.Delivery.SendTimeout = d
		}
	}
	c.WriteTimeout = 2 * time.Minute
	if v := get("LOA_HTTP_WRITE_TIMEOUT", ""); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 30*time.Second || d > time.Hour {
			bad("LOA_HTTP_WRITE_TIMEOUT", "must be a duration between 30s and 1h, e.g. 2m")
		} else {
			c.WriteTimeout = d
		}
	}
	c.ConnsPerAddr = defaultConnsPerAddr
	if v := get("LOA_HTTP_CONNS_PER_ADDR", ""); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || (n != 0 && (n < 8 || n > 100000)) {
			bad("LOA_HTTP_CONNS_PER_ADDR", "must be 0 (no bound) or a whole number from 8 to 100000")
		} else {
			c.ConnsPerAddr = n
		}
	}
	if q, err := scheduler.ParseQuietHours(get("LOA_QUIET_HOURS", "21-7")); err != nil {
		bad("LOA_QUIET_HOURS", "must be FROM-TO in whole hours, e.g. 21-7, or off")
	} else {
		c.QuietHours = q
	}
	c.Scheduler = onOff(get, bad, "LOA_SCHEDULER", "on")
	return c, errors.Join(errs...)
}

// servedPaths are the bot's own HTTP paths; a webhook path must not take
// one of them (nor "/": a webhook there would answer every POST, the web
// chat's included).
var servedPaths = []string{"/api/", "/dl/", "/dash/", "/healthz", "/metrics"}

// webhookPathProblem says what is wrong with a webhook URL's path, or "".
// The bot serves the path of the URL it registers, so the path must be its
// own: a hard-to-guess one such as /tg/3f9c… keeps stray POSTs away.
func webhookPathProblem(path string) string {
	if strings.Trim(path, "/") == "" {
		return "needs a path of its own, e.g. https://loa.example.org/telegram/3f9c2a (the bot serves that path)"
	}
	for _, p := range servedPaths {
		if path == strings.TrimSuffix(p, "/") || strings.HasPrefix(path, p) {
			return "its path " + path + " is one the bot serves itself; choose another, e.g. /telegram/3f9c2a"
		}
	}
	return ""
}

// onOff reads a switch: on, 1, true, yes or off, 0, false, no.
func onOff(get func(k, def string) string, bad func(v, problem string), name, def string) bool {
	switch strings.ToLower(get(name, def)) {
	case "on", "1", "true", "yes":
		return true
	case "off", "0", "false", "no":
		return false
	}
	bad(name, "must be on or off")
	return false
}

// shutdownGrace is how long in-flight work may take after SIGTERM.
const shutdownGrace = 10 * time.Second

// defaultConnsPerAddr is above what one address needs: the web chat lets an
// address hold 32 long polls and send beside them, Telegram pushes a
// webhook over at most 100 connections (40 by default).
const defaultConnsPerAddr = 128

// maxHeaderBytes bounds a request's headers (431 past it): a browser's
// cookies and a platform's signature headers are a few kB.
const maxHeaderBytes = 64 << 10

// shutdownLimit bounds a whole shutdown (the watchdog): past it the bot
// exits with status 1 whatever still runs. Within it: shutdownGrace for the
// HTTP server, the adapters' own drains (Zalo's 15 s) and stopping the
// private redis-server.
const shutdownLimit = 30 * time.Second

func (c Config) String() string {
	// Never print tokens or secrets.
	return fmt.Sprintf("http=%s redis=%s namespace=%q telegram=%t zalo=%t zalooa=%t webchat=%t",
		c.HTTPAddr, c.Redis.Form(), c.Redis.Namespace, c.Telegram.Token != "", c.Zalo.Token != "", c.ZaloOA.OAID != "", c.WebChat)
}

package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// The staff dashboard's state: one-time login links, sessions and the
// audit log. Tokens are kept only as their SHA-256 (a copy of Redis does
// not let anyone in); keys are in keys.go, section "dashboard".

const (
	// DashboardLinkTTL is how long a one-time login link works.
	DashboardLinkTTL = 10 * time.Minute
	// DashboardSessionTTL is how long a dashboard session lasts.
	DashboardSessionTTL = 12 * time.Hour
	// dashboardTokenBytes: 256 random bits per link or session token.
	dashboardTokenBytes = 32
	// MaxAuditRecords is how many audit records the log keeps (newest).
	MaxAuditRecords = 20000
	// auditRetention: the log expires this long after its last record.
	auditRetention = 400 * 24 * time.Hour
)

var (
	// ErrDashboardLinkGone: the login link is unknown, used or expired.
	ErrDashboardLinkGone = errors.New("dashboard login link unknown, used or expired")
	// ErrDashboardSessionGone: no such session (ended, expired or never made).
	ErrDashboardSessionGone = errors.New("dashboard session unknown or expired")
)

// newDashboardToken is 256 random bits in base64url (43 characters).
func newDashboardToken() (string, error) {
	var raw [dashboardTokenBytes]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(raw[:]), nil
}

// tokenHash is what Redis keeps of a token.
func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// validDashboardToken filters garbage before it reaches Redis.
func validDashboardToken(t string) bool {
	if len(t) != 43 {
		return false
	}
	for _, c := range t {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// CreateDashboardLogin makes a one-time login link token for who, valid
// for ttl. Only its hash is stored; the token itself goes into the link.
func (s *Store) CreateDashboardLogin(ctx context.Context, who Identity, ttl time.Duration) (string, error) {
	if err := checkIdentity(who.Platform, who.UserID); err != nil {
		return "", fmt.Errorf("dashboard login: %w", err)
	}
	if ttl <= 0 {
		return "", fmt.Errorf("dashboard login: lifetime %s must be positive", ttl)
	}
	token, err := newDashboardToken()
	if err != nil {
		return "", fmt.Errorf("dashboard login: token: %w", err)
	}
	h := tokenHash(token)
	pipe := s.rdb.TxPipeline()
	pipe.Set(ctx, s.keyDashLogin(h), who.String(), ttl)
	pipe.SAdd(ctx, s.keyDashOf(who.String()), "login:"+h)
	pipe.Expire(ctx, s.keyDashOf(who.String()), DashboardSessionTTL+ttl)
	if _, err := pipe.Exec(ctx); err != nil {
		return "", fmt.Errorf("dashboard login: %w", err)
	}
	return token, nil
}

// DashboardLoginValid reports whether a login token still works, without
// using it (the page that asks "Vào bảng điều khiển?" shows it).
func (s *Store) DashboardLoginValid(ctx context.Context, token string) (bool, error) {
	if !validDashboardToken(token) {
		return false, nil
	}
	n, err := s.rdb.Exists(ctx, s.keyDashLogin(tokenHash(token))).Result()
	if err != nil {
		return false, fmt.Errorf("dashboard login: %w", err)
	}
	return n == 1, nil
}

// UseDashboardLogin uses a login token once: it returns whom the link was
// made for and deletes it in the same step (GETDEL), so of two clicks, two
// tabs or two replicas exactly one gets in. ErrDashboardLinkGone otherwise.
func (s *Store) UseDashboardLogin(ctx context.Context, token string) (Identity, error) {
	if !validDashboardToken(token) {
		return Identity{}, ErrDashboardLinkGone
	}
	v, err := s.rdb.GetDel(ctx, s.keyDashLogin(tokenHash(token))).Result()
	if errors.Is(err, redis.Nil) {
		return Identity{}, ErrDashboardLinkGone
	}
	if err != nil {
		return Identity{}, fmt.Errorf("dashboard login: %w", err)
	}
	platform, user, ok := strings.Cut(v, ":")
	if !ok {
		return Identity{}, ErrDashboardLinkGone
	}
	return Identity{Platform: platform, UserID: user}, nil
}

// DashboardSession is a signed-in staff member's session.
type DashboardSession struct {
	Who     Identity
	CSRF    string // the token every form of this session carries
	Created time.Time
}

// CreateDashboardSession opens a session for who, lasting ttl; it returns
// the cookie's token (only its hash is stored) and the session.
func (s *Store) CreateDashboardSession(ctx context.Context, who Identity, ttl time.Duration) (string, DashboardSession, error) {
	if err := checkIdentity(who.Platform, who.UserID); err != nil {
		return "", DashboardSession{}, fmt.Errorf("dashboard session: %w", err)
	}
	token, err := newDashboardToken()
	if err != nil {
		return "", DashboardSession{}, fmt.Errorf("dashboard session: token: %w", err)
	}
	csrf, err := newDashboardToken()
	if err != nil {
		return "", DashboardSession{}, fmt.Errorf("dashboard session: token: %w", err)
	}
	sess := DashboardSession{Who: who, CSRF: csrf, Created: time.Now()}
	h := tokenHash(token)
	pipe := s.rdb.TxPipeline()
	pipe.HSet(ctx, s.keyDashSession(h), "platform", who.Platform, "user", who.UserID, "csrf", csrf,
		"created", sess.Created.UnixMilli())
	pipe.Expire(ctx, s.keyDashSession(h), ttl)
	pipe.SAdd(ctx, s.keyDashOf(who.String()), "session:"+h)
	pipe.Expire(ctx, s.keyDashOf(who.String()), ttl)
	if _, err := pipe.Exec(ctx); err != nil {
		return "", DashboardSession{}, fmt.Errorf("dashboard session: %w", err)
	}
	return token, sess, nil
}

// DashboardSessionOf returns the session of a cookie's token, or
// ErrDashboardSessionGone.
func (s *Store) DashboardSessionOf(ctx context.Context, token string) (DashboardSession, error) {
	if !validDashboardToken(token) {
		return DashboardSession{}, ErrDashboardSessionGone
	}
	h, err := s.rdb.HGetAll(ctx, s.keyDashSession(tokenHash(token))).Result()
	if err != nil {
		return DashboardSession{}, fmt.Errorf("dashboard session: %w", err)
	}
	if h["platform"] == "" || h["user"] == "" || h["csrf"] == "" {
		return DashboardSession{}, ErrDashboardSessionGone
	}
	return DashboardSession{
		Who:     Identity{Platform: h["platform"], UserID: h["user"]},
		CSRF:    h["csrf"],
		Created: time.UnixMilli(atoi64(h["created"])),
	}, nil
}

// EndDashboardSession signs a session out (idempotent).
func (s *Store) EndDashboardSession(ctx context.Context, token string) error {
	if !validDashboardToken(token) {
		return nil
	}
	if err := s.rdb.Del(ctx, s.keyDashSession(tokenHash(token))).Err(); err != nil {
		return fmt.Errorf("end dashboard session: %w", err)
	}
	return nil
}

// AuditRecord is one action done on the dashboard: who, what, when, and
// where. Detail is a short description chosen by the dashboard; it never
// holds a message's text or a token.
type AuditRecord struct {
	At     time.Time `json:"at"`
	Who    string    `json:"who"` // "platform:user", or "erased" after her erasure
	Action string    `json:"action"`
	Unit   string    `json:"unit,omitempty"`
	Detail string    `json:"detail,omitempty"`
}

// AddAudit appends a record to the audit log (newest first, the last
// MaxAuditRecords kept).
func (s *Store) AddAudit(ctx context.Context, rec AuditRecord) error {
	if rec.At.IsZero() {
		rec.At = time.Now()
	}
	b, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	pipe := s.rdb.TxPipeline()
	pipe.LPush(ctx, s.keyDashAudit(), b)
	pipe.LTrim(ctx, s.keyDashAudit(), 0, MaxAuditRecords-1)
	pipe.Expire(ctx, s.keyDashAudit(), auditRetention)
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// AuditRecords returns up to n records from offset, newest first.
func (s *Store) AuditRecords(ctx context.Context, offset, n int64) ([]AuditRecord, error) {
	if n <= 0 {
		return nil, nil
	}
	vals, err := s.rdb.LRange(ctx, s.keyDashAudit(), offset, offset+n-1).Result()
	if err != nil {
		return nil, fmt.Errorf("audit records: %w", err)
	}
	out := make([]AuditRecord, 0, len(vals))
	for _, v := range vals {
		var rec AuditRecord
		if err := json.Unmarshal([]byte(v), &rec); err != nil {
			continue // a record this version cannot read is skipped, not fatal
		}
		out = append(out, rec)
	}
	return out, nil
}

// scriptEraseDashboard ends her links and sessions; her audit records
// stay, as "erased". KEYS (dashboardEraseKeys): her index, the links and
// sessions in it (read first), the audit log. ARGV: the dashboard key
// prefix, her id ("platform:user"). Returns 1, or "retry".
var scriptEraseDashboard = redis.NewScript(luaStrictKeys + `
strict = true
local function kOf(id) return K("dashboard index", ARGV[1] .. "of:" .. id) end
local function kAudit() return K("audit", ARGV[1] .. "audit") end
local function kEntry(m) return K("dashboard link or session", ARGV[1] .. m) end
local entries = {}
for _, m in ipairs(redis.call('SMEMBERS', kOf(ARGV[2]))) do
  if string.match(m, "^login:") or string.match(m, "^session:") then
    if not has(kEntry, m) then return "retry" end
    entries[#entries + 1] = m
  end
end
for _, m in ipairs(entries) do redis.call('DEL', kEntry(m)) end
redis.call('DEL', kOf(ARGV[2]))
local list = redis.call('LRANGE', kAudit(), 0, -1)
for i, v in ipairs(list) do
  local ok, rec = pcall(cjson.decode, v)
  if ok and type(rec) == 'table' and rec.who == ARGV[2] then
    rec.who = 'erased'
    redis.call('LSET', kAudit(), i - 1, cjson.encode(rec))
  end
end
return 1
`)

// eraseFromDashboard ends her sessions, drops her login links and turns
// her audit records anonymous (Erase).
func (s *Store) eraseFromDashboard(ctx context.Context, who Identity) error {
	keys := func() ([]string, error) {
		entries, err := s.rdb.SMembers(ctx, s.keyDashOf(who.String())).Result()
		keys := []string{s.keyDashOf(who.String()), s.keyDashAudit()}
		for _, m := range entries {
			if h, ok := strings.CutPrefix(m, "login:"); ok {
				keys = append(keys, s.keyDashLogin(h))
			} else if h, ok := strings.CutPrefix(m, "session:"); ok {
				keys = append(keys, s.keyDashSession(h))
			}
		}
		return keys, err
	}
	if err := s.runDeclared(ctx, scriptEraseDashboard, keys, s.dashPrefix, who.String()).Err(); err != nil {
		return fmt.Errorf("erase from dashboard: %w", err)
	}
	return nil
}

package store

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// InviteKind is what redeeming an invite makes of a person.
type InviteKind string

const (
	InviteMember InviteKind = "member" // joins the unit as a member
	InviteHead   InviteKind = "head"   // joins and becomes head of the unit
	InviteStaff  InviteKind = "staff"  // joins and becomes staff of the unit
)

// ParseInviteKind reads a kind as an operator types it.
func ParseInviteKind(s string) (InviteKind, error) {
	switch k := InviteKind(strings.ToLower(strings.TrimSpace(s))); k {
	case InviteMember, InviteHead, InviteStaff:
		return k, nil
	}
	return "", fmt.Errorf("unknown invite kind %q (member, head, staff)", s)
}

// Invite is an invite code and its state.
type Invite struct {
	Code     string
	Kind     InviteKind
	Unit     string
	UsesLeft int // -1 = unlimited
	Used     int
	Expires  time.Time
	Created  time.Time
	Revoked  bool
}

// NewInvite describes an invite to create.
type NewInvite struct {
	Kind InviteKind
	Unit string
	Uses int           // how many people may use it; 0 = unlimited
	TTL  time.Duration // how long it stays valid, at most MaxInviteTTL
}

// Why an invite cannot be used. RedeemInvite, JoinWithInvite and
// CheckInvite return exactly one of these (errors.Is), so the chat can say
// the right sentence.
var (
	ErrInviteUnknown   = errors.New("invite code unknown")
	ErrInviteExpired   = errors.New("invite code expired")
	ErrInviteExhausted = errors.New("invite code used up")
	ErrInviteRevoked   = errors.New("invite code revoked")
)

const (
	// MaxInviteTTL bounds how long an invite may live.
	MaxInviteTTL = 366 * 24 * time.Hour
	// inviteGrace keeps an expired invite around this long, so it is
	// reported as expired rather than unknown.
	inviteGrace = 30 * 24 * time.Hour
	// InviteCodeLen characters of inviteAlphabet carry 65 random bits.
	InviteCodeLen = 13
	// inviteAlphabet is Crockford's base32: digits and upper-case letters
	// without I, L, O and U, so a code read aloud or copied from paper is
	// typed right; it is also safe in a Telegram deep link (A-Za-z0-9_-).
	inviteAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
)

// newInviteCode draws InviteCodeLen symbols from crypto/rand; 256 is a
// multiple of 32, so masking a byte keeps every symbol equally likely. A
// draw of letters only (about 2 in 100) or digits only is drawn again: a
// member who types her code alone is recognised by its mix of letters and
// digits (handlers' plain commands), so every code must have both.
func newInviteCode() (string, error) {
	for {
		var b [InviteCodeLen]byte
		if _, err := rand.Read(b[:]); err != nil {
			return "", err
		}
		for i := range b {
			b[i] = inviteAlphabet[b[i]&31]
		}
		code := string(b[:])
		if strings.ContainsAny(code, "0123456789") && strings.Trim(code, "0123456789") != "" {
			return code, nil
		}
	}
}

// NormalizeInviteCode turns what a person typed into the canonical code:
// spaces and dashes dropped, upper-cased, O read as 0 and I or L as 1. It
// returns "" for anything that cannot be a code, which every lookup treats
// as unknown.
func NormalizeInviteCode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == ' ' || r == '-' || r == '\t':
			continue
		case r == 'O':
			r = '0'
		case r == 'I' || r == 'L':
			r = '1'
		}
		if r > 127 || !strings.ContainsRune(inviteAlphabet, r) {
			return ""
		}
		b.WriteRune(r)
		if b.Len() > InviteCodeLen {
			return ""
		}
	}
	if b.Len() != InviteCodeLen {
		return ""
	}
	return b.String()
}

// CreateInvite makes a new invite code for a unit (a merged code leads to
// the unit it was merged into).
func (s *Store) CreateInvite(ctx context.Context, n NewInvite) (Invite, error) {
	if _, err := ParseInviteKind(string(n.Kind)); err != nil {
		return Invite{}, fmt.Errorf("create invite: %w", err)
	}
	if n.Uses < 0 {
		return Invite{}, fmt.Errorf("create invite: uses %d: want 0 (unlimited) or more", n.Uses)
	}
	if n.TTL <= 0 || n.TTL > MaxInviteTTL {
		return Invite{}, fmt.Errorf("create invite: validity %s: want more than 0 and at most %s", n.TTL, MaxInviteTTL)
	}
	left := n.Uses
	if left == 0 {
		left = -1
	}
	now := time.Now()
	expires := now.Add(n.TTL)
	unit := NormalizeUnitCode(n.Unit)
	for range 3 {
		code, err := newInviteCode()
		if err != nil {
			return Invite{}, fmt.Errorf("create invite: %w", err)
		}
		keys := append(append(s.dirBaseKeys(), s.keyInvite(code)), s.dirUnitKeys(unit)...)
		res, err := s.runDirScript(ctx, scriptCreateInvite, keys, s.dirPrefix, code,
			string(n.Kind), unit, left, expires.UnixMilli(), now.UnixMilli(),
			expires.Add(inviteGrace).UnixMilli()).StringSlice()
		if err != nil {
			return Invite{}, fmt.Errorf("create invite: %w", err)
		}
		switch res[0] {
		case "ok":
			return Invite{Code: code, Kind: n.Kind, Unit: res[1], UsesLeft: left,
				Expires: time.UnixMilli(expires.UnixMilli()), Created: time.UnixMilli(now.UnixMilli())}, nil
		case "unknown":
			return Invite{}, fmt.Errorf("create invite for %s: %w", unit, ErrUnitUnknown)
		}
		// "collision": 2^-65 odds, draw again.
	}
	return Invite{}, errors.New("create invite: no free code after 3 draws")
}

// inviteState maps a script status to the typed error.
func inviteState(status string) error {
	switch status {
	case "ok":
		return nil
	case "revoked":
		return ErrInviteRevoked
	case "expired":
		return ErrInviteExpired
	case "exhausted":
		return ErrInviteExhausted
	}
	return ErrInviteUnknown
}

// CheckInvite looks an invite up without using it, with the same errors as
// RedeemInvite; the chat checks a code before asking for consent. The
// invite is returned with ErrInviteExpired, ErrInviteExhausted and
// ErrInviteRevoked too.
func (s *Store) CheckInvite(ctx context.Context, code string) (Invite, error) {
	inv, err := s.invite(ctx, NormalizeInviteCode(code))
	if err != nil {
		return Invite{}, err
	}
	switch {
	case inv.Revoked:
		return inv, ErrInviteRevoked
	case !time.Now().Before(inv.Expires):
		return inv, ErrInviteExpired
	case inv.UsesLeft == 0:
		return inv, ErrInviteExhausted
	}
	if _, err := s.resolveUnit(ctx, inv.Unit); err != nil {
		return Invite{}, ErrInviteUnknown
	}
	return inv, nil
}

func (s *Store) invite(ctx context.Context, code string) (Invite, error) {
	if code == "" {
		return Invite{}, ErrInviteUnknown
	}
	h, err := s.rdb.HGetAll(ctx, s.keyInvite(code)).Result()
	if err != nil {
		return Invite{}, fmt.Errorf("invite: %w", err)
	}
	if len(h) == 0 {
		return Invite{}, ErrInviteUnknown
	}
	return inviteFromHash(code, h), nil
}

func inviteFromHash(code string, h map[string]string) Invite {
	return Invite{
		Code:     code,
		Kind:     InviteKind(h["kind"]),
		Unit:     h["unit"],
		UsesLeft: int(atoi64(h["left"])),
		Used:     int(atoi64(h["used"])),
		Expires:  time.UnixMilli(atoi64(h["expires"])),
		Created:  time.UnixMilli(atoi64(h["created"])),
		Revoked:  h["revoked"] == "1",
	}
}

// RedeemInvite uses an invite once for who, atomically: it checks that the
// code exists, is not revoked, not expired and has uses left, then counts
// the use. It does not register anyone; JoinWithInvite does both. Someone
// who already has what the invite gives succeeds without using it up.
func (s *Store) RedeemInvite(ctx context.Context, code string, who Identity) (Invite, error) {
	return s.runRedeem(ctx, scriptRedeemInvite, code, who)
}

// JoinWithInvite is what the chat calls once a member has consented: in one
// atomic step it redeems the invite, registers her in the invite's unit
// (moving her from her old one, Active set), and for a head or staff invite
// grants her that role there. m.Unit and m.Active are ignored.
func (s *Store) JoinWithInvite(ctx context.Context, code string, m Member) (Invite, error) {
	if m.Consent.IsZero() {
		return Invite{}, errors.New("join with invite: no consent time; ask for consent first")
	}
	m.Name = CleanDisplayName(m.Name)
	return s.runRedeem(ctx, scriptJoinWithInvite, code, m.Identity(),
		m.Name, m.Consent.UnixMilli(), boolField(m.Muted))
}

func (s *Store) runRedeem(ctx context.Context, script *redis.Script, code string, who Identity, extra ...any) (Invite, error) {
	if err := checkIdentity(who.Platform, who.UserID); err != nil {
		return Invite{}, fmt.Errorf("redeem invite: %w", err)
	}
	code = NormalizeInviteCode(code)
	if code == "" {
		return Invite{}, ErrInviteUnknown
	}
	args := append([]any{s.dirPrefix, code, who.String(), time.Now().UnixMilli()}, extra...)
	keys := append(s.dirBaseKeys(), s.keyInvite(code), s.keyMember(who.String()), s.keyRoles(who.String()))
	res, err := s.runDirScript(ctx, script, keys, args...).StringSlice()
	if err != nil {
		return Invite{}, fmt.Errorf("redeem invite: %w", err)
	}
	if err := inviteState(res[0]); err != nil {
		return Invite{}, err
	}
	inv, err := s.invite(ctx, code)
	if err != nil {
		return Invite{}, fmt.Errorf("redeem invite: %w", err)
	}
	inv.Unit = res[2]
	return inv, nil
}

// RevokeInvite stops an invite from being used again.
func (s *Store) RevokeInvite(ctx context.Context, code string) error {
	code = NormalizeInviteCode(code)
	if code == "" {
		return ErrInviteUnknown
	}
	n, err := scriptRevokeInvite.Run(ctx, s.rdb, []string{s.keyInvite(code)}, s.dirPrefix, code).Int()
	if err != nil {
		return fmt.Errorf("revoke invite: %w", err)
	}
	if n == 0 {
		return ErrInviteUnknown
	}
	return nil
}

// ListInvites returns a unit's invites, newest first, including expired,
// used-up and revoked ones still kept (see inviteGrace).
func (s *Store) ListInvites(ctx context.Context, unit string) ([]Invite, error) {
	live, err := s.resolveUnit(ctx, unit)
	if err != nil {
		return nil, fmt.Errorf("list invites of %s: %w", NormalizeUnitCode(unit), err)
	}
	codes, err := s.rdb.SMembers(ctx, s.keyUnitInvites(live)).Result()
	if err != nil {
		return nil, fmt.Errorf("list invites of %s: %w", live, err)
	}
	out := make([]Invite, 0, len(codes))
	var gone []any
	for _, c := range codes {
		inv, err := s.invite(ctx, c)
		if errors.Is(err, ErrInviteUnknown) {
			gone = append(gone, c)
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("list invites of %s: %w", live, err)
		}
		out = append(out, inv)
	}
	if len(gone) > 0 {
		// The invite keys expired; forget them here too.
		_ = s.rdb.SRem(ctx, s.keyUnitInvites(live), gone...).Err()
	}
	slices.SortFunc(out, func(a, b Invite) int { return b.Created.Compare(a.Created) })
	return out, nil
}

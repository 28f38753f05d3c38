package store

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/redis/go-redis/v9"
	"golang.org/x/text/unicode/norm"
)

// Member is everything Loa keeps about a registered member, and no more
// (ARCHITECTURE invariant 7): who she is on which platform, the name she
// shows there, her unit, when she consented, and two delivery flags.
type Member struct {
	Platform string // telegram, zalo, web
	UserID   string // the platform's opaque user id
	Name     string // display name, cleaned by CleanDisplayName
	Unit     string // code of her unit (normally a branch)
	Consent  time.Time
	Active   bool // false once delivery found she blocked the bot; true again when she writes
	Muted    bool // true when she asked for no outreach posts
}

// Identity names a person on a platform; it is how members, roles and
// admins are keyed.
type Identity struct {
	Platform string
	UserID   string
}

func (id Identity) String() string { return id.Platform + ":" + id.UserID }

// Identity returns the member's identity.
func (m Member) Identity() Identity { return Identity{Platform: m.Platform, UserID: m.UserID} }

// ErrMemberUnknown is returned for someone who is not registered.
var ErrMemberUnknown = errors.New("not a registered member")

// MaxDisplayName is how many characters of a display name are kept.
const MaxDisplayName = 64

const maxUserID = 128

var platformRe = regexp.MustCompile(`^[a-z][a-z0-9_]{0,15}$`)

// checkIdentity rejects identities that could not have come from a platform
// and would corrupt the "platform:userID" strings in sets.
func checkIdentity(platform, userID string) error {
	if !platformRe.MatchString(platform) {
		return fmt.Errorf("platform %q: want lower-case ASCII such as telegram or zalo", platform)
	}
	if userID == "" || len(userID) > maxUserID || !utf8.ValidString(userID) {
		return fmt.Errorf("user id: want 1 to %d bytes of UTF-8", maxUserID)
	}
	for _, r := range userID {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '|' {
			return fmt.Errorf("user id %q: no spaces, control characters or '|'", userID)
		}
	}
	return nil
}

// idKey is the identity as stored in keys and sets.
func idKey(platform, userID string) string { return platform + ":" + userID }

// CleanDisplayName makes an untrusted platform name safe to store and show:
// valid UTF-8 in NFC, control and direction-override characters removed,
// runs of space collapsed, at most MaxDisplayName characters. It does not
// escape HTML: whoever shows the name escapes it for its medium.
func CleanDisplayName(name string) string {
	name = strings.ToValidUTF8(name, "")
	name = norm.NFC.String(name)
	var b strings.Builder
	space, n := false, 0
	for _, r := range name {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if unicode.IsControl(r) || isBidiControl(r) || r == '\u200B' || r == '\uFEFF' {
			continue
		}
		if space {
			if n+1 >= MaxDisplayName {
				break
			}
			b.WriteByte(' ')
			n++
			space = false
		}
		if n >= MaxDisplayName {
			break
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

func boolField(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// Register stores a member in her unit, atomically: if she was registered
// elsewhere she leaves that unit's set and counts. The unit may be a merged
// code (she lands in the unit it was merged into; the returned Member says
// where). Consent must be set: nothing is stored before a member agrees.
// The name is cleaned with CleanDisplayName.
func (s *Store) Register(ctx context.Context, m Member) (Member, error) {
	if err := checkIdentity(m.Platform, m.UserID); err != nil {
		return Member{}, fmt.Errorf("register member: %w", err)
	}
	if m.Consent.IsZero() {
		return Member{}, errors.New("register member: no consent time; ask for consent first")
	}
	m.Name = CleanDisplayName(m.Name)
	unit := NormalizeUnitCode(m.Unit)
	keys := append(s.dirBaseKeys(), s.keyMember(idKey(m.Platform, m.UserID)))
	res, err := s.runDirScript(ctx, scriptRegister, append(keys, s.dirUnitKeys(unit)...),
		s.dirPrefix, idKey(m.Platform, m.UserID), unit, m.Name, m.Consent.UnixMilli(),
		boolField(m.Active), boolField(m.Muted)).StringSlice()
	if err != nil {
		return Member{}, fmt.Errorf("register member: %w", err)
	}
	if res[0] != "ok" {
		return Member{}, fmt.Errorf("register member in %s: %w", unit, ErrUnitUnknown)
	}
	m.Unit = res[1]
	m.Consent = time.UnixMilli(m.Consent.UnixMilli())
	return m, nil
}

// Member returns a registered member, or ErrMemberUnknown.
func (s *Store) Member(ctx context.Context, platform, userID string) (Member, error) {
	h, err := s.rdb.HGetAll(ctx, s.keyMember(idKey(platform, userID))).Result()
	if err != nil {
		return Member{}, fmt.Errorf("member: %w", err)
	}
	if len(h) == 0 {
		return Member{}, ErrMemberUnknown
	}
	return memberFromHash(platform, userID, h), nil
}

func memberFromHash(platform, userID string, h map[string]string) Member {
	return Member{
		Platform: platform,
		UserID:   userID,
		Name:     h["name"],
		Unit:     h["unit"],
		Consent:  time.UnixMilli(atoi64(h["consent"])),
		Active:   h["active"] == "1",
		Muted:    h["muted"] == "1",
	}
}

// SetActive marks a member reachable or not (delivery marks those who
// blocked the bot inactive; the router marks her active again when she
// writes) and keeps the unit's active count right.
func (s *Store) SetActive(ctx context.Context, platform, userID string, active bool) error {
	id := idKey(platform, userID)
	n, err := s.runDirScript(ctx, scriptSetActive, append(s.dirBaseKeys(), s.keyMember(id)), s.dirPrefix, id, boolField(active)).Int()
	if err != nil {
		return fmt.Errorf("set member active: %w", err)
	}
	if n < 0 {
		return ErrMemberUnknown
	}
	return nil
}

// SetMuted records whether a member wants outreach posts.
func (s *Store) SetMuted(ctx context.Context, platform, userID string, muted bool) error {
	id := idKey(platform, userID)
	n, err := scriptSetMuted.Run(ctx, s.rdb, []string{s.keyMember(id)}, s.dirPrefix, id, boolField(muted)).Int()
	if err != nil {
		return fmt.Errorf("set member muted: %w", err)
	}
	if n < 0 {
		return ErrMemberUnknown
	}
	return nil
}

// MembersOfUnit returns one page of the members registered directly in a
// unit. Start with cursor 0 and call again with the returned cursor until it
// is 0 (Redis SSCAN: a member present throughout is returned at least once;
// count is a hint). Members erased meanwhile are skipped.
func (s *Store) MembersOfUnit(ctx context.Context, code string, cursor uint64, count int64) ([]Member, uint64, error) {
	code = NormalizeUnitCode(code)
	ids, next, err := s.rdb.SScan(ctx, s.keyUnitMembers(code), cursor, "", count).Result()
	if err != nil {
		return nil, 0, fmt.Errorf("members of %s: %w", code, err)
	}
	ms, err := s.membersByID(ctx, ids)
	if err != nil {
		return nil, 0, fmt.Errorf("members of %s: %w", code, err)
	}
	return ms, next, nil
}

func (s *Store) membersByID(ctx context.Context, ids []string) ([]Member, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.MapStringStringCmd, len(ids))
	for i, id := range ids {
		cmds[i] = pipe.HGetAll(ctx, s.keyMember(id))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, err
	}
	out := make([]Member, 0, len(ids))
	for i, cmd := range cmds {
		h := cmd.Val()
		if len(h) == 0 {
			continue
		}
		platform, userID, _ := strings.Cut(ids[i], ":")
		out = append(out, memberFromHash(platform, userID, h))
	}
	return out, nil
}

// membersPage is how many members one SSCAN step asks for.
const membersPage = 500

// MembersOfSubtree streams the members of a unit and of every unit below it
// (for a commune: all its branches), unit by unit in Subtree order. It stops
// at the first error, which it yields.
func (s *Store) MembersOfSubtree(ctx context.Context, code string) iter.Seq2[Member, error] {
	return func(yield func(Member, error) bool) {
		for u, err := range s.Subtree(ctx, code) {
			if err != nil {
				yield(Member{}, err)
				return
			}
			var cursor uint64
			for {
				ms, next, err := s.MembersOfUnit(ctx, u.Code, cursor, membersPage)
				if err != nil {
					yield(Member{}, err)
					return
				}
				for _, m := range ms {
					if !yield(m, nil) {
						return
					}
				}
				if next == 0 {
					break
				}
				cursor = next
			}
		}
	}
}

// Counts are the anonymous numbers of a unit's members.
//
// A staff member is on Loa to work, not as a member: one registered in the
// unit she is staff of (her staff invite registered her there, and that
// unit is not a branch) is no member and is left out of Counts, so the
// figures staff read add up branch by branch. A staff member who also
// joined a branch is registered in her branch and counted once, there.
// A notice still reaches her: CountReachable counts everyone.
type Counts struct {
	Registered int64 // members registered
	Active     int64 // of those, still reachable
}

// CountMembers counts a unit's members, or with subtree its members and
// those of every unit below it (staff are no members: see Counts).
func (s *Store) CountMembers(ctx context.Context, code string, subtree bool) (Counts, error) {
	units, err := s.countedUnits(ctx, code, subtree)
	if err != nil {
		return Counts{}, fmt.Errorf("count members: %w", err)
	}
	raw, err := s.rawCounts(ctx, units)
	if err != nil {
		return Counts{}, fmt.Errorf("count members of %s: %w", units[0].Code, err)
	}
	staff, err := s.staffRegistered(ctx, units)
	if err != nil {
		return Counts{}, fmt.Errorf("count members of %s: %w", units[0].Code, err)
	}
	var total Counts
	for i, u := range units {
		total.Registered += raw[i].Registered - staff[u.Code].Registered
		total.Active += raw[i].Active - staff[u.Code].Active
	}
	return total, nil
}

// CountReachable is how many people registered in a unit and below it Loa
// can reach now: everyone a notice to the unit goes to, members and the
// staff registered there alike (store.MembersOfSubtree, the active ones).
func (s *Store) CountReachable(ctx context.Context, code string) (int64, error) {
	units, err := s.countedUnits(ctx, code, true)
	if err != nil {
		return 0, fmt.Errorf("count reachable: %w", err)
	}
	raw, err := s.rawCounts(ctx, units)
	if err != nil {
		return 0, fmt.Errorf("count reachable in %s: %w", units[0].Code, err)
	}
	var n int64
	for _, c := range raw {
		n += c.Active
	}
	return n, nil
}

// countedUnits are the unit code names (live) and, with subtree, every
// unit below it, in Subtree order.
func (s *Store) countedUnits(ctx context.Context, code string, subtree bool) ([]Unit, error) {
	if !subtree {
		u, err := s.Unit(ctx, code)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", NormalizeUnitCode(code), err)
		}
		return []Unit{u}, nil
	}
	var units []Unit
	for u, err := range s.Subtree(ctx, code) {
		if err != nil {
			return nil, err
		}
		units = append(units, u)
	}
	return units, nil
}

// rawCounts reads the counters of each unit (everyone registered directly
// in it, staff included), in one pipeline.
func (s *Store) rawCounts(ctx context.Context, units []Unit) ([]Counts, error) {
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.SliceCmd, len(units))
	for i, u := range units {
		cmds[i] = pipe.HMGet(ctx, s.keyUnitCounts(u.Code), "registered", "active")
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, err
	}
	out := make([]Counts, len(units))
	for i, cmd := range cmds {
		v := cmd.Val()
		out[i] = Counts{Registered: anyInt(v[0]), Active: anyInt(v[1])}
	}
	return out, nil
}

// staffRegistered counts, per unit code, the staff registered in the unit
// they are staff of, for the units that are not branches: the people the
// raw counters hold who are no members (see Counts). Two pipelines: the
// grants of the units, then the records of their staff (a few per unit).
func (s *Store) staffRegistered(ctx context.Context, units []Unit) (map[string]Counts, error) {
	ids, err := s.staffNotMembers(ctx, units)
	if err != nil {
		return nil, err
	}
	out := map[string]Counts{}
	for _, st := range ids {
		c := out[st.unit]
		c.Registered++
		if st.active {
			c.Active++
		}
		out[st.unit] = c
	}
	return out, nil
}

// staffOnly is one staff member registered in the unit she is staff of.
type staffOnly struct {
	id     Identity
	unit   string
	active bool
}

func (s *Store) staffNotMembers(ctx context.Context, units []Unit) ([]staffOnly, error) {
	pipe := s.rdb.Pipeline()
	var codes []string
	var grants []*redis.StringSliceCmd
	for _, u := range units {
		if u.Kind == "branch" {
			continue
		}
		codes = append(codes, u.Code)
		grants = append(grants, pipe.SMembers(ctx, s.keyUnitGrants(u.Code)))
	}
	if len(codes) == 0 {
		return nil, nil
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, err
	}
	var cands []staffOnly
	for i, cmd := range grants {
		for _, g := range cmd.Val() {
			if id, ok := strings.CutPrefix(g, string(RoleStaff)+"|"); ok {
				platform, userID, _ := strings.Cut(id, ":")
				cands = append(cands, staffOnly{id: Identity{Platform: platform, UserID: userID}, unit: codes[i]})
			}
		}
	}
	if len(cands) == 0 {
		return nil, nil
	}
	pipe = s.rdb.Pipeline()
	recs := make([]*redis.SliceCmd, len(cands))
	for i, c := range cands {
		recs[i] = pipe.HMGet(ctx, s.keyMember(c.id.String()), "unit", "active")
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, err
	}
	var out []staffOnly
	for i, c := range cands {
		v := recs[i].Val()
		if unit, _ := v[0].(string); unit == c.unit {
			c.active = v[1] == "1"
			out = append(out, c)
		}
	}
	return out, nil
}

// StaffNotMembers are the staff registered in a unit at or below code that
// they are staff of and that is not a branch: on Loa, reached by notices,
// but no members (see Counts). Whoever lists members one by one
// (MembersOfSubtree) leaves them out of member figures with it.
func (s *Store) StaffNotMembers(ctx context.Context, code string) (map[Identity]bool, error) {
	units, err := s.countedUnits(ctx, code, true)
	if err != nil {
		return nil, fmt.Errorf("staff not members: %w", err)
	}
	list, err := s.staffNotMembers(ctx, units)
	if err != nil {
		return nil, fmt.Errorf("staff not members of %s: %w", units[0].Code, err)
	}
	out := make(map[Identity]bool, len(list))
	for _, st := range list {
		out[st.id] = true
	}
	return out, nil
}

func anyInt(v any) int64 {
	s, _ := v.(string)
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

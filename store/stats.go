package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"loa/vntime"
)

// PeriodKind is the length of a reporting period.
type PeriodKind int

const (
	Month PeriodKind = iota
	Quarter
	Year
)

// Period is one month, quarter or year in Asia/Ho_Chi_Minh.
type Period struct {
	Kind  PeriodKind
	Start time.Time // first instant, in vntime.Zone
}

// PeriodOf is the period of kind that contains t.
func PeriodOf(kind PeriodKind, t time.Time) Period {
	t = t.In(vntime.Zone)
	y, m := t.Year(), t.Month()
	switch kind {
	case Quarter:
		m = time.Month((int(m)-1)/3*3 + 1)
	case Year:
		m = time.January
	}
	return Period{Kind: kind, Start: time.Date(y, m, 1, 0, 0, 0, 0, vntime.Zone)}
}

// MonthOf is the month containing t.
func MonthOf(t time.Time) Period { return PeriodOf(Month, t) }

// End is the first instant after the period.
func (p Period) End() time.Time {
	switch p.Kind {
	case Quarter:
		return p.Start.AddDate(0, 3, 0)
	case Year:
		return p.Start.AddDate(1, 0, 0)
	}
	return p.Start.AddDate(0, 1, 0)
}

// Key names the period in Redis keys: "2026-12", "2026-Q4", "2026".
func (p Period) Key() string {
	y := strconv.Itoa(p.Start.Year())
	switch p.Kind {
	case Quarter:
		return y + "-Q" + strconv.Itoa((int(p.Start.Month())-1)/3+1)
	case Year:
		return y
	}
	return fmt.Sprintf("%s-%02d", y, int(p.Start.Month()))
}

// Label names the period for people, in Vietnamese: "tháng 12/2026",
// "quý 4/2026", "năm 2026".
func (p Period) Label() string {
	y := p.Start.Year()
	switch p.Kind {
	case Quarter:
		return fmt.Sprintf("quý %d/%d", (int(p.Start.Month())-1)/3+1, y)
	case Year:
		return fmt.Sprintf("năm %d", y)
	}
	return fmt.Sprintf("tháng %d/%d", int(p.Start.Month()), y)
}

// PeriodKeys are the keys of the month, quarter and year containing t: the
// aggregates an event starting at t counts in.
func PeriodKeys(t time.Time) []string {
	return []string{PeriodOf(Month, t).Key(), PeriodOf(Quarter, t).Key(), PeriodOf(Year, t).Key()}
}

// Tally is the attendance of a unit (and everything below it) in a period,
// counted over closed events.
type Tally struct {
	Events    int64 // events held (closed)
	Reported  int64 // of those, with a headcount from the head
	CheckIns  int64 // members who checked in on the bot
	Headcount int64 // sum of the reported headcounts
	Present   int64 // per event the headcount if reported, else the check-ins
	// Open counts the events still open whose figures are included (a
	// headcount already reported, or check-ins): the tally is provisional
	// ("tạm tính") until they close.
	Open int64
	// Cancelled counts the events without a headcount that the head said
	// did not take place (postponed or cancelled): not missing a report.
	Cancelled int64
	// Awaiting counts the events still open without a headcount (nor said
	// not to take place): not held in the figures, and not missing a report
	// until they close — the month's meeting, open all month, mid-month.
	Awaiting int64
}

// Unreported is how many held events lack a headcount.
// A cancelled event is not missing one.
func (t Tally) Unreported() int64 { return t.Events - t.Reported - t.Cancelled }

// ReportingRate is the share of held events with a headcount, 0..1 (1 when
// nothing was held: nothing is missing).
// Cancelled events did not take place and are left out of it.
func (t Tally) ReportingRate() float64 {
	held := t.Events - t.Cancelled
	if held <= 0 {
		return 1
	}
	return float64(t.Reported) / float64(held)
}

func (t *Tally) add(o Tally) {
	t.Events += o.Events
	t.Reported += o.Reported
	t.CheckIns += o.CheckIns
	t.Headcount += o.Headcount
	t.Present += o.Present
	t.Open += o.Open
	t.Cancelled += o.Cancelled
	t.Awaiting += o.Awaiting
}

func (t Tally) minus(o Tally) Tally {
	return Tally{t.Events - o.Events, t.Reported - o.Reported, t.CheckIns - o.CheckIns,
		t.Headcount - o.Headcount, t.Present - o.Present, t.Open - o.Open, t.Cancelled - o.Cancelled, t.Awaiting - o.Awaiting}
}

func tallyFrom(v []any) Tally {
	return Tally{Events: anyInt(v[0]), Reported: anyInt(v[1]), CheckIns: anyInt(v[2]),
		Headcount: anyInt(v[3]), Present: anyInt(v[4]), Cancelled: anyInt(v[5])}
}

// Tally reads a unit's aggregate for a period (its own events and all below).
func (s *Store) Tally(ctx context.Context, unit string, p Period) (Tally, error) {
	live, err := s.resolveUnit(ctx, unit)
	if err != nil {
		return Tally{}, fmt.Errorf("tally of %s: %w", NormalizeUnitCode(unit), err)
	}
	v, err := s.rdb.HMGet(ctx, s.keyAggregate(live, p.Key()), aggFields...).Result()
	if err != nil {
		return Tally{}, fmt.Errorf("tally of %s: %w", live, err)
	}
	return tallyFrom(v), nil
}

var aggFields = []string{"events", "reported", "checkins", "headcount", "present", "cancelled"}

// UnitStats are the numbers of one unit and everything below it.
type UnitStats struct {
	Unit    Unit
	Members Counts // members registered and active, the unit and below (staff are no members: see Counts)
	Tally   Tally  // attendance, the unit and below
	// Own is the attendance of the unit's own events (not of units below).
	Own Tally
	// AwaitingUntil is when the first of the unit's own events awaiting a
	// report (Own.Awaiting) closes: the head has until then.
	AwaitingUntil time.Time
	// Branches and BranchesUnreported count the units at or below this one
	// that held events of their own, and those of them missing a headcount.
	Branches           int
	BranchesUnreported int
}

// Report is what staff pull with /thongke and /xuat: a unit's totals,
// each direct sub-unit's, and every unit below that has not reported.
type Report struct {
	Period Period
	Total  UnitStats
	// Children are the direct sub-units, by code.
	Children []UnitStats
	// Below are every unit under Total.Unit, parents before their
	// children (the order of Subtree), for reports by level.
	Below []UnitStats
	// Unreported are the units (at or below Total.Unit) with held events of
	// their own that lack a headcount, by code.
	Unreported []UnitStats
	// NoEvents are the branches (units of kind "branch" at or below
	// Total.Unit) with no event of their own in the period, closed or
	// open, by code: they have nothing to report and are never counted as
	// having reported.
	NoEvents []UnitStats
	// Awaiting are the units (at or below Total.Unit) with events of their
	// own still open and not reported yet, by code: not overdue, but
	// whom staff chase before the events close (AwaitingUntil).
	Awaiting []UnitStats
	// Cancelled are the units (at or below Total.Unit) with events of
	// their own that the head said did not take place ("hoãn/hủy"), by code.
	Cancelled []UnitStats
}

// Provisional says whether the figures include events still open.
func (r Report) Provisional() bool { return r.Total.Tally.Open > 0 }

// Report computes the numbers of a unit's subtree for a period: one walk
// of the tree and one pipelined read of every unit's member counts and
// aggregate.
func (s *Store) Report(ctx context.Context, unit string, p Period) (Report, error) {
	var units []Unit
	for u, err := range s.Subtree(ctx, unit) {
		if err != nil {
			return Report{}, fmt.Errorf("report: %w", err)
		}
		units = append(units, u)
	}
	pipe := s.rdb.Pipeline()
	counts := make([]*redis.SliceCmd, len(units))
	aggs := make([]*redis.SliceCmd, len(units))
	for i, u := range units {
		counts[i] = pipe.HMGet(ctx, s.keyUnitCounts(u.Code), "registered", "active")
		aggs[i] = pipe.HMGet(ctx, s.keyAggregate(u.Code, p.Key()), aggFields...)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return Report{}, fmt.Errorf("report of %s: %w", units[0].Code, err)
	}
	// Staff registered where they are staff are no members (see Counts).
	staff, err := s.staffRegistered(ctx, units)
	if err != nil {
		return Report{}, fmt.Errorf("report of %s: %w", units[0].Code, err)
	}
	stats := make(map[string]*UnitStats, len(units))
	for i, u := range units {
		c := counts[i].Val()
		stats[u.Code] = &UnitStats{
			Unit: u,
			Members: Counts{Registered: anyInt(c[0]) - staff[u.Code].Registered,
				Active: anyInt(c[1]) - staff[u.Code].Active},
			Tally: tallyFrom(aggs[i].Val()),
		}
	}
	if err := s.addOpenEvents(ctx, stats, p); err != nil {
		return Report{}, fmt.Errorf("report of %s: %w", units[0].Code, err)
	}
	// Subtree yields parents before children: walking backwards sums each
	// unit into its parent after all of its own children were summed.
	childTally := make(map[string]Tally, len(units))
	for i := len(units) - 1; i >= 0; i-- {
		u := units[i]
		st := stats[u.Code]
		st.Own = st.Tally.minus(childTally[u.Code])
		if st.Own.Events > 0 {
			st.Branches++
			if st.Own.Unreported() > 0 {
				st.BranchesUnreported++
			}
		}
		if i == 0 {
			break
		}
		if ps, ok := stats[u.Parent]; ok {
			ps.Members.Registered += st.Members.Registered
			ps.Members.Active += st.Members.Active
			ps.Branches += st.Branches
			ps.BranchesUnreported += st.BranchesUnreported
			t := childTally[u.Parent]
			t.add(st.Tally)
			childTally[u.Parent] = t
		}
	}
	rep := Report{Period: p, Total: *stats[units[0].Code]}
	for _, u := range units[1:] {
		st := stats[u.Code]
		if u.Parent == units[0].Code {
			rep.Children = append(rep.Children, *st)
		}
		rep.Below = append(rep.Below, *st)
	}
	for _, u := range units {
		st := stats[u.Code]
		if st.Own.Unreported() > 0 {
			rep.Unreported = append(rep.Unreported, *st)
		}
		if st.Own.Cancelled > 0 {
			rep.Cancelled = append(rep.Cancelled, *st)
		}
		if st.Own.Awaiting > 0 {
			rep.Awaiting = append(rep.Awaiting, *st)
		}
		if u.Kind == "branch" && st.Own.Events == 0 && st.Own.Open == 0 && st.Own.Awaiting == 0 {
			rep.NoEvents = append(rep.NoEvents, *st)
		}
	}
	byCode := func(a, b UnitStats) int { return cmp.Compare(a.Unit.Code, b.Unit.Code) }
	slices.SortFunc(rep.Children, byCode)
	slices.SortFunc(rep.Unreported, byCode)
	slices.SortFunc(rep.NoEvents, byCode)
	slices.SortFunc(rep.Awaiting, byCode)
	slices.SortFunc(rep.Cancelled, byCode)
	return rep, nil
}

// addOpenEvents adds to stats (the units of a subtree) the figures of the
// events still open that start in the period, so staff see a head's report
// at once rather than when the event closes (a monthly meeting closes on
// the month's last day). An open event with a headcount counts as held and
// reported; one without counts only its check-ins, as it is not missing a
// report yet, and is counted as awaiting one (Tally.Awaiting, with the
// first close time of the unit's own in AwaitingUntil). Each figure goes to the event's unit and every unit above it
// in the subtree. One read of the open set and one pipelined read of the
// open events (about one per branch: the monthly meetings).
func (s *Store) addOpenEvents(ctx context.Context, stats map[string]*UnitStats, p Period) error {
	ids, err := s.rdb.ZRange(ctx, s.keyEventsOpen(), 0, -1).Result()
	if err != nil || len(ids) == 0 {
		return err
	}
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.SliceCmd, len(ids))
	for i, id := range ids {
		cmds[i] = pipe.HMGet(ctx, s.keyEvent(id), "unit", "start", "checkins", "headcount", "cancelled", "close")
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return err
	}
	from, to := p.Start.UnixMilli(), p.End().UnixMilli()
	for _, c := range cmds {
		v := c.Val()
		unit, _ := v[0].(string)
		st, ok := stats[unit]
		if !ok {
			continue
		}
		if start := anyInt(v[1]); start < from || start >= to {
			continue
		}
		t := Tally{CheckIns: anyInt(v[2])}
		if v[3] != nil {
			t.Events, t.Reported, t.Headcount, t.Present = 1, 1, anyInt(v[3]), anyInt(v[3])
		} else if v[4] != nil { // said not to take place: held, and not missing a report
			t.Events, t.Cancelled, t.Present = 1, 1, t.CheckIns
		} else {
			t.Present, t.Awaiting = t.CheckIns, 1
			if until := time.UnixMilli(anyInt(v[5])); st.AwaitingUntil.IsZero() || until.Before(st.AwaitingUntil) {
				st.AwaitingUntil = until
			}
		}
		if t.Events > 0 || t.CheckIns > 0 {
			t.Open = 1 // figures included: the tally is provisional
		}
		for ok {
			st.Tally.add(t)
			st, ok = stats[st.Unit.Parent]
		}
	}
	return nil
}

// SubtreeEvents lists the events of a unit and of every unit below it that
// start within the period, by start time then id.
func (s *Store) SubtreeEvents(ctx context.Context, unit string, p Period) ([]Event, error) {
	var codes []string
	for u, err := range s.Subtree(ctx, unit) {
		if err != nil {
			return nil, fmt.Errorf("subtree events: %w", err)
		}
		codes = append(codes, u.Code)
	}
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.StringSliceCmd, len(codes))
	by := &redis.ZRangeBy{
		Min: strconv.FormatInt(p.Start.UnixMilli(), 10), Max: "(" + strconv.FormatInt(p.End().UnixMilli(), 10),
	}
	for i, c := range codes {
		cmds[i] = pipe.ZRangeByScore(ctx, s.keyUnitEvents(c), by)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, fmt.Errorf("subtree events: %w", err)
	}
	var ids []string
	for _, c := range cmds {
		ids = append(ids, c.Val()...)
	}
	evs, err := s.events(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("subtree events: %w", err)
	}
	slices.SortFunc(evs, func(a, b Event) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return compareIDs(a.ID, b.ID)
	})
	return evs, nil
}

func compareIDs(a, b string) int {
	x, _ := strconv.ParseInt(a, 10, 64)
	y, _ := strconv.ParseInt(b, 10, 64)
	return cmp.Compare(x, y)
}

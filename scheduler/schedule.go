package scheduler

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// Schedule tells when a job's slots fall.
type Schedule interface {
	// Next is the first slot strictly after t.
	Next(t time.Time) time.Time
}

// ParseSpec reads a job's spec: one or more standard 5-field cron specs
// ("0 8 * * 1"), or descriptors such as "@monthly", separated by ";" — so
// a post on 8/3 and 20/10 is "0 8 8 3 *; 0 8 20 10 *" rather than a
// cross-product of days and months. Times are read in loc.
func ParseSpec(spec string, loc *time.Location) (Schedule, error) {
	var m multiSchedule
	for _, part := range strings.Split(spec, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !strings.HasPrefix(part, "TZ=") && !strings.HasPrefix(part, "CRON_TZ=") && !strings.HasPrefix(part, "@every") {
			part = "CRON_TZ=" + loc.String() + " " + part
		}
		s, err := cron.ParseStandard(part)
		if err != nil {
			return nil, fmt.Errorf("cron spec %q: %w", strings.TrimPrefix(part, "CRON_TZ="+loc.String()+" "), err)
		}
		m = append(m, s)
	}
	if len(m) == 0 {
		return nil, errors.New("empty cron spec")
	}
	if len(m) == 1 {
		return m[0], nil
	}
	return m, nil
}

// multiSchedule fires at the slots of any of its schedules.
type multiSchedule []cron.Schedule

func (m multiSchedule) Next(t time.Time) time.Time {
	var best time.Time
	for _, s := range m {
		n := s.Next(t)
		if n.IsZero() {
			continue
		}
		if best.IsZero() || n.Before(best) {
			best = n
		}
	}
	return best
}

// QuietHours is the part of the day when members are not disturbed: a quiet
// job's slot that falls inside waits for the end (From 21, To 7: a post due
// at 22:00 goes out at 07:00). From == To means no quiet hours.
type QuietHours struct {
	From, To int // hours 0–23, local time
}

// DefaultQuietHours are 21:00–07:00.
var DefaultQuietHours = QuietHours{From: 21, To: 7}

// ParseQuietHours reads LOA_QUIET_HOURS: "21-7", or "off" for none.
func ParseQuietHours(s string) (QuietHours, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return DefaultQuietHours, nil
	}
	if strings.EqualFold(s, "off") || strings.EqualFold(s, "none") {
		return QuietHours{}, nil
	}
	a, b, ok := strings.Cut(s, "-")
	from, err1 := strconv.Atoi(strings.TrimSpace(a))
	to, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || from < 0 || from > 23 || to < 0 || to > 23 {
		return QuietHours{}, fmt.Errorf("quiet hours %q: want FROM-TO in whole hours 0-23, e.g. 21-7, or off", s)
	}
	return QuietHours{From: from, To: to}, nil
}

func (q QuietHours) String() string {
	if q.From == q.To {
		return "off"
	}
	return fmt.Sprintf("%d-%d", q.From, q.To)
}

// Contains reports whether t (read in loc) falls in the quiet hours.
func (q QuietHours) Contains(t time.Time, loc *time.Location) bool {
	if q.From == q.To {
		return false
	}
	h := t.In(loc).Hour()
	if q.From < q.To {
		return h >= q.From && h < q.To
	}
	return h >= q.From || h < q.To
}

// Release is when a message due at t may go out: t itself outside quiet
// hours, otherwise the next end of quiet hours.
func (q QuietHours) Release(t time.Time, loc *time.Location) time.Time {
	if !q.Contains(t, loc) {
		return t
	}
	l := t.In(loc)
	end := time.Date(l.Year(), l.Month(), l.Day(), q.To, 0, 0, 0, loc)
	if !end.After(l) {
		end = end.AddDate(0, 0, 1)
	}
	return end
}

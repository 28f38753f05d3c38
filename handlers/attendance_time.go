package handlers

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"loa/vntime"
)

// Event times as heads type them: "20/12 8h", "20/12/2026 08:00",
// "19h30 ngày 20/12", "7h tối 20-12", "mai 19h", "hôm nay 14g", "hôm qua",
// "7h sáng chủ nhật 14/12". Read in Asia/Ho_Chi_Minh; a date without a year
// is the next such date (today included), unless it fell within the last
// pastWindow: a head often records a meeting after it happened.

var (
	reEventDate = regexp.MustCompile(`(?i)(?:^|[^\d/])(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{4}|\d{2}))?(?:$|[^\d/])`)
	reEventTime = regexp.MustCompile(`(?i)(?:^|[^\d])(\d{1,2})\s*(?:h|g|giờ|gio|:)\s*(\d{2})?(?:\s*(?:p|phút|phut))?(\s*(?:sáng|sang|trưa|trua|chiều|chieu|tối|toi|đêm|dem))?(?:$|[^\pL\d])`)
	// reEventDay finds the day as a word; "tối nay" (tonight), "sáng mai",
	// "tối qua" (last night) also give the part of the day, for an hour typed without it ("7h tối
	// mai", "tối nay 7h").
	reEventDay = regexp.MustCompile(`(?i)(?:^|\s)((?:(tối|toi|sáng|sang|chiều|chieu|trưa|trua|đêm|dem)\s+(?:nay|mai|qua))|hôm nay|hom nay|ngày mai|ngay mai|mai|hôm qua|hom qua|hôm kia|hom kia)(?:$|\s)`)
	// reThisWeek is the week of a weekday named for a meeting to come:
	// "thứ 6 tuần này", "thứ 2 tuần sau".
	reThisWeek = regexp.MustCompile(`(?i)(?:^|[^\pL\d])((?:tuần|tuan)\s+(?:này|nay|sau|tới|toi))(?:$|[^\pL\d])`)
	// reWeekday finds a weekday the head named ("chủ nhật", "thứ 7", "t3").
	reWeekday = regexp.MustCompile(`(?i)(?:^|[^\pL\d])(chủ nhật|chu nhat|cn|(?:thứ|thu)\s*(?:2|3|4|5|6|7|hai|ba|tư|tu|năm|nam|sáu|sau|bảy|bay)|t[2-7])(?:$|[^\pL\d])`)
	// reLastWeek and reLastMonth name the week or month before this one:
	// "tuần trước", "tuần vừa rồi", "tháng trước".
	// "2 tuần trước", "hai tuần trước" go that many weeks back.
	reLastWeek  = regexp.MustCompile(`(?i)(?:^|[^\pL\d])((?:([1-8]|một|mot|hai|ba|bốn|bon)\s+)?(?:tuần|tuan)\s+(?:trước|truoc|vừa rồi|vua roi|vừa qua|vua qua|rồi|roi|qua))(?:$|[^\pL\d])`)
	reLastMonth = regexp.MustCompile(`(?i)(?:^|[^\pL\d])((?:tháng|thang)\s+(?:trước|truoc|vừa rồi|vua roi|vừa qua|vua qua|rồi|roi))(?:$|[^\pL\d])`)
	// connector words left behind when the date and time are cut out.
	reEventGlue = regexp.MustCompile(`(?i)\s+(lúc|luc|vào|vao|ngày|ngay|từ|tu|,|-|–|\|)$`)
)

// pastWindow is how far back an event may be recorded after the fact.
const pastWindow = 60 * 24 * time.Hour

// parseEventTime finds an event's date and time in text. It returns the
// time, the text with them cut out (the title), and whether both a day and
// an hour were found.
func parseEventTime(text string, now time.Time) (time.Time, string, bool) {
	w := parseWhen(text, now)
	return w.At, w.Title, w.OK
}

// when is what parseWhen read from a message.
type when struct {
	At      time.Time // the date and time (or the date at 08:00 when only Day)
	Title   string    // the text with the date, time and weekday cut out
	OK      bool      // both a day and an hour were found
	Day     bool      // a day was found (the hour may be missing)
	Weekday int       // the weekday the head named, -1 for none
	// From and To bound the period she named without a day ("tuần trước":
	// Monday to Sunday of last week; "tháng trước": last month); zero
	// when she named a day or no period.
	From, To time.Time
	// Hour and Minute are the time of day she typed, Hour -1 for none.
	Hour, Minute int
	// NextWeek: the weekday she named is of next week ("thứ 2 tuần sau").
	NextWeek bool
}

// weeksBack reads the count of "2 tuần trước" / "hai tuần trước".
func weeksBack(s string) int {
	switch foldWord(s) {
	case "mot":
		return 1
	case "hai":
		return 2
	case "ba":
		return 3
	case "bon":
		return 4
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// parseWhen is parseEventTime that also tells whether a day alone was found
// and which weekday was named, so a contradiction can be questioned.
func parseWhen(text string, now time.Time) when {
	now = now.In(vntime.Zone)
	rest := text
	weekday := -1
	if m := reWeekday.FindStringSubmatchIndex(rest); m != nil {
		weekday = weekdayNumber(rest[m[2]:m[3]])
		rest = cutSpan(rest, m[2], m[3])
	}
	nextWeek := false
	if m := reThisWeek.FindStringSubmatchIndex(rest); m != nil && weekday >= 0 {
		words := strings.Fields(rest[m[2]:m[3]])
		last := foldWord(words[len(words)-1]) // "này", "sau", "tới"
		nextWeek = last == "sau" || last == "toi"
		rest = cutSpan(rest, m[2], m[3])
	}
	var year, month, day int
	haveDay := false
	partOfDay := "" // from "tối nay", "sáng mai"
	// Weeks start on Monday: "chủ nhật tuần trước" is the last day of the
	// week before this one.
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, vntime.Zone)
	var from, to time.Time
	if m := reLastWeek.FindStringSubmatchIndex(rest); m != nil {
		back := 1
		if m[4] >= 0 {
			back = weeksBack(rest[m[4]:m[5]])
		}
		monday := today.AddDate(0, 0, -((int(today.Weekday())+6)%7)-7*back)
		from, to = monday, monday.AddDate(0, 0, 7)
		rest = cutSpan(rest, m[2], m[3])
	} else if m := reLastMonth.FindStringSubmatchIndex(rest); m != nil {
		first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, vntime.Zone)
		from, to = first.AddDate(0, -1, 0), first
		rest = cutSpan(rest, m[2], m[3])
	}
	if !from.IsZero() && weekday >= 0 && to.Sub(from) == 7*24*time.Hour {
		d := from.AddDate(0, 0, (weekday+6)%7) // "thứ 7 tuần trước"
		year, month, day, haveDay = d.Year(), int(d.Month()), d.Day(), true
		from, to = time.Time{}, time.Time{}
	}
	if m := reEventDate.FindStringSubmatchIndex(rest); m != nil && !haveDay {
		d, _ := strconv.Atoi(rest[m[2]:m[3]])
		mo, _ := strconv.Atoi(rest[m[4]:m[5]])
		if m[6] >= 0 {
			year, _ = strconv.Atoi(rest[m[6]:m[7]])
			if year < 100 {
				year += 2000
			}
		}
		day, month, haveDay = d, mo, true
		rest = cutSpan(rest, m[2], m[1])
	} else if m := reEventDay.FindStringSubmatchIndex(rest); m != nil && !haveDay {
		word := strings.ToLower(rest[m[2]:m[3]])
		t := now
		switch {
		case strings.Contains(word, "kia"):
			t = now.AddDate(0, 0, -2)
		case strings.Contains(word, "qua"):
			t = now.AddDate(0, 0, -1)
		case !strings.Contains(word, "nay"):
			t = now.AddDate(0, 0, 1)
		}
		year, month, day, haveDay = t.Year(), int(t.Month()), t.Day(), true
		if m[4] >= 0 {
			partOfDay = rest[m[4]:m[5]]
		}
		rest = cutSpan(rest, m[2], m[3])
	}
	hour, minute := -1, 0
	if m := reEventTime.FindStringSubmatchIndex(rest); m != nil {
		hour, _ = strconv.Atoi(rest[m[2]:m[3]])
		if m[4] >= 0 {
			minute, _ = strconv.Atoi(rest[m[4]:m[5]])
		}
		if m[6] >= 0 {
			partOfDay = rest[m[6]:m[7]]
		}
		hour = afternoon(hour, partOfDay)
		rest = cutSpan(rest, m[2], m[1])
	}
	w := when{Title: cleanTitle(rest), Weekday: weekday, Hour: hour, Minute: minute, NextWeek: nextWeek}
	if !haveDay && !from.IsZero() {
		w.From, w.To = from, to
		return w
	}
	if !haveDay || hour > 23 || minute > 59 || month < 1 || month > 12 || day < 1 || day > 31 {
		return w
	}
	haveHour := hour >= 0
	if !haveHour {
		hour = 8
	}
	explicitYear := year != 0
	if !explicitYear {
		year = now.Year()
	}
	t := time.Date(year, time.Month(month), day, hour, minute, 0, 0, vntime.Zone)
	if t.Day() != day { // 31/4 rolled over into May
		return w
	}
	if !explicitYear && t.Before(today) && t.Before(today.Add(-pastWindow)) {
		t = t.AddDate(1, 0, 0)
	}
	w.At, w.Day, w.OK = t, true, haveHour
	return w
}

// lastWeekday reads a weekday named alone ("họp thứ 7", "chủ nhật") as the
// most recent such day, today included, in Vietnam time: a head reports a
// meeting that took place, so "chủ nhật" said on a Monday is yesterday. A
// time of day still to come today makes it the same weekday a week ago. w
// is returned as it is when it has a day or a period, or no weekday.
func (w when) lastWeekday(now time.Time) when {
	if !w.weekdayAlone() {
		return w
	}
	now = now.In(vntime.Zone)
	t := w.daysFrom(now, -((int(now.Weekday()) - w.Weekday + 7) % 7))
	if w.Hour >= 0 && t.After(now) {
		t = t.AddDate(0, 0, -7)
	}
	w.At, w.Day, w.OK = t, true, w.Hour >= 0
	return w
}

// weekdayAlone reports whether w names a weekday with no day or period,
// and a time of day that exists: what lastWeekday and nextWeekday resolve.
func (w when) weekdayAlone() bool {
	return !w.Day && w.From.IsZero() && w.Weekday >= 0 && w.Hour <= 23 && w.Minute <= 59
}

// daysFrom is the day days after now's (before it when negative), in
// Vietnam time, at the hour w says, or 8:00 when it says none.
func (w when) daysFrom(now time.Time, days int) time.Time {
	hour, minute := w.Hour, w.Minute
	if hour < 0 {
		hour, minute = 8, 0
	}
	return time.Date(now.Year(), now.Month(), now.Day()+days, hour, minute, 0, 0, vntime.Zone)
}

// afternoon turns an hour said with its part of the day into the 24-hour
// clock: 7 "tối" is 19, 1 "trưa" is 13.
func afternoon(hour int, partOfDay string) int {
	switch strings.ToLower(strings.TrimSpace(partOfDay)) {
	case "chiều", "chieu", "tối", "toi", "đêm", "dem":
		if hour < 12 {
			hour += 12
		}
	case "trưa", "trua":
		if hour < 6 {
			hour += 12
		}
	}
	return hour
}

// nextWeekday reads a weekday named alone for a meeting to come ("họp thứ
// 6 19h30", "thứ 6 tuần này") as the next such day, today included while
// its hour is still ahead; "tuần sau" is the one a week later. w is
// returned as it is when it has a day or a period, or no weekday.
func (w when) nextWeekday(now time.Time) when {
	if !w.weekdayAlone() {
		return w
	}
	now = now.In(vntime.Zone)
	t := w.daysFrom(now, (w.Weekday-int(now.Weekday())+7)%7)
	if t.Before(now) {
		t = t.AddDate(0, 0, 7)
	}
	if w.NextWeek {
		monday := func(d time.Time) time.Time { return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7)) }
		if !monday(t).After(monday(now)) {
			t = t.AddDate(0, 0, 7)
		}
	}
	w.At, w.Day, w.OK = t, true, w.Hour >= 0
	return w
}

// weekdayNumber reads a weekday name as time.Weekday numbers it (Sunday 0).
func weekdayNumber(s string) int {
	s = strings.ToLower(strings.Join(strings.Fields(s), ""))
	for _, p := range []string{"thứ", "thu", "t"} {
		if rest, ok := strings.CutPrefix(s, p); ok && rest != "" {
			switch rest {
			case "2", "hai":
				return 1
			case "3", "ba":
				return 2
			case "4", "tư", "tu":
				return 3
			case "5", "năm", "nam":
				return 4
			case "6", "sáu", "sau":
				return 5
			case "7", "bảy", "bay":
				return 6
			}
		}
	}
	return 0 // chủ nhật, chu nhat, cn
}

func cutSpan(s string, from, to int) string { return s[:from] + " " + s[to:] }

// cleanTitle drops the connector words left at the end once the date and
// time are cut out ("Sinh hoạt chi hội lúc ngày" → "Sinh hoạt chi hội").
func cleanTitle(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	for {
		t := strings.Trim(reEventGlue.ReplaceAllString(" "+s, ""), " ,;:-–|")
		if t == s {
			return s
		}
		s = t
	}
}

// weekdays in Vietnamese, Sunday first like time.Weekday.
var weekdays = [...]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}

// eventWhen shows an event time the Vietnamese way: "08:00 Thứ Bảy, 20/12/2026".
func eventWhen(t time.Time) string {
	t = t.In(vntime.Zone)
	return t.Format("15:04") + " " + weekdays[t.Weekday()] + ", " + t.Format("02/01/2006")
}

// eventDay is the short date on buttons: "20/12".
func eventDay(t time.Time) string { return t.In(vntime.Zone).Format("02/01") }

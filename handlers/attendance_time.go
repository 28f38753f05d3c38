package handlers

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"loa/store"
)

// Event times as heads type them: "20/12 8h", "20/12/2026 08:00",
// "19h30 ngày 20/12", "7h tối 20-12", "mai 19h", "hôm nay 14g". Read in
// Asia/Ho_Chi_Minh; a date without a year is the next such date (today
// included).

var (
	reEventDate = regexp.MustCompile(`(?i)(?:^|[^\d/])(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{4}|\d{2}))?(?:$|[^\d/])`)
	reEventTime = regexp.MustCompile(`(?i)(?:^|[^\d])(\d{1,2})\s*(?:h|g|giờ|gio|:)\s*(\d{2})?(?:\s*(?:p|phút|phut))?(\s*(?:sáng|sang|trưa|trua|chiều|chieu|tối|toi|đêm|dem))?(?:$|[^\pL\d])`)
	reEventDay  = regexp.MustCompile(`(?i)(?:^|\s)(hôm nay|hom nay|ngày mai|ngay mai|mai)(?:$|\s)`)
	// connector words left behind when the date and time are cut out.
	reEventGlue = regexp.MustCompile(`(?i)\s+(lúc|luc|vào|vao|ngày|ngay|từ|tu|,|-|–|\|)$`)
)

// parseEventTime finds an event's date and time in text. It returns the
// time, the text with them cut out (the title), and whether both a day and
// an hour were found.
func parseEventTime(text string, now time.Time) (time.Time, string, bool) {
	now = now.In(store.EventZone)
	rest := text
	var year, month, day int
	haveDay := false
	if m := reEventDate.FindStringSubmatchIndex(rest); m != nil {
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
	} else if m := reEventDay.FindStringSubmatchIndex(rest); m != nil {
		word := strings.ToLower(rest[m[2]:m[3]])
		t := now
		if !strings.Contains(word, "nay") {
			t = now.AddDate(0, 0, 1)
		}
		year, month, day, haveDay = t.Year(), int(t.Month()), t.Day(), true
		rest = cutSpan(rest, m[2], m[3])
	}
	hour, minute := -1, 0
	if m := reEventTime.FindStringSubmatchIndex(rest); m != nil {
		hour, _ = strconv.Atoi(rest[m[2]:m[3]])
		if m[4] >= 0 {
			minute, _ = strconv.Atoi(rest[m[4]:m[5]])
		}
		if m[6] >= 0 {
			switch w := strings.ToLower(strings.TrimSpace(rest[m[6]:m[7]])); w {
			case "chiều", "chieu", "tối", "toi", "đêm", "dem":
				if hour < 12 {
					hour += 12
				}
			case "trưa", "trua":
				if hour < 6 {
					hour += 12
				}
			}
		}
		rest = cutSpan(rest, m[2], m[1])
	}
	title := cleanTitle(rest)
	if !haveDay || hour < 0 || hour > 23 || minute > 59 || month < 1 || month > 12 || day < 1 || day > 31 {
		return time.Time{}, title, false
	}
	explicitYear := year != 0
	if !explicitYear {
		year = now.Year()
	}
	t := time.Date(year, time.Month(month), day, hour, minute, 0, 0, store.EventZone)
	if t.Day() != day { // 31/4 rolled over into May
		return time.Time{}, title, false
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, store.EventZone)
	if !explicitYear && t.Before(today) {
		t = t.AddDate(1, 0, 0)
	}
	return t, title, true
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
	t = t.In(store.EventZone)
	return t.Format("15:04") + " " + weekdays[t.Weekday()] + ", " + t.Format("02/01/2006")
}

// eventDay is the short date on buttons: "20/12".
func eventDay(t time.Time) string { return t.In(store.EventZone).Format("02/01") }

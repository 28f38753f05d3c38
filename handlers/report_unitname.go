package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"loa/chat"
	"loa/store"
)

// Staff name a unit the way they say it, not by its code: "thống kê ấp 2",
// "thong ke chi hoi ap hai", "xa mot", with a letter wrong here and there.
// unitByName finds it among the units she may see (her own subtree; an
// admin's, every one): the name with "Chi hội", "Hội LHPN" and spaces
// dropped and number words read as digits must be the same, or one or two
// letters off, and closer than any other unit's.

const (
	msgStatsNoName    = "Loa chưa hiểu \"%s\": không có đơn vị nào tên như vậy trong các đơn vị chị phụ trách. Chị gõ lại tên (ví dụ: thống kê ấp 2, thống kê tháng trước) hoặc mã đơn vị giúp Loa nhé."
	msgStatsWhichName = "Tên \"%s\" giống nhiều đơn vị: %s. Chị gõ rõ hơn hoặc gõ mã đơn vị giúp Loa nhé."
	msgStatsPickName  = "Có nhiều đơn vị tên \"%s\". Chị muốn xem đơn vị nào ạ?"
)

// unitNameNoise are words of a unit's name that say what kind of
// organisation it is, not which one.
var unitNameNoise = map[string]bool{"chi": true, "hoi": true, "lhpn": true, "lien": true, "hiep": true, "phu": true, "nu": true}

// digitWords are the one-digit numbers as said, for names written with
// digits ("Ấp 2") that she types in words with a typo ("ap hay").
var digitWords = [...]string{"khong", "mot", "hai", "ba", "bon", "nam", "sau", "bay", "tam", "chin"}

// unitNameKeys are the two ways a name's words (nameTokens) compare,
// without spaces: number words as digits ("ấp hai" and "ap 2" alike), and
// one-digit numbers as words (so a typo in "ap hai" is still one letter
// off). Words saying what kind of organisation it is are left out.
func unitNameKeys(words []string) (digits, spelled string) {
	var d, w strings.Builder
	for _, f := range words {
		if f == "" || f == unitSeparator || unitNameNoise[f] {
			continue
		}
		switch n, ok := numberWords[f]; {
		case ok && f != "tu" && f != "lam" && f != "mo":
			d.WriteString(strconv.FormatInt(n, 10))
			w.WriteString(f)
		case len(f) == 1 && f[0] >= '0' && f[0] <= '9':
			d.WriteString(f)
			w.WriteString(digitWords[f[0]-'0'])
		default:
			d.WriteString(f)
			w.WriteString(f)
		}
	}
	return d.String(), w.String()
}

// unitByName resolves what she typed to one unit she may see; replies
// are the answer to give instead when none or several fit. again, when
// not nil, is the command line that redoes her request for a unit code:
// an ambiguous name is then asked back with one button per candidate.
func (r *kit) unitByName(ctx context.Context, u chat.Update, a Actor, typed string, again func(code string) string) (string, []chat.Reply, bool) {
	q := parseUnitQuery(typed)
	if q.empty() {
		return "", []chat.Reply{{Text: fmt.Sprintf(msgStatsNoName, typed)}}, false
	}
	var tops []string
	if a.Has(store.RoleAdmin) {
		roots, err := r.store.Roots(ctx)
		if err != nil {
			return "", r.failed(u, "load roots", err), false
		}
		for _, root := range roots {
			tops = append(tops, root.Code)
		}
	} else {
		for _, g := range a.Grants {
			if g.Unit != "" && (g.Role == store.RoleStaff || g.Role == store.RoleHead) {
				tops = append(tops, g.Unit)
			}
		}
	}
	var units []store.Unit
	seen := map[string]bool{}
	for _, top := range tops {
		for un, err := range r.store.Subtree(ctx, top) {
			if errors.Is(err, store.ErrUnitUnknown) {
				break
			}
			if err != nil {
				return "", r.failed(u, "walk units", err), false
			}
			if !seen[un.Code] {
				seen[un.Code] = true
				units = append(units, un)
			}
		}
	}
	best := q.match(units)
	switch len(best) {
	case 0:
		r.log.Info("stats: unit name not found", "platform", u.Platform)
		return "", []chat.Reply{{Text: fmt.Sprintf(msgStatsNoName, typed)}}, false
	case 1:
		return best[0].Code, nil, true
	}
	r.log.Info("stats: unit name ambiguous", "platform", u.Platform, "candidates", len(best))
	byCode := make(map[string]store.Unit, len(units))
	for _, un := range units {
		byCode[un.Code] = un
	}
	names := make([]string, len(best))
	var rows [][]chat.Button
	for i, un := range best {
		label := un.Name
		if p, ok := byCode[un.Parent]; ok {
			label += " – " + p.Name
		}
		names[i] = label + " (" + un.Code + ")"
		if again == nil || i >= maxListedInReply {
			continue
		}
		if data := buttonCommand + ":" + again(un.Code); len(data) <= chat.MaxButtonData {
			rows = append(rows, []chat.Button{{Text: label, Data: data}})
		}
	}
	if len(rows) > 0 {
		return "", []chat.Reply{{Text: fmt.Sprintf(msgStatsPickName, typed), Buttons: rows}}, false
	}
	return "", []chat.Reply{{Text: fmt.Sprintf(msgStatsWhichName, typed, strings.Join(capList(names), ", "))}}, false
}

// maxNameTypos is how many letters may be wrong in a name of n letters:
// none in a very short one ("ap2" must not find "ap3"), one, then two.
func maxNameTypos(n int) int {
	switch {
	case n <= 4:
		return 0
	case n <= 9:
		return 1
	}
	return 2
}

// editDistance is the Levenshtein distance between a and b, by bytes (the
// keys are folded to ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

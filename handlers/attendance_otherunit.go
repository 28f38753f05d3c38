package handlers

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"

	"loa/store"
)

// A head reports only her own branch. When her report names another unit
// of her commune ("bao cao ap 2 hop thang truoc 15 nguoi" from the head of
// Ấp 1), the figure is not hers to give: Loa records nothing and says so,
// rather than put Ấp 2's figure on Ấp 1's meeting.

const msgReportOtherUnit = "Loa chỉ ghi được báo cáo của %s, đơn vị chị phụ trách, nên chưa ghi gì cho %s ạ. " +
	"Số người dự của %s do người phụ trách ở đó báo cáo trên Loa. Nếu là buổi họp của %s, chị gõ lại không kèm tên đơn vị giúp Loa nhé."

// otherUnitNamed returns the unit of her own unit's parent (a sibling, or
// one below it) that text names by its name's words in order, when it is
// not her own; her own unit named, or none, gives ok false.
func (r *attendance) otherUnitNamed(ctx context.Context, unit, text string) (mine, other store.Unit, ok bool, err error) {
	mine, err = r.store.Unit(ctx, unit)
	if err != nil || mine.Parent == "" {
		return mine, other, false, err
	}
	said := unitNameTokens(text)
	if len(said) < 2 || hasTokenRun(said, unitNameTokens(mine.Name)) {
		return mine, other, false, nil
	}
	for un, err := range r.store.Subtree(ctx, mine.Parent) {
		if errors.Is(err, store.ErrUnitUnknown) {
			break
		}
		if err != nil {
			return mine, other, false, err
		}
		if un.Code == unit || un.Code == mine.Parent {
			continue
		}
		if name := unitNameTokens(un.Name); len(name) >= 2 && hasTokenRun(said, name) {
			return mine, un, true, nil
		}
	}
	return mine, other, false, nil
}

// unitNameTokens are the words of a name (or of what she typed) folded,
// without the words that say what kind of organisation it is, with
// one-digit number words as digits ("chi hội ấp hai" → ap 2).
func unitNameTokens(s string) []string {
	var out []string
	for _, word := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '.' || r == ':' }) {
		f := foldWord(word)
		if f == "" || unitNameNoise[f] {
			continue
		}
		if n, ok := numberWords[f]; ok && f != "tu" && f != "lam" && f != "mo" {
			f = strconv.FormatInt(n, 10)
		}
		out = append(out, f)
	}
	return out
}

// hasTokenRun reports whether run occurs in tokens, word after word.
func hasTokenRun(tokens, run []string) bool {
	if len(run) == 0 {
		return false
	}
	for i := 0; i+len(run) <= len(tokens); i++ {
		if slices.Equal(tokens[i:i+len(run)], run) {
			return true
		}
	}
	return false
}

package store

import (
	"context"
	"slices"
	"testing"

	"github.com/redis/go-redis/v9"

	"loa/store/redistest"
)

var scriptLuaQKeys = redis.NewScript(luaQKeys + `
return {kQSeq(), kQ(ARGV[2]), kQUnit(ARGV[3]), kQOpen(), kQAll(), kQAlerts(), kQOf(ARGV[4]), kQAnon()}
`)

// TestLuaQuestionKeysMatchGo keeps the Lua mirror of the question key
// builders equal to the Go ones in keys.go.
func TestLuaQuestionKeysMatchGo(t *testing.T) {
	t.Parallel()
	rdb := redistest.Start(t).Client()
	for _, ns := range []string{"", "dongnai"} {
		s, err := NewNamespaced(rdb, ns)
		if err != nil {
			t.Fatal(err)
		}
		id, unit, who := "17", "DN-X1-B1", "telegram:42"
		got, err := scriptLuaQKeys.Run(context.Background(), rdb, []string{s.keyQuestionSeq()}, s.questionPrefix, id, unit, who).StringSlice()
		if err != nil {
			t.Fatal(err)
		}
		want := []string{s.keyQuestionSeq(), s.keyQuestion(id), s.keyUnitQuestions(unit), s.keyQuestionsOpen(), s.keyQuestionsAll(),
			s.keyQuestionAlerts(), s.keyQuestionsOf(who), s.keyQuestionsAnonymous()}
		if !slices.Equal(got, want) {
			t.Fatalf("lua %v\ngo  %v", got, want)
		}
	}
}

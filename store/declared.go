package store

import (
	"context"
	"errors"

	"github.com/redis/go-redis/v9"
)

// declaredAttempts bounds how often runDeclared reads again: each retry
// means the data naming the keys changed between the read and the script,
// which takes a concurrent writer each time.
const declaredAttempts = 8

// seqWindow is how many numbers past a sequence's current value a script
// that creates a numbered record (an event, a question) is given: the
// record's key is named by a number it takes in the script, and another
// writer may take some between the caller's read and the script.
const seqWindow = 16

// errKeysKeptChanging is returned when every attempt was answered "retry".
var errKeysKeptChanging = errors.New("the data naming its keys kept changing; try again")

// runDeclared runs a strict script (luaStrictKeys) whose keys depend on
// data: keys reads that data and names every key the script will touch;
// the script checks what it finds against them before its first write and
// answers "retry" (a status or the first element of a list) when they
// differ, and keys is called again.
func (s *Store) runDeclared(ctx context.Context, script *redis.Script, keys func() ([]string, error), args ...any) *redis.Cmd {
	for range declaredAttempts {
		ks, err := keys()
		if err != nil {
			cmd := redis.NewCmd(ctx)
			cmd.SetErr(err)
			return cmd
		}
		cmd := script.Run(ctx, s.rdb, ks, args...)
		if !isRetry(cmd) {
			return cmd
		}
	}
	cmd := redis.NewCmd(ctx)
	cmd.SetErr(errKeysKeptChanging)
	return cmd
}

// isRetry reports whether a script answered "retry".
func isRetry(cmd *redis.Cmd) bool {
	switch v := cmd.Val().(type) {
	case string:
		return v == "retry"
	case []any:
		return len(v) > 0 && v[0] == "retry"
	}
	return false
}

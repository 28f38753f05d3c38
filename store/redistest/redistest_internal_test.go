package redistest

import (
	"context"
	"testing"
)

// TestStartMovesOffAPortAnotherServerTook: parallel tests may pick the same
// free port; the second server must not silently share the first one's
// data, it moves to a port of its own.
func TestStartMovesOffAPortAnotherServerTook(t *testing.T) {
	t.Parallel()
	first := Start(t)
	second := &Server{tb: t, dir: t.TempDir(), port: first.port}
	second.start(true)
	t.Cleanup(second.Stop)
	if second.port == first.port {
		t.Fatalf("both servers on port %d", first.port)
	}
	ctx := context.Background()
	pid, err := serverPID(ctx, second.Client())
	if err != nil || pid != second.cmd.Process.Pid {
		t.Fatalf("the second server's port answers for pid %d (%v), want %d", pid, err, second.cmd.Process.Pid)
	}
	if err := first.Client().Set(ctx, "k", "first", 0).Err(); err != nil {
		t.Fatal(err)
	}
	if n := second.Client().Exists(ctx, "k").Val(); n != 0 {
		t.Fatal("the second server sees the first one's data")
	}
}

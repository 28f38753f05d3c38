package handlers

import "context"

type pacedKey struct{}

// WithPaced marks ctx as already cleared by the shared rate limiter: the
// delivery engine takes a limiter slot before it fences a recipient as
// "sending", so the adapter must not wait for a second slot inside that
// window (a wait there would both halve the rate and widen the window in
// which a crash leaves a recipient in doubt).
func WithPaced(ctx context.Context) context.Context { return context.WithValue(ctx, pacedKey{}, true) }

// IsPaced reports whether ctx was marked by WithPaced; adapters skip their
// own limiter wait then.
func IsPaced(ctx context.Context) bool { v, _ := ctx.Value(pacedKey{}).(bool); return v }

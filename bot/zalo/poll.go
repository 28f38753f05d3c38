package zalo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"loa/internal/backoff"
)

// drainTimeout bounds how long Run waits, on shutdown, for updates already
// taken from Zalo to be answered; those still in hand then are cancelled.
const drainTimeout = 15 * time.Second

// Run serves Zalo until ctx ends. With a WebhookURL it registers the webhook
// (setWebhook with the secret) and waits; the updates arrive through
// WebhookHandler. Otherwise it long-polls getUpdates:
//   - 408 "Request timeout" means no update: poll again at once;
//   - 401 (bad token) ends Run with an error;
//   - 429, 5xx, network errors and a webhook still set: back off with jitter.
//
// On return, updates in hand have been answered (at most drainTimeout) or
// cancelled, and no worker runs any more.
func (a *Adapter) Run(ctx context.Context, h Handler) error {
	if a.cfg.WebhookURL != "" {
		return a.runWebhook(ctx)
	}
	err := a.poll(ctx, h)
	dctx, cancel := context.WithTimeout(context.Background(), a.drainTimeout)
	defer cancel()
	if derr := a.Close(dctx); derr != nil {
		a.log.Warn("zalo updates left unanswered at shutdown", "error", derr)
	}
	return err
}

func (a *Adapter) runWebhook(ctx context.Context) error {
	var res struct {
		URL string `json:"url"`
	}
	params := map[string]string{"url": a.cfg.WebhookURL, "secret_token": a.cfg.WebhookSecret}
	if err := a.call(ctx, "setWebhook", params, &res); err != nil {
		return fmt.Errorf("zalo: register webhook: %w", err)
	}
	a.log.Info("zalo webhook registered")
	<-ctx.Done()
	dctx, cancel := context.WithTimeout(context.Background(), a.drainTimeout)
	defer cancel()
	if err := a.Close(dctx); err != nil {
		a.log.Warn("zalo updates left unanswered at shutdown", "error", err)
	}
	return nil
}

func (a *Adapter) poll(ctx context.Context, h Handler) error {
	// getUpdates is refused while a webhook is set (an earlier deployment's).
	if err := a.call(ctx, "deleteWebhook", nil, nil); err != nil {
		if isAPIError(err, 401) {
			return fmt.Errorf("zalo: polling: %w", err)
		}
		if ctx.Err() == nil {
			a.log.Warn("zalo deleteWebhook failed; polling anyway", "error", err)
		}
	}
	a.log.Info("zalo polling started", "timeout", a.cfg.PollTimeout)
	params := map[string]string{"timeout": strconv.Itoa(int(a.cfg.PollTimeout / time.Second))}
	failures := 0
	for ctx.Err() == nil {
		var raw json.RawMessage
		pctx, cancel := context.WithTimeout(ctx, a.cfg.PollTimeout+15*time.Second)
		err := a.call(pctx, "getUpdates", params, &raw)
		cancel()
		switch {
		case ctx.Err() != nil:
			return nil
		case err == nil:
			failures = 0
			ups, bad := decodeUpdates(raw)
			if bad > 0 {
				a.log.Warn("zalo updates that do not decode were skipped", "count", bad)
			}
			for _, u := range ups {
				a.submit(ctx, h, u)
			}
		case isAPIError(err, 408):
			failures = 0 // nothing came: the normal end of a long poll
		case isAPIError(err, 401):
			return fmt.Errorf("zalo: polling: %w", err)
		default:
			failures++
			wait := a.backoff(failures)
			var ae *apiError
			if errors.As(err, &ae) && ae.is(429) && ae.RetryAfter > wait {
				wait = ae.RetryAfter
			}
			a.log.Warn("zalo getUpdates failed", "error", err, "retry_in", wait)
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return nil
			case <-t.C:
			}
		}
	}
	return nil
}

// backoff is the pause after n failures in a row: doubling from
// backoffBase up to backoffMax, with jitter so replicas do not retry in step.
func (a *Adapter) backoff(n int) time.Duration {
	return backoff.Delay(a.backoffBase, a.backoffMax, n-1)
}

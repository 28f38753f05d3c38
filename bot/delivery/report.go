package delivery

// Progress and end reports of a job, through Options.OnProgress.

import (
	"context"
)

func (e *Engine) reportProgress(ctx context.Context, jobID string) {
	if e.opts.OnProgress == nil {
		return
	}
	s, err := e.Status(ctx, jobID)
	if err != nil {
		e.redisTrouble("progress", err)
		return
	}
	if s.Done {
		// Another worker or replica ended the job between this record and
		// this read. The end is reported by the one script call that ended
		// the job (its "ended" answer is given exactly once, in Redis), so
		// reporting it here too would report it twice.
		return
	}
	e.opts.OnProgress(context.WithoutCancel(ctx), s)
}

func (e *Engine) reportEnd(ctx context.Context, jobID string) {
	s, err := e.Status(context.WithoutCancel(ctx), jobID)
	if err != nil {
		e.redisTrouble("final status", err)
		return
	}
	e.log.Info("job ended", "job", jobID, "state", s.State, "total", s.Total, "sent", s.Sent,
		"in_doubt", s.InDoubt, "blocked", s.Blocked, "failed", s.Failed, "cancelled", s.Cancelled)
	if e.opts.OnProgress != nil {
		e.opts.OnProgress(context.WithoutCancel(ctx), s)
	}
}

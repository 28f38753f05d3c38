package notices

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"loa/bot/delivery"
	"loa/chat"
	"loa/store"
)

// Progress keeps each notice's sender told how it goes: the first
// progress message, edits while it sends, the summary once every job has
// ended. It needs only the store and the senders, so main builds it before
// the delivery engine, whose progress hook it is (OnProgress), and the
// Service over both after.
type Progress struct {
	st      *store.Store
	opts    Options
	log     *slog.Logger
	senders map[string]delivery.Sender // for the sender's progress message
}

// NewProgress returns the progress side of the notices over the store and
// the senders used for the progress messages (adapters that take the
// shared rate limit themselves).
func NewProgress(st *store.Store, senders map[string]delivery.Sender, opts Options) *Progress {
	opts = opts.withDefaults()
	return &Progress{st: st, opts: opts, log: opts.Logger.With("component", "notices"), senders: senders}
}

// sendStart sends the sender's first progress message and remembers it.
func (s *Progress) sendStart(ctx context.Context, n store.Notice) {
	snd, ok := s.senders[n.AuthorPlatform]
	if !ok {
		return
	}
	st := statusOf(n)
	text := ProgressText(st)
	if !canEdit(n.AuthorPlatform) {
		text = StartText(st, n.Expected)
	}
	id, err := snd.Send(ctx, n.AuthorChat, chat.Reply{Text: text})
	if err != nil {
		s.log.Warn("notice progress message not sent", "notice", n.ID, "platform", n.AuthorPlatform, "error", err)
		return
	}
	if canEdit(n.AuthorPlatform) && id != "" {
		if err := s.st.SetNoticeProgressMessage(ctx, n.ID, id); err != nil {
			s.log.Warn("notice progress message not saved", "notice", n.ID, "error", err)
			return
		}
		// A small notice may have ended while this message waited for the
		// chat's pacing: finish found no message to edit then. Whichever
		// of the two reads the other's write sets the final numbers.
		s.finalEdit(ctx, n.ID)
	}
}

// finalEdit sets the progress message of a summarized notice to its final
// numbers; it does nothing for a notice still sending.
func (s *Progress) finalEdit(ctx context.Context, id string) {
	n, err := s.st.Notice(ctx, id)
	if err != nil || !n.Summarized || n.ProgressMessage == "" {
		return
	}
	seq, err := s.st.NextNoticeProgressSeq(ctx, id)
	if err != nil {
		return
	}
	st, _, err := s.sum(ctx, n)
	if err != nil {
		return
	}
	s.edit(ctx, n, ProgressText(st), seq)
}

// OnProgress is the delivery engine's progress hook: it keeps the sender's
// progress message up to date (at most every ProgressEvery per notice) and
// sends the final summary once every job of the notice has ended. Jobs that
// are not a notice's are ignored (handled reports false).
func (s *Progress) OnProgress(ctx context.Context, js delivery.JobStatus) (handled bool) {
	id, err := s.st.NoticeOfJob(ctx, js.ID)
	if err != nil {
		s.log.Warn("notice progress: lookup", "job", js.ID, "error", err)
		return false
	}
	if id == "" {
		return false
	}
	s.refresh(ctx, id, js.Done)
	return true
}

// refresh sums a notice's jobs and tells its sender: the final summary when
// everything ended (once, whoever gets there first), else a progress edit
// when one is due. force skips the throttle (a job just ended).
func (s *Progress) refresh(ctx context.Context, id string, force bool) {
	n, err := s.st.Notice(ctx, id)
	if err != nil {
		s.log.Warn("notice progress: load", "notice", id, "error", err)
		return
	}
	// The update's number is taken before the counts are read, so a larger
	// number always carries counts at least as new: the adapter drops an
	// edit that a later one has overtaken (see chat.Reply.Superseded).
	var seq int64
	if canEdit(n.AuthorPlatform) && n.ProgressMessage != "" && !n.Summarized {
		if seq, err = s.st.NextNoticeProgressSeq(ctx, id); err != nil {
			s.log.Warn("notice progress: sequence", "notice", id, "error", err)
			return
		}
	}
	st, ended, err := s.sum(ctx, n)
	if err != nil {
		s.log.Warn("notice progress: status", "notice", id, "error", err)
		return
	}
	if ended {
		s.finish(ctx, n, st, seq)
		return
	}
	if n.State != store.NoticeSending || n.Summarized || !canEdit(n.AuthorPlatform) || n.ProgressMessage == "" {
		return
	}
	if !force {
		due, err := s.st.NoticeProgressDue(ctx, id, s.opts.ProgressEvery)
		if err != nil || !due {
			return
		}
	}
	s.edit(ctx, n, ProgressText(st), seq)
}

// finish records the notice's end and, exactly once, sends the summary as
// a new message (so the sender is notified, and a late progress edit cannot
// hide it) and sets the progress message to its final numbers.
func (s *Progress) finish(ctx context.Context, n store.Notice, st chat.NoticeStatus, seq int64) {
	if n.State == store.NoticeSending {
		if _, err := s.st.SetNoticeState(ctx, n.ID, store.NoticeDone, store.NoticeSending); err != nil {
			s.log.Warn("notice: mark done", "notice", n.ID, "error", err)
		}
	}
	first, err := s.st.MarkNoticeSummarized(ctx, n.ID)
	if err != nil {
		return
	}
	if !first {
		// Two jobs ending at once both get here. This one took its update
		// number (seq) after the winner may have taken the number of its
		// final edit, which then counts as overtaken and is dropped: the
		// final numbers go out again under a newer number.
		if seq > 0 {
			s.finalEdit(ctx, n.ID)
		}
		return
	}
	s.log.Info("notice ended", "notice", n.ID, "state", st.State, "total", st.Total, "delivered", st.Delivered,
		"blocked", st.Blocked, "failed", st.Failed, "cancelled", st.Cancelled)
	if canEdit(n.AuthorPlatform) {
		if n.ProgressMessage != "" {
			s.edit(ctx, n, ProgressText(st), seq)
		} else {
			s.finalEdit(ctx, n.ID) // the start message may have been saved since n was read
		}
	}
	snd, ok := s.senders[n.AuthorPlatform]
	if !ok {
		return
	}
	if _, err := snd.Send(ctx, n.AuthorChat, chat.Reply{Text: SummaryText(st)}); err != nil {
		s.log.Warn("notice summary not sent", "notice", n.ID, "platform", n.AuthorPlatform, "error", err)
	}
}

// edit sets the sender's progress message to text, unless an update with
// a larger number than seq was issued by the time the edit may go.
func (s *Progress) edit(ctx context.Context, n store.Notice, text string, seq int64) {
	snd, ok := s.senders[n.AuthorPlatform]
	if !ok {
		return
	}
	superseded := func() bool {
		latest, err := s.st.NoticeProgressSeq(context.WithoutCancel(ctx), n.ID)
		return err == nil && latest > seq
	}
	if _, err := snd.Send(ctx, n.AuthorChat, chat.Reply{Text: text, EditMessageID: n.ProgressMessage, Superseded: superseded}); err != nil {
		s.log.Warn("notice progress edit failed", "notice", n.ID, "platform", n.AuthorPlatform, "error", err)
	}
}

func (s *Progress) status(ctx context.Context, id string) (chat.NoticeStatus, error) {
	n, err := s.st.Notice(ctx, id)
	if errors.Is(err, store.ErrNoticeUnknown) {
		return chat.NoticeStatus{}, store.ErrNoticeUnknown
	}
	if err != nil {
		return chat.NoticeStatus{}, err
	}
	st, _, err := s.sum(ctx, n)
	return st, err
}

func statusOf(n store.Notice) chat.NoticeStatus {
	return chat.NoticeStatus{
		ID: n.ID, Platform: n.AuthorPlatform, ChatID: n.AuthorChat, UserID: n.AuthorUser,
		Unit: n.Unit, UnitName: n.UnitName, Label: n.Label, State: n.State, Created: n.Created,
	}
}

// sum adds up a notice's jobs. ended is true when the notice will send
// nothing more: it is past preparing and every job has ended (a cancelled
// notice ends when its sends in flight have finished). A notice whose jobs
// have all ended is reported done even before its record says so.
func (s *Progress) sum(ctx context.Context, n store.Notice) (st chat.NoticeStatus, ended bool, err error) {
	st = statusOf(n)
	allDone := true
	for platform, id := range n.Jobs {
		js, err := delivery.ReadStatus(ctx, s.st, id)
		if errors.Is(err, delivery.ErrUnknownJob) {
			continue // expired with its retention
		}
		if err != nil {
			return st, false, fmt.Errorf("notice %s: %s job: %w", n.ID, platform, err)
		}
		st.Total += js.Total
		st.Delivered += js.Sent + js.InDoubt
		st.InDoubt += js.InDoubt
		st.Blocked += js.Blocked
		st.Failed += js.Failed
		st.Cancelled += js.Cancelled
		st.Pending += js.Pending
		for code, c := range js.Unreachable {
			if st.Unreachable == nil {
				st.Unreachable = map[string]int64{}
			}
			st.Unreachable[code] += c
		}
		if !js.Done {
			allDone = false
		}
	}
	if allDone && n.State == store.NoticeSending {
		st.State = store.NoticeDone
	}
	return st, allDone && n.State != store.NoticePreparing, nil
}

// Package notices sends a head's or staff member's notice to every active
// member of a unit and the units below it, on every platform, through the
// delivery engine; it keeps the sender informed with one progress message
// and a final summary. It implements handlers.Broadcaster.
//
// A notice is a record in Redis (store.Notice) carried by one outbox job
// per platform that has members. Recipients are streamed from Redis
// (store.MembersOfSubtree) into the jobs in batches, so memory does not
// grow with the unit's size. The notice id is the id of the draft the
// sender confirmed, and each job's idempotency key derives from it, so a
// second "Gửi" — or a retried webhook, or a second replica — creates
// nothing new. If the process dies while recipients are being added, the
// preparation lease runs out and the next "Gửi" resumes where it stopped
// (re-adding a recipient is a no-op in the outbox).
package notices

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"loa/bot/delivery"
	"loa/chat"
	"loa/store"
)

// Options tune a Service; zero values take the defaults shown.
type Options struct {
	Logger *slog.Logger
	// Batch is how many recipients go into a job per call: 500.
	Batch int
	// ProgressEvery: the progress message is edited at most this often: 5s.
	ProgressEvery time.Duration
	// PrepLease is how long a preparer holds a notice without progress
	// before a new "Gửi" may resume it: 1m.
	PrepLease time.Duration
}

func (o Options) withDefaults() Options {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Batch <= 0 {
		o.Batch = 500
	}
	if o.ProgressEvery <= 0 {
		o.ProgressEvery = 5 * time.Second
	}
	if o.PrepLease <= 0 {
		o.PrepLease = time.Minute
	}
	return o
}

// Service sends notices: it turns one into a job per platform on the
// delivery engine, and reports their progress through its Progress.
type Service struct {
	*Progress
	engine *delivery.Engine
}

// NewService returns the notice service over p and the delivery engine
// (which must have a channel for every platform in p's senders).
func NewService(p *Progress, engine *delivery.Engine) *Service {
	return &Service{Progress: p, engine: engine}
}

// New is NewService over a Progress of its own, for callers that feed the
// engine's progress to the service themselves (tests).
func New(st *store.Store, engine *delivery.Engine, senders map[string]delivery.Sender, opts Options) *Service {
	return NewService(NewProgress(st, senders, opts), engine)
}

// canEdit reports whether a platform edits messages in place; Zalo cannot,
// so there only the start and the end are sent.
func canEdit(platform string) bool { return platform != chat.Zalo && platform != chat.ZaloOA }

// jobKey is the idempotency key of a notice's job on one platform.
func jobKey(noticeID, platform string) string { return "notice:" + noticeID + ":" + platform }

// SendNotice creates the notice and queues it on every platform with
// members; see the package doc for why a repeat creates nothing.
func (s *Service) SendNotice(ctx context.Context, req chat.NoticeRequest) (chat.NoticeStatus, bool, error) {
	if strings.TrimSpace(req.Text) == "" {
		return chat.NoticeStatus{}, false, errors.New("send notice: empty text")
	}
	reach, err := s.st.CountReachable(ctx, req.Unit) // whom the jobs go to: members and staff
	if err != nil {
		return chat.NoticeStatus{}, false, fmt.Errorf("send notice: %w", err)
	}
	n, created, err := s.st.CreateNotice(ctx, store.Notice{
		ID: req.ID, AuthorPlatform: req.Platform, AuthorChat: req.ChatID, AuthorUser: req.UserID,
		Unit: req.Unit, UnitName: req.UnitName, Label: Label(req.Text), Expected: reach,
	}, s.opts.PrepLease)
	if err != nil {
		return chat.NoticeStatus{}, false, fmt.Errorf("send notice: %w", err)
	}
	log := s.log.With("notice", n.ID)
	if !created {
		// A repeat. Resume only a preparation whose preparer died.
		resume, err := s.st.ClaimNoticePreparation(ctx, n.ID, s.opts.PrepLease)
		if err != nil {
			return chat.NoticeStatus{}, false, fmt.Errorf("send notice: %w", err)
		}
		if resume {
			log.Info("resuming an interrupted notice")
			if err := s.prepare(ctx, n, req.Text); err != nil {
				return chat.NoticeStatus{}, false, err
			}
		}
		st, err := s.status(ctx, n.ID)
		return st, false, err
	}
	log.Info("notice created", "unit", n.Unit, "expected", n.Expected)
	s.sendStart(ctx, n)
	if err := s.prepare(ctx, n, req.Text); err != nil {
		return chat.NoticeStatus{}, true, err
	}
	st, err := s.status(ctx, n.ID)
	return st, true, err
}

// prepare streams the unit's active members into one job per platform,
// starts the jobs and moves the notice to sending. It stops quietly when the
// notice is cancelled meanwhile.
func (s *Service) prepare(ctx context.Context, n store.Notice, text string) error {
	message := chat.Reply{Text: chat.NoticeText(n.UnitName, text)}
	jobs := map[string]string{}
	batches := map[string][]delivery.Recipient{}
	cancelled := false

	job := func(platform string) (string, error) {
		if id, ok := jobs[platform]; ok {
			return id, nil
		}
		id, _, err := s.engine.CreateJob(ctx, delivery.Job{
			Platform: platform, Kind: delivery.KindNotice,
			Author:         delivery.Author{Platform: n.AuthorPlatform, ChatID: n.AuthorChat},
			Label:          n.Label,
			Message:        message,
			IdempotencyKey: jobKey(n.ID, platform),
		})
		if err != nil {
			return "", err
		}
		if err := s.st.LinkNoticeJob(ctx, n.ID, platform, id); err != nil {
			return "", err
		}
		jobs[platform] = id
		return id, nil
	}
	flush := func(platform string) error {
		rs := batches[platform]
		if len(rs) == 0 {
			return nil
		}
		batches[platform] = rs[:0]
		id, err := job(platform)
		if err != nil {
			return err
		}
		if _, err := s.engine.AddRecipients(ctx, id, rs); err != nil {
			if errors.Is(err, delivery.ErrJobStarted) {
				// Started by an earlier preparer, or cancelled: nothing to add.
				return nil
			}
			return err
		}
		live, err := s.st.ExtendNoticePreparation(ctx, n.ID, s.opts.PrepLease)
		if err != nil {
			return err
		}
		if !live {
			cancelled = true
		}
		return nil
	}

	skipped := map[string]int{}
	for m, err := range s.st.MembersOfSubtree(ctx, n.Unit) {
		if err != nil {
			return fmt.Errorf("send notice %s: members: %w", n.ID, err)
		}
		if !m.Active {
			continue
		}
		if s.engine.Limiter(m.Platform) == nil { // the engine has no bot there
			skipped[m.Platform]++
			continue
		}
		batches[m.Platform] = append(batches[m.Platform], delivery.Recipient{
			ChatID: m.UserID, MemberKey: m.Platform + ":" + m.UserID,
		})
		if len(batches[m.Platform]) >= s.opts.Batch {
			if err := flush(m.Platform); err != nil {
				return fmt.Errorf("send notice %s: %w", n.ID, err)
			}
			if cancelled {
				break
			}
		}
	}
	for platform, count := range skipped {
		s.log.Warn("notice: members on a platform without a bot left out", "notice", n.ID, "platform", platform, "count", count)
	}
	if !cancelled {
		for platform := range batches {
			if err := flush(platform); err != nil {
				return fmt.Errorf("send notice %s: %w", n.ID, err)
			}
		}
	}
	// Jobs created before a crash but not seen above (their members left
	// meanwhile) must still be started, or they would stay open forever.
	if stored, err := s.st.Notice(ctx, n.ID); err == nil {
		for platform, id := range stored.Jobs {
			jobs[platform] = id
		}
	}
	for platform, id := range jobs {
		if cancelled {
			if _, err := s.engine.Cancel(ctx, id); err != nil {
				return fmt.Errorf("send notice %s: cancel %s job: %w", n.ID, platform, err)
			}
			continue
		}
		if err := s.engine.Start(ctx, id); err != nil {
			return fmt.Errorf("send notice %s: start %s job: %w", n.ID, platform, err)
		}
	}
	if _, err := s.st.SetNoticeState(ctx, n.ID, store.NoticeSending, store.NoticePreparing); err != nil {
		return fmt.Errorf("send notice %s: %w", n.ID, err)
	}
	// Jobs may all have ended already (no recipients, or a fast platform):
	// the engine's final report came while the notice was preparing.
	s.refresh(context.WithoutCancel(ctx), n.ID, true)
	return nil
}

// Notice reports on one notice.
func (s *Service) Notice(ctx context.Context, id string) (chat.NoticeStatus, error) {
	return s.status(ctx, id)
}

// Notices lists a chat's recent notices, newest first.
func (s *Service) Notices(ctx context.Context, platform, chatID string, n int) ([]chat.NoticeStatus, error) {
	list, err := s.st.NoticesByAuthor(ctx, platform, chatID, n)
	if err != nil {
		return nil, err
	}
	return s.sumAll(ctx, list)
}

// sumAll sums each notice of list, in order.
func (s *Service) sumAll(ctx context.Context, list []store.Notice) ([]chat.NoticeStatus, error) {
	out := make([]chat.NoticeStatus, 0, len(list))
	for _, rec := range list {
		st, _, err := s.sum(ctx, rec)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

// Recent lists the notices of every unit, newest first, from offset (the
// dashboard's history, which keeps those in the viewer's scope).
func (s *Service) Recent(ctx context.Context, offset, n int) ([]chat.NoticeStatus, error) {
	list, err := s.st.RecentNotices(ctx, int64(offset), int64(n))
	if err != nil {
		return nil, err
	}
	return s.sumAll(ctx, list)
}

// CancelNotice stops a notice: the jobs' recipients not reached yet are
// cancelled (sends in flight finish), and a preparation still running stops
// adding recipients. The final summary comes when the jobs end.
func (s *Service) CancelNotice(ctx context.Context, id string) (chat.NoticeStatus, bool, error) {
	moved, err := s.st.SetNoticeState(ctx, id, store.NoticeCancelled, store.NoticePreparing, store.NoticeSending)
	if err != nil {
		return chat.NoticeStatus{}, false, fmt.Errorf("cancel notice: %w", err)
	}
	n, err := s.st.Notice(ctx, id)
	if err != nil {
		return chat.NoticeStatus{}, false, fmt.Errorf("cancel notice: %w", err)
	}
	if moved {
		for platform, job := range n.Jobs {
			if _, err := s.engine.Cancel(ctx, job); err != nil {
				return chat.NoticeStatus{}, true, fmt.Errorf("cancel notice: %s job: %w", platform, err)
			}
		}
		s.log.Info("notice cancelled", "notice", id)
		s.refresh(context.WithoutCancel(ctx), id, true)
	}
	st, _, err := s.sum(ctx, n)
	return st, moved, err
}

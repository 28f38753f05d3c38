// Package posts turns the outreach posts of the content library into
// scheduler jobs and sends a post, when its slot comes, through the delivery
// engine to the active members of its units who have not muted posts.
//
// It is the glue between content, scheduler, store and bot/delivery, so that
// the scheduler itself imports only content and store.
//
// A post's slot goes out as one outbox job per platform (KindPost, behind
// replies and notices), with the idempotency key "post:<id>:<slot>:<platform>":
// a second firing of the same slot — a run-now in the same minute, a replica
// that lost a race it should not have, a retry after a crash — finds the job
// already created and adds nothing once it has started. Recipients stream
// from Redis in batches, so memory does not grow with the province.
package posts

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"time"

	"loa/bot/delivery"
	"loa/chat"
	"loa/content"
	"loa/scheduler"
	"loa/store"
)

// JobPrefix starts the scheduler id of every post job: "post:<post id>".
const JobPrefix = "post:"

// Library is where posts come from; *content.PostLibrary satisfies it.
type Library interface {
	Posts() []*content.Post
	Post(id string) *content.Post
}

// Delivery is the part of the delivery engine posting uses;
// *delivery.Engine satisfies it.
type Delivery interface {
	CreateJob(ctx context.Context, j delivery.Job) (id string, created bool, err error)
	AddRecipients(ctx context.Context, jobID string, rs []delivery.Recipient) (int, error)
	Start(ctx context.Context, jobID string) error
	Status(ctx context.Context, jobID string) (delivery.JobStatus, error)
}

// Poster sends posts.
type Poster struct {
	st        *store.Store
	out       Delivery
	lib       Library
	platforms []string
	batch     int
	log       *slog.Logger
}

// Options tune a Poster.
type Options struct {
	Logger *slog.Logger
	Batch  int // recipients per AddRecipients call: 500
}

// New makes a Poster sending to members on platforms (those the delivery
// engine has a channel for); members on other platforms are left out.
func New(st *store.Store, out Delivery, lib Library, platforms []string, o Options) *Poster {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Batch <= 0 {
		o.Batch = 500
	}
	return &Poster{st: st, out: out, lib: lib, platforms: slices.Clone(platforms), batch: o.Batch,
		log: o.Logger.With("component", "posts")}
}

// Jobs returns one scheduler job per post of the library, quiet (posts
// never go out in quiet hours). A job reads its post when it runs, so an
// edited text reaches the next slot after a reload.
func (p *Poster) Jobs() []scheduler.Job {
	posts := p.lib.Posts()
	jobs := make([]scheduler.Job, 0, len(posts))
	for _, post := range posts {
		id := post.ID
		jobs = append(jobs, scheduler.Job{
			ID:          JobPrefix + id,
			Spec:        post.Spec(),
			Description: post.Title,
			Quiet:       true,
			Units:       slices.Clone(post.Units),
			Run: func(ctx context.Context, slot time.Time) error {
				_, err := p.Send(ctx, id, slot)
				return err
			},
		})
	}
	return jobs
}

// Sync replaces the scheduler's post jobs with the library's current posts
// (after a reload).
func (p *Poster) Sync(s *scheduler.Scheduler) error {
	return s.Replace(JobPrefix, p.Jobs())
}

// Result tells what one Send did.
type Result struct {
	Jobs  map[string]string // platform → outbox job id
	Added int               // recipients newly added by this call
}

// ErrUnknownPost: the library has no post with that id (removed by a reload).
var ErrUnknownPost = errors.New("unknown post")

// IdempotencyKey is the key of a post's outbox job for one slot on one platform.
func IdempotencyKey(postID string, slot time.Time, platform string) string {
	return "post:" + postID + ":" + slot.UTC().Format("20060102T1504Z") + ":" + platform
}

// platformJob is the outbox job of one platform while recipients stream in.
type platformJob struct {
	id      string
	skip    bool // the job already started: this slot went out before
	pending []delivery.Recipient
}

// Send queues a post for one slot to the active, not muted members of its
// units (every member for "*"), one job per platform, then starts the jobs.
// Repeating it for the same slot adds nobody twice and sends nothing twice.
func (p *Poster) Send(ctx context.Context, postID string, slot time.Time) (Result, error) {
	post := p.lib.Post(postID)
	if post == nil {
		return Result{}, fmt.Errorf("send post %s: %w", postID, ErrUnknownPost)
	}
	log := p.log.With("post", postID, "slot", slot.UTC().Format(time.RFC3339))
	units := post.Units
	if post.Everyone() {
		roots, err := p.st.Roots(ctx)
		if err != nil {
			return Result{}, fmt.Errorf("send post %s: %w", postID, err)
		}
		units = store.UnitCodes(roots)
	}
	msg := chat.Reply{Text: post.Message()}
	if post.ImageURL != "" {
		msg.Text += "\n\n" + post.ImageURL // platforms show a preview of the link
	}
	jobs := map[string]*platformJob{}
	res := Result{Jobs: map[string]string{}}
	flush := func(platform string, pj *platformJob) error {
		if len(pj.pending) == 0 {
			return nil
		}
		n, err := p.out.AddRecipients(ctx, pj.id, pj.pending)
		if errors.Is(err, delivery.ErrJobStarted) {
			pj.skip, pj.pending = true, nil // another firing finished it meanwhile
			return nil
		}
		if err != nil {
			return fmt.Errorf("send post %s on %s: %w", postID, platform, err)
		}
		res.Added += n
		pj.pending = pj.pending[:0]
		return nil
	}
	open := func(platform string) (*platformJob, error) {
		if pj, ok := jobs[platform]; ok {
			return pj, nil
		}
		id, created, err := p.out.CreateJob(ctx, delivery.Job{
			Platform: platform, Kind: delivery.KindPost, Label: post.Title, Message: msg,
			IdempotencyKey: IdempotencyKey(postID, slot, platform),
		})
		if err != nil {
			return nil, fmt.Errorf("send post %s on %s: %w", postID, platform, err)
		}
		pj := &platformJob{id: id}
		if !created {
			st, err := p.out.Status(ctx, id)
			if err != nil && !errors.Is(err, delivery.ErrUnknownJob) {
				return nil, fmt.Errorf("send post %s on %s: %w", postID, platform, err)
			}
			pj.skip = err != nil || st.State != "open"
			if pj.skip {
				log.Info("post already sent for this slot", "platform", platform, "job", id)
			}
		}
		jobs[platform] = pj
		res.Jobs[platform] = id
		return pj, nil
	}
	for _, unit := range units {
		for m, err := range p.st.MembersOfSubtree(ctx, unit) {
			if errors.Is(err, store.ErrUnitUnknown) {
				log.Warn("post names a unit that does not exist", "unit", unit)
				break
			}
			if err != nil {
				return res, fmt.Errorf("send post %s: members of %s: %w", postID, unit, err)
			}
			if !m.Active || m.Muted || !slices.Contains(p.platforms, m.Platform) {
				continue
			}
			pj, err := open(m.Platform)
			if err != nil {
				return res, err
			}
			if pj.skip {
				continue
			}
			// In a private chat the chat id is the user id on every platform.
			pj.pending = append(pj.pending, delivery.Recipient{ChatID: m.UserID, MemberKey: m.Identity().String()})
			if len(pj.pending) >= p.batch {
				if err := flush(m.Platform, pj); err != nil {
					return res, err
				}
			}
		}
	}
	for _, platform := range slices.Sorted(maps.Keys(jobs)) {
		pj := jobs[platform]
		if pj.skip {
			continue
		}
		if err := flush(platform, pj); err != nil {
			return res, err
		}
		if err := p.out.Start(ctx, pj.id); err != nil {
			return res, fmt.Errorf("send post %s on %s: %w", postID, platform, err)
		}
	}
	log.Info("post queued", "platforms", len(res.Jobs), "added", res.Added)
	return res, nil
}

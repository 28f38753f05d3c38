package dashboard

import (
	"errors"
	"net/http"
	"slices"

	"loa/handlers"
	"loa/store"
)

const (
	msgScheduleAdmins = "Chỉ quản trị viên mới tạm dừng hoặc chạy lại lịch đăng bài ạ."
	msgJobUnknown     = "Loa không thấy việc này trong lịch ạ."
	// scheduleDays is how far ahead the calendar looks.
	scheduleDays = 14
)

// jobRow is one scheduled job as the page shows it.
type jobRow struct {
	Job    store.ScheduledJob
	Paused bool
}

// homePath is her home unit and the units above it, whose posts reach her
// members (as /lich).
func (d *Dashboard) homePath(r *http.Request, v *viewer) []string {
	home := handlers.HomeUnit(v.actor, store.RoleStaff, store.RoleHead)
	if home == "" {
		return nil
	}
	up, err := d.st.Ancestors(r.Context(), home)
	if err != nil && !errors.Is(err, store.ErrUnitUnknown) {
		d.log.Warn("dashboard: load unit path", "error", err)
	}
	return append([]string{store.NormalizeUnitCode(home)}, store.UnitCodes(up)...)
}

// schedule is the outreach calendar: the slots of the next two weeks and
// the scheduled jobs, those that reach her units (handlers.CalendarVisible,
// as /lich); an admin sees every job and may pause and resume them.
func (d *Dashboard) schedule(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx := r.Context()
	path := d.homePath(r, v)
	visible := func(units []string) bool {
		if len(units) == 0 {
			return v.admin() // internal work (closing events) is the admins' business
		}
		ok, err := handlers.CalendarVisible(ctx, d.st, v.actor, path, units)
		if err != nil {
			d.log.Warn("dashboard: calendar scope", "error", err)
		}
		return ok
	}
	jobs, err := d.st.ScheduledJobs(ctx)
	if err != nil {
		d.internal(w, r, v, "list jobs", err)
		return
	}
	paused, err := d.st.PausedJobs(ctx)
	if err != nil {
		d.internal(w, r, v, "paused jobs", err)
		return
	}
	var rows []jobRow
	for _, j := range jobs {
		if visible(j.Units) {
			rows = append(rows, jobRow{Job: j, Paused: paused[j.ID]})
		}
	}
	var upcoming []handlers.CalendarItem
	if d.calendar != nil {
		now := d.now()
		items, err := d.calendar.Upcoming(ctx, now, now.AddDate(0, 0, scheduleDays))
		if err != nil {
			d.internal(w, r, v, "upcoming", err)
			return
		}
		for _, it := range items {
			if visible(it.Units) {
				upcoming = append(upcoming, it)
			}
		}
	}
	d.render(w, r, v, http.StatusOK, "schedule", map[string]any{
		"Title": "Lịch đăng bài", "Jobs": rows, "Upcoming": upcoming, "Admin": v.admin(),
		"Days": scheduleDays, "Flash": r.URL.Query().Get("xong"),
	})
}

func (d *Dashboard) schedulePause(w http.ResponseWriter, r *http.Request, v *viewer) {
	d.setPaused(w, r, v, true)
}

func (d *Dashboard) scheduleResume(w http.ResponseWriter, r *http.Request, v *viewer) {
	d.setPaused(w, r, v, false)
}

// setPaused pauses or resumes a job on every replica (store.SetJobPaused,
// as `bot admin jobs pause`). Jobs are the whole organisation's, so only an
// admin may: handlers.Can with the whole organisation as target.
func (d *Dashboard) setPaused(w http.ResponseWriter, r *http.Request, v *viewer, pause bool) {
	if !handlers.Can(v.actor, handlers.ActManageJobs, "", nil) {
		d.fail(w, r, v, http.StatusForbidden, msgScheduleAdmins)
		return
	}
	id := r.PostForm.Get("job")
	jobs, err := d.st.ScheduledJobs(r.Context())
	if err != nil {
		d.internal(w, r, v, "list jobs", err)
		return
	}
	if store.CheckJobID(id) != nil || !slices.ContainsFunc(jobs, func(j store.ScheduledJob) bool { return j.ID == id }) {
		d.fail(w, r, v, http.StatusNotFound, msgJobUnknown)
		return
	}
	if err := d.st.SetJobPaused(r.Context(), id, pause); err != nil {
		d.internal(w, r, v, "pause job", err)
		return
	}
	action, flash := "job_resume", "tieptuc"
	if pause {
		action, flash = "job_pause", "tamdung"
	}
	d.audit(r.Context(), v, action, "", id)
	d.log.Info("dashboard: "+action, "job", id)
	http.Redirect(w, r, "/dash/lich?xong="+flash, http.StatusSeeOther)
}

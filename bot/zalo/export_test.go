package zalo

import "time"

// SetBackoff shortens the poll loop's pauses so failure paths run quickly.
func SetBackoff(a *Adapter, base, max time.Duration) { a.backoffBase, a.backoffMax = base, max }

// SetDrainTimeout shortens how long shutdown waits for updates in hand.
func SetDrainTimeout(a *Adapter, d time.Duration) { a.drainTimeout = d }

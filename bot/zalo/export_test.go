package zalo

import "time"

// SetBackoff shortens the poll loop's pauses so failure paths run quickly.
func SetBackoff(a *Adapter, base, max time.Duration) { a.backoffBase, a.backoffMax = base, max }

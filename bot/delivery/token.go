package delivery

import (
	"crypto/sha256"
	"encoding/hex"
)

// TokenID is the short name of a bot token used in Redis keys, jobs and
// logs: the first 12 hex digits of its SHA-256. The token itself never
// leaves the adapter's URL.
func TokenID(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])[:12]
}

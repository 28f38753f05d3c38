package chat

// BulkMessage is one message for many chats of one platform.
type BulkMessage struct {
	Platform string
	Label    string // a short title for job lists; never logged
	Message  Reply
	Chats    []BulkChat
	Key      string // idempotency key
}

// BulkChat is a destination chat and the member it belongs to.
type BulkChat struct {
	ChatID    string
	MemberKey string // "platform:userID"
}

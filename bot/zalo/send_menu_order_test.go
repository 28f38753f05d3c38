package zalo_test

import (
	"context"
	"strings"
	"testing"

	"loa/bot/zalo/zalotest"
	"loa/chat"
)

// A member may answer a bulk message's numbered list (an event invitation
// sent by the delivery engine through Send) the moment it arrives, and her
// answer is handled on another goroutine: the menu must already be saved
// when Zalo has the message, or her "1" is read against the old menu.
func TestSendSavesTheMenuBeforeTheMessageArrives(t *testing.T) {
	t.Parallel()
	e := setup(t, nil)
	ctx := context.Background()
	for range 20 {
		chatID := zalotest.NewID()
		done := make(chan error, 1)
		go func() {
			_, err := e.a.Send(ctx, chatID, chat.Reply{Text: "Mời chị dự sinh hoạt chi hội.",
				Buttons: [][]chat.Button{{{Text: "✅ Điểm danh", Data: "ci:ev1"}}}})
			done <- err
		}()
		if _, err := e.fake.WaitForMessages(ctx, chatID, 1); err != nil {
			t.Fatal(err)
		}
		labels, data, err := e.st.Menu(ctx, chat.Zalo, chatID)
		if err != nil || strings.Join(labels, "|") != "✅ Điểm danh" || strings.Join(data, "|") != "ci:ev1" {
			t.Fatalf("menu when the message arrived: %q %q %v", labels, data, err)
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

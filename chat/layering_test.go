package chat_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestOnlyMainImportsTheConversation: adapters, inbound dispatch, delivery,
// notices and posts speak package chat and must not depend on the
// conversation (loa/handlers), directly or through another package. The
// compiler would accept such an import, so this test is what keeps the
// layering: it asks the go tool for each package's full dependency list.
func TestOnlyMainImportsTheConversation(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go tool on PATH")
	}
	pkgs := []string{
		"loa/chat",
		"loa/bot/telegram",
		"loa/bot/zalo",
		"loa/bot/zalooa",
		"loa/bot/webchat",
		"loa/bot/inbound",
		"loa/bot/delivery",
		"loa/bot/notices",
		"loa/bot/posts",
	}
	for _, pkg := range pkgs {
		out, err := exec.Command("go", "list", "-deps", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
		}
		deps := strings.Fields(string(out))
		if len(deps) == 0 || deps[len(deps)-1] != pkg {
			t.Fatalf("go list -deps %s listed %d packages, not ending with the package itself", pkg, len(deps))
		}
		for _, d := range deps {
			if d == "loa/handlers" || strings.HasPrefix(d, "loa/handlers/") {
				t.Errorf("%s depends on %s: it must use package chat, not the conversation", pkg, d)
			}
		}
	}
}

// TestChatImportsNothingOfOurs: chat is the leaf every other package may
// import, so it imports no package of this module.
func TestChatImportsNothingOfOurs(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go tool on PATH")
	}
	out, err := exec.Command("go", "list", "-deps", "loa/chat").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps loa/chat: %v\n%s", err, out)
	}
	for _, d := range strings.Fields(string(out)) {
		if strings.HasPrefix(d, "loa/") && d != "loa/chat" {
			t.Errorf("chat depends on %s; it must import nothing of ours", d)
		}
	}
}

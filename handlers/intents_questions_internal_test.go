package handlers

import (
	"os"
	"path/filepath"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestMembersMessagesAreNotTakenForCommands guards the plain-words commands
// ("dung gui", "hop hom qua 23 nguoi", "thong ke quy") against swallowing
// what members really write: not one message of the used-up blind sets
// v1–v5 (questions, stories of harm, look-alikes, off-topic chat, written
// by people who never saw the command phrases) may read as a command.
func TestMembersMessagesAreNotTakenForCommands(t *testing.T) {
	t.Parallel()
	var asked int
	for _, v := range []string{"v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14", "v15"} {
		files, err := filepath.Glob(filepath.Join("..", "content", "testdata", "blind", v, "*.yaml"))
		if err != nil || len(files) < 4 {
			t.Fatalf("blind set %s: %d files, %v", v, len(files), err)
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var msgs []struct {
				Q string `yaml:"q"`
			}
			if err := yaml.Unmarshal(data, &msgs); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			for _, m := range msgs {
				asked++
				if name, _, _, ok := plainCommand(m.Q); ok {
					t.Errorf("%s: %q taken for /%s", f, m.Q, name)
				}
			}
		}
	}
	if asked < 1000 {
		t.Fatalf("only %d messages read", asked)
	}
}

package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"loa/bot/telegram/telegramtest"
	"loa/bot/zalo/zalotest"
	"loa/internal/testkit"
)

// telegramMember chats through the fake Telegram server.
type telegramMember struct {
	t    testing.TB
	srv  *telegramtest.Server
	chat int64
	name string
}

func (m *telegramMember) Say(text string) { m.srv.UserSays(m.chat, m.name, text) }

func (m *telegramMember) ID() string { return strconv.FormatInt(m.chat, 10) }

func (m *telegramMember) Press(label string) { m.srv.PressButtonText(m.chat, label) }

func (m *telegramMember) Replies(n int) []string {
	m.t.Helper()
	msgs, err := m.srv.WaitForMessages(testkit.WaitCtx(m.t), m.chat, n)
	if err != nil {
		m.t.Fatalf("telegram chat %d: waiting for %d messages: %v (have %d)", m.chat, n, err, len(m.srv.Messages(m.chat)))
	}
	out := make([]string, len(msgs))
	for i, msg := range msgs {
		out[i] = msg.Text
	}
	return out
}

func (m *telegramMember) Choices() []string {
	msgs := m.srv.Messages(m.chat)
	for i := len(msgs) - 1; i >= 0; i-- {
		if len(msgs[i].Buttons) == 0 {
			continue
		}
		var labels []string
		for _, row := range msgs[i].Buttons {
			for _, b := range row {
				labels = append(labels, b.Text)
			}
		}
		return labels
	}
	return nil
}

// zaloMember chats through the fake Zalo server; choices are numbered lines
// and she answers with the number, as the adapter asks.
type zaloMember struct {
	t    testing.TB
	srv  *zalotest.Server
	chat string
	name string
}

func (m *zaloMember) Say(text string) { m.srv.UserSays(m.chat, m.name, text) }

func (m *zaloMember) ID() string { return m.chat }

var numberedLine = regexp.MustCompile(`(?m)^(\d+)\. (.+)$`)

func (m *zaloMember) Press(label string) {
	m.t.Helper()
	msgs := m.srv.Messages(m.chat)
	for i := len(msgs) - 1; i >= 0; i-- {
		for _, sub := range numberedLine.FindAllStringSubmatch(msgs[i].Text, -1) {
			if strings.TrimSpace(sub[2]) == label {
				m.Say(sub[1])
				return
			}
		}
	}
	m.t.Fatalf("zalo chat %s: no choice %q offered", m.chat, label)
}

func (m *zaloMember) Replies(n int) []string {
	m.t.Helper()
	msgs, err := m.srv.WaitForMessages(testkit.WaitCtx(m.t), m.chat, n)
	if err != nil {
		m.t.Fatalf("zalo chat %s: waiting for %d messages: %v (have %d)", m.chat, n, err, len(m.srv.Messages(m.chat)))
	}
	out := make([]string, len(msgs))
	for i, msg := range msgs {
		out[i] = msg.Text
	}
	return out
}

func (m *zaloMember) Choices() []string {
	msgs := m.srv.Messages(m.chat)
	for i := len(msgs) - 1; i >= 0; i-- {
		subs := numberedLine.FindAllStringSubmatch(msgs[i].Text, -1)
		if len(subs) == 0 {
			continue
		}
		var labels []string
		for _, sub := range subs {
			labels = append(labels, strings.TrimSpace(sub[2]))
		}
		return labels
	}
	return nil
}

// platformRig is one platform's fake server plus a way to make members.
type platformRig struct {
	name      string
	env       map[string]string
	secrets   []string
	newMember func(t testing.TB, id int) member
}

func telegramRig(t *testing.T) (platformRig, *telegramtest.Server) {
	srv := telegramtest.New(t)
	return platformRig{
		name:    "telegram",
		env:     map[string]string{"TELEGRAM_BOT_TOKEN": srv.Token(), "TELEGRAM_API_BASE": srv.URL(), "LOA_WEBCHAT": "off"},
		secrets: []string{srv.Token()},
		newMember: func(t testing.TB, id int) member {
			chat := int64(7000 + id)
			srv.AddChat(chat, "Chị "+strconv.Itoa(id))
			return &telegramMember{t: t, srv: srv, chat: chat, name: "Chị " + strconv.Itoa(id)}
		},
	}, srv
}

func zaloRig(t *testing.T) (platformRig, *zalotest.Server) {
	srv := zalotest.Start(t, "")
	return platformRig{
		name:    "zalo",
		env:     map[string]string{"ZALO_BOT_TOKEN": srv.Token(), "ZALO_API_BASE": srv.URL(), "LOA_WEBCHAT": "off"},
		secrets: []string{srv.Token()},
		newMember: func(t testing.TB, id int) member {
			chat := zalotest.NewID()
			return &zaloMember{t: t, srv: srv, chat: chat, name: "Chị " + strconv.Itoa(id)}
		},
	}, srv
}

func rigs(t *testing.T) []func(*testing.T) platformRig {
	return []func(*testing.T) platformRig{
		func(t *testing.T) platformRig { r, _ := telegramRig(t); return r },
		func(t *testing.T) platformRig { r, _ := zaloRig(t); return r },
		func(t *testing.T) platformRig { r, _ := oaRig(t); return r },
	}
}

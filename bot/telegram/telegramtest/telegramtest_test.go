package telegramtest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"loa/bot/telegram/telegramtest"
)

type envelope struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  *struct {
		RetryAfter      int   `json:"retry_after"`
		MigrateToChatID int64 `json:"migrate_to_chat_id"`
	} `json:"parameters"`
}

// call posts form parameters to method and decodes the envelope; it also
// checks the HTTP status equals error_code.
func call(t *testing.T, srv *telegramtest.Server, method string, params url.Values) envelope {
	t.Helper()
	resp, err := http.PostForm(srv.URL()+"/bot"+srv.Token()+"/"+method, params)
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, resp)
}

func decode(t *testing.T, resp *http.Response) envelope {
	t.Helper()
	defer resp.Body.Close()
	var env envelope
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
		t.Fatalf("decode: %v", err)
	}
	want := 200
	if !env.OK {
		want = env.ErrorCode
	}
	if resp.StatusCode != want {
		t.Fatalf("HTTP status %d, error_code %d", resp.StatusCode, env.ErrorCode)
	}
	return env
}

func wantError(t *testing.T, env envelope, code int, desc string) {
	t.Helper()
	if env.OK || env.ErrorCode != code || env.Description != desc {
		t.Fatalf("got ok=%v %d %q, want %d %q", env.OK, env.ErrorCode, env.Description, code, desc)
	}
}

func wantOK(t *testing.T, env envelope) {
	t.Helper()
	if !env.OK {
		t.Fatalf("got error %d %q", env.ErrorCode, env.Description)
	}
}

func send(t *testing.T, srv *telegramtest.Server, chatID, text string, extra ...string) envelope {
	t.Helper()
	v := url.Values{"chat_id": {chatID}, "text": {text}}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	return call(t, srv, "sendMessage", v)
}

func noLimits(t *testing.T) *telegramtest.Server {
	srv := telegramtest.New(t)
	srv.SetLimits(telegramtest.Limits{Off: true})
	return srv
}

func TestRoutingAndEnvelope(t *testing.T) {
	srv := telegramtest.New(t)
	resp, err := http.Get(srv.URL() + "/bot123:wrong/getMe")
	if err != nil {
		t.Fatal(err)
	}
	wantError(t, decode(t, resp), 401, "Unauthorized")

	wantError(t, call(t, srv, "noSuchMethod", nil), 404, "Not Found")

	// Method names are case-insensitive; GET with a query string works.
	resp, err = http.Get(srv.URL() + "/bot" + srv.Token() + "/GETME")
	if err != nil {
		t.Fatal(err)
	}
	env := decode(t, resp)
	wantOK(t, env)
	var me struct {
		IsBot    bool   `json:"is_bot"`
		UserName string `json:"username"`
	}
	_ = json.Unmarshal(env.Result, &me)
	if !me.IsBot || me.UserName != "loa_test_bot" {
		t.Fatalf("getMe = %s", env.Result)
	}

	// JSON bodies, with null meaning absent.
	srv.AddChat(42, "An")
	body := `{"chat_id":42,"text":"Xin chào","entities":null,"reply_markup":null}`
	resp, err = http.Post(srv.URL()+"/bot"+srv.Token()+"/sendMessage", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	wantOK(t, decode(t, resp))
	// Form body with entities=null, as go-telegram-bot-api sends it.
	wantOK(t, send(t, srv, "42", "Chào chị", "entities", "null"))
	if got := srv.Messages(42); len(got) != 2 || got[1].Text != "Chào chị" {
		t.Fatalf("messages = %+v", got)
	}
}

func TestLibraryConstructsAgainstFake(t *testing.T) {
	srv := telegramtest.New(t)
	bot, err := tgbotapi.NewBotAPIWithAPIEndpoint(srv.Token(), srv.Endpoint())
	if err != nil {
		t.Fatal(err)
	}
	if bot.Self.UserName != "loa_test_bot" {
		t.Fatalf("Self = %+v", bot.Self)
	}
	if _, err := tgbotapi.NewBotAPIWithAPIEndpoint("1:bad", srv.Endpoint()); err == nil || err.Error() != "Unauthorized" {
		t.Fatalf("bad token: %v", err)
	}
}

func TestSendMessageValidation(t *testing.T) {
	srv := noLimits(t)
	srv.AddChat(42, "An")
	wantError(t, send(t, srv, "42", ""), 400, "Bad Request: message text is empty")
	wantError(t, send(t, srv, "42", "   "), 400, "Bad Request: message text is empty")
	wantError(t, send(t, srv, "", "hi"), 400, "Bad Request: chat_id is empty")
	wantError(t, send(t, srv, "43", "hi"), 400, "Bad Request: chat not found")
	wantError(t, send(t, srv, "@nobody", "hi"), 400, "Bad Request: chat not found")

	// 4096 UTF-16 units: an emoji outside the BMP counts 2.
	wantOK(t, send(t, srv, "42", strings.Repeat("😀", 2048)))
	wantError(t, send(t, srv, "42", strings.Repeat("😀", 2048)+"a"), 400, "Bad Request: message is too long")
	wantOK(t, send(t, srv, "42", strings.Repeat("ệ", 4096)))
	// The limit applies after entity parsing: &amp; is one character.
	wantOK(t, send(t, srv, "42", strings.Repeat("&amp;", 4096), "parse_mode", "HTML"))
	wantError(t, send(t, srv, "42", strings.Repeat("&amp;", 4097), "parse_mode", "HTML"), 400, "Bad Request: message is too long")
}

func TestSendMessageHTML(t *testing.T) {
	srv := noLimits(t)
	srv.AddChat(42, "An")
	cases := []struct{ text, desc string }{
		{"<foo>x</foo>", `Bad Request: can't parse entities: Unsupported start tag "foo" at byte offset 0`},
		{"<b>đậm", `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`},
		{"<b>x</i>", `Bad Request: can't parse entities: Unmatched end tag at byte offset 4, expected "</b>", found "</i>"`},
		{"x</b>", `Bad Request: can't parse entities: Unexpected end tag at byte offset 1`},
		{"1 < 2", `Bad Request: can't parse entities: Unsupported start tag "" at byte offset 2`},
		{"2 > 1", `Bad Request: can't parse entities: Character '>' is reserved and must be escaped as "&gt;" at byte offset 2`},
		{"Tom & Jerry", `Bad Request: can't parse entities: Character '&' is reserved and must be escaped as "&amp;" at byte offset 4`},
		{"&nbsp;", `Bad Request: can't parse entities: Character '&' is reserved and must be escaped as "&amp;" at byte offset 0`},
		{`<span>x</span>`, `Bad Request: can't parse entities: Tag "span" must have class "tg-spoiler" at byte offset 0`},
	}
	for _, c := range cases {
		wantError(t, send(t, srv, "42", c.text, "parse_mode", "HTML"), 400, c.desc)
	}
	wantError(t, send(t, srv, "42", "hi", "parse_mode", "Klingon"), 400, "Bad Request: unsupported parse_mode")
	wantError(t, send(t, srv, "42", "1.5", "parse_mode", "MarkdownV2"), 400,
		`Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\'`)

	env := send(t, srv, "42", `<b>Chú ý</b>: 1 &lt; 2 &amp; 3 &gt; 2 &#8364; <a href="https://vnwu.org.vn/?a=1&amp;b=2">link</a>`, "parse_mode", "HTML")
	wantOK(t, env)
	m := srv.Messages(42)[0]
	if m.Text != "Chú ý: 1 < 2 & 3 > 2 € link" {
		t.Fatalf("plain text = %q", m.Text)
	}
	if len(m.Entities) != 2 || m.Entities[0].Type != "bold" || m.Entities[0].Length != 5 ||
		m.Entities[1].Type != "text_link" || m.Entities[1].URL != "https://vnwu.org.vn/?a=1&b=2" {
		t.Fatalf("entities = %+v", m.Entities)
	}
	// Without parse_mode the same characters are plain text.
	wantOK(t, send(t, srv, "42", "1 < 2 & <b>"))
}

func TestInlineKeyboardChecks(t *testing.T) {
	srv := noLimits(t)
	srv.AddChat(42, "An")
	kb := func(buttons string) string { return `{"inline_keyboard":[[` + buttons + `]]}` }
	// 64 bytes is fine even in Vietnamese (each "ệ" is 3 bytes).
	ok64 := strings.Repeat("ệ", 21) + "a"
	wantOK(t, send(t, srv, "42", "hi", "reply_markup", kb(`{"text":"Có","callback_data":"`+ok64+`"}`)))
	wantError(t, send(t, srv, "42", "hi", "reply_markup", kb(`{"text":"Có","callback_data":"`+ok64+`b"}`)), 400, "Bad Request: BUTTON_DATA_INVALID")
	wantError(t, send(t, srv, "42", "hi", "reply_markup", kb(`{"text":"Có","callback_data":""}`)), 400, "Bad Request: BUTTON_DATA_INVALID")
	wantError(t, send(t, srv, "42", "hi", "reply_markup", kb(`{"text":"Có"}`)), 400,
		"Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
	wantError(t, send(t, srv, "42", "hi", "reply_markup", kb(`{"text":"Có","callback_data":"a","url":"https://x.vn"}`)), 400,
		"Bad Request: can't parse inline keyboard button: exactly one of the optional fields must be used")
	wantError(t, send(t, srv, "42", "hi", "reply_markup", kb(`{"callback_data":"a"}`)), 400,
		`Bad Request: can't parse inline keyboard button: Field "text" must be of type String`)
	wantError(t, send(t, srv, "42", "hi", "reply_markup", `{"inline_keyboard":null}`), 400,
		`Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays`)
	wantError(t, send(t, srv, "42", "hi", "reply_markup", `{not json`), 400, "Bad Request: can't parse reply keyboard markup JSON object")
	if n := len(srv.AllSent()); n != 1 {
		t.Fatalf("%d messages recorded, want only the valid one", n)
	}
	if b := srv.AllSent()[0].Buttons; len(b) != 1 || b[0][0].CallbackData != ok64 {
		t.Fatalf("buttons = %+v", b)
	}
}

func TestEditMessageText(t *testing.T) {
	srv := noLimits(t)
	srv.AddChat(42, "An")
	wantOK(t, send(t, srv, "42", "Đã gửi 0/10", "reply_markup", `{"inline_keyboard":[[{"text":"Huỷ","callback_data":"c"}]]}`))
	id := srv.Messages(42)[0].MessageID
	edit := func(msgID int64, text, markup string) envelope {
		v := url.Values{"chat_id": {"42"}, "message_id": {itoa(msgID)}, "text": {text}}
		if markup != "" {
			v.Set("reply_markup", markup)
		}
		return call(t, srv, "editMessageText", v)
	}
	wantError(t, edit(id, "Đã gửi 0/10", `{"inline_keyboard":[[{"text":"Huỷ","callback_data":"c"}]]}`), 400,
		"Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
	wantError(t, edit(id+7, "x", ""), 400, "Bad Request: message to edit not found")
	wantOK(t, edit(id, "Đã gửi 5/10", ""))
	// Same text, keyboard removed earlier: now identical again.
	wantError(t, edit(id, "Đã gửi 5/10", ""), 400,
		"Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
	m := srv.Messages(42)[0]
	if m.Text != "Đã gửi 5/10" || m.Edits != 1 || m.Buttons != nil {
		t.Fatalf("after edit: %+v", m)
	}
	wantOK(t, call(t, srv, "deleteMessage", url.Values{"chat_id": {"42"}, "message_id": {itoa(id)}}))
	wantError(t, call(t, srv, "deleteMessage", url.Values{"chat_id": {"42"}, "message_id": {itoa(id)}}), 400, "Bad Request: message to delete not found")
	wantError(t, edit(id, "x", ""), 400, "Bad Request: message to edit not found")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func formatInt(n int64) string { return strconv.FormatInt(n, 10) }

func TestAnswerCallbackQuery(t *testing.T) {
	srv := telegramtest.NewWithOptions(t, telegramtest.Options{CallbackTTL: 200 * time.Millisecond})
	srv.AddChat(42, "An")
	wantOK(t, send(t, srv, "42", "Chọn", "reply_markup", `{"inline_keyboard":[[{"text":"Có","callback_data":"yes"}]]}`))
	id := srv.Messages(42)[0].MessageID
	tooOld := "Bad Request: query is too old and response timeout expired or query ID is invalid"

	wantError(t, call(t, srv, "answerCallbackQuery", url.Values{"callback_query_id": {"nope"}}), 400, tooOld)
	q := srv.PressButton(42, id, "yes")
	if _, ok := srv.CallbackAnswer(q); ok {
		t.Fatal("answered before the call")
	}
	wantOK(t, call(t, srv, "answerCallbackQuery", url.Values{"callback_query_id": {q}, "text": {"Đã nhận"}}))
	if a, ok := srv.CallbackAnswer(q); !ok || a.Text != "Đã nhận" {
		t.Fatalf("answer = %+v %v", a, ok)
	}
	wantError(t, call(t, srv, "answerCallbackQuery", url.Values{"callback_query_id": {q}}), 400, tooOld)

	q2 := srv.PressButtonText(42, "Có")
	time.Sleep(250 * time.Millisecond) // past CallbackTTL
	wantError(t, call(t, srv, "answerCallbackQuery", url.Values{"callback_query_id": {q2}}), 400, tooOld)

	// The callback_query update carries the message and data.
	env := call(t, srv, "getUpdates", nil)
	var ups []tgbotapi.Update
	_ = json.Unmarshal(env.Result, &ups)
	if len(ups) != 2 || ups[0].CallbackQuery == nil || ups[0].CallbackQuery.Data != "yes" ||
		ups[0].CallbackQuery.Message.MessageID != int(id) || ups[0].CallbackQuery.ID != q {
		t.Fatalf("updates = %s", env.Result)
	}
}

func TestSetMyCommands(t *testing.T) {
	srv := telegramtest.New(t)
	set := func(cmds string) envelope {
		return call(t, srv, "setMyCommands", url.Values{"commands": {cmds}})
	}
	wantOK(t, set(`[{"command":"start","description":"Bắt đầu"},{"command":"chu_de2","description":"Chủ đề"}]`))
	wantError(t, set(`[{"command":"Start","description":"x"}]`), 400, "Bad Request: BOT_COMMAND_INVALID")
	wantError(t, set(`[{"command":"/start","description":"x"}]`), 400, "Bad Request: BOT_COMMAND_INVALID")
	wantError(t, set(`[{"command":"`+strings.Repeat("a", 33)+`","description":"x"}]`), 400, "Bad Request: BOT_COMMAND_INVALID")
	wantError(t, set(`[{"command":"help","description":""}]`), 400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
	wantError(t, set(`[{"command":"help","description":"`+strings.Repeat("ê", 257)+`"}]`), 400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
	many := make([]string, 101)
	for i := range many {
		many[i] = `{"command":"c` + formatInt(int64(i)) + `","description":"x"}`
	}
	wantError(t, set("["+strings.Join(many, ",")+"]"), 400, "Bad Request: BOT_COMMANDS_TOO_MUCH")
	if got := srv.Commands(); len(got) != 2 || got[1].Command != "chu_de2" || got[0].Description != "Bắt đầu" {
		t.Fatalf("commands = %+v", got)
	}
}

func pngBytes(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 3, 2))
	img.Set(0, 0, color.Black)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestUploadsThroughLibrary(t *testing.T) {
	srv := noLimits(t)
	srv.AddChat(42, "An")
	bot, err := tgbotapi.NewBotAPIWithAPIEndpoint(srv.Token(), srv.Endpoint())
	if err != nil {
		t.Fatal(err)
	}
	// The library streams multipart through a pipe: chunked, no Content-Length.
	doc := tgbotapi.NewDocument(42, tgbotapi.FileBytes{Name: "bao-cao.xlsx", Bytes: []byte("PK\x03\x04 report")})
	doc.Caption = "Báo cáo tháng 11"
	msg, err := bot.Send(doc)
	if err != nil {
		t.Fatal(err)
	}
	if msg.Document == nil || msg.Document.FileName != "bao-cao.xlsx" || msg.Document.FileSize != 11 || msg.Caption != "Báo cáo tháng 11" {
		t.Fatalf("document message = %+v %+v", msg, msg.Document)
	}
	photo, err := bot.Send(tgbotapi.NewPhoto(42, tgbotapi.FileBytes{Name: "qr.png", Bytes: pngBytes(t)}))
	if err != nil {
		t.Fatal(err)
	}
	if len(photo.Photo) != 1 || photo.Photo[0].Width != 3 || photo.Photo[0].Height != 2 {
		t.Fatalf("photo = %+v", photo.Photo)
	}
	_, err = bot.Send(tgbotapi.NewPhoto(42, tgbotapi.FileBytes{Name: "x.png", Bytes: []byte("not an image")}))
	if err == nil || err.Error() != "Bad Request: IMAGE_PROCESS_FAILED" {
		t.Fatalf("garbage photo: %v", err)
	}
	// A local path given as the name shows up as is, so leaks are visible.
	if _, err := bot.Send(tgbotapi.NewDocument(42, tgbotapi.FilePath("../telegramtest/server.go"))); err != nil {
		t.Fatal(err)
	}
	sent := srv.AllSent()
	if len(sent) != 3 || string(sent[0].File.Data) != "PK\x03\x04 report" || sent[2].File.Name != "../telegramtest/server.go" {
		t.Fatalf("sent = %+v", sent)
	}
	// Upload errors from the library have Code 0 (pitfall B4); the text is exact.
	srv.UserBlocksBot(42)
	_, err = bot.Send(tgbotapi.NewDocument(42, tgbotapi.FileBytes{Name: "a.txt", Bytes: []byte("a")}))
	var te *tgbotapi.Error
	if !errors.As(err, &te) || te.Message != "Forbidden: bot was blocked by the user" {
		t.Fatalf("blocked upload: %v", err)
	}
	// getFile and the file route serve the stored bytes.
	f, err := bot.GetFile(tgbotapi.FileConfig{FileID: msg.Document.FileID})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(srv.URL() + "/file/bot" + srv.Token() + "/" + f.FilePath)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "PK\x03\x04 report" {
		t.Fatalf("file body = %q", body)
	}
}

func TestScriptedChatFailures(t *testing.T) {
	srv := noLimits(t)
	srv.AddChat(1, "A")
	srv.DeactivateUser(2)
	srv.NeverStarted(3)
	srv.KickBotFromGroup(-100)
	srv.MigrateGroup(-200, -1000000000200)
	srv.FailChat(1, 2, 502)
	srv.FloodChat(5, 3*time.Second)

	wantError(t, send(t, srv, "1", "x"), 502, "Bad Gateway")
	wantError(t, send(t, srv, "1", "x"), 502, "Bad Gateway")
	wantOK(t, send(t, srv, "1", "x"))
	wantError(t, send(t, srv, "2", "x"), 403, "Forbidden: user is deactivated")
	wantError(t, send(t, srv, "3", "x"), 403, "Forbidden: bot can't initiate conversation with a user")
	wantError(t, send(t, srv, "-100", "x"), 403, "Forbidden: bot was kicked from the group chat")
	env := send(t, srv, "-200", "x")
	wantError(t, env, 400, "Bad Request: group chat was upgraded to a supergroup chat")
	if env.Parameters == nil || env.Parameters.MigrateToChatID != -1000000000200 {
		t.Fatalf("parameters = %+v", env.Parameters)
	}
	wantOK(t, send(t, srv, "-1000000000200", "x"))
	env = send(t, srv, "5", "x")
	wantError(t, env, 429, "Too Many Requests: retry after 3")
	if env.Parameters == nil || env.Parameters.RetryAfter != 3 {
		t.Fatalf("parameters = %+v", env.Parameters)
	}

	srv.FailNext("SENDMESSAGE", 1, 500)
	wantError(t, send(t, srv, "1", "x"), 500, "Internal Server Error")
	srv.FailNext("*", 1, 429)
	env = call(t, srv, "getMe", nil)
	wantError(t, env, 429, "Too Many Requests: retry after 1")

	srv.UserBlocksBot(1)
	wantError(t, send(t, srv, "1", "x"), 403, "Forbidden: bot was blocked by the user")
	wantError(t, call(t, srv, "sendChatAction", url.Values{"chat_id": {"1"}, "action": {"typing"}}), 403, "Forbidden: bot was blocked by the user")
	var ups []tgbotapi.Update
	_ = json.Unmarshal(call(t, srv, "getUpdates", nil).Result, &ups)
	if len(ups) != 1 || ups[0].MyChatMember == nil || ups[0].MyChatMember.NewChatMember.Status != "kicked" || ups[0].MyChatMember.Chat.ID != 1 {
		t.Fatalf("my_chat_member = %+v", ups)
	}
	// Writing again means the user unblocked the bot.
	srv.UserSays(1, "A", "xin chào")
	wantOK(t, send(t, srv, "1", "x"))
	if st := srv.Stats(); st.TooManyRequests != 2 || st.Sent != 3 {
		t.Fatalf("stats = %+v", st)
	}
}

func TestRateLimits(t *testing.T) {
	t.Run("private chat burst then one per second", func(t *testing.T) {
		srv := telegramtest.New(t)
		srv.AddChat(42, "An")
		for i := 0; i < 3; i++ {
			wantOK(t, send(t, srv, "42", "x"))
		}
		env := send(t, srv, "42", "x")
		wantError(t, env, 429, "Too Many Requests: retry after 1")
		if env.Parameters == nil || env.Parameters.RetryAfter != 1 {
			t.Fatalf("parameters = %+v", env.Parameters)
		}
		if st := srv.Stats(); st.Sent != 3 || st.TooManyRequests != 1 || len(srv.AllSent()) != 3 {
			t.Fatalf("stats = %+v", st)
		}
	})
	t.Run("30 per second overall", func(t *testing.T) {
		srv := telegramtest.NewWithOptions(t, telegramtest.Options{AnyChat: true})
		for i := 1; i <= 30; i++ {
			wantOK(t, send(t, srv, formatInt(int64(i)), "x"))
		}
		wantError(t, send(t, srv, "31", "x"), 429, "Too Many Requests: retry after 1")
		if st := srv.Stats(); st.PeakPerSecond != 30 || st.Sent != 30 || st.TooManyRequests != 1 {
			t.Fatalf("stats = %+v", st)
		}
	})
	t.Run("20 per minute per group", func(t *testing.T) {
		srv := telegramtest.New(t)
		srv.AddChat(-500, "Chi hội 5")
		for i := 0; i < 20; i++ {
			wantOK(t, send(t, srv, "-500", "x"))
		}
		env := send(t, srv, "-500", "x")
		if env.OK || env.ErrorCode != 429 || env.Parameters == nil || env.Parameters.RetryAfter < 55 || env.Parameters.RetryAfter > 60 {
			t.Fatalf("21st group message: %+v", env)
		}
	})
	t.Run("configurable", func(t *testing.T) {
		srv := telegramtest.NewWithOptions(t, telegramtest.Options{Limits: telegramtest.Limits{PrivateBurst: 1, PerSecond: 2}, AnyChat: true})
		wantOK(t, send(t, srv, "1", "x"))
		wantError(t, send(t, srv, "1", "x"), 429, "Too Many Requests: retry after 1")
		wantOK(t, send(t, srv, "2", "x"))
		wantError(t, send(t, srv, "3", "x"), 429, "Too Many Requests: retry after 1")
	})
}

func getUpdates(t *testing.T, srv *telegramtest.Server, params url.Values) []tgbotapi.Update {
	t.Helper()
	env := call(t, srv, "getUpdates", params)
	wantOK(t, env)
	var ups []tgbotapi.Update
	if err := json.Unmarshal(env.Result, &ups); err != nil {
		t.Fatal(err)
	}
	return ups
}

func TestGetUpdatesOffsets(t *testing.T) {
	srv := telegramtest.New(t)
	env := call(t, srv, "getUpdates", nil)
	if string(env.Result) != "[]" {
		t.Fatalf("empty result = %s", env.Result)
	}
	a := srv.UserSays(42, "An", "/start ref_abc")
	b := srv.UserSays(42, "An", "5k3s la gi")
	c := srv.UserSays(43, "Bình", "vneid")
	if b != a+1 || c != b+1 {
		t.Fatalf("ids %d %d %d", a, b, c)
	}
	ups := getUpdates(t, srv, url.Values{"limit": {"2"}, "allowed_updates": {"null"}})
	if len(ups) != 2 || int64(ups[0].UpdateID) != a || ups[0].Message.Text != "/start ref_abc" || !ups[0].Message.IsCommand() ||
		ups[0].Message.CommandArguments() != "ref_abc" || ups[0].Message.Chat.ID != 42 || ups[0].Message.From.FirstName != "An" {
		t.Fatalf("first batch = %+v", ups)
	}
	// Without a new offset the same updates come again.
	if ups := getUpdates(t, srv, nil); len(ups) != 3 {
		t.Fatalf("unconfirmed: %d", len(ups))
	}
	// offset = last+1 confirms.
	ups = getUpdates(t, srv, url.Values{"offset": {formatInt(b + 1)}})
	if len(ups) != 1 || int64(ups[0].UpdateID) != c {
		t.Fatalf("after confirm = %+v", ups)
	}
	if srv.PendingUpdates() != 1 {
		t.Fatalf("pending = %d", srv.PendingUpdates())
	}
	srv.UserSays(44, "C", "1")
	srv.UserSays(44, "C", "2")
	ups = getUpdates(t, srv, url.Values{"offset": {"-1"}})
	if len(ups) != 1 || ups[0].Message.Text != "2" || srv.PendingUpdates() != 1 {
		t.Fatalf("offset -1 = %+v", ups)
	}
}

func TestGetUpdatesAllowedUpdates(t *testing.T) {
	srv := telegramtest.New(t)
	getUpdates(t, srv, url.Values{"allowed_updates": {`["callback_query"]`}})
	srv.UserSays(42, "An", "ignored")
	if n := srv.PendingUpdates(); n != 0 {
		t.Fatalf("message queued despite allowed_updates: %d", n)
	}
	// Omitted keeps the setting; [] restores the default set.
	getUpdates(t, srv, nil)
	srv.UserSays(42, "An", "still ignored")
	getUpdates(t, srv, url.Values{"allowed_updates": {`[]`}})
	srv.UserSays(42, "An", "seen")
	if ups := getUpdates(t, srv, nil); len(ups) != 1 || ups[0].Message.Text != "seen" {
		t.Fatalf("updates = %+v", ups)
	}
}

func TestLongPollHoldsUntilUpdate(t *testing.T) {
	srv := telegramtest.New(t)
	got := make(chan []tgbotapi.Update, 1)
	go func() {
		resp, err := http.PostForm(srv.URL()+"/bot"+srv.Token()+"/getUpdates", url.Values{"timeout": {"30"}})
		if err != nil {
			got <- nil
			return
		}
		defer resp.Body.Close()
		var env struct{ Result []tgbotapi.Update }
		_ = json.NewDecoder(resp.Body).Decode(&env)
		got <- env.Result
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// Inject only once the poll is held, so an immediate answer would be wrong.
	if err := srv.WaitFor(ctx, srv.Polling); err != nil {
		t.Fatal(err)
	}
	srv.UserSays(42, "An", "chào")
	select {
	case ups := <-got:
		if len(ups) != 1 || ups[0].Message.Text != "chào" {
			t.Fatalf("long poll got %+v", ups)
		}
	case <-ctx.Done():
		t.Fatal("long poll not answered when the update arrived")
	}
}

func TestSecondPollerConflict(t *testing.T) {
	srv := telegramtest.New(t)
	first := make(chan envelope, 1)
	go func() {
		resp, err := http.PostForm(srv.URL()+"/bot"+srv.Token()+"/getUpdates", url.Values{"timeout": {"30"}})
		if err != nil {
			first <- envelope{}
			return
		}
		defer resp.Body.Close()
		var env envelope
		_ = json.NewDecoder(resp.Body).Decode(&env)
		env.ErrorCode = resp.StatusCode
		first <- env
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.WaitFor(ctx, srv.Polling); err != nil {
		t.Fatal(err)
	}
	wantOK(t, call(t, srv, "getUpdates", url.Values{"timeout": {"0"}}))
	select {
	case env := <-first:
		wantError(t, env, 409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")
	case <-ctx.Done():
		t.Fatal("first poller never terminated")
	}
}

func TestWebhookSetupRules(t *testing.T) {
	srv := telegramtest.New(t)
	set := func(v url.Values) envelope { return call(t, srv, "setWebhook", v) }
	wantError(t, set(url.Values{"url": {"http://example.org/hook"}}), 400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
	wantError(t, set(url.Values{"url": {"http://127.0.0.1:9999/hook"}}), 400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
	wantError(t, set(url.Values{"url": {"https://example.org:9999/hook"}}), 400, "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
	wantError(t, set(url.Values{"url": {"https://example.org/hook"}, "secret_token": {"has space"}}), 400, "Bad Request: secret token contains unallowed characters")
	wantError(t, set(url.Values{"url": {"https://example.org/hook"}, "secret_token": {strings.Repeat("a", 257)}}), 400, "Bad Request: secret token is too long")
	wantOK(t, set(url.Values{"url": {"https://example.org:8443/hook"}, "secret_token": {"Az09_-"}, "allowed_updates": {"null"}}))
	if u, s := srv.Webhook(); u != "https://example.org:8443/hook" || s != "Az09_-" {
		t.Fatalf("webhook = %q %q", u, s)
	}
	wantError(t, call(t, srv, "getUpdates", nil), 409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
	wantOK(t, call(t, srv, "deleteWebhook", nil))
	wantOK(t, call(t, srv, "getUpdates", nil))
}

func TestWebhookDeliveryRetries(t *testing.T) {
	srv := telegramtest.NewWithOptions(t, telegramtest.Options{AllowHTTPWebhook: true, WebhookRetryDelay: 5 * time.Millisecond})
	var calls atomic.Int32
	got := make(chan tgbotapi.Update, 10)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Telegram-Bot-Api-Secret-Token") != "s3cret" {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		if calls.Add(1) <= 2 {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		var u tgbotapi.Update
		_ = json.NewDecoder(r.Body).Decode(&u)
		got <- u
	}))
	defer hook.Close()

	// A held long poll is terminated by setting the webhook.
	polled := make(chan int, 1)
	go func() {
		resp, err := http.PostForm(srv.URL()+"/bot"+srv.Token()+"/getUpdates", url.Values{"timeout": {"30"}})
		if err == nil {
			resp.Body.Close()
			polled <- resp.StatusCode
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.WaitFor(ctx, srv.Polling); err != nil {
		t.Fatal(err)
	}
	wantOK(t, call(t, srv, "setWebhook", url.Values{"url": {hook.URL}, "secret_token": {"s3cret"}}))
	id := srv.UserSays(42, "An", "qua webhook")
	select {
	case u := <-got:
		if int64(u.UpdateID) != id || u.Message.Text != "qua webhook" {
			t.Fatalf("delivered %+v", u)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("webhook never delivered")
	}
	if err := srv.WaitFor(ctx, func() bool { return srv.PendingUpdates() == 0 && len(srv.Deliveries()) == 3 }); err != nil {
		t.Fatal(err)
	}
	d := srv.Deliveries()
	if d[0].Status != 500 || d[1].Status != 500 || d[2].Status != 200 {
		t.Fatalf("deliveries = %+v", d)
	}
	var info tgbotapi.WebhookInfo
	_ = json.Unmarshal(call(t, srv, "getWebhookInfo", nil).Result, &info)
	if info.URL != hook.URL || info.PendingUpdateCount != 0 || info.LastErrorMessage != "Wrong response from the webhook: 500 Internal Server Error" || info.LastErrorDate == 0 {
		t.Fatalf("info = %+v", info)
	}
	select {
	case code := <-polled:
		if code != 409 {
			t.Fatalf("held poll got %d", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("held poll not terminated by setWebhook")
	}

	// A wrong secret on the receiving side: retried, counted as pending, then dropped.
	wantOK(t, call(t, srv, "setWebhook", url.Values{"url": {hook.URL}, "secret_token": {"other"}}))
	srv.UserSays(42, "An", "lần 2")
	if err := srv.WaitFor(ctx, func() bool { return len(srv.Deliveries()) >= 5 }); err != nil {
		t.Fatal(err)
	}
	_ = json.Unmarshal(call(t, srv, "getWebhookInfo", nil).Result, &info)
	if info.PendingUpdateCount != 1 || info.LastErrorMessage != "Wrong response from the webhook: 403 Forbidden" {
		t.Fatalf("info = %+v", info)
	}
	if err := srv.WaitFor(ctx, func() bool { return srv.PendingUpdates() == 0 }); err != nil {
		t.Fatalf("update never dropped after max attempts: %v", err)
	}
	if n := len(srv.Deliveries()); n != 3+10 {
		t.Fatalf("deliveries = %d, want 3 + 10 attempts", n)
	}
}

func TestWaitForMessagesTimesOut(t *testing.T) {
	srv := telegramtest.New(t)
	srv.AddChat(42, "An")
	wantOK(t, send(t, srv, "42", "một"))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	got, err := srv.WaitForMessages(ctx, 42, 2)
	if !errors.Is(err, context.DeadlineExceeded) || len(got) != 1 {
		t.Fatalf("got %d, %v", len(got), err)
	}
	go func() { send(t, srv, "42", "hai") }()
	ctx2, cancel2 := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel2()
	if got, err := srv.WaitForMessages(ctx2, 42, 2); err != nil || got[1].Text != "hai" {
		t.Fatalf("got %+v, %v", got, err)
	}
}

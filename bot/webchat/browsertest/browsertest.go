// Package browsertest drives the web chat in a real headless Chromium for
// tests: the web chat's own test and the program's end-to-end test both use
// it. It needs Debian's chromium (/usr/bin/chromium, or the path in
// $LOA_CHROMIUM); when the browser is missing the test fails, it never skips.
package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Timeout bounds every step (loading the page, waiting for an answer).
const Timeout = 15 * time.Second

// startAttempts is how many times New starts Chromium before it gives up.
const startAttempts = 3

// Phone is the viewport Open uses: a small phone, in CSS pixels.
const (
	PhoneWidth  = 360
	PhoneHeight = 640
)

// Browser is one headless Chromium with one tab, closed when the test ends.
// Its methods fail the test (t.Fatal) when a step does not succeed in Timeout.
// Use it from the test's goroutine only.
type Browser struct {
	t   testing.TB
	ctx context.Context

	mu       sync.Mutex
	problems []string // uncaught exceptions and console errors of the page
	done     bool

	mark int // bot messages on the page before the last Ask or ClickButton
}

// ChromiumPath finds the browser: $LOA_CHROMIUM, /usr/bin/chromium, or
// chromium / chromium-browser on $PATH.
func ChromiumPath() (string, error) {
	if p := os.Getenv("LOA_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("LOA_CHROMIUM=%s: %w", p, err)
		}
		return p, nil
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("chromium is not installed (looked at $LOA_CHROMIUM, /usr/bin/chromium and $PATH)")
}

// New starts a fresh headless Chromium (its own empty profile, no network
// of its own: no updates, sync or QUIC) and closes it when the test ends; a
// start that fails is tried again, up to startAttempts times.
// When the test is over it also fails the test if the page threw an
// uncaught exception or logged an error other than a failed network request
// (a CSP violation, for example).
func New(t testing.TB) *Browser {
	t.Helper()
	path, err := ChromiumPath()
	if err != nil {
		t.Fatalf("this test needs a real headless Chromium: %v. Run `make test`, which installs it (apt-get install chromium).", err)
	}
	b := &Browser{t: t}
	var cancelTab, cancelAlloc context.CancelFunc
	for attempt := 1; ; attempt++ {
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(path),
			chromedp.Headless,
			chromedp.NoSandbox, // tests run as root in containers, where the sandbox cannot start
			chromedp.DisableGPU,
			chromedp.NoFirstRun,
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.UserDataDir(t.TempDir()),
			chromedp.WindowSize(PhoneWidth, PhoneHeight),
		)
		var actx context.Context
		actx, cancelAlloc = chromedp.NewExecAllocator(context.Background(), opts...)
		b.ctx, cancelTab = chromedp.NewContext(actx, chromedp.WithErrorf(b.logf))
		err := chromedp.Do(b.ctx) // starts the browser, bound to b.ctx
		if err == nil {
			break
		}
		cancelTab()
		cancelAlloc()
		// On a busy machine Chromium now and then exits before it listens
		// (about one start in fifty), printing nothing: start it afresh.
		if attempt == startAttempts {
			t.Fatalf("start chromium %s (%d attempts): %v", path, attempt, err)
		}
		t.Logf("start chromium %s, attempt %d: %v; trying again", path, attempt, err)
	}
	ctx := b.ctx
	t.Cleanup(func() {
		b.mu.Lock()
		b.done = true
		problems := b.problems
		b.mu.Unlock()
		cancelTab()
		cancelAlloc()
		if len(problems) > 0 {
			t.Errorf("the page reported errors:\n  %s", strings.Join(problems, "\n  "))
		}
	})
	console := chromedp.Console(ctx)
	go func() {
		for m, err := range console {
			if err != nil {
				return
			}
			if m.IsException() || (m.Type == chromedp.ConsoleError && m.Source != "network") {
				b.mu.Lock()
				b.problems = append(b.problems, m.String())
				b.mu.Unlock()
			}
		}
	}()
	return b
}

// logf forwards chromedp's own errors to the test log while the test runs.
func (b *Browser) logf(format string, args ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.done {
		b.t.Logf("chromedp: "+format, args...)
	}
}

// Context is the chromedp context of the tab, for steps of a test's own
// (chromedp.Run(b.Context(), ...)).
func (b *Browser) Context() context.Context { return b.ctx }

// run runs steps with the per-step timeout and fails the test on error.
func (b *Browser) run(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, Timeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("browser: %s: %v\nbot messages on the page: %q", what, err, b.botMessages())
	}
}

// Eval evaluates a JavaScript expression in the page and decodes its JSON
// value into out (nil to ignore it).
func (b *Browser) Eval(expression string, out any) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, Timeout)
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](expression))
	if err != nil {
		b.t.Fatalf("browser: evaluate %q: %v", expression, err)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			b.t.Fatalf("browser: decode result of %q: %v", expression, err)
		}
	}
}

// Viewport sets the tab's size in CSS pixels, as a phone (mobile layout,
// device scale 2, touch).
func (b *Browser) Viewport(width, height int) {
	b.t.Helper()
	b.run(fmt.Sprintf("set viewport %dx%d", width, height),
		chromedp.EmulateViewport(int64(width), int64(height), chromedp.EmulateScale(2), chromedp.EmulateMobile))
}

// Open loads the web chat at url on a 360×640 phone screen and waits until
// the question box is ready.
func (b *Browser) Open(url string) {
	b.t.Helper()
	b.Viewport(PhoneWidth, PhoneHeight)
	b.run("open "+url, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.ID("q")))
	b.mark = 0
}

// Ask types text into the question box and presses "Gửi".
func (b *Browser) Ask(text string) {
	b.t.Helper()
	b.mark = len(b.botMessages())
	b.run("ask a question",
		chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.SendKeys(chromedp.ID("q"), text),
		chromedp.Click(chromedp.ID("send")),
	)
}

// ClickButton clicks, with a real mouse click, the last visible reply button
// whose label is exactly label, waiting for it to appear. A choice folded
// behind "Xem thêm" is not visible: call ShowMore first, as a member would.
func (b *Browser) ClickButton(label string) {
	b.t.Helper()
	quoted, _ := json.Marshal(label)
	// Mark the button so a CSS selector finds it; a JSON string is a valid
	// JavaScript string literal.
	find := fmt.Sprintf(`(() => {
		const all = [...document.querySelectorAll('#log .msg.bot .choice')].filter((b) => b.textContent === %s && b.getClientRects().length > 0);
		if (all.length === 0) return false;
		document.querySelectorAll('[data-browsertest-target]').forEach((b) => b.removeAttribute('data-browsertest-target'));
		all[all.length - 1].setAttribute('data-browsertest-target', '');
		return true;
	})()`, quoted)
	b.mark = len(b.botMessages())
	b.run("click the button "+string(quoted),
		chromedp.Poll[chromedp.Void](find, chromedp.WithPollingTimeout(Timeout), chromedp.WithPollingInterval(50*time.Millisecond)),
		chromedp.Click(chromedp.CSS("[data-browsertest-target]")),
	)
}

// ShowMore clicks, with a real mouse click, the "Xem thêm" button of the last
// bot message that folds some of its choices, waiting for it to appear, and
// waits until the folded choices show.
func (b *Browser) ShowMore() {
	b.t.Helper()
	find := `(() => {
		const all = [...document.querySelectorAll('#log .msg.bot .buttons .more')];
		if (all.length === 0) return false;
		document.querySelectorAll('[data-browsertest-target]').forEach((b) => b.removeAttribute('data-browsertest-target'));
		all[all.length - 1].setAttribute('data-browsertest-target', '');
		return true;
	})()`
	b.run("show more choices",
		chromedp.Poll[chromedp.Void](find, chromedp.WithPollingTimeout(Timeout), chromedp.WithPollingInterval(50*time.Millisecond)),
		chromedp.Click(chromedp.CSS("[data-browsertest-target]")),
		chromedp.WaitNotPresent(chromedp.CSS("[data-browsertest-target]")),
	)
}

// WaitForText waits until a bot message shown since the last Open, Ask or
// ClickButton contains substr (as text, so "<b>" matches the characters).
func (b *Browser) WaitForText(substr string) {
	b.t.Helper()
	quoted, _ := json.Marshal(substr)
	cond := fmt.Sprintf(`[...document.querySelectorAll('#log .msg.bot .text')].slice(%d).some((p) => p.textContent.includes(%s))`, b.mark, quoted)
	b.run("wait for a bot message containing "+string(quoted),
		chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingTimeout(Timeout), chromedp.WithPollingInterval(50*time.Millisecond)))
}

// BotMessages returns the text of every bot message on the page, in order.
func (b *Browser) BotMessages() []string {
	b.t.Helper()
	return b.botMessages()
}

func (b *Browser) botMessages() []string {
	ctx, cancel := context.WithTimeout(b.ctx, Timeout)
	defer cancel()
	texts, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('#log .msg.bot .text')].map((p) => p.textContent)`))
	if err != nil {
		return nil
	}
	return texts
}

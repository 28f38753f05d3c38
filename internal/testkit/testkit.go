// Package testkit holds the helpers tests across Loa's packages share: a
// log buffer safe for many goroutines, a context bounded for waiting, and
// seeding a real Redis (a unit tree, members) through the store. Tests
// only; nothing outside _test.go files imports it.
package testkit

import (
	"bytes"
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"loa/content"
	"loa/store"
)

// LogBuffer collects log output written from many goroutines (pass it to
// slog.NewTextHandler) and reads it back whole.
type LogBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *LogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *LogBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// WaitTimeout bounds WaitCtx: long enough for a loaded 2-core machine,
// short enough that a test waiting for something that never comes fails
// with its own message rather than the package timeout.
const WaitTimeout = 15 * time.Second

// WaitCtx is a context that ends after WaitTimeout or with the test.
func WaitCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), WaitTimeout)
	t.Cleanup(cancel)
	return ctx
}

// SeedUnits imports a unit tree given as the CSV `bot admin units import`
// reads (code,name,parent,kind).
func SeedUnits(t testing.TB, st *store.Store, csv string) []store.Unit {
	t.Helper()
	units, err := store.ParseUnitsCSV(strings.NewReader(csv), "units.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportUnits(context.Background(), units); err != nil {
		t.Fatal(err)
	}
	return units
}

// AddMember registers an active member who consented now, named "Chị
// <userID>", in unit.
func AddMember(t testing.TB, st *store.Store, platform, userID, unit string) store.Member {
	t.Helper()
	m := store.Member{Platform: platform, UserID: userID, Name: "Chị " + userID, Unit: unit, Consent: time.Now(), Active: true}
	if _, err := st.Register(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	return m
}

// SharedModelsEnv names the folder where the test processes of one run
// share their trained models (content.ShareModels): `make test` names one
// per build of loa/content, kept between runs. Unset, every process trains
// its own.
const SharedModelsEnv = "LOA_TEST_SHARED_MODELS"

// init shares the trained models of every test process that imports
// testkit, before any of its tests loads a knowledge base: the content,
// handlers and bot packages each trained the embedded knowledge base's
// classifiers (about 5 CPU-seconds) and the variants their tests load.
func init() {
	if dir := os.Getenv(SharedModelsEnv); dir != "" {
		content.ShareModels(dir)
	}
}

// embedded is the knowledge base built into the binary, loaded once per
// test process by EmbeddedLibrary.
var embedded = struct {
	once sync.Once
	lib  *content.Library
	err  error
}{}

// EmbeddedLibrary is content.NewLibrary("") loaded once per test process
// and shared: building the matcher costs about half a second of CPU, and a
// package of tests that each built their own spent most of its time there.
// It is read-only for its users: a test that reloads the library or adds a
// local entry must build its own.
func EmbeddedLibrary(t testing.TB) *content.Library {
	t.Helper()
	embedded.once.Do(func() { embedded.lib, embedded.err = content.NewLibrary("") })
	if embedded.err != nil {
		t.Fatalf("load the embedded knowledge base: %v", embedded.err)
	}
	return embedded.lib
}

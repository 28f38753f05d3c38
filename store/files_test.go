package store_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"loa/store"
	"loa/store/redistest"
)

func TestPutGetFile(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	rdb := srv.Client()
	st := store.New(rdb)
	ctx := context.Background()

	data := []byte("PK\x03\x04 báo cáo tháng 11 \x00\xff")
	token, err := st.PutFile(ctx, "Báo cáo tháng 11.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data, 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if len(token) != 22 {
		t.Fatalf("token %q: want 22 base64url characters (128 bits)", token)
	}
	name, mime, got, err := st.GetFile(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	if name != "Báo cáo tháng 11.xlsx" || mime != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" || !bytes.Equal(got, data) {
		t.Fatalf("got %q %q %q", name, mime, got)
	}
	ttl := rdb.TTL(ctx, "loa:dl:"+token).Val()
	if ttl <= 23*time.Hour || ttl > 24*time.Hour {
		t.Fatalf("download TTL = %s, want about 24h", ttl)
	}

	other, err := st.PutFile(ctx, "a.png", "image/png", []byte{1}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if other == token {
		t.Fatal("two files got the same token")
	}
}

func TestGetFileUnknownExpiredOrMalformed(t *testing.T) {
	t.Parallel()
	st := store.New(redistest.Start(t).Client())
	ctx := context.Background()

	token, err := st.PutFile(ctx, "qr.png", "image/png", []byte("png"), 1100*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ label, token string }{
		{"unknown", "AAAAAAAAAAAAAAAAAAAAAA"},
		{"malformed", "../../etc/passwd"},
		{"empty", ""},
		{"too long", token + "x"},
	} {
		if _, _, _, err := st.GetFile(ctx, tc.token); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s token: err = %v, want fs.ErrNotExist", tc.label, err)
		}
	}
	// Expiry is Redis's job; wait for it through the public API.
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, _, _, err := st.GetFile(ctx, token)
		if errors.Is(err, store.ErrFileGone) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("file still served after its TTL: err = %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestPutFileLimits(t *testing.T) {
	t.Parallel()
	// Writing 20 MB took over go-redis's default 3 s read timeout while
	// the whole suite shared a loaded machine (race detector on): this
	// test's client waits longer. The limits asserted are the store's.
	rdb := redis.NewClient(&redis.Options{Addr: redistest.Start(t).Addr(), ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second})
	t.Cleanup(func() { rdb.Close() })
	st := store.New(rdb)
	ctx := context.Background()
	if _, err := st.PutFile(ctx, "big.bin", "application/octet-stream", make([]byte, store.MaxFileSize+1), time.Hour); err == nil {
		t.Error("file over 20 MB accepted")
	}
	if _, err := st.PutFile(ctx, "empty.txt", "text/plain", nil, time.Hour); err == nil {
		t.Error("empty file accepted")
	}
	if _, err := st.PutFile(ctx, "a.txt", "text/plain", []byte("a"), 0); err == nil {
		t.Error("zero lifetime accepted")
	}
	if _, err := st.PutFile(ctx, "max.bin", "application/octet-stream", make([]byte, store.MaxFileSize), time.Hour); err != nil {
		t.Errorf("file of exactly 20 MB refused: %v", err)
	}
}

package download_test

import (
	"context"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"loa/bot/download"
	"loa/store"
	"loa/store/redistest"
)

func TestDownloadServesExactBytesAsAttachment(t *testing.T) {
	st := store.New(redistest.Start(t).Client())
	data := []byte("PK\x03\x04\x00\xffbáo cáo")
	token, err := st.PutFile(context.Background(), "Báo cáo tháng 11.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/dl/", download.Handler(st, nil))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	resp, err := http.Get(srv.URL + "/dl/" + token)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != string(data) {
		t.Fatalf("GET: %d %q", resp.StatusCode, body)
	}
	disp, params, err := mime.ParseMediaType(resp.Header.Get("Content-Disposition"))
	if err != nil || disp != "attachment" || params["filename"] != "Báo cáo tháng 11.xlsx" {
		t.Fatalf("Content-Disposition = %q (%v)", resp.Header.Get("Content-Disposition"), err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("Content-Type = %q", ct)
	}

	for _, path := range []string{"/dl/AAAAAAAAAAAAAAAAAAAAAA", "/dl/", "/dl/" + token + "/x", "/dl/..%2f..%2fetc"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 404 || !strings.Contains(string(body), "Liên kết") {
			t.Errorf("%s: %d %q, want 404 with a Vietnamese note", path, resp.StatusCode, body)
		}
	}
	resp, _ = http.Post(srv.URL+"/dl/"+token, "text/plain", nil)
	resp.Body.Close()
	if resp.StatusCode != 405 {
		t.Fatalf("POST: %d, want 405", resp.StatusCode)
	}
}

func TestDownloadExpiredIs404(t *testing.T) {
	st := store.New(redistest.Start(t).Client())
	token, err := st.PutFile(context.Background(), "qr.png", "image/png", []byte("png"), 1100*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	h := download.Handler(st, nil)
	deadline := time.Now().Add(5 * time.Second)
	for {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/dl/"+token, nil))
		if rec.Code == 404 {
			return
		}
		if rec.Code != 200 || time.Now().After(deadline) {
			t.Fatalf("status %d; link still served after its lifetime?", rec.Code)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestDownloadStoreDownIs503WithoutToken(t *testing.T) {
	srv := redistest.Start(t)
	st := store.New(srv.Client())
	srv.Stop()
	var logs strings.Builder
	h := download.Handler(st, slogTo(&logs))
	rec := httptest.NewRecorder()
	token := "QUJDREVGR0hJSktMTU5PUA"
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/dl/"+token, nil))
	if rec.Code != 503 {
		t.Fatalf("store down: %d, want 503", rec.Code)
	}
	if strings.Contains(logs.String(), token) || logs.Len() == 0 {
		t.Fatalf("log = %q: want a line without the token", logs.String())
	}
}

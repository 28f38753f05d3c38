package main

import (
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// scrape reads the program's /metrics as Prometheus would and returns the
// raw text and the parsed families.
func scrape(t *testing.T, p *program) (string, map[string]*dto.MetricFamily) {
	t.Helper()
	resp, err := http.Get("http://" + p.addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: %d, %v", resp.StatusCode, err)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(strings.NewReader(string(body)))
	if err != nil {
		t.Fatalf("/metrics is not the Prometheus text format: %v\n%s", err, body)
	}
	return string(body), fams
}

// sample is the value of the series name{labels} ("k=v,k=v"), -1 when the
// series is absent; histograms give their sample count.
func sample(fams map[string]*dto.MetricFamily, name, labels string) float64 {
	f, ok := fams[name]
	if !ok {
		return -1
	}
	want := map[string]string{}
	if labels != "" {
		for _, kv := range strings.Split(labels, ",") {
			k, v, _ := strings.Cut(kv, "=")
			want[k] = v
		}
	}
	for _, m := range f.GetMetric() {
		if len(m.GetLabel()) != len(want) {
			continue
		}
		match := true
		for _, l := range m.GetLabel() {
			if want[l.GetName()] != l.GetValue() {
				match = false
			}
		}
		if !match {
			continue
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue()
		case m.Gauge != nil:
			return m.Gauge.GetValue()
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount())
		}
	}
	return -1
}

// wantSeries waits until every series has its value (counters only grow,
// so a value past the wanted one shows in the failure).
func wantSeries(t *testing.T, p *program, want map[string]float64) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		body, fams := scrape(t, p)
		var wrong []string
		for series, v := range want {
			name, labels, _ := strings.Cut(strings.TrimSuffix(series, "}"), "{")
			if got := sample(fams, name, labels); got != v {
				wrong = append(wrong, fmt.Sprintf("%s = %v, want %v", series, got, v))
			}
		}
		if len(wrong) == 0 {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("metrics:\n%s\n\n%s", strings.Join(wrong, "\n"), body)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestMetricsCountUpdatesAndAnswers runs the whole program against the
// fake Telegram server: a member asks, presses a button, types a command
// and asks something Loa cannot answer; /metrics counts each, and carries
// none of what she wrote nor who she is.
func TestMetricsCountUpdatesAndAnswers(t *testing.T) {
	t.Parallel()
	rig, _ := telegramRig(t)
	p := startProgram(t, rig.env, rig.secrets...)
	m := rig.newMember(t, 1)

	body := wantSeries(t, p, map[string]float64{
		`loa_answers_total{result=answered}`:   0,
		`loa_answers_total{result=unanswered}`: 0,
		`loa_answers_total{result=emergency}`:  0,
	})
	for _, name := range []string{"go_goroutines", "process_resident_memory_bytes"} {
		if !strings.Contains(body, "\n"+name+" ") {
			t.Errorf("no %s: the Go and process collectors are missing", name)
		}
	}

	m.Say("5k3s la j z c")
	contains(t, "answer", m.Replies(1)[0], "5 không")
	wantSeries(t, p, map[string]float64{
		`loa_updates_total{platform=telegram,kind=message}`: 1,
		`loa_answers_total{result=answered}`:                1,
		`loa_answers_total{result=unanswered}`:              0,
		`loa_update_seconds{platform=telegram}`:             1,
	})

	n := len(m.Replies(1))
	m.Press("📚 Chủ đề khác")
	m.Replies(n + 1)
	m.Say("/help")
	m.Replies(n + 2)
	m.Say(offTopic)
	contains(t, "fallback", last(m.Replies(n+3)), "chưa có câu trả lời")
	m.Say("ck e dang danh e cuu e voi")
	contains(t, "emergency", m.Replies(n + 4)[n+3], "113")

	body = wantSeries(t, p, map[string]float64{
		`loa_updates_total{platform=telegram,kind=message}`: 3,
		`loa_updates_total{platform=telegram,kind=button}`:  1,
		`loa_updates_total{platform=telegram,kind=command}`: 1,
		`loa_answers_total{result=answered}`:                1,
		`loa_answers_total{result=unanswered}`:              1,
		`loa_answers_total{result=emergency}`:               1,
		`loa_update_seconds{platform=telegram}`:             5,
	})
	// Whole words only: a member's id of digits may stand inside a larger
	// number of a Go collector's (memory bytes), which is not her id.
	for _, private := range []string{"vang", "danh", m.ID(), "Chị 1"} {
		if regexp.MustCompile(`(^|[^0-9A-Za-z])` + regexp.QuoteMeta(private) + `([^0-9A-Za-z]|$)`).MatchString(body) {
			t.Errorf("/metrics shows %q, which a member wrote or is", private)
		}
	}
}

// TestMetricsCountNoticeDeliveries sends a notice to a branch on Telegram
// and Zalo, one of whose members deleted her account; /metrics counts each
// recipient by platform and outcome.
func TestMetricsCountNoticeDeliveries(t *testing.T) {
	t.Parallel()
	w := startNoticeWorld(t, 3, nil)
	gone := w.tgChats[0]
	w.tg.DeactivateUser(gone)

	w.tgHead.Say("/thongbao Chiều nay 14 giờ họp chi hội.")
	w.waitHeadTelegram("6 thành viên của Chi hội Ấp 1", 10*time.Second)
	w.tgHead.Press("Gửi")
	w.waitHeadTelegram("Đã gửi xong thông báo tới Chi hội Ấp 1.\n• Đã nhận: 5/6", 30*time.Second)

	body := wantSeries(t, w.p, map[string]float64{
		`loa_delivery_messages_total{platform=telegram,outcome=sent}`:    2,
		`loa_delivery_messages_total{platform=telegram,outcome=blocked}`: 1,
		`loa_delivery_messages_total{platform=zalo,outcome=sent}`:        3,
	})
	// The whole number, not a piece of a float ("1.600003" holds 60000).
	if regexp.MustCompile(`(^|[^0-9.])` + strconv.FormatInt(gone, 10) + `([^0-9.]|$)`).MatchString(body) {
		t.Errorf("/metrics shows a chat id")
	}
}

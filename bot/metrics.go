package main

import (
	"context"
	"log/slog"
	"net/http"
	"slices"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"loa/bot/delivery"
	"loa/bot/webchat"
	"loa/chat"
	"loa/handlers"
)

// metrics are the bot's Prometheus metrics, served on GET /metrics. They
// live on their own registry, not the library's global one, so two Apps in
// one process (tests) never collide. Label values come from small fixed
// sets only: never a text, a chat or user id, or a token.
type metrics struct {
	reg        *prometheus.Registry
	updates    *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	answers    *prometheus.CounterVec
	deliveries *prometheus.CounterVec
	// unreachable counts the failed deliveries a platform's reach rules
	// caused (the Zalo OA's window, quota, followers), by reason.
	unreachable *prometheus.CounterVec
	refused     prometheus.Counter
	// connRefused counts connections closed at once because their address
	// held its bound of open ones (LOA_HTTP_CONNS_PER_ADDR).
	connRefused prometheus.Counter
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		updates: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "loa_updates_total",
			Help: "Updates from members handled by the router (duplicates dropped), by platform and kind (message, button, command).",
		}, []string{"platform", "kind"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "loa_update_seconds",
			Help:    "Time the router took to handle one update, sending not included.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"platform"}),
		answers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "loa_answers_total",
			Help: "Questions for the knowledge base by result: answered, unanswered (recorded for staff) or emergency (hotline answer).",
		}, []string{"result"}),
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "loa_delivery_messages_total",
			Help: "Recipients of bulk messages (notices, posts, reminders) this process finished, by platform and outcome (sent, blocked, failed, in_doubt).",
		}, []string{"platform", "outcome"}),
		unreachable: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "loa_delivery_unreachable_total",
			Help: "Failed recipients of bulk messages whom a platform's reach rules kept out (not attempted, or refused and not retried), by platform and reason (window: no message from her in 7 days, quota: free replies and paid quota used up, not_follower).",
		}, []string{"platform", "reason"}),
		refused: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "loa_webchat_refused_total",
			Help: "Web chat requests refused by a flood limit or an address's bound (429).",
		}),
		connRefused: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "loa_http_connections_refused_total",
			Help: "HTTP connections answered 503 and closed because their address (an IPv6 /64) held LOA_HTTP_CONNS_PER_ADDR open ones.",
		}),
	}
	m.reg.MustRegister(m.updates, m.latency, m.answers, m.deliveries, m.unreachable, m.refused, m.connRefused,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// Every answer result shows from the start, so a rate of unanswered
	// questions is defined before the first one.
	for _, r := range []string{handlers.AnswerAnswered, handlers.AnswerUnanswered, handlers.AnswerEmergency} {
		m.answers.WithLabelValues(r)
	}
	return m
}

// observe counts one handled update (handlers.Deps.Observe).
func (m *metrics) observe(o handlers.Outcome) {
	platform := platformLabel(o.Platform)
	kind := o.Kind
	switch kind {
	case handlers.UpdateMessage, handlers.UpdateButton, handlers.UpdateCommand:
	default:
		kind = "other"
	}
	m.updates.WithLabelValues(platform, kind).Inc()
	m.latency.WithLabelValues(platform).Observe(o.Duration.Seconds())
	switch o.Answer {
	case handlers.AnswerAnswered, handlers.AnswerUnanswered, handlers.AnswerEmergency:
		m.answers.WithLabelValues(o.Answer).Inc()
	}
}

// delivered counts one recipient's final outcome (delivery.Options.OnOutcome).
func (m *metrics) delivered(_ context.Context, platform, outcome string) {
	switch outcome {
	case delivery.OutcomeSent, delivery.OutcomeBlocked, delivery.OutcomeFailed, delivery.OutcomeInDoubt:
	default:
		outcome = "other"
	}
	m.deliveries.WithLabelValues(platformLabel(platform), outcome).Inc()
}

// unreachableDelivery counts one recipient a platform's reach rules kept
// out (delivery.Options.OnUnreachable).
func (m *metrics) unreachableDelivery(_ context.Context, platform, code string) {
	if !slices.Contains(chat.UnreachableCodes, code) {
		code = "other"
	}
	m.unreachable.WithLabelValues(platformLabel(platform), code).Inc()
}

// watchWebChat publishes the web chat's sessions and held polls as gauges,
// read at each scrape.
func (m *metrics) watchWebChat(stats func() webchat.Stats) {
	m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "loa_webchat_sessions", Help: "Web chat sessions kept in memory."},
			func() float64 { return float64(stats().Sessions) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "loa_webchat_member_sessions", Help: "Web chat sessions of registered members."},
			func() float64 { return float64(stats().MemberSessions) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "loa_webchat_polls", Help: "Web chat long polls held open."},
			func() float64 { return float64(stats().Polls) }),
	)
}

// handler serves the registry in Prometheus' text format.
func (m *metrics) handler(log *slog.Logger) http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	})
}

// platformLabel keeps the platform label to the known platforms: an
// adapter bug must not mint new series.
func platformLabel(p string) string {
	switch p {
	case chat.Telegram, chat.Zalo, chat.ZaloOA, chat.Web:
		return p
	}
	return "other"
}

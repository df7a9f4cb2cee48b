// Package metrics counts what operators watch, in Prometheus format:
// questions by channel, language and outcome, answer latency, Telegram API
// calls and errors, rate-limit waits, and what report is loaded.
package metrics

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/search"
)

// Metrics holds the collectors of one process. Each Metrics has its own
// registry, so tests can make as many as they like.
type Metrics struct {
	reg          *prometheus.Registry
	questions    *prometheus.CounterVec
	latency      *prometheus.HistogramVec
	apiCalls     *prometheus.CounterVec
	waits        *prometheus.CounterVec
	waitSeconds  *prometheus.CounterVec
	indexSize    prometheus.Gauge
	reportLoaded *prometheus.GaugeVec
	reloads      *prometheus.CounterVec
	loginsFailed *prometheus.CounterVec
	curVersion   prometheus.Gauge
	curActive    prometheus.Gauge
	curChanges   *prometheus.CounterVec
}

// New registers the collectors, with Go runtime, process and build info.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		questions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "liwanbot_questions_total",
			Help: "Questions answered, by channel, language and outcome (answered, refused, scope, greeting).",
		}, []string{"channel", "lang", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "liwanbot_answer_seconds",
			Help: "Time the engine took to answer a question.",
			// Answers take 0.1-1 ms; the upper buckets catch a stalled index.
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .05, .25, 1},
		}, []string{"channel"}),
		apiCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "liwanbot_telegram_api_calls_total",
			Help: `Bot API calls by method and result: "ok", the API's error_code, or "network" when no API reply came.`,
		}, []string{"method", "code"}),
		waits: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "liwanbot_rate_limit_waits_total",
			Help: "Sends that waited: for the bot's own pacing (pacer) or for a 429's retry_after (telegram).",
		}, []string{"by"}),
		waitSeconds: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "liwanbot_rate_limit_wait_seconds_total",
			Help: "Time sends spent waiting for rate limits.",
		}, []string{"by"}),
		indexSize: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "liwanbot_index_sentences",
			Help: "Sentences in the search index.",
		}),
		reportLoaded: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "liwanbot_report_info",
			Help: "The report being answered from: 1 for its document hash and title.",
		}, []string{"hash", "title"}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "liwanbot_report_reloads_total",
			Help: `Report reloads by result: "swapped" (the new report answers now), "rejected" (it failed the golden questions; the old one answers), "failed" (it could not be read or indexed).`,
		}, []string{"result"}),
		loginsFailed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "liwanbot_staff_login_failures_total",
			Help: `Staff token attempts refused: "wrong_token", or "throttled" when the client had tried too many and was not checked.`,
		}, []string{"reason"}),
		curVersion: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "liwanbot_curation_version",
			Help: "Version of the staff curations answers are computed on (0: none yet); every instance sharing a database reaches the same.",
		}),
		curActive: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "liwanbot_curations",
			Help: "Staff curations in force.",
		}),
		curChanges: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "liwanbot_curation_changes_total",
			Help: `Curation changes asked of this instance, by result: "kept", "refused" (it would break golden answers), "failed" (bad curation or database error).`,
		}, []string{"result"}),
	}
	// Both reasons show from the start, so that an alert on their rate
	// has a series to watch before the first failure.
	for _, reason := range []string{"wrong_token", "throttled"} {
		m.loginsFailed.WithLabelValues(reason)
	}
	for _, result := range []string{"swapped", "rejected", "failed"} {
		m.reloads.WithLabelValues(result)
	}
	for _, result := range []string{"kept", "refused", "failed"} {
		m.curChanges.WithLabelValues(result)
	}
	m.reg.MustRegister(m.questions, m.latency, m.apiCalls, m.waits, m.waitSeconds, m.indexSize, m.reportLoaded, m.reloads, m.loginsFailed, m.curVersion, m.curActive, m.curChanges,
		collectors.NewBuildInfoCollector(),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus' text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Registry is for tests that read the values back.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// ReportLoaded records the report and the size of its index.
func (m *Metrics) ReportLoaded(r *corpus.Report, sentences int) {
	m.reportLoaded.Reset()
	m.reportLoaded.WithLabelValues(r.Hash, r.Title).Set(1)
	m.indexSize.Set(float64(sentences))
}

// Reloaded counts a report reload by result: "swapped", "rejected" or
// "failed". A swap also calls ReportLoaded for the new report.
func (m *Metrics) Reloaded(result string) {
	m.reloads.WithLabelValues(result).Inc()
}

// CurationsLoaded records the curation version answered with and how
// many curations are in force.
func (m *Metrics) CurationsLoaded(version int64, n int) {
	m.curVersion.Set(float64(version))
	m.curActive.Set(float64(n))
}

// CurationChanged counts a curation change asked of this instance, by
// result: "kept", "refused" or "failed".
func (m *Metrics) CurationChanged(result string) {
	m.curChanges.WithLabelValues(result).Inc()
}

// TelegramCall counts one Bot API call. code is 0 for success, the API's
// error_code, or -1 when no API reply came.
func (m *Metrics) TelegramCall(method string, code int) {
	label := "ok"
	switch {
	case code < 0:
		label = "network"
	case code > 0:
		label = strconv.Itoa(code)
	}
	m.apiCalls.WithLabelValues(method, label).Inc()
}

// RateLimitWait counts a send that waited d, by "pacer" or "telegram".
func (m *Metrics) RateLimitWait(by string, d time.Duration) {
	m.waits.WithLabelValues(by).Inc()
	m.waitSeconds.WithLabelValues(by).Add(d.Seconds())
}

// LoginFailed counts a refused staff token, by reason ("wrong_token",
// "throttled").
func (m *Metrics) LoginFailed(reason string) {
	m.loginsFailed.WithLabelValues(reason).Inc()
}

// Engine is what answers questions; *search.Engine and *search.Shelf are
// ones. It carries the engine's script converter and its id lookup so that
// an instrumented engine still serves the Telegram channel, which writes a
// traditional reader's paragraphs with the one and finds a button's report
// with the other.
type Engine interface {
	Answer(ctx context.Context, question string) search.Answer
	Report() *corpus.Report
	Traditional(s string) string
	Find(id string) (*corpus.Report, bool)
}

// Instrument returns e counting every answer under channel ("telegram",
// "console", "api").
func (m *Metrics) Instrument(e Engine, channel string) Engine {
	return instrumented{Engine: e, m: m, channel: channel}
}

type instrumented struct {
	Engine
	m       *Metrics
	channel string
}

func (i instrumented) Answer(ctx context.Context, q string) search.Answer {
	a := i.Engine.Answer(ctx, q)
	i.m.questions.WithLabelValues(i.channel, string(a.Lang), string(a.Outcome)).Inc()
	i.m.latency.WithLabelValues(i.channel).Observe(a.Latency.Seconds())
	return a
}

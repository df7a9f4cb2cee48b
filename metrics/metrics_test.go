package metrics_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/metrics"
	"github.com/liwanbot/liwanbot/search"
)

// fixedEngine answers every question the same way.
type fixedEngine struct{ a search.Answer }

func (f fixedEngine) Answer(context.Context, string) search.Answer { return f.a }
func (fixedEngine) Report() *corpus.Report                         { return &corpus.Report{Hash: "abc"} }

func (fixedEngine) Traditional(s string) string { return s }

func (fixedEngine) Find(string) (*corpus.Report, bool) { return nil, false }

func TestCounts(t *testing.T) {
	m := metrics.New()
	refused := m.Instrument(fixedEngine{search.Answer{Outcome: search.Refused, Lang: search.Traditional, Latency: 3 * time.Millisecond}}, "telegram")
	for i := 0; i < 3; i++ {
		refused.Answer(context.Background(), "x")
	}
	m.TelegramCall("sendMessage", 0)
	m.TelegramCall("sendMessage", 429)
	m.TelegramCall("getUpdates", -1)
	m.RateLimitWait("telegram", 2*time.Second)
	m.RateLimitWait("pacer", 500*time.Millisecond)
	m.RateLimitWait("pacer", 500*time.Millisecond)
	m.ReportLoaded(&corpus.Report{Hash: "59a6", Title: "报告"}, 123)

	want := `
# HELP liwanbot_questions_total Questions answered, by channel, language and outcome (answered, refused, scope, greeting).
# TYPE liwanbot_questions_total counter
liwanbot_questions_total{channel="telegram",lang="zh-Hant",outcome="refused"} 3
# HELP liwanbot_telegram_api_calls_total Bot API calls by method and result: "ok", the API's error_code, or "network" when no API reply came.
# TYPE liwanbot_telegram_api_calls_total counter
liwanbot_telegram_api_calls_total{code="429",method="sendMessage"} 1
liwanbot_telegram_api_calls_total{code="network",method="getUpdates"} 1
liwanbot_telegram_api_calls_total{code="ok",method="sendMessage"} 1
# HELP liwanbot_rate_limit_wait_seconds_total Time sends spent waiting for rate limits.
# TYPE liwanbot_rate_limit_wait_seconds_total counter
liwanbot_rate_limit_wait_seconds_total{by="pacer"} 1
liwanbot_rate_limit_wait_seconds_total{by="telegram"} 2
# HELP liwanbot_index_sentences Sentences in the search index.
# TYPE liwanbot_index_sentences gauge
liwanbot_index_sentences 123
# HELP liwanbot_report_info The report being answered from: 1 for its document hash and title.
# TYPE liwanbot_report_info gauge
liwanbot_report_info{hash="59a6",title="报告"} 1
`
	names := []string{"liwanbot_questions_total", "liwanbot_telegram_api_calls_total", "liwanbot_rate_limit_wait_seconds_total", "liwanbot_index_sentences", "liwanbot_report_info"}
	if err := testutil.GatherAndCompare(m.Registry(), strings.NewReader(want), names...); err != nil {
		t.Error(err)
	}
	if n := testutil.CollectAndCount(m.Registry(), "liwanbot_answer_seconds"); n != 1 {
		t.Errorf("%d latency series, want 1", n)
	}
}

func TestLoginFailures(t *testing.T) {
	m := metrics.New()
	m.LoginFailed("wrong_token")
	m.LoginFailed("wrong_token")
	want := `
# HELP liwanbot_staff_login_failures_total Staff token attempts refused: "wrong_token", or "throttled" when the client had tried too many and was not checked.
# TYPE liwanbot_staff_login_failures_total counter
liwanbot_staff_login_failures_total{reason="throttled"} 0
liwanbot_staff_login_failures_total{reason="wrong_token"} 2
`
	if err := testutil.GatherAndCompare(m.Registry(), strings.NewReader(want), "liwanbot_staff_login_failures_total"); err != nil {
		t.Error(err)
	}
}

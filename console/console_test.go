package console_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/liwanbot/liwanbot/console"
	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/golden"
	"github.com/liwanbot/liwanbot/metrics"
	"github.com/liwanbot/liwanbot/search"
	"github.com/liwanbot/liwanbot/seeds"
)

var engine = sync.OnceValues(func() (*search.Engine, error) {
	r, err := seeds.Parse()
	if err != nil {
		return nil, err
	}
	return search.New(r)
})

// serve starts the console's routes on 127.0.0.1, with staffToken ("" for
// none), and returns its URL and its metrics.
func serve(t *testing.T, staffToken string) (string, *metrics.Metrics) {
	t.Helper()
	eng, err := engine()
	if err != nil {
		t.Fatal(err)
	}
	m := metrics.New()
	m.ReportLoaded(eng.Report(), eng.Indexed())
	mux := http.NewServeMux()
	console.Routes(mux, console.Config{
		Engine: m.Instrument(eng, "console"), API: m.Instrument(eng, "api"),
		StaffToken: staffToken, Metrics: m.Handler(),
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL, m
}

// noRedirect reports redirects instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

type response struct {
	status int
	header http.Header
	body   string
}

func do(t *testing.T, req *http.Request) response {
	t.Helper()
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, string(b)}
}

func get(t *testing.T, u string, header ...string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return do(t, req)
}

func post(t *testing.T, u, contentType string, body io.Reader) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, u, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	return do(t, req)
}

func TestAskIsTheCLIsJSON(t *testing.T) {
	base, _ := serve(t, "")
	eng, _ := engine()
	q := "全区托位有多少?"
	r := get(t, base+"/api/ask?q="+url.QueryEscape(q))
	if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d, type %q: %s", r.status, r.header.Get("Content-Type"), r.body)
	}
	var got, want map[string]any
	if err := json.Unmarshal([]byte(r.body), &got); err != nil {
		t.Fatal(err)
	}
	wantJSON, _ := json.Marshal(eng.Answer(t.Context(), q))
	json.Unmarshal(wantJSON, &want)
	for _, k := range []string{"question", "answered", "outcome", "answer", "figure", "sources", "coverage"} {
		g, _ := json.Marshal(got[k])
		w, _ := json.Marshal(want[k])
		if !bytes.Equal(g, w) {
			t.Errorf("%s: API %s, CLI %s", k, g, w)
		}
	}
}

// TestAboutNamesTheReport: /api/about names the report the console answers
// from, as the report names itself, for the page's title and footer.
func TestAboutNamesTheReport(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       map[string]string
	}{
		{"the embedded report", seeds.Report, map[string]string{"year": "2025", "district": "荔湾区", "district_en": "Liwan District"}},
		{"another report", "---\nyear: 2026\ndistrict: 越秀区\n---\n" + seeds.Report, map[string]string{"year": "2026", "district": "越秀区", "district_en": "Yuexiu District"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep, err := corpus.Parse(c.text)
			if err != nil {
				t.Fatal(err)
			}
			eng, err := search.New(rep)
			if err != nil {
				t.Fatal(err)
			}
			defer eng.Close()
			mux := http.NewServeMux()
			console.Routes(mux, console.Config{Engine: eng})
			srv := httptest.NewServer(mux)
			defer srv.Close()
			r := get(t, srv.URL+"/api/about")
			var got map[string]string
			if err := json.Unmarshal([]byte(r.body), &got); r.status != http.StatusOK || err != nil {
				t.Fatalf("status %d (%v): %s", r.status, err, r.body)
			}
			for k, v := range c.want {
				if got[k] != v {
					t.Errorf("%s = %q, want %q", k, got[k], v)
				}
			}
			if got["hash"] != rep.Hash || got["title"] != rep.Title {
				t.Errorf("hash, title = %q, %q, want %q, %q", got["hash"], got["title"], rep.Hash, rep.Title)
			}
		})
	}
}

func TestConsoleView(t *testing.T) {
	base, _ := serve(t, "")
	r := get(t, base+"/api/console?q="+url.QueryEscape("全区托位有多少?"))
	var v struct {
		Answer   struct{ Answered bool }
		Telegram struct {
			Messages []string
			Buttons  [][]string
		}
		Paragraph *struct {
			Sentences []struct {
				Text  string
				Cited bool
			}
		}
	}
	if err := json.Unmarshal([]byte(r.body), &v); err != nil || r.status != http.StatusOK {
		t.Fatalf("status %d: %v: %s", r.status, err, r.body)
	}
	if !v.Answer.Answered || len(v.Telegram.Messages) != 1 || !strings.Contains(v.Telegram.Messages[0], "<b>超6500个</b>") {
		t.Errorf("telegram preview %+v", v.Telegram)
	}
	if len(v.Telegram.Buttons) == 0 {
		t.Error("no buttons in the preview")
	}
	if v.Paragraph == nil {
		t.Fatal("no paragraph")
	}
	cited := 0
	for _, s := range v.Paragraph.Sentences {
		if s.Cited {
			cited++
			if !strings.Contains(s.Text, "托位总量超6500个") {
				t.Errorf("cited sentence %q", s.Text)
			}
		}
	}
	if cited != 1 || len(v.Paragraph.Sentences) < 2 {
		t.Errorf("%d cited of %d sentences", cited, len(v.Paragraph.Sentences))
	}
}

func TestBadRequests(t *testing.T) {
	base, _ := serve(t, "")
	cases := []struct {
		name   string
		req    func() response
		status int
	}{
		{"no question", func() response { return get(t, base+"/api/ask") }, 400},
		{"blank question", func() response { return get(t, base+"/api/ask?q=%20%20") }, 400},
		{"question too long", func() response { return get(t, base+"/api/ask?q="+strings.Repeat("托", 2000)) }, 400},
		{"not UTF-8", func() response { return get(t, base+"/api/console?q=%ff%fe") }, 400},
		{"wrong method", func() response { return post(t, base+"/api/ask?q=x", "text/plain", nil) }, 405},
		{"unknown endpoint", func() response { return get(t, base+"/api/nope") }, 404},
		{"eval: empty body", func() response { return post(t, base+"/api/eval", "application/x-ndjson", nil) }, 400},
		{"eval: not JSON", func() response {
			return post(t, base+"/api/eval", "application/x-ndjson", strings.NewReader("{nope\n"))
		}, 400},
		{"eval: answerable without expect", func() response {
			return post(t, base+"/api/eval", "application/x-ndjson", strings.NewReader(`{"id":"x","lang":"zh-Hans","type":"figure","q":"托位"}`+"\n"))
		}, 400},
		{"eval: too large", func() response {
			return post(t, base+"/api/eval", "application/x-ndjson", strings.NewReader(strings.Repeat(`{"id":"x","type":"offtopic","q":"火星"}`+"\n", 80000)))
		}, 413},
		{"eval: form without file", func() response {
			var b bytes.Buffer
			w := multipart.NewWriter(&b)
			w.WriteField("other", "x")
			w.Close()
			return post(t, base+"/api/eval", w.FormDataContentType(), &b)
		}, 400},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := c.req()
			if r.status != c.status {
				t.Fatalf("status %d, want %d: %s", r.status, c.status, r.body)
			}
			if c.status != 405 {
				var e struct{ Error string }
				if json.Unmarshal([]byte(r.body), &e) != nil || e.Error == "" {
					t.Errorf("body %q is not a JSON error", r.body)
				}
			}
		})
	}
}

func TestEval(t *testing.T) {
	base, _ := serve(t, "")
	file := `{"id":"a","lang":"zh-Hans","type":"figure","q":"托位总量要超过多少个？","expect":["托位总量超6500个"],"figure":["6500"]}
{"id":"b","lang":"zh-Hans","type":"offtopic","q":"广州塔门票多少钱？"}
{"id":"c","lang":"zh-Hans","type":"fact","q":"火星基地什么时候建成？","expect":["火星"]}
`
	type report struct {
		Total, Right int
		Categories   []struct{ Lang, Type string }
		Failures     []struct{ ID, Why string }
	}
	check := func(t *testing.T, r response, total, right int) report {
		t.Helper()
		var rep report
		if err := json.Unmarshal([]byte(r.body), &rep); err != nil || r.status != 200 {
			t.Fatalf("status %d: %v: %.200s", r.status, err, r.body)
		}
		if rep.Total != total || rep.Right != right {
			t.Errorf("%d/%d right, want %d/%d", rep.Right, rep.Total, right, total)
		}
		return rep
	}
	t.Run("body", func(t *testing.T) {
		rep := check(t, post(t, base+"/api/eval", "application/x-ndjson", strings.NewReader(file)), 3, 2)
		if len(rep.Failures) != 1 || rep.Failures[0].ID != "c" || rep.Failures[0].Why == "" {
			t.Errorf("failures %+v", rep.Failures)
		}
		if len(rep.Categories) != 3 {
			t.Errorf("categories %+v", rep.Categories)
		}
	})
	t.Run("upload", func(t *testing.T) {
		var b bytes.Buffer
		w := multipart.NewWriter(&b)
		fw, _ := w.CreateFormFile("file", "golden.jsonl")
		io.WriteString(fw, file)
		w.Close()
		check(t, post(t, base+"/api/eval", w.FormDataContentType(), &b), 3, 2)
	})
	t.Run("builtin", func(t *testing.T) {
		// The API must report what the golden package scores on the same
		// engine, whatever the engine's accuracy is today.
		qs, err := golden.Builtin()
		if err != nil {
			t.Fatal(err)
		}
		eng, _ := engine()
		want, err := golden.Run(context.Background(), eng, qs)
		if err != nil {
			t.Fatal(err)
		}
		rep := check(t, post(t, base+"/api/eval?set=builtin", "text/plain", nil), len(qs), want.Right)
		if len(rep.Failures) != len(qs)-want.Right {
			t.Errorf("%d failures listed, want %d", len(rep.Failures), len(qs)-want.Right)
		}
	})
}

func TestStaffToken(t *testing.T) {
	const token = "staff-only-7f3a"
	base, _ := serve(t, token)
	bearer := []string{"Authorization", "Bearer " + token}
	cases := []struct {
		name   string
		path   string
		header []string
		status int
	}{
		{"health needs no token", "/healthz", nil, 200},
		{"readiness needs no token", "/readyz", nil, 200},
		{"API without token", "/api/ask?q=托位", nil, 401},
		{"API with wrong token", "/api/ask?q=托位", []string{"Authorization", "Bearer staff-only-7f3b"}, 401},
		{"API with token", "/api/ask?q=托位", bearer, 200},
		{"metrics without token", "/metrics", nil, 401},
		{"metrics with token", "/metrics", bearer, 200},
		{"console without token goes to login", "/", nil, 303},
		{"console with token", "/", bearer, 200},
		{"login page", "/login", nil, 200},
		{"forged cookie", "/", []string{"Cookie", "liwanbot_staff=" + token}, 303},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := get(t, base+c.path, c.header...)
			if r.status != c.status {
				t.Fatalf("status %d, want %d: %.200s", r.status, c.status, r.body)
			}
			if c.status == 303 && r.header.Get("Location") != "/login" {
				t.Errorf("redirect to %q", r.header.Get("Location"))
			}
		})
	}
	t.Run("login form", func(t *testing.T) {
		wrong := post(t, base+"/login", "application/x-www-form-urlencoded", strings.NewReader("token=nope"))
		if wrong.status != 303 || !strings.Contains(wrong.header.Get("Location"), "failed") || wrong.header.Get("Set-Cookie") != "" {
			t.Fatalf("wrong token: %d %v", wrong.status, wrong.header)
		}
		right := post(t, base+"/login", "application/x-www-form-urlencoded", strings.NewReader("token="+url.QueryEscape(token)))
		cookie := right.header.Get("Set-Cookie")
		if right.status != 303 || !strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Strict") {
			t.Fatalf("right token: %d, cookie %q", right.status, cookie)
		}
		if strings.Contains(cookie, token) {
			t.Error("the cookie holds the token itself")
		}
		name, value, _ := strings.Cut(strings.Split(cookie, ";")[0], "=")
		if r := get(t, base+"/api/ask?q=托位", "Cookie", name+"="+value); r.status != 200 {
			t.Errorf("with the login cookie: %d", r.status)
		}
	})
}

func TestSecurityHeaders(t *testing.T) {
	base, _ := serve(t, "")
	for _, path := range []string{"/", "/api/ask?q=托位", "/login"} {
		r := get(t, base+path)
		csp := r.header.Get("Content-Security-Policy")
		for _, want := range []string{"script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP allows inline code", path)
		}
		if r.header.Get("X-Frame-Options") != "DENY" || r.header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: headers %v", path, r.header)
		}
	}
}

func TestMetricsCountQuestions(t *testing.T) {
	base, _ := serve(t, "")
	get(t, base+"/api/ask?q="+url.QueryEscape("全区托位有多少?"))
	get(t, base+"/api/ask?q="+url.QueryEscape("火星上有多少个托位?"))
	get(t, base+"/api/console?q="+url.QueryEscape("How many childcare places?"))
	r := get(t, base+"/metrics")
	for _, want := range []string{
		`liwanbot_questions_total{channel="api",lang="zh-Hans",outcome="answered"} 1`,
		`liwanbot_questions_total{channel="api",lang="zh-Hans",outcome="refused"} 1`,
		`liwanbot_questions_total{channel="console",lang="en",outcome="answered"} 1`,
		`liwanbot_answer_seconds_count{channel="api"} 2`,
		`liwanbot_index_sentences `,
		`liwanbot_report_info{hash="`,
		`go_build_info{`,
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

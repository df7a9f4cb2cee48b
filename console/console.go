// Package console serves staff what residents will see before they see it:
// the console page, the HTTP API it runs on (the same answering code path as
// the chat), and the operations endpoints.
//
//	GET  /                 the console (files embedded in the binary)
//	GET  /api/ask?q=…      one answer, as one line of `liwanbot ask --json`
//	GET  /api/console?q=…  the answer with its Telegram preview and paragraph
//	POST /api/eval         score a golden question file (body), or the repo's own (?set=builtin)
//	POST /api/feedback     rate an answer: {"sentence","figure","rating":1|-1}
//	GET  /api/report       refused questions and disliked answers (?since=7d&limit=20&rerun=1)
//	GET  /api/about        the report answered from: year, district (also in English), title, hash; whether curations are on
//	GET  /api/curations    the curation log: every curation and undo, who made it, when and why
//	POST /api/curations/check  what a curation would change (golden and residents' questions), keeping nothing
//	POST /api/curations    check a curation and keep it if it breaks no golden answer
//	POST /api/curations/{version}/undo  retract a curation, after the same check
//	GET  /healthz          the process is up
//	GET  /readyz           the index is loaded
//	GET  /metrics          Prometheus metrics
//
// With a staff token set, everything but /healthz and /readyz needs it: as
// a bearer token, or as the session cookie the login form sets (POST
// /logout ends it). Every route but the health checks answers only to its
// own address in Host, and state-changing requests only from its own pages.
package console

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.uber.org/zap"

	"github.com/liwanbot/liwanbot/bot"
	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/feedback"
	"github.com/liwanbot/liwanbot/golden"
	"github.com/liwanbot/liwanbot/search"
)

//go:embed static
var static embed.FS

// Engine answers questions from a report, or several; *search.Engine and
// *search.Shelf are ones.
type Engine interface {
	Answer(ctx context.Context, question string) search.Answer
	Report() *corpus.Report
	// Find returns the report a sentence id is of: a rating of
	// 2024/p31.s4 is checked against, and recorded with, the 2024 report.
	Find(id string) (*corpus.Report, bool)
}

// Config is what the console serves.
type Config struct {
	// Engine answers the console's questions; API answers the API's. Both
	// are usually the same engine, counted under different channels.
	Engine, API Engine
	// StaffToken, when set, is required for everything but the health
	// checks. Leave it empty only on a loopback address.
	StaffToken string
	// Staff sign in under their own names with their own tokens (a staff
	// tokens file, see ParseStaffTokens); beside StaffToken or instead.
	Staff []Staff
	// Curator checks, applies and undoes staff curations; nil serves no
	// curation endpoints but the list, which then says so.
	Curator Curator
	// SessionTTL is how long a login lasts, checked by the server; 0
	// means 12 hours.
	SessionTTL time.Duration
	// PublicURL is where staff reach the console when that is not the
	// address it listens on (behind a proxy): its host is accepted in Host,
	// its origin in Origin, and https makes the login cookie Secure.
	PublicURL *url.URL
	// TrustedProxies are the peers whose X-Forwarded-For and
	// X-Forwarded-Proto are believed.
	TrustedProxies []netip.Prefix
	// Logins counts failed logins; nil counts none.
	Logins LoginCounter
	// MaxEvals bounds the golden runs at once (each can cost seconds of
	// CPU); beyond it /api/eval answers 429. 0 means 2.
	MaxEvals int
	// Now is the clock sessions and throttling read; nil is time.Now.
	// Tests set it to move time without waiting.
	Now func() time.Time
	// Metrics serves /metrics; nil serves none.
	Metrics http.Handler
	// Recorder keeps the API's refused questions and ratings; Store is
	// where they are read back for /api/report. Either may be nil.
	Recorder Recorder
	Store    *feedback.Store
	Log      *zap.Logger
}

// WithRecorder sets the recorder, leaving it nil (not a nil *Recorder in
// an interface) when there is none.
func (c Config) WithRecorder(r *feedback.Recorder) Config {
	if r != nil {
		c.Recorder = r
	}
	return c
}

// Recorder keeps refused questions and ratings: queuing does not block,
// and the Pending returned tells when the record is committed, which is
// when the API acknowledges it. *feedback.Recorder is one.
type Recorder interface {
	Refusal(feedback.Refusal) feedback.Pending
	Rating(feedback.Rating) feedback.Pending
	Answer(feedback.Answered) feedback.Pending
}

// recordTimeout bounds how long a request waits for its record's commit:
// past it, /api/feedback answers 503 and /api/ask answers all the same
// (the record, still queued, may yet be written).
const recordTimeout = 2 * time.Second

// committed waits, at most recordTimeout, for a record to be committed.
func committed(ctx context.Context, p feedback.Pending) error {
	ctx, cancel := context.WithTimeout(ctx, recordTimeout)
	defer cancel()
	return p.Wait(ctx)
}

// Limits on what a request may carry.
const (
	maxQuestionBytes = 4096
	maxEvalBytes     = 2 << 20
	maxEvalQuestions = 5000
	// defaultMaxEvals is one golden run per core of a small server: 5,000
	// questions cost some ten seconds of CPU.
	defaultMaxEvals = 2
	// evalRetryAfter is what a refused run is told to wait, in seconds:
	// about how long the built-in file takes.
	evalRetryAfter = "5"
)

// Routes registers the console's handlers on mux, so that the process can
// serve other paths (the Telegram webhook) on the same server.
func Routes(mux *http.ServeMux, cfg Config) {
	if cfg.Log == nil {
		cfg.Log = zap.NewNop()
	}
	if cfg.API == nil {
		cfg.API = cfg.Engine
	}
	maxEvals := cfg.MaxEvals
	if maxEvals <= 0 {
		maxEvals = defaultMaxEvals
	}
	s := &server{cfg: cfg, access: newAccess(cfg), evals: make(chan struct{}, maxEvals)}
	page, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	files := http.FileServerFS(page)

	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok\n") })
	mux.HandleFunc("GET /readyz", s.ready)
	mux.Handle("GET /login", s.guarded(http.HandlerFunc(s.loginPage)))
	mux.Handle("POST /login", s.guarded(http.HandlerFunc(s.login)))
	mux.Handle("POST /logout", s.guarded(http.HandlerFunc(s.logout)))
	mux.Handle("GET /api/ask", s.staff(s.access.recording(http.HandlerFunc(s.ask))))
	mux.Handle("GET /api/console", s.staff(http.HandlerFunc(s.consoleAnswer)))
	mux.Handle("POST /api/eval", s.staff(http.HandlerFunc(s.eval)))
	mux.Handle("POST /api/feedback", s.staff(http.HandlerFunc(s.feedback)))
	mux.Handle("GET /api/report", s.staff(http.HandlerFunc(s.report)))
	mux.Handle("GET /api/about", s.staff(http.HandlerFunc(s.about)))
	mux.Handle("GET /api/curations", s.staff(http.HandlerFunc(s.listCurations)))
	mux.Handle("POST /api/curations/check", s.staff(http.HandlerFunc(s.checkCuration)))
	mux.Handle("POST /api/curations", s.staff(http.HandlerFunc(s.applyCuration)))
	mux.Handle("POST /api/curations/{version}/undo", s.staff(http.HandlerFunc(s.undoCuration)))
	mux.Handle("GET /api/", s.staff(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such API endpoint (or method): "+r.Method+" "+r.URL.Path)
	})))
	if cfg.Metrics != nil {
		mux.Handle("GET /metrics", s.staff(cfg.Metrics))
	}
	mux.Handle("GET /", s.staff(files))
	// The login page's own assets load before anyone has logged in.
	for _, asset := range []string{"/style.css", "/login.js"} {
		mux.Handle("GET "+asset, s.guarded(files))
	}
}

// Route reports whether the console serves path (by any method), so that
// the process keeps other handlers, such as the Telegram webhook, off it.
func Route(path string) bool {
	if strings.HasPrefix(path, "/api/") || path == "/api" {
		return true
	}
	switch path {
	case "/healthz", "/readyz", "/login", "/logout", "/metrics", "/index.html":
		return true
	}
	if rest, ok := strings.CutPrefix(path, "/"); ok {
		if _, err := fs.Stat(static, "static/"+rest); err == nil && rest != "" {
			return true
		}
	}
	return false
}

type server struct {
	cfg    Config
	access *access
	evals  chan struct{} // a slot per golden run allowed at once
}

func (s *server) ready(w http.ResponseWriter, r *http.Request) {
	rep := s.cfg.Engine.Report()
	if rep == nil || len(rep.Paragraphs) == 0 {
		http.Error(w, "index not loaded", http.StatusServiceUnavailable)
		return
	}
	io.WriteString(w, "ready "+rep.Hash+"\n")
}

// about says which report the console answers from, so that the page
// names its year and district rather than assuming them.
func (s *server) about(w http.ResponseWriter, r *http.Request) {
	rep := s.cfg.Engine.Report()
	n := search.NamesOf(rep)
	curations := "off" // no database: the page offers no corrections
	if s.cfg.Curator != nil {
		curations = "on"
	}
	writeJSON(w, http.StatusOK, map[string]string{
		"year": n.Year, "district": n.District, "district_en": n.DistrictEN, "title": rep.Title, "hash": rep.Hash,
		"curations": curations,
	})
}

// reportOf is the report an answer came from: the engine may have been
// replaced since it answered (a reload), and the answer's sentence ids and
// hash are its own report's.
func reportOf(a search.Answer, e Engine) *corpus.Report {
	if a.Report != nil {
		return a.Report
	}
	return e.Report()
}

// question reads ?q=, refusing what no resident could send.
func question(r *http.Request) (string, error) {
	q := r.URL.Query().Get("q")
	switch {
	case strings.TrimSpace(q) == "":
		return "", errors.New("missing question: use ?q=…")
	case len(q) > maxQuestionBytes:
		return "", errors.New("question too long: at most 4096 bytes")
	case !utf8.ValidString(q):
		return "", errors.New("question is not valid UTF-8")
	}
	return q, nil
}

func (s *server) ask(w http.ResponseWriter, r *http.Request) {
	q, err := question(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	a := s.cfg.API.Answer(r.Context(), q)
	if s.cfg.Recorder != nil && (a.Outcome == search.Refused || a.Outcome == search.OutOfScope) {
		rec := s.cfg.Recorder.Refusal(feedback.Refusal{
			At: time.Now(), Question: a.Normalized, Lang: string(a.Lang), Channel: "api", Outcome: string(a.Outcome),
			Topics: a.Suggestions, Report: reportOf(a, s.cfg.API).Hash,
		})
		// The answer is sent once the refusal is committed, so that an
		// answered refusal survives a crash; a fault costs a warning, not
		// the answer.
		if err := committed(r.Context(), rec); err != nil {
			s.cfg.Log.Warn("refusal not recorded", zap.Error(err))
		}
	} else if s.cfg.Recorder != nil && a.Outcome != search.Greeting {
		// Kept without waiting: it is counted, and names the question a
		// 👎 was given to, but nobody is told it was kept.
		var top string
		if len(a.Sources) > 0 {
			top = a.Sources[0].ID
		}
		s.cfg.Recorder.Answer(feedback.Answered{
			At: time.Now(), Question: a.Normalized, Lang: string(a.Lang), Channel: "api", Outcome: string(a.Outcome),
			Sentence: top, Report: reportOf(a, s.cfg.API).Hash,
		})
	}
	writeJSON(w, http.StatusOK, a)
}

// feedback records a rating given through the API, as 👍/👎 are in
// Telegram.
func (s *server) feedback(w http.ResponseWriter, r *http.Request) {
	in, err := decodeRating(http.MaxBytesReader(w, r.Body, 4096))
	if err != nil {
		writeError(w, http.StatusBadRequest, "body must be {\"sentence\":\"p31.s4\",\"figure\":\"6500\",\"rating\":1 or -1}: "+err.Error())
		return
	}
	rep, ok := s.cfg.API.Find(in.Sentence)
	if !ok {
		rep = s.cfg.API.Report() // which checkRating finds no such sentence in
	}
	if err := checkRating(rep, in); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if s.cfg.Recorder == nil {
		writeError(w, http.StatusServiceUnavailable, "feedback is not being recorded: no database")
		return
	}
	rec := s.cfg.Recorder.Rating(feedback.Rating{At: time.Now(), Rating: in.Rating, Sentence: in.Sentence, Figure: in.Figure, Report: rep.Hash, Channel: "api"})
	// 202 means committed: a crash after it loses nothing.
	if err := committed(r.Context(), rec); err != nil {
		s.cfg.Log.Warn("rating not recorded", zap.Error(err))
		writeError(w, http.StatusServiceUnavailable, "the rating could not be stored; try again")
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]string{"status": "recorded"})
}

// report shows what residents could not get answered, as `liwanbot
// report` does.
func (s *server) report(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Store == nil {
		writeError(w, http.StatusServiceUnavailable, "no database: feedback is not being recorded")
		return
	}
	q := r.URL.Query()
	since := 7 * 24 * time.Hour
	if v := q.Get("since"); v != "" {
		d, err := feedback.ParseAge(v)
		if err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		since = d
	}
	limit := 20
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			writeError(w, http.StatusBadRequest, "limit must be 1 to 1000")
			return
		}
		limit = n
	}
	rev, err := feedback.BuildReview(r.Context(), s.cfg.Store, s.cfg.Engine, time.Now().Add(-since), limit, q.Get("rerun") == "1")
	if err != nil {
		s.cfg.Log.Warn("report failed", zap.Error(err))
		writeError(w, http.StatusServiceUnavailable, "the database could not be read")
		return
	}
	writeJSON(w, http.StatusOK, rev)
}

// consoleView is what the console shows for one question.
type consoleView struct {
	Answer    search.Answer `json:"answer"`
	Telegram  bot.Preview   `json:"telegram"`
	Paragraph *paragraph    `json:"paragraph"`
}

type paragraph struct {
	ID        string     `json:"id"`
	Topic     string     `json:"topic"`
	Sentences []sentence `json:"sentences"`
}

type sentence struct {
	ID    string `json:"id"`
	Text  string `json:"text"`
	Cited bool   `json:"cited"`
}

func (s *server) consoleAnswer(w http.ResponseWriter, r *http.Request) {
	q, err := question(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	a := s.cfg.Engine.Answer(r.Context(), q)
	v := consoleView{Answer: a, Telegram: bot.PreviewAnswer(a)}
	if len(a.Sources) > 0 {
		if p, ok := reportOf(a, s.cfg.Engine).Paragraph(a.Sources[0].ID); ok {
			v.Paragraph = &paragraph{ID: p.ID, Topic: p.Topic}
			for _, st := range p.Sentences {
				v.Paragraph.Sentences = append(v.Paragraph.Sentences, sentence{ID: st.ID, Text: st.Text, Cited: st.ID == a.Sources[0].ID})
			}
		}
	}
	writeJSON(w, http.StatusOK, v)
}

// evalReport is the result of a golden run, for the console and for
// scripts.
type evalReport struct {
	Total      int            `json:"total"`
	Right      int            `json:"right"`
	Accuracy   float64        `json:"accuracy"`
	Script     tally          `json:"script"`
	Categories []categoryLine `json:"categories"`
	Failures   []failure      `json:"failures"`
}

type tally struct {
	Right int `json:"right"`
	Total int `json:"total"`
}

type categoryLine struct {
	Lang     string  `json:"lang"`
	Type     string  `json:"type"`
	Right    int     `json:"right"`
	Total    int     `json:"total"`
	Accuracy float64 `json:"accuracy"`
}

type failure struct {
	ID       string        `json:"id"`
	Lang     string        `json:"lang"`
	Type     string        `json:"type"`
	Question string        `json:"question"`
	Expect   []string      `json:"expect"`
	Figure   []string      `json:"figure,omitempty"`
	Why      string        `json:"why"`
	Got      search.Answer `json:"got"`
}

// eval scores a golden file sent as the body (JSON lines, as dev.jsonl, or
// a multipart upload with the file in "file"), or the repo's own with
// ?set=builtin.
func (s *server) eval(w http.ResponseWriter, r *http.Request) {
	var qs []golden.Question
	var err error
	if r.URL.Query().Get("set") == "builtin" {
		qs, err = golden.Builtin()
	} else {
		qs, err = readGolden(w, r)
	}
	if err != nil {
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			writeError(w, http.StatusRequestEntityTooLarge, "question file too large: at most 2 MiB")
		case errors.Is(err, golden.ErrBadFile), errors.Is(err, errNoFile):
			writeError(w, http.StatusBadRequest, err.Error())
		default:
			writeError(w, http.StatusBadRequest, "could not read the question file: "+err.Error())
		}
		return
	}
	if len(qs) > maxEvalQuestions {
		writeError(w, http.StatusRequestEntityTooLarge, "too many questions: at most 5000")
		return
	}
	select {
	case s.evals <- struct{}{}:
		defer func() { <-s.evals }()
	default:
		w.Header().Set("Retry-After", evalRetryAfter)
		writeError(w, http.StatusTooManyRequests, "too many evaluations running: try again in a few seconds")
		return
	}
	start := time.Now()
	res, err := golden.Run(r.Context(), s.cfg.API, qs)
	if err != nil {
		// The client has gone: nobody reads an answer.
		s.cfg.Log.Info("golden run abandoned", zap.Int("questions", len(qs)), zap.Int("scored", res.Total), zap.Error(err))
		writeError(w, http.StatusServiceUnavailable, "evaluation stopped: "+err.Error())
		return
	}
	s.cfg.Log.Info("golden file scored", zap.Int("questions", res.Total), zap.Int("right", res.Right), zap.Duration("took", time.Since(start)))
	rep := evalReport{Total: res.Total, Right: res.Right, Accuracy: res.Accuracy(), Script: tally(res.Script), Categories: []categoryLine{}, Failures: []failure{}}
	for _, c := range res.Categories() {
		t := res.ByCategory[c]
		rep.Categories = append(rep.Categories, categoryLine{Lang: c.Lang, Type: c.Type, Right: t.Right, Total: t.Total, Accuracy: t.Accuracy()})
	}
	for _, f := range res.Failures {
		rep.Failures = append(rep.Failures, failure{ID: f.Question.ID, Lang: f.Question.Lang, Type: f.Question.Type, Question: f.Question.Q,
			Expect: f.Question.Expect, Figure: f.Question.Figure, Why: f.Why, Got: f.Got})
	}
	writeJSON(w, http.StatusOK, rep)
}

var errNoFile = errors.New("no question file: send JSON lines as the body, or a multipart form with the file in \"file\"")

func readGolden(w http.ResponseWriter, r *http.Request) ([]golden.Question, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxEvalBytes)
	body := io.Reader(r.Body)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		f, _, err := r.FormFile("file")
		if errors.Is(err, http.ErrMissingFile) {
			return nil, errNoFile
		}
		if err != nil {
			return nil, err
		}
		defer f.Close()
		body = f
	}
	// Read it whole first: a file cut at the size limit would otherwise
	// fail as a malformed last line, not as too large.
	data, err := io.ReadAll(body)
	if err != nil {
		return nil, err
	}
	qs, err := golden.Load(bytes.NewReader(data))
	if err != nil && strings.Contains(err.Error(), "no questions") {
		return nil, errors.Join(errNoFile, err)
	}
	return qs, err
}

// secure sets the headers every page gets: no script but the console's own
// files, no framing, no guessing of content types.
func secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

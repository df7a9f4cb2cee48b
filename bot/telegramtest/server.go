// Package telegramtest provides a fake Telegram Bot API server for tests,
// in the spirit of net/http/httptest.
//
// The fake listens on 127.0.0.1 and speaks the Bot API's HTTP/JSON dialect
// (https://core.telegram.org/bots/api): requests are POST /bot<TOKEN>/<method>
// with form, query, JSON or multipart parameters, and every answer is
// {"ok":true,"result":...} or {"ok":false,"error_code":N,"description":...}.
// It deliberately does not import any Telegram client library: it encodes
// and decodes the wire format with its own maps and the real field names, so
// a test that drives a real client against it checks that client (and the
// bot built on it) instead of mirroring the client's own assumptions.
//
// A test plays two roles through the fake. As the residents of Telegram it
// makes things happen (SendText, PressButton, InlineQuery, MigrateToSupergroup,
// ...), each of which becomes an update the bot receives by getUpdates or by
// webhook. As an observer it inspects what the bot did (Messages,
// CallbackAnswers, Actions, Pending, ...). Besides, it enforces Telegram's
// sending limits and can inject the faults a real network and a real Bot API
// produce (429, 502, dropped connections, slow answers).
//
// Waiting: everything is asynchronous, so a test waits for the bot with
// WaitUntil and a bounded context, e.g. until len(MessagesTo(chat)) == 1.
// To know the bot has consumed an update, wait for Confirmed() > updateID
// when it polls (a polling bot confirms an update only with its next
// getUpdates call, so Pending() drops to 0 one poll later) or for
// Pending() == 0 when it uses a webhook. Polling reports whether a
// getUpdates is waiting, i.e. the bot's loop is up.
//
// Known deviations from Telegram, each chosen for tests: webhooks must point
// at a loopback host and may use plain http (see setWebhook); an "&" that
// starts no HTML entity is rejected as the documentation demands, where
// Telegram's parser tolerates it; Markdown and MarkdownV2 texts are not
// validated; callback and inline queries never expire; inline messages
// (inline_message_id) cannot be edited; methods the fake does not implement
// answer 404 like unknown ones.
package telegramtest

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// User is a Telegram user or bot as the fake knows it.
type User struct {
	ID           int64
	IsBot        bool
	FirstName    string
	Username     string
	LanguageCode string
}

// Chat is a Telegram chat. Type is "private", "group" or "supergroup"; when
// empty it is inferred from the ID (positive: private; -100...: supergroup;
// other negative: group). For a private chat the ID is the user's ID.
type Chat struct {
	ID    int64
	Type  string
	Title string
}

// Server is a fake Telegram Bot API server. Create it with NewServer and
// stop it with Close. All methods are safe for concurrent use.
type Server struct {
	token string
	bot   User
	hs    *httptest.Server
	start time.Time

	// client delivers webhook updates; its transport is private so that
	// Close can drop its idle connections.
	client *http.Client

	// ctx is cancelled by Close and is the parent of every webhook
	// delivery; closed is closed by Close and ends long polls and slow
	// faults; wg counts the webhook goroutines Close waits for.
	ctx       context.Context
	cancel    context.CancelFunc
	closed    chan struct{}
	closeOnce sync.Once
	wg        sync.WaitGroup

	mu       sync.Mutex
	isClosed bool
	// changed is closed and replaced whenever the state changes, waking
	// every long poll, webhook dispatcher and WaitUntil at once.
	changed chan struct{}

	// Update queue (updates.go).
	nextUpdateID int
	history      map[int]*storedUpdate
	pending      []*queued
	confirmed    int
	allowed      map[string]bool // nil: Telegram's default set
	poll         *poller
	hook         *webhook

	// Chats and messages (updates.go, methods.go).
	chats     map[int64]*chatState
	users     map[int64]bool // residents seen anywhere, for 403 answers
	queries   map[string]*queryState
	nextQuery int64
	nextFile  int

	// What the bot did (methods.go).
	sent          []Sent
	cbAnswers     []CallbackAnswer
	inlineAnswers []InlineAnswer
	actions       []ChatAction
	commands      []map[string]any
	calls         map[string]int

	// Sending limits (methods.go).
	limitsOn   bool
	sendLog    []sendRecord
	violations []string

	// Fault injection (faults.go).
	faults      Faults
	rng         *rand.Rand
	faultCounts map[string]int
}

// NewServer starts a fake Bot API on 127.0.0.1 that accepts token and
// presents itself as bot (IsBot is forced to true). Point a client at
// Endpoint(); stop the server with Close.
func NewServer(token string, bot User) *Server {
	bot.IsBot = true
	if bot.ID == 0 {
		bot.ID = 7000000001
	}
	ctx, cancel := context.WithCancel(context.Background())
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.Proxy = nil // webhooks are on loopback; never go through a proxy
	// The fake accepts https webhooks on loopback only, typically an
	// httptest.NewTLSServer whose certificate nobody vouches for.
	transport.TLSClientConfig = &tls.Config{InsecureSkipVerify: true}
	s := &Server{
		token:        token,
		bot:          bot,
		start:        time.Now(),
		client:       &http.Client{Transport: transport, Timeout: webhookTimeout},
		ctx:          ctx,
		cancel:       cancel,
		closed:       make(chan struct{}),
		changed:      make(chan struct{}),
		nextUpdateID: firstUpdateID,
		history:      make(map[int]*storedUpdate),
		chats:        make(map[int64]*chatState),
		users:        make(map[int64]bool),
		queries:      make(map[string]*queryState),
		calls:        make(map[string]int),
		limitsOn:     true,
		faultCounts:  make(map[string]int),
	}
	s.hs = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	return s
}

// Close stops the server: it ends waiting long polls, cancels webhook
// deliveries and waits for their goroutines, then shuts the listener down.
// It is safe to call more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.isClosed = true
		close(s.closed)
		if s.hook != nil {
			s.hook.cancel()
		}
		s.notifyLocked()
		s.mu.Unlock()
		s.cancel()
		s.wg.Wait()
		s.hs.Close()
		s.client.CloseIdleConnections()
	})
}

// URL is the server's base URL, "http://127.0.0.1:PORT".
func (s *Server) URL() string { return s.hs.URL }

// Endpoint is URL()+"/bot%s/%s", the format string that
// tgbotapi.NewBotAPIWithClient and SetAPIEndpoint take.
func (s *Server) Endpoint() string { return s.hs.URL + "/bot%s/%s" }

// WaitUntil blocks until cond returns true or ctx ends, and returns
// ctx.Err() in the latter case. cond is re-evaluated whenever the fake's
// state changes (a request was handled, an update queued or delivered) and
// at least every 50ms, so conditions on time also work. cond may call the
// Server's methods. Typical use: wait until Pending() == 0 or until the bot
// has answered, with a context of a few seconds.
func (s *Server) WaitUntil(ctx context.Context, cond func() bool) error {
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return nil
		}
		select {
		case <-ch:
		case <-tick.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// notifyLocked wakes everything waiting for a state change.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// ---- HTTP front end ----

// apiError is a Bot API error answer. Its code is both the HTTP status and
// error_code; retryAfter and migrateTo become "parameters".
type apiError struct {
	code       int
	desc       string
	retryAfter int
	migrateTo  int64
}

func (e *apiError) Error() string { return e.desc }

func badRequest(format string, args ...any) *apiError {
	return &apiError{code: http.StatusBadRequest, desc: "Bad Request: " + fmt.Sprintf(format, args...)}
}

func tooManyRequests(retryAfter int) *apiError {
	return &apiError{
		code:       http.StatusTooManyRequests,
		desc:       fmt.Sprintf("Too Many Requests: retry after %d", retryAfter),
		retryAfter: retryAfter,
	}
}

// described is a successful result that also carries a "description", as
// setWebhook and deleteWebhook answers do ("Webhook was set").
type described struct {
	result      any
	description string
}

// envelope is the JSON shape of every Bot API answer.
type envelope struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result,omitempty"`
	ErrorCode   int             `json:"error_code,omitempty"`
	Description string          `json:"description,omitempty"`
	Parameters  map[string]any  `json:"parameters,omitempty"`
}

// handler implements one Bot API method. It returns a JSON-encodable result
// (values that share state with the Server must be encoded before the lock
// is released, e.g. as json.RawMessage) or an *apiError.
type handler func(s *Server, ctx context.Context, p params) (any, error)

// serveHTTP routes /bot<TOKEN>/<method>, applies fault injection and
// writes the Bot API envelope.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	token, name, ok := splitPath(r.URL.Path)
	if !ok {
		writeError(w, &apiError{code: http.StatusNotFound, desc: "Not Found"})
		return
	}
	if token != s.token {
		writeError(w, &apiError{code: http.StatusUnauthorized, desc: "Unauthorized"})
		return
	}
	key := strings.ToLower(name)
	m, known := methods[key]
	s.mu.Lock()
	s.calls[key]++
	var fault fault
	if known {
		fault = s.pickFaultLocked(m.name)
	}
	s.mu.Unlock()
	if !known {
		writeError(w, &apiError{code: http.StatusNotFound, desc: "Not Found"})
		return
	}
	if fault.kind != "" && s.applyFault(w, r, fault) {
		return
	}
	p, err := readParams(r)
	if err != nil {
		writeError(w, badRequest("%v", err))
		return
	}
	result, err := m.fn(s, r.Context(), p)
	s.mu.Lock()
	s.notifyLocked()
	s.mu.Unlock()
	if err != nil {
		var ae *apiError
		if !errors.As(err, &ae) {
			ae = &apiError{code: http.StatusInternalServerError, desc: "Internal Server Error: " + err.Error()}
		}
		writeError(w, ae)
		return
	}
	writeResult(w, result)
}

// invoke runs a method on behalf of a webhook reply ("making requests when
// getting updates"): no faults, no answer to write.
func (s *Server) invoke(ctx context.Context, p params) {
	name := p.str("method")
	key := strings.ToLower(name)
	m, known := methods[key]
	s.mu.Lock()
	s.calls[key]++
	s.mu.Unlock()
	if known && key != "getupdates" {
		_, _ = m.fn(s, ctx, p)
	}
	s.mu.Lock()
	s.notifyLocked()
	s.mu.Unlock()
}

// splitPath splits "/bot<TOKEN>/<method>".
func splitPath(path string) (token, method string, ok bool) {
	rest, ok := strings.CutPrefix(path, "/bot")
	if !ok {
		return "", "", false
	}
	token, method, ok = strings.Cut(rest, "/")
	if !ok || method == "" || strings.Contains(method, "/") {
		return "", "", false
	}
	return token, method, true
}

func writeResult(w http.ResponseWriter, result any) {
	env := envelope{OK: true}
	if d, ok := result.(described); ok {
		env.Description = d.description
		result = d.result
	}
	raw, ok := result.(json.RawMessage)
	if !ok {
		var err error
		if raw, err = json.Marshal(result); err != nil {
			writeError(w, &apiError{code: http.StatusInternalServerError, desc: "Internal Server Error: " + err.Error()})
			return
		}
	}
	env.Result = raw
	writeJSON(w, http.StatusOK, env)
}

func writeError(w http.ResponseWriter, e *apiError) {
	env := envelope{ErrorCode: e.code, Description: e.desc}
	if e.retryAfter > 0 || e.migrateTo != 0 {
		env.Parameters = map[string]any{}
		if e.retryAfter > 0 {
			env.Parameters["retry_after"] = e.retryAfter
		}
		if e.migrateTo != 0 {
			env.Parameters["migrate_to_chat_id"] = e.migrateTo
		}
	}
	writeJSON(w, e.code, env)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// mustJSON encodes values built by the fake itself, which always encode.
func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic("telegramtest: " + err.Error())
	}
	return b
}

// ---- request parameters ----

// maxBody bounds request bodies; the real Bot API takes up to 50 MB uploads.
const maxBody = 50 << 20

// params are a request's parameters as strings, the way the Bot API sees
// them whatever the encoding: objects and arrays (reply_markup, results,
// allowed_updates, commands) are JSON text.
type params map[string]string

// readParams merges the query string with a form, JSON or multipart body,
// the encodings the real Bot API accepts.
func readParams(r *http.Request) (params, error) {
	return parseParams(r.URL.Query(), r.Header.Get("Content-Type"), http.MaxBytesReader(nil, r.Body, maxBody))
}

func parseParams(query url.Values, contentType string, body io.Reader) (params, error) {
	p := params{}
	for k, v := range query {
		if len(v) > 0 {
			p[k] = v[0]
		}
	}
	if body == nil {
		return p, nil
	}
	mediaType, mtParams, _ := mime.ParseMediaType(contentType)
	switch mediaType {
	case "application/x-www-form-urlencoded":
		data, err := io.ReadAll(body)
		if err != nil {
			return nil, err
		}
		form, err := url.ParseQuery(string(data))
		if err != nil {
			return nil, fmt.Errorf("can't parse request body: %v", err)
		}
		for k, v := range form {
			if len(v) > 0 {
				p[k] = v[0]
			}
		}
	case "application/json":
		var obj map[string]json.RawMessage
		dec := json.NewDecoder(body)
		dec.UseNumber()
		if err := dec.Decode(&obj); err != nil && err != io.EOF {
			return nil, fmt.Errorf("can't parse JSON object: %v", err)
		}
		for k, raw := range obj {
			text := strings.TrimSpace(string(raw))
			switch {
			case text == "null":
			case strings.HasPrefix(text, `"`):
				var str string
				if err := json.Unmarshal(raw, &str); err != nil {
					return nil, fmt.Errorf("can't parse JSON object: %v", err)
				}
				p[k] = str
			default:
				p[k] = text
			}
		}
	case "multipart/form-data":
		mr := multipart.NewReader(body, mtParams["boundary"])
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, fmt.Errorf("can't parse multipart body: %v", err)
			}
			data, err := io.ReadAll(part)
			if err != nil {
				return nil, err
			}
			// Uploaded files are accepted and ignored; only their
			// presence matters to the methods the fake implements.
			if part.FileName() == "" {
				p[part.FormName()] = string(data)
			} else {
				p[part.FormName()] = "attach://" + part.FileName()
			}
		}
	}
	return p, nil
}

func (p params) str(k string) string { return p[k] }

func (p params) has(k string) bool { _, ok := p[k]; return ok }

// int reads an integer parameter the way the Bot API does: absent or
// malformed values read as def.
func (p params) int(k string, def int64) int64 {
	v, ok := p[k]
	if !ok {
		return def
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		return def
	}
	return n
}

func (p params) bool(k string) bool {
	v := strings.TrimSpace(p[k])
	return strings.EqualFold(v, "true") || v == "1"
}

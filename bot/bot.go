// Package bot answers residents on Telegram: in private chats, in groups when
// addressed, and inline. It stands on the search engine and adds what a
// chat channel needs: manners (Telegram's rate limits, threaded replies in
// groups), reliability (each update handled once, confirmed only after it is
// handled, retried through network faults) and privacy (residents appear in
// logs only as keyed hashes; the token never appears).
package bot

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"go.uber.org/zap"
	"golang.org/x/time/rate"

	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/feedback"
	"github.com/liwanbot/liwanbot/search"
)

// Engine answers questions from a report. *search.Engine is one.
type Engine interface {
	Answer(ctx context.Context, question string) search.Answer
	Report() *corpus.Report
	// Traditional writes the report's simplified text in traditional
	// characters, as the engine writes a traditional asker's answer: the
	// paragraph, more results and topics shown beside it must match.
	Traditional(s string) string
	// Find returns the report a sentence or paragraph id is of, as a
	// button carries it: with several reports loaded, 2024/p31.s4 is the
	// 2024 report's, which Report (the default) is not.
	Find(id string) (*corpus.Report, bool)
}

// Metrics receives what operators count. *metrics.Metrics is one.
type Metrics interface {
	// TelegramCall counts a Bot API call: code 0 for success, the API's
	// error_code, or -1 when no API reply came.
	TelegramCall(method string, code int)
	// RateLimitWait counts a send that waited, by "pacer" or "telegram".
	RateLimitWait(by string, d time.Duration)
}

// Recorder keeps what staff review: refused and answered questions, and
// ratings. Queuing
// a record must not block; the Pending it returns tells when the record is
// committed, and an update is confirmed to Telegram only after that.
// *feedback.Recorder is one.
type Recorder interface {
	Refusal(feedback.Refusal) feedback.Pending
	Rating(feedback.Rating) feedback.Pending
	// Answer keeps an answered question: the question a 👎 is given to,
	// and the count refusals are a share of.
	Answer(feedback.Answered) feedback.Pending
}

type noRecorder struct{}

func (noRecorder) Refusal(feedback.Refusal) feedback.Pending { return feedback.Pending{} }
func (noRecorder) Rating(feedback.Rating) feedback.Pending   { return feedback.Pending{} }
func (noRecorder) Answer(feedback.Answered) feedback.Pending { return feedback.Pending{} }

// Claims share updates between instances behind one webhook address, so
// that a redelivery landing on another instance is not answered twice.
// *feedback.Claims is one.
type Claims interface {
	Claim(ctx context.Context, updateID int) (feedback.ClaimState, error)
	Done(ctx context.Context, updateID int) error
	Release(ctx context.Context, updateID int) error
}

type noMetrics struct{}

func (noMetrics) TelegramCall(string, int)            {}
func (noMetrics) RateLimitWait(string, time.Duration) {}

// Bot handles Telegram updates. It is safe for concurrent use: the polling
// loop handles different chats in parallel, and a webhook server calls
// Handle from many goroutines.
type Bot struct {
	client   *Client
	engine   Engine
	self     tgbotapi.User
	log      *zap.Logger
	hashKey  []byte
	pacer    *pacer
	flood    *floodControl
	seen     *updateLog
	metrics  Metrics
	recorder Recorder
	// statePath keeps handled-but-unconfirmed updates across restarts.
	statePath string
	claims    Claims
	inflight  sync.WaitGroup

	mu       sync.Mutex
	migrated map[int64]int64 // group id → the supergroup it became
}

// Option configures a Bot.
type Option func(*Bot)

// WithLogger sets where the bot logs; the default discards.
func WithLogger(l *zap.Logger) Option { return func(b *Bot) { b.log = l } }

// WithMetrics counts API calls and rate-limit waits.
func WithMetrics(m Metrics) Option { return func(b *Bot) { b.metrics = m } }

// WithClaims shares updates with other instances through a database.
func WithClaims(c Claims) Option { return func(b *Bot) { b.claims = c } }

// WithRecorder records refused questions and ratings.
func WithRecorder(r Recorder) Option { return func(b *Bot) { b.recorder = r } }

// WithHashKey sets the key residents' ids are hashed with in logs. Without
// one the key is derived from the bot token, which is secret and stable.
func WithHashKey(key []byte) Option { return func(b *Bot) { b.hashKey = key } }

// WithLimits replaces Telegram's sending limits, for a Bot API server that
// has others (a local test server).
func WithLimits(l Limits) Option { return func(b *Bot) { b.pacer = newPacer(l) } }

// WithFloodControl sets how many questions one resident may ask: burst at
// once, then one per every.
func WithFloodControl(burst int, every time.Duration) Option {
	return func(b *Bot) { b.flood = newFloodControl(burst, every) }
}

// New returns a bot that answers with engine over client.
func New(client *Client, engine Engine, opts ...Option) *Bot {
	b := &Bot{
		client:   client,
		engine:   engine,
		self:     client.Self(),
		log:      zap.NewNop(),
		pacer:    newPacer(DefaultLimits),
		flood:    newFloodControl(12, 3*time.Second),
		seen:     newUpdateLog(1 << 14),
		metrics:  noMetrics{},
		recorder: noRecorder{},
		migrated: map[int64]int64{},
	}
	for _, o := range opts {
		o(b)
	}
	if b.hashKey == nil {
		sum := sha256.Sum256([]byte("liwanbot resident hash key\x00" + client.token))
		b.hashKey = sum[:]
	}
	b.log = b.log.With(zap.String("bot", b.self.UserName))
	client.observe = func(method string, code int, _ error) { b.metrics.TelegramCall(method, code) }
	return b
}

// ErrNotHandled means an update was not handled because ctx ended first; it
// must be delivered again.
var ErrNotHandled = errors.New("update not handled")

// Handle answers one update and returns once every reply it needs is sent.
// An update already handled is skipped, since Telegram delivers at least
// once. It fails only when ctx ends before the replies are out; Telegram
// refusing a reply for good (the resident blocked the bot) is logged and
// counts as handled.
func (b *Bot) Handle(ctx context.Context, u tgbotapi.Update) error {
	b.inflight.Add(1)
	defer b.inflight.Done()
	switch b.seen.begin(u.UpdateID) {
	case updateDone:
		b.log.Debug("repeated update skipped", zap.Int("update_id", u.UpdateID))
		return nil
	case updateBusy:
		return ErrBusy
	}
	switch b.claim(ctx, u.UpdateID) {
	case feedback.Done:
		b.seen.finish(u.UpdateID)
		b.log.Debug("update answered by another instance skipped", zap.Int("update_id", u.UpdateID))
		return nil
	case feedback.Busy:
		b.seen.abandon(u.UpdateID)
		return ErrBusy
	}
	err := b.dispatchSafely(ctx, u)
	if err != nil && ctx.Err() != nil {
		b.seen.abandon(u.UpdateID)
		b.unclaim(u.UpdateID, false)
		return errors.Join(ErrNotHandled, err)
	}
	if err != nil {
		b.log.Warn("reply refused by telegram", zap.Int("update_id", u.UpdateID), zap.Error(err))
	}
	b.seen.finish(u.UpdateID)
	b.unclaim(u.UpdateID, true)
	return nil
}

// claimTimeout bounds the database's say in an answer: past it, the bot
// answers anyway rather than risk losing the question.
const claimTimeout = 2 * time.Second

// claim asks the other instances' database whether to answer an update. A
// database fault answers it: a rare double reply beats a lost question.
func (b *Bot) claim(ctx context.Context, id int) feedback.ClaimState {
	if b.claims == nil {
		return feedback.Won
	}
	ctx, cancel := context.WithTimeout(ctx, claimTimeout)
	defer cancel()
	st, err := b.claims.Claim(ctx, id)
	if err != nil {
		b.log.Warn("update claim failed; answering anyway", zap.Int("update_id", id), zap.Error(err))
		return feedback.Won
	}
	return st
}

// unclaim marks a claimed update done, or releases it for another
// delivery. It outlives ctx: a shutdown is when a release matters most.
func (b *Bot) unclaim(id int, done bool) {
	if b.claims == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), claimTimeout)
	defer cancel()
	var err error
	if done {
		err = b.claims.Done(ctx, id)
	} else {
		err = b.claims.Release(ctx, id)
	}
	if err != nil {
		b.log.Warn("update claim not settled", zap.Int("update_id", id), zap.Bool("done", done), zap.Error(err))
	}
}

// recordTimeout bounds how long a handled update waits for its record's
// commit before it is confirmed anyway. The reply is sent before the wait,
// so a resident never waits on the database; a broken database holds the
// chat's next update for at most this long, and the record, still queued,
// may yet be written.
const recordTimeout = 2 * time.Second

// settle waits for a record made while handling an update to be committed,
// so that the update is confirmed to Telegram (and, after a crash,
// delivered again rather than lost) only once its record is durable. A
// fault is a warning, never a lost reply; the end of ctx (the shutdown's
// grace) ends the wait too, and the recorder's Close writes what is left.
func (b *Bot) settle(ctx context.Context, p feedback.Pending, what string) {
	ctx, cancel := context.WithTimeout(ctx, recordTimeout)
	defer cancel()
	if err := p.Wait(ctx); err != nil {
		b.log.Warn("feedback record not committed; the update is confirmed anyway", zap.String("record", what), zap.Error(err))
	}
}

// ErrBusy means the same update is being handled right now by another
// delivery.
var ErrBusy = errors.New("update is being handled")

// Wait blocks until every Handle call in progress has returned.
func (b *Bot) Wait() { b.inflight.Wait() }

// dispatchSafely turns a panic while handling one update into an error, so
// that a malformed update cannot kill the process, and with it every
// conversation, or come back and kill it again after a restart.
func (b *Bot) dispatchSafely(ctx context.Context, u tgbotapi.Update) (err error) {
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("panic while handling an update; skipped", zap.Int("update_id", u.UpdateID), zap.Any("panic", r), zap.Stack("stack"))
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return b.dispatch(ctx, u)
}

func (b *Bot) dispatch(ctx context.Context, u tgbotapi.Update) error {
	switch {
	case u.Message != nil:
		return b.onMessage(ctx, u.Message)
	case u.CallbackQuery != nil:
		return b.onCallback(ctx, u.CallbackQuery)
	case u.InlineQuery != nil:
		return b.onInline(ctx, u.InlineQuery)
	default:
		// Edits, channel posts, membership changes, and update types newer
		// than the library (they decode as an empty update): nothing to say.
		return nil
	}
}

// resident is how a person appears in logs: a keyed hash, never the id.
func (b *Bot) resident(id int64) zap.Field {
	return zap.String("resident", b.hash(id))
}

func (b *Bot) chatField(id int64) zap.Field {
	return zap.String("chat", b.hash(id))
}

func (b *Bot) hash(id int64) string {
	m := hmac.New(sha256.New, b.hashKey)
	m.Write([]byte(strconv.FormatInt(id, 10)))
	return hex.EncodeToString(m.Sum(nil)[:8])
}

// floodControl gives each resident a budget of questions, so that one person
// cannot hold a group's or the bot's whole sending budget.
type floodControl struct {
	mu     sync.Mutex
	burst  int
	every  time.Duration
	users  map[int64]*floodState
	sweeps int
}

type floodState struct {
	lim    *rate.Limiter
	warned bool
}

func newFloodControl(burst int, every time.Duration) *floodControl {
	return &floodControl{burst: burst, every: every, users: map[int64]*floodState{}}
}

// floodVerdict says what to do with a resident's question.
type floodVerdict int

const (
	floodAllow floodVerdict = iota
	floodWarn               // over budget: say so once
	floodDrop               // over budget and already told
)

func (f *floodControl) check(user int64) floodVerdict {
	f.mu.Lock()
	defer f.mu.Unlock()
	st, ok := f.users[user]
	if !ok {
		st = &floodState{lim: rate.NewLimiter(rate.Every(f.every), f.burst)}
		f.users[user] = st
	}
	if f.sweeps++; f.sweeps > 10000 {
		f.sweep()
	}
	if st.lim.Allow() {
		st.warned = false
		return floodAllow
	}
	if st.warned {
		return floodDrop
	}
	st.warned = true
	return floodWarn
}

// sweep forgets residents whose budget is full again.
func (f *floodControl) sweep() {
	f.sweeps = 0
	now := time.Now()
	for id, st := range f.users {
		if st.lim.TokensAt(now) >= float64(f.burst) {
			delete(f.users, id)
		}
	}
}

// updateLog remembers which updates were handled, so a repeated delivery
// gets no second reply. It keeps the last n ids: Telegram repeats an update
// only until it is confirmed, which happens within a batch or two.
type updateLog struct {
	mu    sync.Mutex
	state map[int]updateState
	order []int
	n     int
}

type updateState int

const (
	updateNew updateState = iota
	updateBusy
	updateDone
)

func newUpdateLog(n int) *updateLog {
	return &updateLog{state: map[int]updateState{}, n: n}
}

// begin marks id as being handled and returns its state before.
func (l *updateLog) begin(id int) updateState {
	l.mu.Lock()
	defer l.mu.Unlock()
	st, ok := l.state[id]
	if ok {
		return st
	}
	l.state[id] = updateBusy
	l.order = append(l.order, id)
	if len(l.order) > l.n {
		old := l.order[0]
		l.order = l.order[1:]
		if l.state[old] == updateDone {
			delete(l.state, old)
		}
	}
	return updateNew
}

func (l *updateLog) finish(id int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.state[id] = updateDone
}

// abandon forgets an update that was not handled, so its next delivery is.
func (l *updateLog) abandon(id int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.state, id)
}

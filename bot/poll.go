package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"go.uber.org/zap"
)

// allowedUpdates are the update types the bot acts on; Telegram sends no
// others, which saves traffic in busy groups.
var allowedUpdates = []string{"message", "callback_query", "inline_query"}

// pollTimeout is how long one getUpdates waits for news, in seconds.
const pollTimeout = 25

// Poll takes updates by long polling until ctx ends, then finishes the
// updates it holds (for at most grace), confirms them to Telegram and
// writes the state file (see WithStateFile).
//
// It does not use the library's GetUpdatesChan, which confirms an update
// before it is handled, sleeps a fixed 3 s on every error, and cannot be
// stopped cleanly. Here each conversation (a chat, or a resident's inline
// queries) has a worker that answers its updates in order, all chats in
// parallel, and polling goes on meanwhile: a group waiting out its
// 20-a-minute limit holds up nobody else.
//
// Telegram confirms every update below the offset a getUpdates call
// names, so the offset stays at the oldest update not yet handled; the
// updates above it that are handled meanwhile come back from Telegram and
// are skipped. A process that dies loses no question: what it had not
// answered comes again.
//
// Poll fails only when Telegram rejects the token.
func (b *Bot) Poll(ctx context.Context, grace time.Duration) error {
	if err := b.deleteWebhook(ctx); err != nil {
		return err
	}
	// Replies in flight get grace more time once ctx ends.
	work, stop := withGrace(ctx, grace)
	defer stop()
	p := newPoller(b, work, b.loadState())

	failures := 0
	for ctx.Err() == nil {
		if p.backlogged() {
			// Enough in hand: fetch more once some of it is answered.
			p.waitProgress(ctx, time.Second)
			continue
		}
		offset := p.offset()
		updates, err := b.getUpdates(ctx, offset, pollTimeout)
		if err == nil {
			p.confirmed(offset)
		}
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			if errors.Is(err, ErrUnauthorized) {
				p.wait()
				return err
			}
			wait, _ := b.client.retryAfter(err, failures)
			if errors.Is(err, ErrConflict) {
				b.log.Error("another instance is taking this bot's updates: stop it, or this one keeps retrying", zap.Error(err))
				wait = max(wait, 5*time.Second)
			} else {
				b.log.Warn("getUpdates failed, retrying", zap.Error(err), zap.Duration("wait", wait))
			}
			failures++
			sleep(ctx, wait)
			continue
		}
		failures = 0
		if fresh := p.dispatch(updates, offset); fresh == 0 && len(updates) > 0 {
			// Telegram repeats what is not confirmed: updates still being
			// answered. Asking again at once would spin.
			p.waitProgress(ctx, time.Second)
		}
	}
	p.wait()
	offset := p.offset()
	if err := b.confirm(offset, grace); err != nil {
		// Telegram still holds everything from the last offset it took.
		offset = p.lastConfirmed()
	}
	b.saveState(offset, p.handledFrom(offset))
	return nil
}

// poller tracks the updates Poll has fetched until they are handled.
type poller struct {
	b        *Bot
	ctx      context.Context // for handling: outlives Poll's ctx by the grace period
	mu       sync.Mutex
	open     map[int]bool                // fetched, not handled yet
	handled  map[int]bool                // handled, at or above the offset
	last     int                         // the highest update id fetched
	floor    int                         // the offset of the last getUpdates that succeeded
	queues   map[int64][]tgbotapi.Update // per conversation; present while its worker runs
	progress chan struct{}
	workers  sync.WaitGroup
}

// maxOpen bounds the updates in hand, so that a bot that cannot send (a
// long outage) stops fetching rather than queueing without end.
const maxOpen = 1000

// newPoller starts from the state a previous run left: every update below
// st.Offset was handled, and so were those in st.Handled.
func newPoller(b *Bot, ctx context.Context, st pollState) *poller {
	p := &poller{b: b, ctx: ctx, open: map[int]bool{}, handled: map[int]bool{}, queues: map[int64][]tgbotapi.Update{}, progress: make(chan struct{}, 1)}
	if st.Offset > 0 {
		p.last = st.Offset - 1
	}
	for _, id := range st.Handled {
		p.handled[id] = true
	}
	return p
}

// offset is the update id getUpdates should start from: the oldest not
// handled, or the one after the newest fetched.
func (p *poller) offset() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.open) == 0 {
		if p.last == 0 {
			return 0
		}
		return p.last + 1
	}
	lowest := p.last + 1
	for id := range p.open {
		lowest = min(lowest, id)
	}
	return lowest
}

// confirmed records that a getUpdates call with offset succeeded: Telegram
// has dropped every update below it, so they need no more tracking.
func (p *poller) confirmed(offset int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.floor = max(p.floor, offset)
	for id := range p.handled {
		if id < offset {
			delete(p.handled, id)
		}
	}
}

func (p *poller) lastConfirmed() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.floor
}

func (p *poller) backlogged() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.open) >= maxOpen
}

// dispatch queues the updates not seen before on their conversation's
// worker and returns how many there were. Updates below offset were
// confirmed already; Telegram does not send them, and if a server did they
// would be answered twice.
func (p *poller) dispatch(updates []tgbotapi.Update, offset int) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	fresh := 0
	for _, u := range updates {
		if u.UpdateID < offset {
			continue
		}
		// Handled or not, an update fetched moves the next offset past it.
		p.last = max(p.last, u.UpdateID)
		if p.open[u.UpdateID] || p.handled[u.UpdateID] {
			continue
		}
		fresh++
		p.open[u.UpdateID] = true
		key := conversation(u)
		q, running := p.queues[key]
		p.queues[key] = append(q, u)
		if !running {
			p.workers.Add(1)
			go p.work(key)
		}
	}
	return fresh
}

// work answers a conversation's updates in order until its queue is empty.
func (p *poller) work(key int64) {
	defer p.workers.Done()
	for {
		p.mu.Lock()
		q := p.queues[key]
		if len(q) == 0 {
			delete(p.queues, key)
			p.mu.Unlock()
			return
		}
		u := q[0]
		p.queues[key] = q[1:]
		p.mu.Unlock()

		err := p.b.Handle(p.ctx, u)

		p.mu.Lock()
		if err == nil {
			delete(p.open, u.UpdateID)
			p.handled[u.UpdateID] = true
		}
		// A failure (the grace period ended) leaves the update open: it is
		// not confirmed, and Telegram gives it to the next run.
		p.mu.Unlock()
		select {
		case p.progress <- struct{}{}:
		default:
		}
	}
}

// waitProgress waits until an update is handled, at most d.
func (p *poller) waitProgress(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-p.progress:
	case <-t.C:
	case <-ctx.Done():
	}
}

// wait lets the workers finish: they stop when their queues are empty or
// the grace period ends.
func (p *poller) wait() { p.workers.Wait() }

// handledFrom lists the handled updates at or above offset: Telegram will
// deliver them again, and the next run must skip them.
func (p *poller) handledFrom(offset int) []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	var ids []int
	for id := range p.handled {
		if id >= offset {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// conversation is the key that keeps a chat's updates in order.
func conversation(u tgbotapi.Update) int64 {
	switch {
	case u.Message != nil && u.Message.Chat != nil:
		return u.Message.Chat.ID
	case u.CallbackQuery != nil && u.CallbackQuery.Message != nil && u.CallbackQuery.Message.Chat != nil:
		return u.CallbackQuery.Message.Chat.ID
	case u.CallbackQuery != nil && u.CallbackQuery.From != nil:
		return u.CallbackQuery.From.ID
	case u.InlineQuery != nil && u.InlineQuery.From != nil:
		return u.InlineQuery.From.ID
	default:
		return 0
	}
}

func (b *Bot) getUpdates(ctx context.Context, offset, timeout int) ([]tgbotapi.Update, error) {
	cfg := tgbotapi.UpdateConfig{Offset: offset, Limit: 100, Timeout: timeout, AllowedUpdates: allowedUpdates}
	// The request outlives Telegram's wait by a margin, so a slow network
	// is not mistaken for a dead one.
	updates, err := b.fetch(ctx, time.Duration(timeout)*time.Second+15*time.Second, cfg)
	var apiErr *tgbotapi.Error
	if errors.As(err, &apiErr) {
		switch apiErr.Code {
		case http.StatusUnauthorized:
			return nil, fmt.Errorf("%w: %v", ErrUnauthorized, err)
		case http.StatusConflict:
			return nil, fmt.Errorf("%w: %v", ErrConflict, err)
		}
	}
	return updates, err
}

func (b *Bot) fetch(ctx context.Context, timeout time.Duration, cfg tgbotapi.UpdateConfig) ([]tgbotapi.Update, error) {
	c := b.client
	resp, err := c.request(ctx, timeout, cfg)
	if err != nil {
		return nil, err
	}
	var raw []json.RawMessage
	if err := decodeResult(resp, &raw); err != nil {
		return nil, fmt.Errorf("getUpdates: %w", err)
	}
	// Each update is decoded on its own: one the library cannot read (a
	// field whose type a newer Bot API changed) must not stop the others.
	updates := make([]tgbotapi.Update, 0, len(raw))
	for _, r := range raw {
		var u tgbotapi.Update
		if err := json.Unmarshal(r, &u); err != nil {
			var id struct {
				UpdateID int `json:"update_id"`
			}
			if json.Unmarshal(r, &id) != nil || id.UpdateID == 0 {
				return nil, fmt.Errorf("getUpdates: an update without an id: %w", err)
			}
			b.log.Warn("update the library cannot read skipped", zap.Int("update_id", id.UpdateID), zap.Error(err))
			u = tgbotapi.Update{UpdateID: id.UpdateID} // handled as an unknown type: skipped
		}
		updates = append(updates, u)
	}
	return updates, nil
}

// confirm tells Telegram that every update below offset is handled, so a
// restarted bot does not get them again. getUpdates with an offset is the
// only way to say so; it does not wait, and what it returns stays
// unconfirmed for the next run.
func (b *Bot) confirm(offset int, grace time.Duration) error {
	if offset == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), max(grace, 5*time.Second))
	defer cancel()
	cfg := tgbotapi.UpdateConfig{Offset: offset, Limit: 1, Timeout: 0, AllowedUpdates: allowedUpdates}
	_, err := b.client.retry(ctx, func() (*tgbotapi.APIResponse, error) { return b.client.Request(ctx, cfg) })
	if err != nil {
		b.log.Warn("could not confirm handled updates; the state file keeps them", zap.Int("offset", offset), zap.Error(err))
		return err
	}
	b.log.Info("confirmed handled updates", zap.Int("offset", offset))
	return nil
}

// deleteWebhook turns off a webhook left by an earlier run in webhook mode:
// Telegram refuses getUpdates while one is set. Pending updates are kept.
func (b *Bot) deleteWebhook(ctx context.Context) error {
	_, err := b.client.Do(ctx, tgbotapi.DeleteWebhookConfig{DropPendingUpdates: false})
	if err != nil {
		return fmt.Errorf("delete webhook before polling: %w", err)
	}
	return nil
}

// withGrace returns a context that ends grace after parent does, for work
// that must be allowed to finish after a shutdown begins.
func withGrace(parent context.Context, grace time.Duration) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(parent))
	stop := context.AfterFunc(parent, func() {
		t := time.AfterFunc(grace, cancel)
		context.AfterFunc(ctx, func() { t.Stop() })
	})
	return ctx, func() {
		stop()
		cancel()
	}
}

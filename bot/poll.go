package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
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
// updates it holds (for at most grace) and confirms them to Telegram.
//
// It does not use the library's GetUpdatesChan, which confirms an update
// before it is handled, sleeps a fixed 3 s on every error, and cannot be
// stopped cleanly. Here an update is confirmed only once handled, so one
// that was fetched but not answered when the process died comes again.
//
// Updates in a batch are handled chat by chat in parallel, in order within a
// chat. Poll fails only when Telegram rejects the token.
func (b *Bot) Poll(ctx context.Context, grace time.Duration) error {
	if err := b.deleteWebhook(ctx); err != nil {
		return err
	}
	// Replies in flight get grace more time once ctx ends.
	work, stop := withGrace(ctx, grace)
	defer stop()

	offset, failures := 0, 0
	for ctx.Err() == nil {
		updates, err := b.getUpdates(ctx, offset, pollTimeout)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			if errors.Is(err, ErrUnauthorized) {
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
		next := b.handleBatch(work, updates)
		if next > offset {
			offset = next
		}
	}
	b.confirm(offset, grace)
	return nil
}

// handleBatch handles updates and returns the offset that confirms what was
// handled: one past the last update before the first that was not.
func (b *Bot) handleBatch(ctx context.Context, updates []tgbotapi.Update) int {
	if len(updates) == 0 {
		return 0
	}
	var byChat [][]tgbotapi.Update
	index := map[int64]int{}
	for _, u := range updates {
		key := conversation(u)
		i, ok := index[key]
		if !ok {
			i = len(byChat)
			index[key] = i
			byChat = append(byChat, nil)
		}
		byChat[i] = append(byChat[i], u)
	}
	failed := make(map[int]bool)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, us := range byChat {
		wg.Go(func() {
			for _, u := range us {
				if err := b.Handle(ctx, u); err != nil {
					mu.Lock()
					failed[u.UpdateID] = true
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	next := updates[0].UpdateID
	for _, u := range updates {
		if failed[u.UpdateID] {
			break
		}
		next = u.UpdateID + 1
	}
	return next
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
	updates, err := getUpdates(b.client, ctx, time.Duration(timeout)*time.Second+15*time.Second, cfg)
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

func getUpdates(c *Client, ctx context.Context, timeout time.Duration, cfg tgbotapi.UpdateConfig) ([]tgbotapi.Update, error) {
	resp, err := c.request(ctx, timeout, cfg)
	if err != nil {
		return nil, err
	}
	var updates []tgbotapi.Update
	if err := decodeResult(resp, &updates); err != nil {
		return nil, fmt.Errorf("getUpdates: %w", err)
	}
	return updates, nil
}

// confirm tells Telegram that every update below offset is handled, so a
// restarted bot does not get them again. getUpdates with an offset is the
// only way to say so; it does not wait, and what it returns stays
// unconfirmed for the next run.
func (b *Bot) confirm(offset int, grace time.Duration) {
	if offset == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), max(grace, 5*time.Second))
	defer cancel()
	cfg := tgbotapi.UpdateConfig{Offset: offset, Limit: 1, Timeout: 0, AllowedUpdates: allowedUpdates}
	_, err := b.client.retry(ctx, func() (*tgbotapi.APIResponse, error) { return b.client.Request(ctx, cfg) })
	if err != nil {
		b.log.Warn("could not confirm handled updates; they may be answered again after a restart", zap.Int("offset", offset), zap.Error(err))
		return
	}
	b.log.Info("confirmed handled updates", zap.Int("offset", offset))
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

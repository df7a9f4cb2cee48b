package bot

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"go.uber.org/zap"
)

// SecretHeader carries the webhook secret on every delivery.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// secretPattern is what Telegram accepts as a webhook secret.
var secretPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// ErrBadSecret means a webhook secret Telegram would refuse.
var ErrBadSecret = errors.New("the webhook secret must be 1-256 characters of A-Z, a-z, 0-9, _ and -")

// SetWebhook asks Telegram to deliver updates to url, with secret on every
// delivery. telegram-bot-api v5.5.1's WebhookConfig has no secret_token
// field, so the call is made by name.
func (b *Bot) SetWebhook(ctx context.Context, url, secret string) error {
	if !secretPattern.MatchString(secret) {
		return ErrBadSecret
	}
	allowed, err := json.Marshal(allowedUpdates)
	if err != nil {
		return err
	}
	params := tgbotapi.Params{
		"url":                  url,
		"secret_token":         secret,
		"allowed_updates":      string(allowed),
		"drop_pending_updates": "false",
	}
	_, err = b.client.retry(ctx, func() (*tgbotapi.APIResponse, error) {
		return b.client.makeRequest(ctx, "setWebhook", params)
	})
	if err != nil {
		return fmt.Errorf("set webhook: %w", err)
	}
	b.log.Info("webhook set", zap.String("url", url))
	return nil
}

// maxUpdateBytes bounds a delivery: a real update is a few kilobytes.
const maxUpdateBytes = 1 << 20

// WebhookHandler receives Telegram's deliveries. A delivery without the
// secret gets 401 and is not read. A delivery is answered 200 only once its
// update is handled, so Telegram delivers again what a fault or a shutdown
// interrupted; ctx bounds the handling, since the request's own context
// ends when Telegram stops waiting.
func (b *Bot) WebhookHandler(ctx context.Context, secret string) http.Handler {
	want := sha256.Sum256([]byte(secret))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		// Comparing digests keeps the comparison constant-time even in the
		// secret's length.
		got := sha256.Sum256([]byte(r.Header.Get(SecretHeader)))
		if secret == "" || subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		var u tgbotapi.Update
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxUpdateBytes)).Decode(&u); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				http.Error(w, "update too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "bad update: "+strings.SplitN(err.Error(), "\n", 2)[0], http.StatusBadRequest)
			return
		}
		err := b.Handle(ctx, u)
		switch {
		case errors.Is(err, ErrBusy):
			// Another delivery of this update is being handled; Telegram
			// will ask again and find it done.
			w.Header().Set("Retry-After", "1")
			http.Error(w, "update in progress", http.StatusServiceUnavailable)
		case err != nil:
			b.log.Warn("webhook update not handled", zap.Int("update_id", u.UpdateID), zap.Error(err))
			http.Error(w, "not handled", http.StatusServiceUnavailable)
		default:
			w.Header().Set("Content-Type", "text/plain")
			w.Write([]byte("ok " + strconv.Itoa(u.UpdateID)))
		}
	})
}

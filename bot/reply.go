package bot

import (
	"context"
	"errors"
	"html"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"go.uber.org/zap"
)

// reply is a message before it becomes Telegram HTML: plain text, the
// phrases to set in bold, and buttons. Keeping it plain until the end means
// every string, from the report or from a resident, is escaped in one place.
type reply struct {
	text     string
	bold     []string
	keyboard *tgbotapi.InlineKeyboardMarkup
}

// maxPart is how long one message may be, in UTF-16 code units of its text
// after Telegram parses the HTML: Telegram's limit is 4096.
const maxPart = 4000

// parts renders r as one or more HTML messages, each under Telegram's limit.
// The text is cut at line ends where it can, then at sentence ends, and only
// then anywhere.
func (r reply) parts() []string {
	var out []string
	for _, chunk := range split(r.text, maxPart) {
		out = append(out, renderHTML(chunk, r.bold))
	}
	return out
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// split cuts text into pieces of at most limit UTF-16 units.
func split(text string, limit int) []string {
	var out []string
	for utf16Len(text) > limit {
		cut := cutPoint(text, limit)
		out = append(out, strings.TrimRight(text[:cut], "\n "))
		text = strings.TrimLeft(text[cut:], "\n ")
	}
	if text != "" || len(out) == 0 {
		out = append(out, text)
	}
	return out
}

// cutPoint is the byte offset to cut text at so that the head holds at most
// limit UTF-16 units, preferring a line end, then a sentence end.
func cutPoint(text string, limit int) int {
	units, hard, line, sentence := 0, 0, 0, 0
	for i, r := range text {
		units += utf16.RuneLen(r)
		if units > limit {
			break
		}
		hard = i + utf8.RuneLen(r)
		switch r {
		case '\n':
			line = hard
		case '。', '；', '！', '？', '.', ';', '!', '?':
			sentence = hard
		}
	}
	switch {
	case line > limit/2:
		return line
	case sentence > limit/2:
		return sentence
	default:
		return hard
	}
}

// renderHTML escapes text for Telegram's HTML parse mode and sets the bold
// phrases in <b>, longest first so that a phrase inside a longer one does
// not split it.
func renderHTML(text string, bold []string) string {
	phrases := slices.Clone(bold)
	slices.SortFunc(phrases, func(a, b string) int { return len(b) - len(a) })
	var out strings.Builder
	lower := strings.ToLower(text) // the engine's terms are lower-cased
	for i := 0; i < len(text); {
		n := 0
		if len(lower) == len(text) { // case folding kept offsets: phrases can be found
			for _, p := range phrases {
				if p != "" && strings.HasPrefix(lower[i:], p) {
					n = len(p)
					break
				}
			}
		}
		if n > 0 {
			out.WriteString("<b>" + html.EscapeString(text[i:i+n]) + "</b>")
			i += n
			continue
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		out.WriteString(html.EscapeString(text[i : i+size]))
		i += size
	}
	return out.String()
}

// send delivers r to chat in as many messages as it takes, the first
// threaded to replyTo (0 for none), the buttons under the last.
func (b *Bot) send(ctx context.Context, chat *tgbotapi.Chat, replyTo int, r reply) error {
	group := chat.IsGroup() || chat.IsSuperGroup()
	parts := r.parts()
	for i, part := range parts {
		msg := tgbotapi.NewMessage(b.chatID(chat.ID), part)
		msg.ParseMode = tgbotapi.ModeHTML
		msg.DisableWebPagePreview = true
		if i == 0 && replyTo != 0 {
			msg.ReplyToMessageID = replyTo
			msg.AllowSendingWithoutReply = true // the question may be deleted meanwhile
		}
		if i == len(parts)-1 && r.keyboard != nil {
			msg.ReplyMarkup = *r.keyboard
		}
		if err := b.deliver(ctx, msg, group); err != nil {
			return err
		}
	}
	return nil
}

// deliver sends one message within Telegram's limits, retrying through
// faults, and following the chat if it turns out to have become a
// supergroup.
func (b *Bot) deliver(ctx context.Context, msg tgbotapi.MessageConfig, group bool) error {
	failures := 0
	for {
		at := b.pacer.reserve(msg.ChatID, group)
		if time.Until(at) > time.Second {
			// The resident would see nothing for a while: show that an
			// answer is coming.
			b.typing(ctx, msg.ChatID)
		}
		if wait := time.Until(at); wait > 0 {
			b.metrics.RateLimitWait("pacer", wait)
			if !sleep(ctx, wait) {
				return ctx.Err()
			}
		}
		_, err := b.client.Request(ctx, msg)
		b.pacer.sent(msg.ChatID, group, at, time.Now())
		if err == nil {
			return nil
		}
		var apiErr *tgbotapi.Error
		if errors.As(err, &apiErr) && apiErr.MigrateToChatID != 0 {
			b.migrate(msg.ChatID, apiErr.MigrateToChatID)
			msg.ChatID, group = apiErr.MigrateToChatID, true
			continue
		}
		wait, retry := b.client.retryAfter(err, failures)
		if !retry {
			return err
		}
		failures++
		if errorCode(err) == http.StatusTooManyRequests {
			b.metrics.RateLimitWait("telegram", wait)
		}
		b.log.Debug("send failed, retrying", zap.Error(err), zap.Duration("wait", wait), zap.Int("failures", failures))
		if !sleep(ctx, wait) {
			return errors.Join(ctx.Err(), err)
		}
	}
}

// typing shows "typing…" in a chat, once and without retries: it is a
// courtesy, and a failure costs nothing.
func (b *Bot) typing(ctx context.Context, chat int64) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if _, err := b.client.Request(ctx, tgbotapi.NewChatAction(chat, tgbotapi.ChatTyping)); err != nil {
		b.log.Debug("chat action failed", zap.Error(err))
	}
}

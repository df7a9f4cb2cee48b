package bot

import (
	"context"
	"strings"
	"time"
	"unicode/utf16"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"go.uber.org/zap"

	"github.com/liwanbot/liwanbot/feedback"
	"github.com/liwanbot/liwanbot/search"
)

// onMessage decides whether a message is for the bot and answers it.
//
// In a private chat every message is. In a group only /ask (or another of
// the bot's commands), a mention of the bot, or a reply to one of the bot's
// own messages is: a bot that answered every message would drown a
// neighbourhood group.
func (b *Bot) onMessage(ctx context.Context, m *tgbotapi.Message) error {
	if m.Chat == nil {
		return nil
	}
	if m.MigrateToChatID != 0 {
		b.migrate(m.Chat.ID, m.MigrateToChatID)
		return nil
	}
	group := m.Chat.IsGroup() || m.Chat.IsSuperGroup()
	if !group && !m.Chat.IsPrivate() {
		return nil // channels
	}
	lang := langOfUser(m.From)
	if group && b.joined(m) {
		return b.send(ctx, m.Chat, 0, reply{text: texts[lang].groupWelcome(b.self.UserName, b.voice(lang).district())})
	}
	if m.From == nil || m.From.IsBot {
		return nil
	}

	addressed := !group || b.repliesToMe(m)
	text := m.Text
	if cmd, at, args, ok := command(m); ok {
		if at != "" && !strings.EqualFold(at, b.self.UserName) {
			return nil // another bot's command
		}
		return b.onCommand(ctx, m, strings.ToLower(cmd), args, group && at == "")
	}
	if stripped, mentioned := b.stripMention(m); mentioned {
		text, addressed = stripped, true
	}
	if !addressed {
		return nil
	}
	if m.Text == "" {
		if isMedia(m) {
			return b.replyTo(ctx, m, reply{text: texts[lang].media})
		}
		return nil // service messages: members joining, pins, titles
	}
	return b.ask(ctx, m, text)
}

// onCommand runs one of the bot's commands. bare is a command in a group
// without the bot's name: Telegram shows such commands to every bot in the
// group, so of those only /ask, the bot's own, is answered; /help and
// /start would have every bot in the group answer at once.
func (b *Bot) onCommand(ctx context.Context, m *tgbotapi.Message, cmd, args string, bare bool) error {
	lang := langOfUser(m.From)
	if bare && cmd != "ask" {
		return nil
	}
	switch cmd {
	case "start", "help":
		return b.replyTo(ctx, m, reply{text: texts[lang].help(b.self.UserName, namesOf(b.engine.Report(), b.engine.Traditional))})
	case "topics":
		return b.replyTo(ctx, m, topicsReply(b.voice(lang), 0))
	case "ask":
		if strings.TrimSpace(args) == "" {
			return b.replyTo(ctx, m, reply{text: texts[lang].askUsage})
		}
		return b.ask(ctx, m, args)
	default:
		return b.replyTo(ctx, m, reply{text: texts[lang].unknownCommand})
	}
}

// ask answers a resident's question.
func (b *Bot) ask(ctx context.Context, m *tgbotapi.Message, question string) error {
	switch b.flood.check(m.From.ID) {
	case floodDrop:
		b.log.Info("question dropped: flood control", b.resident(m.From.ID))
		return nil
	case floodWarn:
		b.log.Info("flood control warning", b.resident(m.From.ID))
		return b.replyTo(ctx, m, reply{text: texts[langOfUser(m.From)].slowDown})
	}
	a := b.engine.Answer(ctx, question)
	b.log.Info("question answered",
		b.resident(m.From.ID), b.chatField(m.Chat.ID),
		zap.String("chat_type", m.Chat.Type),
		zap.String("lang", string(a.Lang)),
		zap.String("outcome", string(a.Outcome)))
	if a.Outcome != search.Refused && a.Outcome != search.OutOfScope {
		if a.Outcome == search.Greeting {
			return b.replyTo(ctx, m, answerReply(a))
		}
		// The question is kept with the sentence it was answered with,
		// which is all a 👎 on the answer carries.
		rec := b.recorder.Answer(feedback.Answered{
			At: time.Now(), Question: a.Normalized, Lang: string(a.Lang), Channel: "telegram", Outcome: string(a.Outcome),
			Sentence: topSentence(a), Resident: b.hash(m.From.ID), Report: b.reportOf(a).Hash,
		})
		err := b.replyTo(ctx, m, answerReply(a))
		b.settle(ctx, rec, "question")
		return err
	}
	// The reply goes out while the refusal commits; the update is
	// confirmed only after both.
	rec := b.recorder.Refusal(feedback.Refusal{
		At: time.Now(), Question: a.Normalized, Lang: string(a.Lang), Channel: "telegram", Outcome: string(a.Outcome),
		Topics: a.Suggestions, Resident: b.hash(m.From.ID), Report: b.reportOf(a).Hash,
	})
	err := b.replyTo(ctx, m, answerReply(a))
	b.settle(ctx, rec, "refusal")
	return err
}

// replyTo answers m: threaded to it in a group, where several conversations
// interleave, and plainly in a private chat.
func (b *Bot) replyTo(ctx context.Context, m *tgbotapi.Message, r reply) error {
	thread := 0
	if !m.Chat.IsPrivate() {
		thread = m.MessageID
	}
	return b.send(ctx, m.Chat, thread, r)
}

// joined reports whether m says the bot was added to its group.
func (b *Bot) joined(m *tgbotapi.Message) bool {
	if m.GroupChatCreated || m.SuperGroupChatCreated {
		return true
	}
	for _, u := range m.NewChatMembers {
		if u.ID == b.self.ID {
			return true
		}
	}
	return false
}

func (b *Bot) repliesToMe(m *tgbotapi.Message) bool {
	r := m.ReplyToMessage
	return r != nil && r.From != nil && r.From.ID == b.self.ID
}

// stripMention removes mentions of the bot from m's text and reports whether
// there was one.
func (b *Bot) stripMention(m *tgbotapi.Message) (string, bool) {
	text := utf16.Encode([]rune(m.Text))
	var out []uint16
	last, found := 0, false
	for _, e := range m.Entities {
		// Compared without adding: offset+length can overflow.
		if e.Offset < last || e.Length <= 0 || e.Offset > len(text) || e.Length > len(text)-e.Offset {
			continue // malformed entity: leave the text alone
		}
		span := string(utf16.Decode(text[e.Offset : e.Offset+e.Length]))
		me := (e.Type == "mention" && strings.EqualFold(span, "@"+b.self.UserName)) ||
			(e.Type == "text_mention" && e.User != nil && e.User.ID == b.self.ID)
		if !me {
			continue
		}
		out = append(out, text[last:e.Offset]...)
		last, found = e.Offset+e.Length, true
	}
	if !found {
		return m.Text, false
	}
	out = append(out, text[last:]...)
	return strings.TrimSpace(string(utf16.Decode(out))), true
}

// command splits a message that starts with a bot command into its name,
// the bot it is addressed to ("/ask@liwanbot") and its arguments. The
// library's CommandArguments cuts one byte after the command, which splits
// a character in "/ask托位".
func command(m *tgbotapi.Message) (name, at, args string, ok bool) {
	if !m.IsCommand() {
		return "", "", "", false
	}
	text := utf16.Encode([]rune(m.Text))
	e := m.Entities[0]
	if e.Offset != 0 || e.Length > len(text) || e.Length < 2 {
		return "", "", "", false
	}
	full := string(utf16.Decode(text[1:e.Length]))
	name, at, _ = strings.Cut(full, "@")
	args = strings.TrimSpace(string(utf16.Decode(text[e.Length:])))
	return name, at, args, true
}

func isMedia(m *tgbotapi.Message) bool {
	return m.Sticker != nil || len(m.Photo) > 0 || m.Voice != nil || m.Audio != nil || m.Video != nil ||
		m.VideoNote != nil || m.Document != nil || m.Animation != nil || m.Location != nil || m.Contact != nil
}

// migrate follows a group that became a supergroup: Telegram refuses
// messages to the old id from then on.
func (b *Bot) migrate(from, to int64) {
	b.mu.Lock()
	b.migrated[from] = to
	b.mu.Unlock()
	b.pacer.move(from, to)
	b.log.Info("group moved to a supergroup", b.chatField(from), zap.String("to", b.hash(to)))
}

func (b *Bot) chatID(id int64) int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i := 0; i < 4; i++ { // a group migrates once; the bound only guards a cycle
		to, ok := b.migrated[id]
		if !ok {
			break
		}
		id = to
	}
	return id
}

// langOfUser guesses the language for the bot's own words (help, hints)
// from the resident's Telegram language; answers follow the question.
func langOfUser(u *tgbotapi.User) search.Lang {
	if u == nil {
		return search.Simplified
	}
	code := strings.ToLower(u.LanguageCode)
	switch {
	case code == "":
		return search.Simplified
	case strings.HasPrefix(code, "zh-hant"), strings.HasPrefix(code, "zh-hk"), strings.HasPrefix(code, "zh-tw"), strings.HasPrefix(code, "zh-mo"), code == "yue":
		return search.Traditional
	case strings.HasPrefix(code, "zh"):
		return search.Simplified
	default:
		return search.English
	}
}

// topSentence is the id of the sentence an answer cites first, or "".
func topSentence(a search.Answer) string {
	if len(a.Sources) == 0 {
		return ""
	}
	return a.Sources[0].ID
}

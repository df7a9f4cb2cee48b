package telegramtest

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// method is one implemented Bot API method under its canonical name.
type method struct {
	name string
	fn   handler
}

// methods maps lower-cased method names to their implementations: the real
// Bot API matches method names case-insensitively. Methods it does not
// list answer 404 "Not Found", as unknown methods do on Telegram.
var methods = map[string]method{}

func init() {
	// Filled in init because setWebhook → deliver → invoke reads this map.
	for _, m := range []method{
		{"getMe", (*Server).getMe},
		{"getUpdates", (*Server).getUpdates},
		{"sendMessage", (*Server).sendMessage},
		{"editMessageText", (*Server).editMessageText},
		{"editMessageReplyMarkup", (*Server).editMessageReplyMarkup},
		{"deleteMessage", (*Server).deleteMessage},
		{"answerCallbackQuery", (*Server).answerCallbackQuery},
		{"answerInlineQuery", (*Server).answerInlineQuery},
		{"sendChatAction", (*Server).sendChatAction},
		{"setWebhook", (*Server).setWebhook},
		{"deleteWebhook", (*Server).deleteWebhook},
		{"getWebhookInfo", (*Server).getWebhookInfo},
		{"setMyCommands", (*Server).setMyCommands},
		{"getMyCommands", (*Server).getMyCommands},
		{"deleteMyCommands", (*Server).deleteMyCommands},
	} {
		methods[strings.ToLower(m.name)] = m
	}
}

// Sent is an accepted sendMessage or editMessageText call.
type Sent struct {
	Method    string // "sendMessage" or "editMessageText"
	ChatID    int64
	MessageID int             // the new or edited message
	Text      string          // plain text, after HTML parsing and trimming
	Raw       string          // the text parameter as sent
	ParseMode string          // as sent
	ReplyTo   int             // reply_to_message_id as sent (0: none)
	Markup    json.RawMessage // reply_markup as sent (nil: none)
	At        time.Time
}

// CallbackAnswer is an accepted answerCallbackQuery call.
type CallbackAnswer struct {
	QueryID   string
	Text      string
	ShowAlert bool
}

// InlineAnswer is an accepted answerInlineQuery call. CacheTime is 300,
// the API's default, when the bot did not send one.
type InlineAnswer struct {
	QueryID    string
	Results    []map[string]any
	CacheTime  int
	IsPersonal bool
}

// ChatAction is an accepted sendChatAction call.
type ChatAction struct {
	ChatID int64
	Action string
}

// ---- getMe ----

func (s *Server) getMe(context.Context, params) (any, error) {
	obj := userJSON(s.bot)
	obj["can_join_groups"] = true
	obj["can_read_all_group_messages"] = false
	obj["supports_inline_queries"] = true
	obj["can_connect_to_business"] = false
	obj["has_main_web_app"] = false
	return obj, nil
}

// ---- messages ----

// sendMessage validates like Telegram (chat, text, HTML, keyboard, reply
// target, sending limits), then stores and returns the bot's message.
func (s *Server) sendMessage(_ context.Context, p params) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, err := s.targetChatLocked(p)
	if err != nil {
		return nil, err
	}
	ft, err := formatText(p.str("text"), p.str("parse_mode"))
	if err != nil {
		return nil, err
	}
	mk, err := parseMarkup(p.str("reply_markup"), false)
	if err != nil {
		return nil, err
	}
	replyTo := int(p.int("reply_to_message_id", 0))
	allowNoReply := p.bool("allow_sending_without_reply")
	if raw := p.str("reply_parameters"); raw != "" {
		var rp struct {
			MessageID                int  `json:"message_id"`
			AllowSendingWithoutReply bool `json:"allow_sending_without_reply"`
		}
		if json.Unmarshal([]byte(raw), &rp) != nil {
			return nil, badRequest("can't parse reply parameters JSON object")
		}
		replyTo, allowNoReply = rp.MessageID, rp.AllowSendingWithoutReply
	}
	var orig *message
	if replyTo != 0 {
		if orig = cs.msgs[replyTo]; orig == nil && !allowNoReply {
			return nil, badRequest("message to be replied not found")
		}
	}
	now := time.Now()
	if err := s.checkLimitsLocked(cs, now); err != nil {
		return nil, err
	}

	m := s.newMessageLocked(cs, s.bot)
	if orig != nil {
		m["reply_to_message"] = embedded(orig)
	}
	ft.apply(m)
	mk.apply(m)
	s.storeLocked(cs, &message{obj: m, fromBot: true, text: ft.text, entities: ft.key(), markup: mk.key})
	s.sendLog = append(s.sendLog, sendRecord{chatID: cs.chat.ID, at: now})
	s.sent = append(s.sent, Sent{
		Method: "sendMessage", ChatID: cs.chat.ID, MessageID: m["message_id"].(int),
		Text: ft.text, Raw: p.str("text"), ParseMode: p.str("parse_mode"), ReplyTo: replyTo,
		Markup: mk.sent(), At: now,
	})
	return mustJSON(m), nil
}

// editMessageText replaces the text (and inline keyboard: omitting
// reply_markup removes it) of one of the bot's messages.
func (s *Server) editMessageText(_ context.Context, p params) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, old, err := s.editTargetLocked(p)
	if err != nil {
		return nil, err
	}
	ft, err := formatText(p.str("text"), p.str("parse_mode"))
	if err != nil {
		return nil, err
	}
	mk, err := parseMarkup(p.str("reply_markup"), true)
	if err != nil {
		return nil, err
	}
	if ft.text == old.text && ft.key() == old.entities && mk.key == old.markup {
		return nil, errNotModified
	}
	m := edited(old)
	ft.apply(m)
	mk.apply(m)
	s.storeLocked(cs, &message{obj: m, fromBot: true, text: ft.text, entities: ft.key(), markup: mk.key})
	s.sent = append(s.sent, Sent{
		Method: "editMessageText", ChatID: cs.chat.ID, MessageID: m["message_id"].(int),
		Text: ft.text, Raw: p.str("text"), ParseMode: p.str("parse_mode"),
		Markup: mk.sent(), At: time.Now(),
	})
	return mustJSON(m), nil
}

// editMessageReplyMarkup replaces only the inline keyboard.
func (s *Server) editMessageReplyMarkup(_ context.Context, p params) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, old, err := s.editTargetLocked(p)
	if err != nil {
		return nil, err
	}
	mk, err := parseMarkup(p.str("reply_markup"), true)
	if err != nil {
		return nil, err
	}
	if mk.key == old.markup {
		return nil, errNotModified
	}
	m := edited(old)
	mk.apply(m)
	s.storeLocked(cs, &message{obj: m, fromBot: true, text: old.text, entities: old.entities, markup: mk.key})
	return mustJSON(m), nil
}

// deleteMessage forgets a message.
func (s *Server) deleteMessage(_ context.Context, p params) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, err := s.targetChatLocked(p)
	if err != nil {
		return nil, err
	}
	id := int(p.int("message_id", 0))
	if cs.msgs[id] == nil {
		return nil, badRequest("message to delete not found")
	}
	delete(cs.msgs, id)
	return true, nil
}

var errNotModified = badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")

// targetChatLocked resolves chat_id to a known chat. A group that became a
// supergroup answers with migrate_to_chat_id, as on Telegram.
func (s *Server) targetChatLocked(p params) (*chatState, error) {
	raw := strings.TrimSpace(p.str("chat_id"))
	if raw == "" {
		return nil, badRequest("chat_id is empty")
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return nil, badRequest("chat not found")
	}
	cs := s.chats[id]
	if cs == nil && id > 0 && s.users[id] {
		// A user the fake has seen elsewhere who never opened a private
		// chat with the bot.
		return nil, &apiError{code: http.StatusForbidden, desc: "Forbidden: bot can't initiate conversation with a user"}
	}
	if cs == nil {
		return nil, badRequest("chat not found")
	}
	if cs.blocked {
		return nil, &apiError{code: http.StatusForbidden, desc: "Forbidden: bot was blocked by the user"}
	}
	if cs.migratedTo != 0 {
		e := badRequest("group chat was upgraded to a supergroup chat")
		e.migrateTo = cs.migratedTo
		return nil, e
	}
	return cs, nil
}

// editTargetLocked finds the bot's message that an edit addresses.
// Messages sent via inline mode (inline_message_id) are not stored by the
// fake and cannot be edited.
func (s *Server) editTargetLocked(p params) (*chatState, *message, error) {
	if p.str("inline_message_id") != "" {
		return nil, nil, badRequest("MESSAGE_ID_INVALID")
	}
	cs, err := s.targetChatLocked(p)
	if err != nil {
		return nil, nil, err
	}
	id := int(p.int("message_id", 0))
	if id == 0 {
		return nil, nil, badRequest("message identifier is not specified")
	}
	m := cs.msgs[id]
	if m == nil {
		return nil, nil, badRequest("message to edit not found")
	}
	if !m.fromBot {
		return nil, nil, badRequest("message can't be edited")
	}
	return cs, m, nil
}

// edited copies a stored message for an edit (stored maps are immutable).
func edited(m *message) map[string]any {
	c := make(map[string]any, len(m.obj)+1)
	for k, v := range m.obj {
		c[k] = v
	}
	c["edit_date"] = time.Now().Unix()
	return c
}

// ---- reply markup ----

// markup is a validated reply_markup parameter.
type markup struct {
	raw string // as sent
	key string // canonical JSON of a non-empty inline keyboard, else ""
}

// inlineActions are the fields of which an InlineKeyboardButton must have
// exactly one.
var inlineActions = []string{
	"url", "callback_data", "web_app", "login_url", "switch_inline_query",
	"switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
	"copy_text", "callback_game", "pay",
}

// parseMarkup checks reply_markup (a JSON-encoded object) the way the Bot
// API does. Edits take only inline keyboards.
func parseMarkup(raw string, inlineOnly bool) (markup, error) {
	mk := markup{raw: raw}
	if strings.TrimSpace(raw) == "" {
		return mk, nil
	}
	var obj map[string]any
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&obj); err != nil || obj == nil {
		return mk, badRequest("can't parse reply keyboard markup JSON object")
	}
	ik, isInline := obj["inline_keyboard"]
	if !isInline {
		if inlineOnly {
			return mk, badRequest("can't parse inline keyboard markup JSON object")
		}
		for _, k := range []string{"keyboard", "remove_keyboard", "force_reply"} {
			if _, ok := obj[k]; ok {
				return mk, nil
			}
		}
		return mk, badRequest("can't parse reply keyboard markup JSON object")
	}
	rows, ok := ik.([]any)
	if !ok {
		return mk, badRequest(`field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays`)
	}
	buttons := 0
	var late error // errors Telegram's servers give after the Bot API's own checks
	for _, row := range rows {
		row, ok := row.([]any)
		if !ok {
			return mk, badRequest(`field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays`)
		}
		for _, b := range row {
			b, ok := b.(map[string]any)
			if !ok {
				return mk, badRequest("can't parse inline keyboard button: InlineKeyboardButton should be an Object")
			}
			text, ok := b["text"].(string)
			if !ok {
				return mk, badRequest(`can't parse inline keyboard button: Field "text" must be of type String`)
			}
			actions := 0
			for _, a := range inlineActions {
				if v, ok := b[a]; ok && v != nil && v != false {
					actions++
				}
			}
			if actions == 0 {
				return mk, badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
			}
			if cd, ok := b["callback_data"]; ok && cd != nil {
				data, ok := cd.(string)
				if !ok {
					return mk, badRequest(`can't parse inline keyboard button: Field "callback_data" must be of type String`)
				}
				if (data == "" || len(data) > 64) && late == nil {
					late = badRequest("BUTTON_DATA_INVALID")
				}
			}
			if u, ok := b["url"]; ok && u != nil {
				if link, _ := u.(string); strings.TrimSpace(link) == "" && late == nil {
					late = badRequest("BUTTON_URL_INVALID")
				}
			}
			if strings.TrimSpace(text) == "" && late == nil {
				late = badRequest("BUTTON_TEXT_INVALID")
			}
			buttons++
		}
	}
	if late != nil {
		return mk, late
	}
	if buttons > 0 {
		mk.key = string(mustJSON(obj))
	}
	return mk, nil
}

// apply sets or removes the message's reply_markup (only inline keyboards
// appear in Message objects).
func (mk markup) apply(m map[string]any) {
	if mk.key == "" {
		delete(m, "reply_markup")
		return
	}
	m["reply_markup"] = json.RawMessage(mk.key)
}

func (mk markup) sent() json.RawMessage {
	if mk.raw == "" {
		return nil
	}
	return json.RawMessage(mk.raw)
}

// ---- callback and inline queries ----

const errQueryInvalid = "query is too old and response timeout expired or query ID is invalid"

// answerCallbackQuery accepts one answer per callback query.
func (s *Server) answerCallbackQuery(_ context.Context, p params) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := p.str("callback_query_id")
	text := p.str("text")
	if utf8.RuneCountInString(text) > 200 {
		return nil, badRequest("MESSAGE_TOO_LONG")
	}
	q := s.queries[id]
	if q == nil || q.inline || q.answered {
		return nil, badRequest(errQueryInvalid)
	}
	q.answered = true
	s.cbAnswers = append(s.cbAnswers, CallbackAnswer{QueryID: id, Text: text, ShowAlert: p.bool("show_alert")})
	return true, nil
}

// inlineResultTypes are the InlineQueryResult types of the Bot API.
var inlineResultTypes = map[string]bool{
	"article": true, "photo": true, "gif": true, "mpeg4_gif": true, "video": true,
	"audio": true, "voice": true, "document": true, "location": true, "venue": true,
	"contact": true, "game": true, "sticker": true,
}

// answerInlineQuery accepts one answer per inline query, with up to 50
// results with unique ids of 1–64 bytes.
func (s *Server) answerInlineQuery(_ context.Context, p params) (any, error) {
	var results []map[string]any
	if raw := strings.TrimSpace(p.str("results")); raw != "" {
		var v any
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			return nil, badRequest("can't parse inline query results JSON object")
		}
		list, ok := v.([]any)
		if !ok {
			return nil, badRequest("expected an Array of inline query results")
		}
		for _, r := range list {
			obj, ok := r.(map[string]any)
			if !ok {
				return nil, badRequest("can't parse inline query result: InlineQueryResult should be an Object")
			}
			if err := checkInlineResult(obj); err != nil {
				return nil, err
			}
			results = append(results, obj)
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	id := p.str("inline_query_id")
	q := s.queries[id]
	if q == nil || !q.inline || q.answered {
		return nil, badRequest(errQueryInvalid)
	}
	if len(results) > 50 {
		return nil, badRequest("RESULTS_TOO_MUCH")
	}
	seen := map[string]bool{}
	for _, r := range results {
		rid := r["id"].(string)
		if rid == "" || len(rid) > 64 {
			return nil, badRequest("RESULT_ID_INVALID")
		}
		if seen[rid] {
			return nil, badRequest("RESULT_ID_DUPLICATE")
		}
		seen[rid] = true
	}
	q.answered = true
	s.inlineAnswers = append(s.inlineAnswers, InlineAnswer{
		QueryID: id, Results: results, CacheTime: int(p.int("cache_time", 300)), IsPersonal: p.bool("is_personal"),
	})
	return true, nil
}

// checkInlineResult checks one result's structure; an article needs a
// title and a valid text message to send.
func checkInlineResult(r map[string]any) error {
	if _, ok := r["id"].(string); !ok {
		return badRequest(`can't parse inline query result: Field "id" must be of type String`)
	}
	kind, ok := r["type"].(string)
	if !ok {
		return badRequest(`can't parse inline query result: Field "type" must be of type String`)
	}
	if !inlineResultTypes[strings.ToLower(kind)] {
		return badRequest("can't parse inline query result: Unsupported inline query result type \"%s\"", kind)
	}
	if strings.ToLower(kind) != "article" {
		return nil
	}
	if title, _ := r["title"].(string); title == "" {
		return badRequest(`can't parse inline query result: Can't find field "title"`)
	}
	content, ok := r["input_message_content"].(map[string]any)
	if !ok {
		return badRequest(`can't parse inline query result: Can't find field "input_message_content"`)
	}
	if text, isText := content["message_text"]; isText {
		str, _ := text.(string)
		mode, _ := content["parse_mode"].(string)
		if _, err := formatText(str, mode); err != nil {
			return err
		}
	}
	return nil
}

// ---- chat actions and commands ----

var chatActions = map[string]bool{
	"typing": true, "upload_photo": true, "record_video": true, "upload_video": true,
	"record_voice": true, "upload_voice": true, "upload_document": true, "choose_sticker": true,
	"find_location": true, "record_video_note": true, "upload_video_note": true,
}

func (s *Server) sendChatAction(_ context.Context, p params) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, err := s.targetChatLocked(p)
	if err != nil {
		return nil, err
	}
	action := p.str("action")
	if !chatActions[action] {
		return nil, badRequest("wrong parameter action in request")
	}
	s.actions = append(s.actions, ChatAction{ChatID: cs.chat.ID, Action: action})
	return true, nil
}

// setMyCommands stores the command list (scope and language_code are
// accepted and ignored: the fake keeps one list).
func (s *Server) setMyCommands(_ context.Context, p params) (any, error) {
	var cmds []map[string]any
	if err := json.Unmarshal([]byte(p.str("commands")), &cmds); err != nil {
		return nil, badRequest("can't parse commands JSON object")
	}
	if len(cmds) > 100 {
		return nil, badRequest("BOT_COMMANDS_TOO_MUCH")
	}
	for _, c := range cmds {
		name, _ := c["command"].(string)
		desc, _ := c["description"].(string)
		if !validCommand(name) {
			return nil, badRequest("BOT_COMMAND_INVALID")
		}
		if n := utf8.RuneCountInString(strings.TrimSpace(desc)); n == 0 || n > 256 {
			return nil, badRequest("BOT_COMMAND_DESCRIPTION_INVALID")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.commands = cmds
	return true, nil
}

func validCommand(name string) bool {
	if len(name) < 1 || len(name) > 32 {
		return false
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func (s *Server) getMyCommands(context.Context, params) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.commands == nil {
		return []any{}, nil
	}
	return mustJSON(s.commands), nil
}

func (s *Server) deleteMyCommands(context.Context, params) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.commands = nil
	return true, nil
}

// ---- observations ----

// Messages returns the accepted sendMessage and editMessageText calls, in
// order.
func (s *Server) Messages() []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Sent(nil), s.sent...)
}

// MessagesTo returns Messages() addressed to chatID.
func (s *Server) MessagesTo(chatID int64) []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Sent
	for _, m := range s.sent {
		if m.ChatID == chatID {
			out = append(out, m)
		}
	}
	return out
}

// CallbackAnswers returns the accepted answerCallbackQuery calls.
func (s *Server) CallbackAnswers() []CallbackAnswer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]CallbackAnswer(nil), s.cbAnswers...)
}

// InlineAnswers returns the accepted answerInlineQuery calls. Treat the
// result maps as read-only.
func (s *Server) InlineAnswers() []InlineAnswer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]InlineAnswer(nil), s.inlineAnswers...)
}

// Actions returns the accepted sendChatAction calls.
func (s *Server) Actions() []ChatAction {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]ChatAction(nil), s.actions...)
}

// Commands returns the list of the last setMyCommands (nil after
// deleteMyCommands or before any). Treat the maps as read-only.
func (s *Server) Commands() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]map[string]any(nil), s.commands...)
}

// Calls counts the requests received for a method (case-insensitive),
// including faulted and failed ones.
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[strings.ToLower(method)]
}

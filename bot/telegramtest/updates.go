package telegramtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// firstUpdateID is where update_id starts. Telegram's ids start at an
// arbitrary number, so a bot must not assume 0 or 1.
const firstUpdateID = 100000

// storedUpdate is an update as Telegram created it; body is its exact JSON
// (with update_id), kept so Redeliver can repeat it byte for byte.
type storedUpdate struct {
	id   int
	kind string // "message", "callback_query", ...
	body json.RawMessage
}

// queued is one copy of an update waiting for confirmation (polling) or a
// 2xx answer (webhook).
type queued struct {
	*storedUpdate
	delivering bool // a webhook POST of this copy is in progress
	removed    bool // confirmed or dropped; a retrying delivery gives up
}

// poller is a getUpdates request that is waiting for updates.
type poller struct {
	stop       chan struct{} // closed when a newer request terminates it
	terminated string        // the 409 description it must answer with
}

// chatState is what the fake knows about a chat: its JSON form, its
// messages (per-chat message_id sequence shared by residents and the bot)
// and whether it was migrated to a supergroup.
type chatState struct {
	chat       Chat
	obj        map[string]any
	lastMsgID  int
	msgs       map[int]*message
	migratedTo int64
	blocked    bool // the private chat's user blocked the bot
	lastSender *User
}

// message is a stored message. obj is its JSON form and is never mutated
// once stored (an edit stores a new map), so it can be embedded and encoded
// freely while the lock is held.
type message struct {
	obj      map[string]any
	fromBot  bool
	text     string
	entities string // canonical JSON of the entities, for "not modified"
	markup   string // canonical JSON of the inline keyboard, "" if none
}

// queryState is a callback or inline query the bot may answer once.
type queryState struct {
	inline   bool
	answered bool
}

// defaultExcluded are the update types Telegram does not deliver unless
// allowed_updates lists them explicitly.
var defaultExcluded = map[string]bool{
	"chat_member": true, "message_reaction": true, "message_reaction_count": true,
}

// ---- queue ----

// addUpdateLocked creates an update of the given kind and queues it.
func (s *Server) addUpdateLocked(kind string, payload any) int {
	id := s.nextUpdateID
	s.nextUpdateID++
	u := &storedUpdate{id: id, kind: kind, body: mustJSON(map[string]any{"update_id": id, kind: payload})}
	s.history[id] = u
	s.enqueueLocked(u)
	return id
}

// enqueueLocked inserts a copy of u into the pending queue, kept in
// update_id order as Telegram returns updates.
func (s *Server) enqueueLocked(u *storedUpdate) {
	i := sort.Search(len(s.pending), func(i int) bool { return s.pending[i].id > u.id })
	s.pending = append(s.pending, nil)
	copy(s.pending[i+1:], s.pending[i:])
	s.pending[i] = &queued{storedUpdate: u}
	s.notifyLocked()
}

// removeLocked drops queued copies for which drop returns true.
func (s *Server) removeLocked(drop func(q *queued) bool) {
	kept := s.pending[:0]
	for _, q := range s.pending {
		if drop(q) {
			q.removed = true
			continue
		}
		kept = append(kept, q)
	}
	clear(s.pending[len(kept):])
	s.pending = kept
}

// isAllowedLocked tells whether updates of this kind are delivered under
// the current allowed_updates setting.
func (s *Server) isAllowedLocked(kind string) bool {
	if s.allowed == nil {
		return !defaultExcluded[kind]
	}
	return s.allowed[kind]
}

// setAllowedLocked applies an allowed_updates parameter: absent keeps the
// previous setting, an empty list restores the default.
func (s *Server) setAllowedLocked(p params) error {
	if !p.has("allowed_updates") {
		return nil
	}
	var kinds []string
	if raw := strings.TrimSpace(p.str("allowed_updates")); raw != "" {
		if err := json.Unmarshal([]byte(raw), &kinds); err != nil {
			return badRequest("can't parse allowed updates JSON array")
		}
	}
	if len(kinds) == 0 {
		s.allowed = nil
		return nil
	}
	s.allowed = make(map[string]bool, len(kinds))
	for _, k := range kinds {
		s.allowed[k] = true
	}
	return nil
}

// ---- what residents do ----

// SendText has from write text in chat. Like a real Telegram client it marks
// a leading bot command ("/ask", "/ask@somebot") and every "@username"
// mention with entities whose offsets and lengths count UTF-16 code units.
// It returns the update_id and the new message_id.
func (s *Server) SendText(chat Chat, from User, text string) (updateID, messageID int) {
	return s.resident(chat, from, 0, func(m map[string]any) {
		m["text"] = text
		if ents := userEntities(text); len(ents) > 0 {
			m["entities"] = ents
		}
	})
}

// ReplyText is SendText as a reply: reply_to_message is the full stored
// message being replied to (possibly the bot's own, with from = the bot).
// An unknown replyToMessageID yields a message without reply_to_message, as
// for a reply to a deleted message.
func (s *Server) ReplyText(chat Chat, from User, text string, replyToMessageID int) (updateID, messageID int) {
	return s.resident(chat, from, replyToMessageID, func(m map[string]any) {
		m["text"] = text
		if ents := userEntities(text); len(ents) > 0 {
			m["entities"] = ents
		}
	})
}

// SendSticker has from send a sticker (a message with "sticker" and no text).
func (s *Server) SendSticker(chat Chat, from User) (updateID, messageID int) {
	return s.resident(chat, from, 0, func(m map[string]any) {
		id, uid := s.fileIDLocked()
		m["sticker"] = map[string]any{
			"file_id": id, "file_unique_id": uid, "type": "regular",
			"width": 512, "height": 512, "is_animated": false, "is_video": false,
			"emoji": "👍", "set_name": "TestStickers", "file_size": 23456,
		}
	})
}

// SendPhoto has from send a photo (a message with a "photo" array of sizes
// and no text or caption).
func (s *Server) SendPhoto(chat Chat, from User) (updateID, messageID int) {
	return s.resident(chat, from, 0, func(m map[string]any) {
		var sizes []any
		for _, dim := range [][3]int{{90, 67, 1345}, {320, 240, 19876}, {800, 600, 87234}} {
			id, uid := s.fileIDLocked()
			sizes = append(sizes, map[string]any{
				"file_id": id, "file_unique_id": uid, "width": dim[0], "height": dim[1], "file_size": dim[2],
			})
		}
		m["photo"] = sizes
	})
}

// SendVoice has from send a voice note.
func (s *Server) SendVoice(chat Chat, from User) (updateID, messageID int) {
	return s.resident(chat, from, 0, func(m map[string]any) {
		id, uid := s.fileIDLocked()
		m["voice"] = map[string]any{
			"file_id": id, "file_unique_id": uid, "duration": 3, "mime_type": "audio/ogg", "file_size": 12345,
		}
	})
}

// InlineQuery has from type "@bot query" in some chat. The bot may answer
// the returned query id once with answerInlineQuery.
func (s *Server) InlineQuery(from User, query string) (updateID int, queryID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[from.ID] = true
	queryID = s.newQueryLocked(true)
	updateID = s.addUpdateLocked("inline_query", map[string]any{
		"id": queryID, "from": userJSON(from), "query": query, "offset": "",
	})
	return updateID, queryID
}

// PressButton has from press the inline button carrying data under the
// message messageID in chat. The callback_query carries the message as
// currently stored (after edits). For an unknown message it carries an
// inaccessible message (date 0), as Telegram does for deleted ones. The
// bot may answer the returned query id once with answerCallbackQuery.
func (s *Server) PressButton(chat Chat, from User, messageID int, data string) (updateID int, queryID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[from.ID] = true
	cs := s.chatStateLocked(chat, &from)
	var msg any = map[string]any{"chat": cs.obj, "message_id": messageID, "date": 0}
	if m := cs.msgs[messageID]; m != nil {
		msg = m.obj
	}
	queryID = s.newQueryLocked(false)
	updateID = s.addUpdateLocked("callback_query", map[string]any{
		"id": queryID, "from": userJSON(from), "message": msg,
		"chat_instance": chatInstance(cs.chat.ID), "data": data,
	})
	return updateID, queryID
}

// Push queues a raw update of any type, e.g. one the client library does
// not know; the fake sets update_id and returns it. The update's type is
// its first key other than update_id. Note that, as on Telegram,
// chat_member, message_reaction and message_reaction_count updates are
// delivered only when allowed_updates lists them; to test an unknown type
// under the default setting pick another name (e.g. "business_message").
// The payload is not interpreted: chats in it do not become known (see
// AddChat).
func (s *Server) Push(update map[string]any) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	obj := make(map[string]any, len(update)+1)
	var kinds []string
	for k, v := range update {
		if k == "update_id" {
			continue
		}
		obj[k] = v
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	kind := "unknown"
	if len(kinds) > 0 {
		kind = kinds[0]
	}
	id := s.nextUpdateID
	s.nextUpdateID++
	obj["update_id"] = id
	body, err := json.Marshal(obj)
	if err != nil {
		panic("telegramtest: Push: " + err.Error())
	}
	u := &storedUpdate{id: id, kind: kind, body: body}
	s.history[id] = u
	s.enqueueLocked(u)
	return id
}

// Redeliver queues an exact copy (same update_id and body) of an earlier
// update, as Telegram does when it did not get a confirmation, so a test
// can check the bot handles each update once. By webhook the copy is POSTed
// again; by polling it is returned by a getUpdates whose offset does not
// exceed its id (for instance a restarted bot polling from offset 0) and,
// as on Telegram, dropped by one whose offset does. It panics on an
// update_id the server never created.
func (s *Server) Redeliver(updateID int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.history[updateID]
	if !ok {
		panic(fmt.Sprintf("telegramtest: Redeliver: no update %d", updateID))
	}
	s.enqueueLocked(u)
}

// MigrateToSupergroup upgrades a group to a supergroup and returns the new
// chat (id -100...). Like Telegram it posts a service message with
// migrate_to_chat_id in the old chat and one with migrate_from_chat_id in the
// new chat; afterwards methods addressed to the old id fail with 400 "Bad
// Request: group chat was upgraded to a supergroup chat" and
// parameters.migrate_to_chat_id. Migrating twice returns the same chat.
func (s *Server) MigrateToSupergroup(group Chat) Chat {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.chatStateLocked(group, nil)
	if old.migratedTo != 0 {
		return s.chats[old.migratedTo].chat
	}
	abs := old.chat.ID
	if abs < 0 {
		abs = -abs
	}
	newID := -1000000000000 - abs
	for s.chats[newID] != nil {
		newID--
	}
	created := s.chatStateLocked(Chat{ID: newID, Type: "supergroup", Title: old.chat.Title}, nil)
	from := User{ID: 1000001, FirstName: "Group Owner", Username: "group_owner"}
	if old.lastSender != nil {
		from = *old.lastSender
	}
	m := s.newMessageLocked(old, from)
	m["migrate_to_chat_id"] = newID
	s.storeLocked(old, &message{obj: m})
	s.addUpdateLocked("message", m)
	old.migratedTo = newID

	m = s.newMessageLocked(created, from)
	m["migrate_from_chat_id"] = old.chat.ID
	s.storeLocked(created, &message{obj: m})
	s.addUpdateLocked("message", m)
	return created.chat
}

// AddChat makes a chat known to the fake without any message in it, e.g. a
// user who started the bot before the test. Chats also become known when a
// resident acts in them; the bot can only send to known chats.
func (s *Server) AddChat(chat Chat) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chatStateLocked(chat, nil)
}

// Block has user block the bot: sends to the user's private chat then fail
// with 403 "Forbidden: bot was blocked by the user", as on Telegram.
// A later message from the user unblocks it.
func (s *Server) Block(user User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[user.ID] = true
	s.chatStateLocked(Chat{ID: user.ID, Type: "private"}, &user).blocked = true
}

// resident stores and queues a message from a resident.
func (s *Server) resident(chat Chat, from User, replyTo int, fill func(map[string]any)) (updateID, messageID int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[from.ID] = true
	cs := s.chatStateLocked(chat, &from)
	if cs.chat.ID == from.ID {
		cs.blocked = false
	}
	m := s.newMessageLocked(cs, from)
	if orig := cs.msgs[replyTo]; replyTo != 0 && orig != nil {
		m["reply_to_message"] = embedded(orig)
	}
	fill(m)
	text, _ := m["text"].(string)
	s.storeLocked(cs, &message{obj: m, text: text})
	sender := from
	cs.lastSender = &sender
	return s.addUpdateLocked("message", m), m["message_id"].(int)
}

// chatStateLocked returns the state of chat, registering it on first use.
// from, when it is the private chat's user, supplies first_name/username.
func (s *Server) chatStateLocked(chat Chat, from *User) *chatState {
	if cs := s.chats[chat.ID]; cs != nil {
		return cs
	}
	if chat.Type == "" {
		switch {
		case chat.ID > 0:
			chat.Type = "private"
		case chat.ID <= -1000000000000:
			chat.Type = "supergroup"
		default:
			chat.Type = "group"
		}
	}
	obj := map[string]any{"id": chat.ID, "type": chat.Type}
	if chat.Type == "private" {
		name := chat.Title
		if from != nil && from.ID == chat.ID {
			name = from.FirstName
			if from.Username != "" {
				obj["username"] = from.Username
			}
		}
		if name == "" {
			name = "User " + strconv.FormatInt(chat.ID, 10)
		}
		obj["first_name"] = name
	} else {
		title := chat.Title
		if title == "" {
			title = "Group " + strconv.FormatInt(chat.ID, 10)
		}
		obj["title"] = title
	}
	cs := &chatState{chat: chat, obj: obj, msgs: make(map[int]*message)}
	s.chats[chat.ID] = cs
	return cs
}

// newMessageLocked starts a message in cs with the next message_id.
func (s *Server) newMessageLocked(cs *chatState, from User) map[string]any {
	cs.lastMsgID++
	return map[string]any{
		"message_id": cs.lastMsgID,
		"from":       userJSON(from),
		"chat":       cs.obj,
		"date":       time.Now().Unix(),
	}
}

func (s *Server) storeLocked(cs *chatState, m *message) {
	cs.msgs[m.obj["message_id"].(int)] = m
}

// embedded is m as it appears inside another message or callback: Telegram
// never nests reply_to_message further.
func embedded(m *message) map[string]any {
	if _, ok := m.obj["reply_to_message"]; !ok {
		return m.obj
	}
	c := make(map[string]any, len(m.obj))
	for k, v := range m.obj {
		if k != "reply_to_message" {
			c[k] = v
		}
	}
	return c
}

func (s *Server) newQueryLocked(inline bool) string {
	s.nextQuery++
	id := strconv.FormatInt(4611686018427387+s.nextQuery*7919, 10)
	s.queries[id] = &queryState{inline: inline}
	return id
}

func (s *Server) fileIDLocked() (id, uniqueID string) {
	s.nextFile++
	return fmt.Sprintf("AgACAgIAAxkBAAIB%06dZmFrZV9maWxl", s.nextFile), fmt.Sprintf("AQAD%06d", s.nextFile)
}

func chatInstance(chatID int64) string {
	return strconv.FormatInt(int64(uint64(chatID)*0x9E3779B97F4A7C15>>1), 10)
}

func userJSON(u User) map[string]any {
	obj := map[string]any{"id": u.ID, "is_bot": u.IsBot, "first_name": u.FirstName}
	if u.Username != "" {
		obj["username"] = u.Username
	}
	if u.LanguageCode != "" {
		obj["language_code"] = u.LanguageCode
	}
	return obj
}

// userEntities finds what a Telegram client marks in a user's text: a
// leading bot_command and every @username mention, measured in UTF-16 code
// units.
func userEntities(text string) []any {
	var ents []any
	add := func(kind string, from, to int) {
		ents = append(ents, map[string]any{
			"type": kind, "offset": utf16Len(text[:from]), "length": utf16Len(text[from:to]),
		})
	}
	cmdEnd := 0
	if strings.HasPrefix(text, "/") {
		i := 1 + wordLen(text[1:])
		if n := i - 1; n >= 1 && n <= 32 {
			if i < len(text) && text[i] == '@' {
				if m := wordLen(text[i+1:]); m >= 3 && m <= 32 {
					i += 1 + m
				}
			}
			if i == len(text) || !isWordByte(text[i]) {
				add("bot_command", 0, i)
				cmdEnd = i
			}
		}
	}
	for i := cmdEnd; i < len(text); i++ {
		if text[i] != '@' {
			continue
		}
		if i > 0 {
			prev, _ := utf8.DecodeLastRuneInString(text[:i])
			if prev < utf8.RuneSelf && isWordByte(byte(prev)) {
				continue
			}
		}
		n := wordLen(text[i+1:])
		if n >= 4 && n <= 32 {
			add("mention", i, i+1+n)
		}
		i += n
	}
	return ents
}

func wordLen(s string) int {
	n := 0
	for n < len(s) && isWordByte(s[n]) {
		n++
	}
	return n
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// utf16Len measures s in UTF-16 code units, the unit of Telegram's entity
// offsets and text limits.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// ---- getUpdates ----

const (
	conflictPoll = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
	conflictHook = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
)

// getUpdates confirms every update below offset, then returns up to limit
// pending updates; with none, it long-polls up to timeout seconds. A newer
// getUpdates terminates a waiting one with 409, as two bot instances would.
func (s *Server) getUpdates(ctx context.Context, p params) (any, error) {
	offset := p.int("offset", 0)
	limit := int(p.int("limit", 100))
	if limit < 1 || limit > 100 {
		limit = 100
	}
	timeout := time.Duration(p.int("timeout", 0)) * time.Second
	if timeout < 0 {
		timeout = 0
	}
	deadline := time.Now().Add(timeout)

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hook != nil {
		return nil, &apiError{code: http.StatusConflict, desc: conflictHook}
	}
	if err := s.setAllowedLocked(p); err != nil {
		return nil, err
	}
	if s.poll != nil {
		s.poll.terminated = conflictPoll
		close(s.poll.stop)
		s.poll = nil
	}
	// Confirmation: a positive offset confirms every update below it; a
	// negative one keeps only the last -offset pending updates.
	lower := int(offset)
	if offset < 0 {
		if cut := len(s.pending) + int(offset); cut > 0 {
			forget := make(map[*queued]bool, cut)
			for _, q := range s.pending[:cut] {
				forget[q] = true
			}
			s.removeLocked(func(q *queued) bool { return forget[q] })
		}
		lower = 0
		if len(s.pending) > 0 {
			lower = s.pending[0].id
		}
	}
	if lower > s.confirmed {
		s.confirmed = lower
	}

	me := &poller{stop: make(chan struct{})}
	var timer *time.Timer
	for {
		if me.terminated != "" {
			return nil, &apiError{code: http.StatusConflict, desc: me.terminated}
		}
		if s.hook != nil {
			return nil, &apiError{code: http.StatusConflict, desc: conflictHook}
		}
		s.removeLocked(func(q *queued) bool { return q.id < lower || !s.isAllowedLocked(q.kind) })
		n := min(limit, len(s.pending))
		if n > 0 || timeout == 0 || !time.Now().Before(deadline) || s.isClosed {
			if s.poll == me {
				s.poll = nil
			}
			out := make([]json.RawMessage, n)
			for i, q := range s.pending[:n] {
				out[i] = q.body
			}
			return json.RawMessage(mustJSON(out)), nil
		}
		s.poll = me
		if timer == nil {
			timer = time.NewTimer(time.Until(deadline))
			defer timer.Stop()
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-changed:
		case <-me.stop:
		case <-timer.C:
		case <-s.closed:
		case <-ctx.Done():
		}
		s.mu.Lock()
		if ctx.Err() != nil {
			if s.poll == me {
				s.poll = nil
			}
			return nil, ctx.Err()
		}
	}
}

// Confirmed is the highest offset getUpdates has confirmed: every update
// with a lower update_id was acknowledged and dropped. (A negative offset
// counts as the id of the first update it kept.)
func (s *Server) Confirmed() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.confirmed
}

// Pending counts updates not yet confirmed by getUpdates or, with a
// webhook, not yet answered with a 2xx status. Updates already returned by
// getUpdates stay pending until a later offset confirms them.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.pending)
}

// Polling reports whether a getUpdates request is waiting for updates right
// now, e.g. to know a bot under test has started its polling loop.
func (s *Server) Polling() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.poll != nil
}

package telegramtest

import (
	"fmt"
	"math"
	"time"
)

// Telegram's broadcasting limits
// (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this):
// about one message per second in a chat, at most 20 messages per minute in
// a group, about 30 messages per second overall. Going over them earns 429
// answers, so the fake refuses such sends the same way.
const (
	chatGap       = time.Second
	chatTolerance = 100 * time.Millisecond // timing jitter allowed on chatGap
	groupWindow   = time.Minute
	groupMax      = 20
	globalWindow  = time.Second
	globalMax     = 30
)

// sendRecord is an accepted sendMessage, for the limits.
type sendRecord struct {
	chatID int64
	at     time.Time
}

// SetLimits turns enforcement of Telegram's sending limits on or off
// (default on).
func (s *Server) SetLimits(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limitsOn = on
}

// LimitViolations lists, in human-readable form, the sends refused because
// they broke Telegram's limits. A well-behaved bot leaves it empty.
func (s *Server) LimitViolations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.violations...)
}

// checkLimitsLocked refuses a send to cs at now that would break a limit,
// with 429 and retry_after = whole seconds until it would be allowed.
func (s *Server) checkLimitsLocked(cs *chatState, now time.Time) error {
	cut := 0
	for cut < len(s.sendLog) && now.Sub(s.sendLog[cut].at) >= groupWindow {
		cut++
	}
	s.sendLog = s.sendLog[cut:]
	if !s.limitsOn {
		return nil
	}

	var wait time.Duration
	var why string
	for i := len(s.sendLog) - 1; i >= 0; i-- {
		if r := s.sendLog[i]; r.chatID == cs.chat.ID {
			if gap := now.Sub(r.at); gap < chatGap-chatTolerance {
				wait = chatGap - gap
				why = fmt.Sprintf("only %v after the previous message to this chat (limit: 1 per second per chat)", gap.Round(time.Millisecond))
			}
			break
		}
	}
	if why == "" && (cs.chat.Type == "group" || cs.chat.Type == "supergroup") {
		var inChat []time.Time // all within groupWindow after the pruning
		for _, r := range s.sendLog {
			if r.chatID == cs.chat.ID {
				inChat = append(inChat, r.at)
			}
		}
		if len(inChat) >= groupMax {
			wait = inChat[len(inChat)-groupMax].Add(groupWindow).Sub(now)
			why = fmt.Sprintf("%d messages to this group within a minute (limit: %d per minute per group)", len(inChat)+1, groupMax)
		}
	}
	if why == "" {
		var recent []time.Time
		for _, r := range s.sendLog {
			if now.Sub(r.at) < globalWindow {
				recent = append(recent, r.at)
			}
		}
		if len(recent) >= globalMax {
			wait = recent[len(recent)-globalMax].Add(globalWindow).Sub(now)
			why = fmt.Sprintf("%d messages within a second overall (limit: %d per second)", len(recent)+1, globalMax)
		}
	}
	if why == "" {
		return nil
	}
	retry := max(int(math.Ceil(wait.Seconds())), 1)
	s.violations = append(s.violations, fmt.Sprintf("sendMessage to chat %d at +%v: %s; refused with retry after %d",
		cs.chat.ID, now.Sub(s.start).Round(time.Millisecond), why, retry))
	return tooManyRequests(retry)
}

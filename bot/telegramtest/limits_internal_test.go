package telegramtest

import (
	"errors"
	"testing"
	"time"
)

// TestLimitWindows checks the per-group and global windows with a
// synthetic send log rather than minutes of real sending.
func TestLimitWindows(t *testing.T) {
	now := time.Now()
	tests := []struct {
		name      string
		chat      Chat
		log       func(now time.Time) []sendRecord
		wantRetry int // 0: allowed
	}{
		{"private 1s gap", Chat{ID: 1, Type: "private"}, func(now time.Time) []sendRecord {
			return []sendRecord{{1, now.Add(-950 * time.Millisecond)}}
		}, 0},
		{"private 850ms gap", Chat{ID: 1, Type: "private"}, func(now time.Time) []sendRecord {
			return []sendRecord{{1, now.Add(-850 * time.Millisecond)}}
		}, 1},
		{"group 20 in a minute", Chat{ID: -5, Type: "group"}, func(now time.Time) []sendRecord {
			var log []sendRecord
			for i := 0; i < 20; i++ {
				log = append(log, sendRecord{-5, now.Add(-50*time.Second + time.Duration(i)*2*time.Second)})
			}
			return log
		}, 10},
		{"group 19 in a minute", Chat{ID: -5, Type: "group"}, func(now time.Time) []sendRecord {
			var log []sendRecord
			for i := 0; i < 19; i++ {
				log = append(log, sendRecord{-5, now.Add(-50*time.Second + time.Duration(i)*2*time.Second)})
			}
			return log
		}, 0},
		{"private chats are not held to 20 a minute", Chat{ID: 2, Type: "private"}, func(now time.Time) []sendRecord {
			var log []sendRecord
			for i := 0; i < 30; i++ {
				log = append(log, sendRecord{2, now.Add(-59*time.Second + time.Duration(i)*time.Second)})
			}
			return log
		}, 0},
		{"30 a second overall", Chat{ID: 3, Type: "private"}, func(now time.Time) []sendRecord {
			var log []sendRecord
			for i := 0; i < 30; i++ {
				log = append(log, sendRecord{int64(100 + i), now.Add(-500 * time.Millisecond)})
			}
			return log
		}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := &Server{limitsOn: true, start: now, chats: map[int64]*chatState{}}
			cs := s.chatStateLocked(tc.chat, nil)
			s.sendLog = tc.log(now)
			err := s.checkLimitsLocked(cs, now)
			if tc.wantRetry == 0 {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var ae *apiError
			if !errors.As(err, &ae) || ae.code != 429 || ae.retryAfter != tc.wantRetry {
				t.Fatalf("got %v, want 429 retry after %d", err, tc.wantRetry)
			}
			if len(s.violations) != 1 {
				t.Errorf("violations %q", s.violations)
			}
		})
	}
}

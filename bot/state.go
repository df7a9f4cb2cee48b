package bot

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"go.uber.org/zap"
)

// WithStateFile keeps, across restarts, the updates a polling bot handled
// but could not confirm: Telegram confirms only below the oldest update
// still open, so when a shutdown cuts an answer short, the updates handled
// after it come again to the next run, which must not answer them twice.
func WithStateFile(path string) Option { return func(b *Bot) { b.statePath = path } }

// pollState is what the state file holds.
type pollState struct {
	Offset  int       `json:"offset"`  // every update below was handled
	Handled []int     `json:"handled"` // handled at or above Offset
	Saved   time.Time `json:"saved"`
}

// stateLifetime is how long a state file is believed: Telegram keeps
// updates for a day, and after a long silence it may restart its ids.
const stateLifetime = 24 * time.Hour

// loadState reads the state file and marks its updates handled. A missing,
// stale or unreadable file costs at most a repeated reply, so it is not
// fatal.
func (b *Bot) loadState() pollState {
	if b.statePath == "" {
		return pollState{}
	}
	data, err := os.ReadFile(b.statePath)
	if errors.Is(err, fs.ErrNotExist) {
		return pollState{}
	}
	var st pollState
	if err == nil {
		err = json.Unmarshal(data, &st)
	}
	if err != nil {
		b.log.Warn("state file unreadable; updates handled before the last stop may be answered again", zap.String("path", b.statePath), zap.Error(err))
		return pollState{}
	}
	if time.Since(st.Saved) > stateLifetime {
		return pollState{}
	}
	for _, id := range st.Handled {
		b.seen.begin(id)
		b.seen.finish(id)
	}
	return st
}

// saveState writes the state file atomically: a crash mid-write leaves the
// old file whole.
func (b *Bot) saveState(offset int, handled []int) {
	if b.statePath == "" {
		return
	}
	err := writeAtomic(b.statePath, pollState{Offset: offset, Handled: append([]int{}, handled...), Saved: time.Now()})
	if err != nil {
		b.log.Warn("state file not written; updates handled after the oldest unanswered one may be answered again", zap.Error(err))
	}
}

func writeAtomic(path string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("state file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("state file: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("state file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("state file: %w", err)
	}
	return os.Rename(tmp.Name(), path)
}

package feedback

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync/atomic"
	"time"
)

// Claims let several bot instances behind one webhook address share the
// work: Telegram may deliver an update again, to another instance, and
// only one of them may answer it. An instance claims an update before it
// answers and marks it done after; a claim not done within the lease (its
// instance died) may be taken over, so no question is lost either.
type Claims struct {
	store *Store
	lease time.Duration
	now   func() time.Time
	dones atomic.Int64
}

// ClaimState is what Claim found.
type ClaimState int

const (
	Won  ClaimState = iota // the caller answers the update
	Busy                   // another instance is answering it
	Done                   // it was answered already
)

// Claims returns claims on this store; a claim lapses after lease.
func (s *Store) Claims(lease time.Duration) *Claims {
	return &Claims{store: s, lease: lease, now: time.Now}
}

// claimKeep is how long answered updates are remembered: Telegram gives
// up redelivering long before.
const claimKeep = 48 * time.Hour

// Claim tries to take an update for the caller.
func (c *Claims) Claim(ctx context.Context, updateID int) (ClaimState, error) {
	s := c.store
	now := c.now()
	res, err := s.db.ExecContext(ctx, s.rebind(`
INSERT INTO updates (update_id, state, at) VALUES (?, 'busy', ?)
ON CONFLICT (update_id) DO UPDATE SET state = 'busy', at = excluded.at
WHERE updates.state = 'busy' AND updates.at < ?`), updateID, now.UnixMilli(), now.Add(-c.lease).UnixMilli())
	if err != nil {
		return Won, fmt.Errorf("feedback: claim update: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 1 {
		return Won, nil
	}
	var state string
	err = s.db.QueryRowContext(ctx, s.rebind(`SELECT state FROM updates WHERE update_id = ?`), updateID).Scan(&state)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Won, nil // released between the two statements
	case err != nil:
		return Won, fmt.Errorf("feedback: claim update: %w", err)
	case state == "done":
		return Done, nil
	default:
		return Busy, nil
	}
}

// Done marks an update answered.
func (c *Claims) Done(ctx context.Context, updateID int) error {
	s := c.store
	now := c.now()
	if _, err := s.db.ExecContext(ctx, s.rebind(`UPDATE updates SET state = 'done', at = ? WHERE update_id = ?`), now.UnixMilli(), updateID); err != nil {
		return fmt.Errorf("feedback: mark update done: %w", err)
	}
	if c.dones.Add(1)%1000 == 0 {
		if _, err := s.db.ExecContext(ctx, s.rebind(`DELETE FROM updates WHERE state = 'done' AND at < ?`), now.Add(-claimKeep).UnixMilli()); err != nil {
			return fmt.Errorf("feedback: forget old updates: %w", err)
		}
	}
	return nil
}

// Release gives up a claim on an update the caller could not answer, so
// that the next delivery, to any instance, answers it.
func (c *Claims) Release(ctx context.Context, updateID int) error {
	s := c.store
	if _, err := s.db.ExecContext(ctx, s.rebind(`DELETE FROM updates WHERE update_id = ? AND state = 'busy'`), updateID); err != nil {
		return fmt.Errorf("feedback: release update: %w", err)
	}
	return nil
}

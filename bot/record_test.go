package bot_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/liwanbot/liwanbot/bot"
	"github.com/liwanbot/liwanbot/feedback"
)

// An update that records a refusal or a rating is confirmed to Telegram
// only once the record is committed: a crash after the confirmation
// (Telegram never delivers the update again) must not lose it. Before
// group commit the record waited up to 200 ms in a batch, and the
// confirmation went out first.
func TestUpdateIsConfirmedAfterItsRecordCommits(t *testing.T) {
	t.Parallel()
	store, err := feedback.Open(context.Background(), filepath.Join(t.TempDir(), "f.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	rec := feedback.NewRecorder(store)
	defer rec.Close(context.Background())
	h := start(t, bot.WithRecorder(rec))

	steps := []struct {
		name              string
		do                func() int // returns the update's id
		refusals, ratings int
	}{
		{"refused question", func() int { id, _ := h.srv.SendText(private(alice), alice, "火星上有多少个托位?"); return id }, 1, 0},
		{"👎", func() int { id, _ := h.srv.PressButton(private(alice), alice, 1, "fb|s|-|p31.s4|6500"); return id }, 1, 1},
		{"answered question", func() int { id, _ := h.srv.SendText(private(alice), alice, "全区托位有多少?"); return id }, 1, 1},
		{"👍", func() int { id, _ := h.srv.PressButton(private(alice), alice, 1, "fb|s|+|p31.s4|6500"); return id }, 1, 2},
	}
	for _, s := range steps {
		h.settle(s.do())
		// No waiting here: the confirmation is the acknowledgement.
		refusals, ratings, err := store.Counts(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if refusals != s.refusals || ratings != s.ratings {
			t.Errorf("%s confirmed with %d refusals and %d ratings committed, want %d and %d", s.name, refusals, ratings, s.refusals, s.ratings)
		}
	}
}

// A broken database costs a warning and a bounded wait, never the reply,
// and the update is still confirmed.
func TestBrokenDatabaseDoesNotCostTheReply(t *testing.T) {
	t.Parallel()
	store, err := feedback.Open(context.Background(), filepath.Join(t.TempDir(), "f.db"))
	if err != nil {
		t.Fatal(err)
	}
	store.Close() // every write fails from here on
	rec := feedback.NewRecorder(store)
	defer rec.Close(context.Background())
	h := start(t, bot.WithRecorder(rec))

	id, _ := h.srv.SendText(private(alice), alice, "火星上有多少个托位?")
	h.settle(id)
	if msgs := h.srv.MessagesTo(alice.ID); len(msgs) != 1 {
		t.Fatalf("%d replies to a refused question with the database down, want 1", len(msgs))
	}
	if logs := h.logs.String(); !strings.Contains(logs, "feedback record not committed") {
		t.Errorf("no warning about the lost record:\n%s", logs)
	}
}

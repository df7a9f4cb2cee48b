package feedback_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/liwanbot/liwanbot/feedback"
)

// A path holding URI syntax names the file it says. Before the path was
// escaped, "a#b.db" opened "a", "a?x=1.db" opened "a" with a parameter, and
// "100%25.db" opened "100%.db".
func TestOpenPathsWithURISyntax(t *testing.T) {
	for _, name := range []string{"a#b.db", "a?x=1.db", "100%25.db", "50%.db", "q?#%.db", "plain.db"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, name)
			ctx := context.Background()
			st, err := feedback.Open(ctx, path)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if err := st.Write(ctx, feedback.Batch{Refusals: []feedback.Refusal{{At: time.Now(), Question: "火星", Lang: "zh-Hans", Channel: "api", Outcome: "refused", Report: "r"}}}); err != nil {
				t.Fatalf("Write: %v", err)
			}
			st.Close()
			entries, _ := os.ReadDir(dir)
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			if _, err := os.Stat(path); err != nil {
				t.Fatalf("no file %q; the directory holds %q", name, names)
			}
			st, err = feedback.OpenExisting(ctx, path)
			if err != nil {
				t.Fatalf("OpenExisting: %v", err)
			}
			defer st.Close()
			if n, _, err := st.Counts(ctx); err != nil || n != 1 {
				t.Errorf("read back %d refusals (%v), want 1", n, err)
			}
		})
	}
}

package console_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/liwanbot/liwanbot/console"
	"github.com/liwanbot/liwanbot/feedback"
)

// The API acknowledges a record only once it is committed: 202 from
// /api/feedback, and the answer to a refused /api/ask, mean the row is in
// the database. A database fault is a 503 for a rating (the client may try
// again) but never costs the answer to a question.
func TestAPIAcknowledgesCommittedRecords(t *testing.T) {
	eng, err := engine()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name           string
		broken         bool
		feedbackStatus int
		refusals       int
		ratings        int
	}{
		{"healthy database", false, http.StatusAccepted, 1, 1},
		{"broken database", true, http.StatusServiceUnavailable, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store, err := feedback.Open(context.Background(), filepath.Join(t.TempDir(), "f.db"))
			if err != nil {
				t.Fatal(err)
			}
			if tc.broken {
				store.Close() // every write fails from here on
			} else {
				defer store.Close()
			}
			rec := feedback.NewRecorder(store)
			defer rec.Close(context.Background())
			mux := http.NewServeMux()
			console.Routes(mux, console.Config{Engine: eng, API: eng, Store: store}.WithRecorder(rec))
			srv := httptest.NewServer(mux)
			defer srv.Close()

			asked := get(t, srv.URL+"/api/ask?q="+url.QueryEscape("火星上有多少个托位?"))
			var a struct{ Outcome string }
			if err := json.Unmarshal([]byte(asked.body), &a); asked.status != http.StatusOK || err != nil || a.Outcome != "refused" {
				t.Errorf("refused question: %d %s", asked.status, asked.body)
			}
			rated := post(t, srv.URL+"/api/feedback", "application/json", strings.NewReader(`{"sentence":"p31.s4","figure":"6500","rating":-1}`))
			var e struct{ Error string }
			if rated.status != tc.feedbackStatus || json.Unmarshal([]byte(rated.body), &e) != nil || (tc.broken && e.Error == "") {
				t.Errorf("POST /api/feedback: %d %s, want %d with a JSON body", rated.status, rated.body, tc.feedbackStatus)
			}
			if tc.broken {
				return
			}
			// No waiting: the acknowledgements were the wait.
			refusals, ratings, err := store.Counts(context.Background())
			if err != nil || refusals != tc.refusals || ratings != tc.ratings {
				t.Errorf("after the acknowledgements: %d refusals, %d ratings (%v); want %d and %d", refusals, ratings, err, tc.refusals, tc.ratings)
			}
		})
	}
}

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

// What the feedback view acts on comes from /api/report: each refused
// question with the sentences that came closest (the engine's near
// misses), each 👎 with the questions residents asked, and the period's
// counts. Questions answered through /api/ask are kept and counted, and a
// 👎 through /api/feedback is joined to the question asked before it.
func TestReportForStaff(t *testing.T) {
	eng, err := engine()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	store, err := feedback.Open(ctx, filepath.Join(t.TempDir(), "f.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	rec := feedback.NewRecorder(store)
	defer rec.Close(ctx)
	mux := http.NewServeMux()
	console.Routes(mux, console.Config{Engine: eng, API: eng, Store: store}.WithRecorder(rec))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	const refused, answered = "托儿所学位有几多", "全区托位有多少"
	near := eng.Answer(ctx, refused).NearMisses
	top := eng.Answer(ctx, answered)
	if len(near) == 0 || !top.Answered() {
		t.Fatalf("the engine changed: %s has no near misses, or %s is not answered", refused, answered)
	}
	for _, q := range []string{refused, answered, answered} {
		if r := get(t, srv.URL+"/api/ask?q="+url.QueryEscape(q)); r.status != http.StatusOK {
			t.Fatalf("ask %s: %d", q, r.status)
		}
	}
	rate := `{"sentence":"` + top.Sources[0].ID + `","figure":"6500","rating":-1}`
	if r := post(t, srv.URL+"/api/feedback", "application/json", strings.NewReader(rate)); r.status != http.StatusAccepted {
		t.Fatalf("rate: %d %s", r.status, r.body)
	}
	if err := rec.Flush(ctx); err != nil {
		t.Fatal(err)
	}

	r := get(t, srv.URL+"/api/report?since=1d")
	var rev feedback.Review
	if err := json.Unmarshal([]byte(r.body), &rev); r.status != http.StatusOK || err != nil {
		t.Fatalf("GET /api/report: %d %v %s", r.status, err, r.body)
	}
	if len(rev.Refused) != 1 || rev.Refused[0].Question != refused || len(rev.Refused[0].Near) != len(near) {
		t.Fatalf("refused %+v, want %s with %d near misses", rev.Refused, refused, len(near))
	}
	for i, n := range rev.Refused[0].Near {
		if n.Sentence != near[i].ID || n.Coverage != near[i].Coverage || n.Text != near[i].Text || n.Coverage <= 0 {
			t.Errorf("near miss %d: %+v, want %s covering %v", i, n, near[i].ID, near[i].Coverage)
		}
	}
	if len(rev.Disliked) != 1 || len(rev.Disliked[0].Questions) != 1 || rev.Disliked[0].Questions[0] != (feedback.DislikedQuestion{Question: answered, Count: 1}) {
		t.Errorf("disliked %+v, want the 👎 on %s named by %s", rev.Disliked, top.Sources[0].ID, answered)
	}
	act := rev.Activity
	byDay := 0
	for _, d := range act.Days {
		byDay += d.Asked
	}
	if act.Totals.Asked != 3 || act.Totals.Answered != 2 || act.Totals.Refused != 1 || act.Totals.Down != 1 || byDay != 3 {
		t.Errorf("activity %+v, want 3 asked (by day too), 2 answered, 1 refused, 1 👎", act)
	}
	if act.RefusedShare < 0.33 || act.RefusedShare > 0.34 {
		t.Errorf("refused share %v, want a third", act.RefusedShare)
	}
}

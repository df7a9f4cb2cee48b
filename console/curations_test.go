package console_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/liwanbot/liwanbot/console"
	"github.com/liwanbot/liwanbot/curation"
	"github.com/liwanbot/liwanbot/feedback"
)

// curator records what reaches it.
type curator struct {
	mu      sync.Mutex
	applied []feedback.Curation
	undone  []string // author of each undo
}

func (c *curator) History(context.Context) ([]feedback.Curation, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]feedback.Curation{}, c.applied...), nil
}

func (c *curator) Check(_ context.Context, x feedback.Curation) (curation.Report, error) {
	return curation.Report{Accepted: true, Curation: x}, nil
}

func (c *curator) Apply(_ context.Context, x feedback.Curation) (curation.Report, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	x.Version = int64(len(c.applied) + 1)
	c.applied = append(c.applied, x)
	return curation.Report{Accepted: true, Curation: x}, nil
}

func (c *curator) Undo(_ context.Context, v int64, author, reason string) (curation.Report, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.undone = append(c.undone, author)
	return curation.Report{Accepted: true, Curation: feedback.Curation{Type: "undo", Undoes: v, Author: author, Reason: reason}}, nil
}

func (c *curator) authors() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, x := range c.applied {
		out = append(out, x.Author)
	}
	return append(out, c.undone...)
}

const (
	chenToken   = "chen-0123456789abcdef-token"
	sharedToken = "shared-0123456789abcdef-token"
)

func TestParseStaffTokens(t *testing.T) {
	h := console.HashToken(chenToken)
	tests := []struct {
		name, file string
		names      []string
	}{
		{"two", "# staff\nchen:" + h + "\n\nli:" + strings.ToUpper(h) + "\n", []string{"chen", "li"}},
		{"no colon", "chen " + h, nil},
		{"short hash", "chen:abcd", nil},
		{"name twice", "chen:" + h + "\nchen:" + h, nil},
		{"space in name", "chen li:" + h, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			staff, err := console.ParseStaffTokens(strings.NewReader(tc.file))
			if tc.names == nil {
				if err == nil {
					t.Errorf("parsed %+v", staff)
				}
				return
			}
			var names []string
			for _, s := range staff {
				names = append(names, s.Name)
				if s.Hash != sha256.Sum256([]byte(chenToken)) {
					t.Errorf("%s: wrong hash", s.Name)
				}
			}
			if err != nil || strings.Join(names, ",") != strings.Join(tc.names, ",") {
				t.Errorf("names %v, err %v", names, err)
			}
		})
	}
}

// Every curation endpoint is staff's only, records who signed in whatever
// the body says, and refuses a state change another site's page sends,
// with or without a token, on loopback too.
func TestCurationEndpointsAccess(t *testing.T) {
	staff, err := console.ParseStaffTokens(strings.NewReader("chen:" + console.HashToken(chenToken)))
	if err != nil {
		t.Fatal(err)
	}
	cur := &curator{}
	base := serveWith(t, console.Config{StaffToken: sharedToken, Staff: staff, Curator: cur})
	link := `{"type":"link","question":"托儿所学位有几多","sentence":"p31.s4","reason":"asked","author":"mallory"}`
	tests := []struct {
		name, method, path, body string
		header                   map[string]string
		want                     int
	}{
		{"list without a token", "GET", "/api/curations", "", nil, http.StatusUnauthorized},
		{"apply without a token", "POST", "/api/curations", link, nil, http.StatusUnauthorized},
		{"check without a token", "POST", "/api/curations/check", link, nil, http.StatusUnauthorized},
		{"undo without a token", "POST", "/api/curations/1/undo", `{"reason":"x"}`, nil, http.StatusUnauthorized},
		{"apply with a wrong token", "POST", "/api/curations", link, map[string]string{"Authorization": "Bearer nope-nope-nope-nope"}, http.StatusUnauthorized},
		{"apply from another site", "POST", "/api/curations", link, map[string]string{"Authorization": "Bearer " + chenToken, "Origin": "https://evil.example"}, http.StatusForbidden},
		{"undo from another site", "POST", "/api/curations/1/undo", `{"reason":"x"}`, map[string]string{"Authorization": "Bearer " + chenToken, "Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"check from another site", "POST", "/api/curations/check", link, map[string]string{"Authorization": "Bearer " + chenToken, "Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"apply as a form", "POST", "/api/curations", link, map[string]string{"Authorization": "Bearer " + chenToken, "Content-Type": "text/plain"}, http.StatusUnsupportedMediaType},
		{"apply without a reason", "POST", "/api/curations", `{"type":"link","question":"q","sentence":"p31.s4"}`, map[string]string{"Authorization": "Bearer " + chenToken}, http.StatusBadRequest},
		{"apply with unknown fields", "POST", "/api/curations", `{"type":"link","weight":9}`, map[string]string{"Authorization": "Bearer " + chenToken}, http.StatusBadRequest},
		{"apply as chen", "POST", "/api/curations", link, map[string]string{"Authorization": "Bearer " + chenToken}, http.StatusCreated},
		{"apply with the shared token", "POST", "/api/curations", link, map[string]string{"Authorization": "Bearer " + sharedToken, "Sec-Fetch-Site": "same-origin"}, http.StatusCreated},
		{"undo as chen", "POST", "/api/curations/1/undo", `{"reason":"wrong"}`, map[string]string{"Authorization": "Bearer " + chenToken}, http.StatusOK},
		{"undo of no number", "POST", "/api/curations/x/undo", `{"reason":"wrong"}`, map[string]string{"Authorization": "Bearer " + chenToken}, http.StatusBadRequest},
		{"list as chen", "GET", "/api/curations", "", map[string]string{"Authorization": "Bearer " + chenToken}, http.StatusOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, base+tc.path, strings.NewReader(tc.body))
			if tc.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Errorf("%s %s: %d, want %d", tc.method, tc.path, resp.StatusCode, tc.want)
			}
		})
	}
	if got := strings.Join(cur.authors(), ","); got != "chen,staff,chen" {
		t.Errorf("authors recorded %q, want chen,staff,chen: only the accepted changes, each by who signed in", got)
	}
}

// Signed in through the login form, a member of staff's changes are
// theirs; with no token configured (loopback), they are "local".
func TestCurationAuthorFromSession(t *testing.T) {
	staff, _ := console.ParseStaffTokens(strings.NewReader("chen:" + console.HashToken(chenToken)))
	for _, tc := range []struct {
		name  string
		cfg   console.Config
		login string
		want  string
	}{
		{"session", console.Config{Staff: staff}, chenToken, "chen"},
		{"no token configured", console.Config{}, "", console.LocalStaffName},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cur := &curator{}
			tc.cfg.Curator = cur
			base := serveWith(t, tc.cfg)
			jar, _ := cookiejar.New(nil)
			client := &http.Client{Jar: jar}
			if tc.login != "" {
				resp, err := client.PostForm(base+"/login", url.Values{"token": {tc.login}})
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
			}
			req, _ := http.NewRequest("POST", base+"/api/curations", strings.NewReader(`{"type":"reply","words":["公园"],"reply":{"zh":"见公告"},"reason":"r"}`))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Origin", base) // the console's own page
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusCreated {
				t.Fatalf("apply: %d", resp.StatusCode)
			}
			if got := cur.authors(); len(got) != 1 || got[0] != tc.want {
				t.Errorf("author %v, want %s", got, tc.want)
			}
		})
	}
}

// The log and a check name the sentences they cite in words as well as by
// id: the page shows staff the sentence, not p31.s4.
func TestCurationsNameSentences(t *testing.T) {
	eng, err := engine()
	if err != nil {
		t.Fatal(err)
	}
	var text string
	for _, s := range eng.Report().Sentences() {
		if s.ID == "p31.s4" {
			text = s.Text
		}
	}
	base := serveWith(t, console.Config{Curator: &curator{}})
	link := `{"type":"link","question":"托儿所学位有几多","sentence":"p31.s4","reason":"asked"}`
	for _, path := range []string{"/api/curations/check", "/api/curations"} {
		r := post(t, base+path, "application/json", strings.NewReader(link))
		var rep struct {
			Accepted  bool              `json:"accepted"`
			Sentences map[string]string `json:"sentences"`
		}
		if err := json.Unmarshal([]byte(r.body), &rep); err != nil || !rep.Accepted || rep.Sentences["p31.s4"] != text {
			t.Errorf("POST %s: %d %s: want p31.s4 named %q", path, r.status, r.body, text)
		}
	}
	r := get(t, base+"/api/curations")
	var list struct {
		Curations []feedback.Curation `json:"curations"`
		Sentences map[string]string   `json:"sentences"`
	}
	if err := json.Unmarshal([]byte(r.body), &list); err != nil || len(list.Curations) != 1 || len(list.Sentences) != 1 || list.Sentences["p31.s4"] != text {
		t.Errorf("GET /api/curations: %s: want the link and p31.s4 named %q", r.body, text)
	}
}

package telegramtest_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// receiver is a bot-side webhook endpoint that records what it gets.
type receiver struct {
	mu       sync.Mutex
	attempts int
	secrets  []string
	types    []string
	ids      []int
	inFlight int
	maxIn    int
}

func (rc *receiver) record(r *http.Request) int {
	var u struct {
		UpdateID int `json:"update_id"`
	}
	_ = json.NewDecoder(r.Body).Decode(&u)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.attempts++
	rc.secrets = append(rc.secrets, r.Header.Get("X-Telegram-Bot-Api-Secret-Token"))
	rc.types = append(rc.types, r.Header.Get("Content-Type"))
	rc.ids = append(rc.ids, u.UpdateID)
	return rc.attempts
}

func (rc *receiver) count() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.attempts
}

func TestWebhookDeliveryAndRetry(t *testing.T) {
	srv, api := start(t)
	rc := &receiver{}
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rc.record(r) <= 2 {
			http.Error(w, "not ready", http.StatusInternalServerError)
		}
	}))
	t.Cleanup(hook.Close)

	// tgbotapi v5.5.1's WebhookConfig has no secret_token; send it raw.
	resp, err := api.MakeRequest("setWebhook", tgbotapi.Params{"url": hook.URL + "/tg", "secret_token": "s3cr3t_-X"})
	if err != nil || resp.Description != "Webhook was set" {
		t.Fatalf("setWebhook: %v %+v", err, resp)
	}
	if u, s := srv.Webhook(); u != hook.URL+"/tg" || s != "s3cr3t_-X" {
		t.Errorf("Webhook() = %q, %q", u, s)
	}
	_, err = api.GetUpdates(tgbotapi.UpdateConfig{})
	if e := apiError(t, err, 409); e.Message != "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" {
		t.Errorf("getUpdates with webhook: %q", e.Message)
	}

	id, _ := srv.SendText(aliceDM, alice, "hi via webhook")
	wait(t, srv, "delivery", func() bool { return srv.Pending() == 0 })
	rc.mu.Lock()
	if rc.attempts != 3 || rc.ids[2] != id || rc.types[0] != "application/json" {
		t.Errorf("attempts %d ids %v types %v", rc.attempts, rc.ids, rc.types)
	}
	for _, s := range rc.secrets {
		if s != "s3cr3t_-X" {
			t.Errorf("secret header %q", s)
		}
	}
	rc.mu.Unlock()
	info, err := api.GetWebhookInfo()
	if err != nil || info.URL != hook.URL+"/tg" || info.PendingUpdateCount != 0 ||
		info.LastErrorMessage != "Wrong response from the webhook: 500 Internal Server Error" || info.LastErrorDate == 0 {
		t.Errorf("webhook info %v %+v", err, info)
	}

	// A redelivered update arrives again with the same update_id.
	srv.Redeliver(id)
	wait(t, srv, "redelivery", func() bool { return rc.count() == 4 && srv.Pending() == 0 })
	rc.mu.Lock()
	if rc.ids[3] != id {
		t.Errorf("redelivered id %d, want %d", rc.ids[3], id)
	}
	rc.mu.Unlock()

	for _, tc := range []struct{ secret, url, want string }{
		{"bad secret!", hook.URL, "Bad Request: secret token contains unallowed characters"},
		{"", "https://example.org/hook", "Bad Request: bad webhook: the fake Telegram server only delivers to loopback hosts"},
		{"", "ftp://127.0.0.1/hook", "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"},
	} {
		_, err := api.MakeRequest("setWebhook", tgbotapi.Params{"url": tc.url, "secret_token": tc.secret})
		if e := apiError(t, err, 400); e.Message != tc.want {
			t.Errorf("setWebhook(%q, %q): %q", tc.url, tc.secret, e.Message)
		}
	}

	resp, err = api.Request(tgbotapi.DeleteWebhookConfig{})
	if err != nil || resp.Description != "Webhook was deleted" {
		t.Fatalf("deleteWebhook: %v %+v", err, resp)
	}
	srv.SendText(aliceDM, alice, "polling again")
	if ups, err := api.GetUpdates(tgbotapi.UpdateConfig{}); err != nil || len(ups) != 1 {
		t.Errorf("getUpdates after deleteWebhook: %v %d", err, len(ups))
	}
}

func TestWebhookReplyMethodAndMaxConnections(t *testing.T) {
	srv, api := start(t)
	srv.SetLimits(false)
	rc := &receiver{}
	release := make(chan struct{})
	var releaseOnce sync.Once
	// Deliveries wait for the test's go-ahead, not for a timer that a busy
	// machine could outlast before it has seen two in flight.
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc.record(r)
		rc.mu.Lock()
		rc.inFlight++
		rc.maxIn = max(rc.maxIn, rc.inFlight)
		rc.mu.Unlock()
		select {
		case <-release:
		case <-r.Context().Done():
		}
		rc.mu.Lock()
		rc.inFlight--
		rc.mu.Unlock()
		// Answer with a method, as the Bot API allows.
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"method":"sendMessage","chat_id":1001,"text":"answered in the webhook reply"}`))
	}))
	t.Cleanup(hook.Close)
	// Registered after hook.Close, so run before it: a failed test must
	// not leave hook.Close waiting for deliveries that wait for release.
	t.Cleanup(func() { releaseOnce.Do(func() { close(release) }) })
	if _, err := api.MakeRequest("setWebhook", tgbotapi.Params{"url": hook.URL, "max_connections": "2"}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		srv.SendText(aliceDM, alice, "load")
	}
	wait(t, srv, "two deliveries in flight", func() bool { return rc.count() == 2 })
	// A pause, not a condition: it gives a third delivery the chance to
	// break the cap, and a busy machine can only make it less likely to
	// show a broken cap, never fail a working one.
	time.Sleep(50 * time.Millisecond)
	releaseOnce.Do(func() { close(release) })
	wait(t, srv, "all deliveries", func() bool { return srv.Pending() == 0 && len(srv.MessagesTo(alice.ID)) == 5 })
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.maxIn != 2 || rc.attempts != 5 {
		t.Errorf("max concurrent deliveries %d (want 2), attempts %d", rc.maxIn, rc.attempts)
	}
}

func TestCloseStopsWebhookDelivery(t *testing.T) {
	srv, api := start(t)
	rc := &receiver{}
	hang := make(chan struct{})
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rc.record(r) == 1 {
			http.Error(w, "failing", http.StatusBadGateway)
			return
		}
		select { // hang until the fake gives up on the request
		case <-r.Context().Done():
		case <-hang:
		}
	}))
	t.Cleanup(func() { close(hang); hook.Close() })
	if _, err := api.MakeRequest("setWebhook", tgbotapi.Params{"url": hook.URL}); err != nil {
		t.Fatal(err)
	}
	srv.SendText(aliceDM, alice, "never acknowledged")
	wait(t, srv, "a retry in flight", func() bool { return rc.count() >= 2 })
	began := time.Now()
	closed := make(chan struct{})
	go func() { srv.Close(); close(closed) }()
	receive(t, "Close with a delivery in flight", closed)
	// A Close that waited for the receiver instead of cancelling would
	// take the fake's whole 10 s delivery timeout; a passing one takes
	// milliseconds. Half the timeout leaves a busy machine seconds.
	if took := time.Since(began); took >= 5*time.Second {
		t.Errorf("Close took %v with a delivery in flight: it waited for the receiver", took)
	}
	// Close waits for the delivery goroutines, so nothing can start after
	// it; the pause only gives a leaked one the chance to show.
	n := rc.count()
	time.Sleep(100 * time.Millisecond)
	if rc.count() != n {
		t.Error("deliveries continued after Close")
	}
}

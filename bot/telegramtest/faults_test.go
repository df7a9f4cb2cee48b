package telegramtest_test

import (
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/liwanbot/liwanbot/bot/telegramtest"
)

// TestFaultKinds drives requests until each of the four fault kinds was
// injected, and checks how the real client sees each.
func TestFaultKinds(t *testing.T) {
	srv, api := start(t)
	srv.AddChat(aliceDM)
	const slow = 80 * time.Millisecond
	srv.SetFaults(telegramtest.Faults{Rate: 1, RetryAfter: 2, SlowDelay: slow, Seed: 42, Methods: []string{"SendChatAction"}})

	seen := map[string]int{}
	accepted, requests := 0, 0
	for requests < 100 && len(seen) < 4 {
		before := srv.FaultCounts()
		began := time.Now()
		_, err := api.Request(tgbotapi.NewChatAction(alice.ID, tgbotapi.ChatTyping))
		took := time.Since(began)
		requests++
		kind := ""
		for k, n := range srv.FaultCounts() {
			if n != before[k] {
				kind = k
			}
		}
		seen[kind]++
		var tgErr *tgbotapi.Error
		switch kind {
		case "429":
			if e := apiError(t, err, 429); e.RetryAfter != 2 || e.Message != "Too Many Requests: retry after 2" {
				t.Errorf("429 fault: %+v", e)
			}
		case "502":
			// The nginx HTML page is not JSON: the client fails to decode.
			var syntax *json.SyntaxError
			if !errors.As(err, &syntax) {
				t.Errorf("502 fault: got %v (%T), want *json.SyntaxError", err, err)
			}
		case "drop":
			var ue *url.Error
			if !errors.As(err, &ue) || errors.As(err, &tgErr) {
				t.Errorf("drop fault: got %v (%T), want a transport error", err, err)
			}
		case "slow":
			if err != nil || took < slow {
				t.Errorf("slow fault: %v after %v", err, took)
			}
			accepted++
		default:
			t.Fatalf("request %d not faulted at rate 1 (err %v)", requests, err)
		}
	}
	if len(seen) != 4 {
		t.Fatalf("kinds seen in %d requests: %v", requests, seen)
	}
	// Faulted requests never take effect, slow ones do.
	if n := len(srv.Actions()); n != accepted {
		t.Errorf("%d actions recorded, want %d (the slow ones)", n, accepted)
	}
	if n := srv.Calls("sendChatAction"); n != requests {
		t.Errorf("Calls = %d, want %d", n, requests)
	}

	// The same seed gives the same sequence.
	srv2 := telegramtest.NewServer(token, botUser)
	defer srv2.Close()
	srv2.SetFaults(telegramtest.Faults{Rate: 1, Seed: 42, SlowDelay: time.Millisecond, Methods: []string{"getWebhookInfo"}})
	client := &http.Client{Timeout: 5 * time.Second}
	for i := 0; i < requests; i++ {
		resp, err := client.Post(srv2.URL()+"/bot"+token+"/getWebhookInfo", "application/json", nil)
		if err == nil {
			resp.Body.Close()
		}
	}
	got := srv2.FaultCounts()
	for k, n := range seen {
		if got[k] != n {
			t.Errorf("seed 42 replay: %v, want %v", got, seen)
			break
		}
	}

	// getMe is spared by default; zero Faults turns injection off.
	srv.SetFaults(telegramtest.Faults{Rate: 1})
	if _, err := api.GetMe(); err != nil {
		t.Errorf("getMe faulted: %v", err)
	}
	srv.SetFaults(telegramtest.Faults{})
	if _, err := api.Request(tgbotapi.NewChatAction(alice.ID, tgbotapi.ChatTyping)); err != nil {
		t.Errorf("faults off: %v", err)
	}
}

// TestSlowFaultHonoursClientTimeout checks a slow answer ends when the
// client gives up. The delay is an hour, so a handler that kept waiting
// after the client hung up would still hold its goroutine when the test
// gives up waiting for the goroutines to end; nothing is timed.
func TestSlowFaultHonoursClientTimeout(t *testing.T) {
	srv, _ := start(t)
	srv.SetFaults(telegramtest.Faults{Rate: 1, SlowDelay: time.Hour, Seed: 1, Methods: []string{"getUpdates"}})
	// Counted before the impatient client's first connection: once its
	// connections are closed, only a handler still waiting is left over.
	before := runtime.NumGoroutine()
	transport := &http.Transport{}
	impatient, err := tgbotapi.NewBotAPIWithClient(token, srv.Endpoint(), &http.Client{Transport: transport, Timeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 8; i++ {
		slow := srv.FaultCounts()["slow"]
		_, err := impatient.GetUpdates(tgbotapi.UpdateConfig{Timeout: 0})
		var ne net.Error
		if srv.FaultCounts()["slow"] > slow && (!errors.As(err, &ne) || !ne.Timeout()) {
			t.Errorf("request %d, slow by an hour, ended with %v, not the client's timeout", i, err)
		}
	}
	if srv.FaultCounts()["slow"] == 0 {
		t.Fatal("seed 1 produced no slow fault: the test shows nothing")
	}
	transport.CloseIdleConnections()
	deadline := time.Now().Add(patience)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines before, %d after the client gave up: a slow answer is still waiting\n%s", before, n, buf[:runtime.Stack(buf, true)])
	}
}

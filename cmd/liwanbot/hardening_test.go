package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/liwanbot/liwanbot/bot/telegramtest"
)

// Off loopback a staff token must be long enough not to be guessed.
// Before, STAFF_TOKEN=' ' or 'a' was accepted on 0.0.0.0.
func TestServeRefusesAShortStaffTokenOffLoopback(t *testing.T) {
	cases := []struct {
		name, token, addr string
		refused           bool
	}{
		{"one space", " ", "0.0.0.0:0", true},
		{"one letter", "a", "0.0.0.0:0", true},
		{"15 bytes", strings.Repeat("k", 15), "[::]:0", true},
		// These pass the check and fail later, at listening: the port
		// is out of range, so the test never listens off loopback.
		{"16 bytes", strings.Repeat("k", 16), "0.0.0.0:99999", false},
		{"short on loopback", "a", "127.0.0.1:99999", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			var stderr syncBuffer
			env := map[string]string{"STAFF_TOKEN": c.token}
			err := run(ctx, []string{"serve", "--http", c.addr, "--db", "off", "--no-telegram", "--log-level", "error"},
				func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, &stderr)
			if c.refused {
				if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "at least 16") || !strings.Contains(err.Error(), "guessed") {
					t.Fatalf("serve: %v, want a usage error saying the token must be at least 16 bytes, and why", err)
				}
				if len(c.token) > 8 && strings.Contains(err.Error(), c.token) {
					t.Errorf("the error quotes the token: %v", err)
				}
				return
			}
			if err == nil || errors.Is(err, errUsage) || !strings.Contains(err.Error(), "listen") {
				t.Fatalf("serve: %v, want it past the token check, failing to listen", err)
			}
		})
	}
}

// A webhook path that is the console's own, or holds a wildcard, is a
// usage error. Before, /api/feedback and /login panicked at start-up
// (ServeMux's conflict check), after Telegram had been dialled.
func TestServeWebhookPathsThatCannotBeServed(t *testing.T) {
	srv := telegramtest.NewServer(testToken, botUser)
	defer srv.Close()
	env := map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_WEBHOOK_SECRET": "hook-secret_1"}
	for _, path := range []string{"/api/feedback", "/login", "/logout", "/healthz", "/metrics", "/api/anything", "/app.js", "/hook/{id}", "/a{b", "/x/{$}"} {
		t.Run(path, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			var err error
			func() {
				defer func() {
					if r := recover(); r != nil {
						err = fmt.Errorf("panic: %v", r)
					}
				}()
				err = run(ctx, []string{"serve", "--http", "127.0.0.1:0", "--db", "off", "--state-file", "off", "--log-level", "error",
					"--telegram-api", srv.Endpoint(), "--webhook-url", "https://bot.example.org" + path},
					func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, io.Discard)
			}()
			if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "--webhook-url") {
				t.Fatalf("serve: %v, want a usage error about --webhook-url", err)
			}
		})
	}
}

// An escaped path is served as Telegram requests it. Before, the handler
// was registered on the unescaped /hook/x, and every delivery to /hook%2Fx
// was answered 405 by the console's GET /.
func TestServeWebhookOnAnEscapedPath(t *testing.T) {
	srv := telegramtest.NewServer(testToken, botUser)
	defer srv.Close()
	env := map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_WEBHOOK_SECRET": "hook-secret_1"}
	first, addr := startServe(t, env, &syncBuffer{}, "--telegram-api", srv.Endpoint(), "--no-telegram")
	first.stop(t)
	s, _ := startServe(t, env, &syncBuffer{}, "--telegram-api", srv.Endpoint(), "--http", addr, "--webhook-url", "http://"+addr+"/hook%2Fx")
	defer s.stop(t)
	// serve registers the webhook once it is listening: wait for the call
	// rather than race it on a busy machine.
	waitUntil(t, srv, func() bool { u, _ := srv.Webhook(); return u != "" })
	if u, _ := srv.Webhook(); !strings.HasSuffix(u, "/hook%2Fx") {
		t.Errorf("webhook registered at %q", u)
	}
	// The fake Bot API delivers to the registered URL, as Telegram does.
	bob := telegramtest.User{ID: 56, FirstName: "Bob"}
	srv.SendText(telegramtest.Chat{ID: 56, Type: "private"}, bob, "全区托位有多少?")
	waitUntil(t, srv, func() bool { return len(srv.MessagesTo(56)) == 1 })
}

// idleConns is how many idle connections the test holds open at once, as
// the probe did.
const idleConns = 3000

// needFiles makes sure the process may hold n more files, raising its
// soft limit if it must, and skips the test loudly if it cannot.
func needFiles(t *testing.T, n uint64) {
	t.Helper()
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Skipf("!!! NOT RUN: cannot read the file limit: %v", err)
	}
	if lim.Cur >= n {
		return
	}
	if lim.Max < n {
		t.Skipf("!!! NOT RUN: needs %d open files and the hard limit is %d (ulimit -Hn)", n, lim.Max)
	}
	lim.Cur = n
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Skipf("!!! NOT RUN: cannot raise the file limit to %d: %v", n, err)
	}
}

// Idle connections are closed within the idle timeout, unauthenticated or
// kept alive after a request, while answers keep flowing. Before, serve set
// no IdleTimeout: 3,000 idle connections stayed open, each with a
// goroutine and a file, and a kept-alive one never closed.
func TestServeClosesIdleConnections(t *testing.T) {
	if testing.Short() {
		t.Skip("opens 3,000 connections")
	}
	// Both ends of every connection are in this process.
	needFiles(t, 2*idleConns+1000)
	const idle = 500 * time.Millisecond
	env := map[string]string{"STAFF_TOKEN": "staff-token-for-the-idle-test"}
	s, addr := startServe(t, env, &syncBuffer{}, "--no-telegram", "--idle-timeout", idle.String(),
		"--db", filepath.Join(t.TempDir(), "feedback.db"))
	defer s.stop(t)

	// Half the connections never send a byte; the other half send one
	// request and keep the connection alive.
	deadline := time.Now().Add(60 * time.Second) // only a broken run reaches it
	var closed atomic.Int64
	lifetimes := make([]time.Duration, idleConns)
	var wg sync.WaitGroup
	errs := make(chan error, idleConns)
	next := atomic.Int64{}
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= idleConns {
					return
				}
				c, err := net.DialTimeout("tcp", addr, 10*time.Second)
				if err != nil {
					errs <- err
					return
				}
				c.SetDeadline(deadline)
				if i%2 == 1 {
					fmt.Fprintf(c, "GET /healthz HTTP/1.1\r\nHost: %s\r\n\r\n", addr)
					resp, err := http.ReadResponse(bufio.NewReader(c), nil)
					if err != nil {
						errs <- fmt.Errorf("connection %d: %w", i, err)
						c.Close()
						return
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				// It waits for the server to close it. The half that sent
				// a request has read its response whole, so the next read
				// is the server's close.
				idleAt := time.Now()
				go func() {
					defer c.Close()
					_, err := c.Read(make([]byte, 1))
					if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, syscall.ECONNRESET) {
						return // the test's own deadline: still open
					}
					lifetimes[i] = time.Since(idleAt)
					closed.Add(1)
				}()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("opening the idle connections: %v", err)
	}
	opened := time.Now()

	// Meanwhile the API answers, on connections of its own.
	client := &http.Client{Timeout: 30 * time.Second}
	answered, whileOpen := 0, 0
	for closed.Load() < idleConns && time.Now().Before(deadline) {
		open := closed.Load() < idleConns
		req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/api/ask?q="+url.QueryEscape("全区托位有多少?"), nil)
		req.Header.Set("Authorization", "Bearer "+env["STAFF_TOKEN"])
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("an answer while idle connections were open: %v", err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "6500") {
			t.Fatalf("an answer while idle connections were open: %s %.200s", resp.Status, body)
		}
		answered++
		if open {
			whileOpen++
		}
	}
	if n := closed.Load(); n < idleConns {
		t.Fatalf("%d of %d idle connections still open %v after they were opened (idle timeout %v)", idleConns-n, idleConns, time.Since(opened), idle)
	}
	if whileOpen == 0 {
		t.Error("no answer was asked for while the idle connections were open")
	}
	slices.Sort(lifetimes)
	t.Logf("%d idle connections (idle timeout %v) closed after %v (median), %v (99th percentile), %v (last); %d answers meanwhile, %d while they were open",
		idleConns, idle, lifetimes[idleConns/2].Round(time.Millisecond), lifetimes[idleConns*99/100].Round(time.Millisecond),
		lifetimes[idleConns-1].Round(time.Millisecond), answered, whileOpen)
}

package telegramtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"syscall"
	"time"
)

// Webhook delivery timing. Telegram retries failed deliveries for a long
// time with growing pauses; the fake keeps the pauses short so tests stay
// fast, and bounds each POST so a stuck receiver cannot hang a test.
const (
	webhookTimeout     = 10 * time.Second
	webhookMinBackoff  = 20 * time.Millisecond
	webhookMaxBackoff  = 500 * time.Millisecond
	defaultConnections = 40
)

// webhook is one setWebhook setting. Replacing or deleting it cancels ctx,
// which ends its dispatcher and its deliveries.
type webhook struct {
	url      string
	secret   string
	maxConn  int
	allowed  string // allowed_updates as given, for "already set"
	ctx      context.Context
	cancel   context.CancelFunc
	inFlight int

	lastErrorDate    int64
	lastErrorMessage string
}

var secretToken = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// setWebhook validates and installs a webhook; an empty url deletes it.
//
// Deviation from Telegram: the real Bot API requires an https URL on port
// 443, 80, 88 or 8443 that resolves to a public address. The fake instead
// requires a loopback host (127.0.0.1, ::1 or localhost) and accepts both
// http and https, without verifying certificates, so a test can point it at
// an httptest server.
func (s *Server) setWebhook(_ context.Context, p params) (any, error) {
	raw := strings.TrimSpace(p.str("url"))
	if raw == "" {
		return s.deleteWebhook(context.Background(), p)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil, badRequest("bad webhook: Failed to resolve host: Name or service not known")
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return nil, badRequest("bad webhook: An HTTPS URL must be provided for webhook")
	}
	if host := u.Hostname(); host != "127.0.0.1" && host != "::1" && host != "localhost" {
		return nil, badRequest("bad webhook: the fake Telegram server only delivers to loopback hosts")
	}
	secret := p.str("secret_token")
	if secret != "" && !secretToken.MatchString(secret) {
		return nil, badRequest("secret token contains unallowed characters")
	}
	maxConn := int(p.int("max_connections", defaultConnections))
	if maxConn < 1 || maxConn > 100 {
		maxConn = defaultConnections
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.setAllowedLocked(p); err != nil {
		return nil, err
	}
	if p.bool("drop_pending_updates") {
		s.removeLocked(func(*queued) bool { return true })
	}
	if h := s.hook; h != nil && h.url == raw && h.secret == secret && h.maxConn == maxConn && h.allowed == p.str("allowed_updates") {
		return described{true, "Webhook is already set"}, nil
	}
	if s.isClosed {
		return nil, &apiError{code: http.StatusInternalServerError, desc: "Internal Server Error: server is closing"}
	}
	if s.hook != nil {
		s.hook.cancel()
	}
	if s.poll != nil {
		s.poll.terminated = "Conflict: terminated by setWebhook request"
		close(s.poll.stop)
		s.poll = nil
	}
	ctx, cancel := context.WithCancel(s.ctx)
	h := &webhook{url: raw, secret: secret, maxConn: maxConn, allowed: p.str("allowed_updates"), ctx: ctx, cancel: cancel}
	s.hook = h
	s.notifyLocked()
	s.wg.Add(1)
	go s.dispatch(h)
	return described{true, "Webhook was set"}, nil
}

// deleteWebhook removes the webhook so getUpdates works again.
func (s *Server) deleteWebhook(_ context.Context, p params) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p.bool("drop_pending_updates") {
		s.removeLocked(func(*queued) bool { return true })
	}
	if s.hook == nil {
		return described{true, "Webhook is already deleted"}, nil
	}
	s.hook.cancel()
	s.hook = nil
	s.notifyLocked()
	return described{true, "Webhook was deleted"}, nil
}

// getWebhookInfo reports the webhook, the queue length and the last
// delivery error.
func (s *Server) getWebhookInfo(context.Context, params) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	info := map[string]any{"url": "", "has_custom_certificate": false, "pending_update_count": len(s.pending)}
	if h := s.hook; h != nil {
		info["url"] = h.url
		info["max_connections"] = h.maxConn
		info["ip_address"] = "127.0.0.1"
		if h.lastErrorDate != 0 {
			info["last_error_date"] = h.lastErrorDate
			info["last_error_message"] = h.lastErrorMessage
		}
		if s.allowed != nil {
			var kinds []string
			for k := range s.allowed {
				kinds = append(kinds, k)
			}
			info["allowed_updates"] = kinds
		}
	}
	return info, nil
}

// Webhook returns the current webhook URL and secret token ("" when none).
func (s *Server) Webhook() (url, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hook == nil {
		return "", ""
	}
	return s.hook.url, s.hook.secret
}

// dispatch starts a delivery for every pending update, keeping at most
// h.maxConn in flight, until h is replaced, deleted or the server closes.
func (s *Server) dispatch(h *webhook) {
	defer s.wg.Done()
	for {
		s.mu.Lock()
		if s.hook != h || h.ctx.Err() != nil {
			s.mu.Unlock()
			return
		}
		s.removeLocked(func(q *queued) bool { return !s.isAllowedLocked(q.kind) })
		var next *queued
		if h.inFlight < h.maxConn {
			for _, q := range s.pending {
				if !q.delivering {
					next = q
					break
				}
			}
		}
		if next == nil {
			changed := s.changed
			s.mu.Unlock()
			select {
			case <-changed:
			case <-h.ctx.Done():
				return
			}
			continue
		}
		next.delivering = true
		h.inFlight++
		s.wg.Add(1) // safe: this goroutine's own count keeps the group above zero
		s.mu.Unlock()
		go s.deliver(h, next)
	}
}

// deliver POSTs one update until the receiver answers 2xx, retrying with a
// doubling pause; it gives up when the webhook goes away, the update is
// dropped or the server closes.
func (s *Server) deliver(h *webhook, q *queued) {
	defer s.wg.Done()
	backoff := webhookMinBackoff
	for {
		reply, contentType, errMsg := s.post(h, q.body)
		s.mu.Lock()
		if errMsg == "" {
			s.removeLocked(func(x *queued) bool { return x == q })
			q.delivering = false
			h.inFlight--
			s.notifyLocked()
			s.mu.Unlock()
			s.webhookReply(h.ctx, contentType, reply)
			return
		}
		if h.ctx.Err() == nil {
			h.lastErrorDate = time.Now().Unix()
			h.lastErrorMessage = errMsg
		}
		done := q.removed || s.hook != h || h.ctx.Err() != nil
		if done {
			q.delivering = false
			h.inFlight--
			s.notifyLocked()
		}
		s.mu.Unlock()
		if done {
			return
		}
		t := time.NewTimer(backoff)
		select {
		case <-t.C:
		case <-h.ctx.Done():
			t.Stop()
		}
		backoff = min(2*backoff, webhookMaxBackoff)
	}
}

// post sends one update; errMsg is "" on a 2xx answer and otherwise the
// text getWebhookInfo reports as last_error_message.
func (s *Server) post(h *webhook, body []byte) (reply []byte, contentType, errMsg string) {
	req, err := http.NewRequestWithContext(h.ctx, http.MethodPost, h.url, bytes.NewReader(body))
	if err != nil {
		return nil, "", err.Error()
	}
	req.Header.Set("Content-Type", "application/json")
	if h.secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", h.secret)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		var ne net.Error
		switch {
		case errors.Is(err, syscall.ECONNREFUSED):
			return nil, "", "Connection refused"
		case errors.As(err, &ne) && ne.Timeout():
			return nil, "", "Read timeout expired"
		default:
			return nil, "", "Connection error: " + err.Error()
		}
	}
	defer resp.Body.Close()
	reply, _ = io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, "", fmt.Sprintf("Wrong response from the webhook: %d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	return reply, resp.Header.Get("Content-Type"), ""
}

// webhookReply performs a method the bot put in its webhook answer, which
// the Bot API allows ("Making requests when getting updates").
func (s *Server) webhookReply(ctx context.Context, contentType string, reply []byte) {
	if len(bytes.TrimSpace(reply)) == 0 {
		return
	}
	p, err := parseParams(nil, contentType, bytes.NewReader(reply))
	if err != nil || p.str("method") == "" {
		return
	}
	s.invoke(ctx, p)
}

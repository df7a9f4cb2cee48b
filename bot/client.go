package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"go.uber.org/zap"
)

// TelegramEndpoint is Telegram's own Bot API, in telegram-bot-api's format:
// the token and the method fill the two %s.
const TelegramEndpoint = tgbotapi.APIEndpoint

// ErrUnauthorized means Telegram rejected the bot token.
var ErrUnauthorized = errors.New("telegram rejected the bot token")

// ErrConflict means another process is taking this bot's updates: a second
// instance polling with the same token, or a webhook set while polling.
var ErrConflict = errors.New("another instance is taking this bot's updates")

// Client calls the Bot API through telegram-bot-api with what the library
// lacks: a context per call, retries that honour Telegram's retry_after, and
// errors that never carry the token (the library's network errors embed the
// request URL, and the URL holds the token).
type Client struct {
	api   *tgbotapi.BotAPI
	http  *http.Client
	token string
	// callTimeout bounds one request other than a long poll.
	callTimeout time.Duration
	observe     func(method string, code int, err error)
}

// Self is the bot's own account, as getMe returned it.
func (c *Client) Self() tgbotapi.User { return c.api.Self }

// Dial checks the token with getMe and returns a client for endpoint
// (TelegramEndpoint when empty). A token Telegram refuses gives
// ErrUnauthorized; network failures are retried a few times first.
func Dial(ctx context.Context, token, endpoint string, httpClient *http.Client) (*Client, error) {
	if token == "" {
		return nil, fmt.Errorf("%w: the token is empty", ErrUnauthorized)
	}
	if endpoint == "" {
		endpoint = TelegramEndpoint
	}
	if strings.Count(endpoint, "%s") != 2 {
		return nil, fmt.Errorf("bot API endpoint %q must hold two %%s, for the token and the method", endpoint)
	}
	if httpClient == nil {
		httpClient = &http.Client{}
	}
	c := &Client{http: httpClient, token: token, callTimeout: 30 * time.Second}
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		callCtx, cancel := context.WithTimeout(ctx, c.callTimeout)
		c.api, err = tgbotapi.NewBotAPIWithClient(token, endpoint, c.bound(callCtx))
		cancel()
		if err == nil {
			c.api.Client = nil // every call binds its own context
			return c, nil
		}
		err = c.redact(err)
		var apiErr *tgbotapi.Error
		if errors.As(err, &apiErr) && (apiErr.Code == http.StatusUnauthorized || apiErr.Code == http.StatusNotFound) {
			// The Bot API answers 404 to a malformed token.
			return nil, fmt.Errorf("%w (%d %s): check TELEGRAM_BOT_TOKEN", ErrUnauthorized, apiErr.Code, apiErr.Message)
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("connect to telegram: %w", ctx.Err())
		}
		if !sleep(ctx, backoff(attempt)) {
			return nil, fmt.Errorf("connect to telegram: %w", ctx.Err())
		}
	}
	return nil, fmt.Errorf("connect to telegram: %w", err)
}

// Request makes one call, bounded by ctx and the client's call timeout.
// It does not retry; see Do.
func (c *Client) Request(ctx context.Context, cfg tgbotapi.Chattable) (*tgbotapi.APIResponse, error) {
	return c.request(ctx, c.callTimeout, cfg)
}

func (c *Client) request(ctx context.Context, timeout time.Duration, cfg tgbotapi.Chattable) (*tgbotapi.APIResponse, error) {
	return c.call(ctx, timeout, methodOf(cfg), func(api *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error) { return api.Request(cfg) })
}

// makeRequest calls a method by name, for parameters the library has no
// field for (setWebhook's secret_token).
func (c *Client) makeRequest(ctx context.Context, method string, params tgbotapi.Params) (*tgbotapi.APIResponse, error) {
	return c.call(ctx, c.callTimeout, method, func(api *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error) { return api.MakeRequest(method, params) })
}

// call runs one library call on a copy of the API bound to a context of
// its own, then removes the token from its error and counts it.
func (c *Client) call(ctx context.Context, timeout time.Duration, method string, do func(*tgbotapi.BotAPI) (*tgbotapi.APIResponse, error)) (*tgbotapi.APIResponse, error) {
	callCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	api := *c.api
	api.Client = c.bound(callCtx)
	resp, err := do(&api)
	err = c.redact(err)
	if c.observe != nil {
		c.observe(method, errorCode(err), err)
	}
	return resp, err
}

// Do makes a call until it succeeds, fails for good, or ctx ends. A 429 waits
// exactly the retry_after Telegram asks for; a network error, a 5xx or a
// garbled reply (a proxy's HTML error page) backs off and tries again. Other
// API errors (400, 403) are final: repeating them cannot help.
func (c *Client) Do(ctx context.Context, cfg tgbotapi.Chattable) (*tgbotapi.APIResponse, error) {
	return c.retry(ctx, func() (*tgbotapi.APIResponse, error) { return c.Request(ctx, cfg) })
}

func (c *Client) retry(ctx context.Context, call func() (*tgbotapi.APIResponse, error)) (*tgbotapi.APIResponse, error) {
	failures := 0
	for {
		resp, err := call()
		if err == nil {
			return resp, nil
		}
		wait, retry := c.retryAfter(err, failures)
		if !retry {
			return resp, err
		}
		failures++
		if !sleep(ctx, wait) {
			return resp, fmt.Errorf("%w (last error: %v)", ctx.Err(), err)
		}
	}
}

// retryAfter says whether err is worth another attempt, and after how long.
func (c *Client) retryAfter(err error, failures int) (time.Duration, bool) {
	var apiErr *tgbotapi.Error
	if errors.As(err, &apiErr) {
		switch {
		case apiErr.Code == http.StatusTooManyRequests:
			wait := time.Duration(apiErr.RetryAfter) * time.Second
			if wait <= 0 {
				wait = time.Second
			}
			return wait, true
		case apiErr.Code >= 500:
			return backoff(failures), true
		default:
			return 0, false
		}
	}
	if errors.Is(err, context.Canceled) {
		return 0, false
	}
	// Transport errors, timeouts and undecodable bodies: the request may
	// never have reached Telegram.
	return backoff(failures), true
}

// backoff grows from 250ms to 15s, with jitter so that many chats retrying
// at once do not retry in step.
func backoff(failures int) time.Duration {
	d := 250 * time.Millisecond << min(failures, 6)
	d = min(d, 15*time.Second)
	return d/2 + rand.N(d/2+1)
}

// sleep waits for d or until ctx ends, and reports whether it waited.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func methodOf(cfg tgbotapi.Chattable) string {
	switch cfg.(type) {
	case tgbotapi.MessageConfig:
		return "sendMessage"
	case tgbotapi.EditMessageTextConfig:
		return "editMessageText"
	case tgbotapi.EditMessageReplyMarkupConfig:
		return "editMessageReplyMarkup"
	case tgbotapi.CallbackConfig:
		return "answerCallbackQuery"
	case tgbotapi.InlineConfig:
		return "answerInlineQuery"
	case tgbotapi.ChatActionConfig:
		return "sendChatAction"
	case tgbotapi.UpdateConfig:
		return "getUpdates"
	case tgbotapi.DeleteWebhookConfig:
		return "deleteWebhook"
	case tgbotapi.SetMyCommandsConfig:
		return "setMyCommands"
	}
	return fmt.Sprintf("%T", cfg)
}

// errorCode is the Bot API's error_code, 0 for success and -1 for a failure
// with no API reply (network, timeout, garbled body).
func errorCode(err error) int {
	if err == nil {
		return 0
	}
	var apiErr *tgbotapi.Error
	if errors.As(err, &apiErr) {
		return apiErr.Code
	}
	return -1
}

// bound returns an HTTP client for telegram-bot-api that runs every request
// under ctx: the library's methods take no context of their own.
func (c *Client) bound(ctx context.Context) tgbotapi.HTTPClient {
	return boundClient{ctx: ctx, http: c.http, redact: c.redact}
}

type boundClient struct {
	ctx    context.Context
	http   *http.Client
	redact func(error) error
}

func (b boundClient) Do(req *http.Request) (*http.Response, error) {
	resp, err := b.http.Do(req.WithContext(b.ctx))
	return resp, b.redact(err)
}

// redact removes the token from an error. *url.Error is rebuilt rather than
// wrapped so that errors.Is still finds context.DeadlineExceeded and the
// like inside it.
func (c *Client) redact(err error) error {
	if err == nil || c.token == "" || !strings.Contains(err.Error(), c.token) {
		return err
	}
	var ue *url.Error
	if errors.As(err, &ue) && !strings.Contains(ue.Err.Error(), c.token) {
		return &url.Error{Op: ue.Op, URL: redactToken(ue.URL, c.token), Err: ue.Err}
	}
	return redactedError{msg: redactToken(err.Error(), c.token), cause: cleanCause(err, c.token)}
}

func redactToken(s, token string) string {
	if token == "" {
		return s
	}
	return strings.ReplaceAll(s, token, "<token>")
}

// redactedError keeps the innermost cause, which holds no URL, for errors.Is.
type redactedError struct {
	msg   string
	cause error
}

func (e redactedError) Error() string { return e.msg }
func (e redactedError) Unwrap() error { return e.cause }

// cleanCause is the outermost error in err's chain whose text does not hold
// the token, or nil.
func cleanCause(err error, token string) error {
	for ; err != nil; err = errors.Unwrap(err) {
		if !strings.Contains(err.Error(), token) {
			return err
		}
	}
	return nil
}

func decodeResult(resp *tgbotapi.APIResponse, v any) error {
	if resp == nil {
		return errors.New("no response")
	}
	return json.Unmarshal(resp.Result, v)
}

// LibraryLogger routes telegram-bot-api's own log lines (it logs errors that
// embed the request URL) to l with the token removed. Install it with
// tgbotapi.SetLogger.
func LibraryLogger(l *zap.Logger, token string) tgbotapi.BotLogger {
	return libraryLogger{log: l.Named("tgbotapi"), token: token}
}

type libraryLogger struct {
	log   *zap.Logger
	token string
}

func (l libraryLogger) Println(v ...any) {
	l.log.Warn(redactToken(strings.TrimSuffix(fmt.Sprintln(v...), "\n"), l.token))
}

func (l libraryLogger) Printf(format string, v ...any) {
	l.log.Warn(redactToken(strings.TrimSuffix(fmt.Sprintf(format, v...), "\n"), l.token))
}

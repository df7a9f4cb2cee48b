package main

import (
	"context"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"go.uber.org/zap"

	"github.com/liwanbot/liwanbot/bot"
	"github.com/liwanbot/liwanbot/console"
	"github.com/liwanbot/liwanbot/curation"
	"github.com/liwanbot/liwanbot/feedback"
	"github.com/liwanbot/liwanbot/metrics"
)

// isLoopback reports whether a listen address only takes connections from
// this machine.
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// claimLease is how long an instance may take to answer an update before
// another may take it over: longer than a group's reply can wait for
// Telegram's 20-a-minute limit.
const claimLease = 3 * time.Minute

// minStaffToken is the shortest staff token accepted off loopback: anyone
// who can reach the address can try tokens, and one of 16 random bytes
// cannot be guessed at any rate the login throttle lets through.
const minStaffToken = 16

// HTTP server limits. A request must arrive whole within readTimeout (the
// largest body, a 2 MiB golden file, takes well under that), its headers
// within readHeaderTimeout; a kept-alive connection with no request is
// closed after the idle timeout, so idle connections cost no goroutine and
// no file for long.
const (
	readHeaderTimeout  = 10 * time.Second
	readTimeout        = 60 * time.Second
	defaultIdleTimeout = 60 * time.Second
)

// serveFlags configure `liwanbot serve`.
type serveFlags struct {
	engineFlags
	reload      reloadFlags
	httpAddr    string
	telegramAPI string
	webhookURL  string
	noTelegram  bool
	grace       time.Duration
	db          string
	retention   string
	stateFile   string
	publicURL   string
	proxies     string
	idleTimeout time.Duration
	staffFile   string
	// curationPoll is how often the curation version is read.
	curationPoll time.Duration
}

func runServe(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var f serveFlags
	f.register(fs)
	f.reload.register(fs)
	fs.StringVar(&f.httpAddr, "http", "127.0.0.1:8080", "address of the HTTP server (console, API, health checks, metrics, Telegram webhook); off loopback it needs STAFF_TOKEN")
	fs.StringVar(&f.telegramAPI, "telegram-api", bot.TelegramEndpoint, "Bot API endpoint, with %s for the token and the method, e.g. http://127.0.0.1:8081/bot%s/%s")
	fs.StringVar(&f.webhookURL, "webhook-url", "", "public HTTPS URL Telegram delivers updates to (default: long polling); needs TELEGRAM_WEBHOOK_SECRET")
	fs.BoolVar(&f.noTelegram, "no-telegram", false, "serve HTTP only, even when TELEGRAM_BOT_TOKEN is set")
	fs.DurationVar(&f.grace, "shutdown-grace", 10*time.Second, "how long answers in flight may take to finish on shutdown")
	fs.StringVar(&f.db, "db", "liwanbot.db", `where refused questions and ratings are kept: an SQLite file, a postgres:// URL, or "off"`)
	fs.StringVar(&f.retention, "retention", "180d", `delete refused questions and ratings older than this ("0" keeps them)`)
	fs.StringVar(&f.stateFile, "state-file", "liwanbot-updates.json", `where a polling bot keeps updates it handled but could not confirm at shutdown ("off": none)`)
	fs.StringVar(&f.publicURL, "public-url", "", "the URL staff open the console at, when not the --http address (behind a proxy); https makes the login cookie Secure")
	fs.StringVar(&f.proxies, "trusted-proxy", "", "comma-separated addresses or CIDR prefixes of proxies whose X-Forwarded-For and X-Forwarded-Proto are believed")
	fs.DurationVar(&f.idleTimeout, "idle-timeout", defaultIdleTimeout, "how long an HTTP connection may stay open with no request before it is closed")
	fs.StringVar(&f.staffFile, "staff-tokens", getenv("LIWANBOT_STAFF_TOKENS"), "file of name:sha256-hex lines, one per member of staff, who then sign in under their own names (liwanbot staff hash makes a line); default $LIWANBOT_STAFF_TOKENS")
	fs.DurationVar(&f.curationPoll, "curation-poll", curation.DefaultPoll, "how often to read the curation version in --db, to answer with curations made on any instance")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: serve takes no arguments, got %q", errUsage, fs.Args())
	}
	// Any failure of one part (the HTTP server) stops the others.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	retention, err := feedback.ParseAge(f.retention)
	if err != nil {
		return fmt.Errorf("%w: --retention: %v", errUsage, err)
	}
	var hook *url.URL
	var hookPattern string
	if f.webhookURL != "" {
		u, err := url.Parse(f.webhookURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return fmt.Errorf("%w: --webhook-url must be an absolute http(s) URL", errUsage)
		}
		if hookPattern, err = webhookPattern(u); err != nil {
			return fmt.Errorf("%w: --webhook-url: %w", errUsage, err)
		}
		hook = u
	}
	public, proxies, err := f.proxyFlags()
	if err != nil {
		return err
	}
	if f.idleTimeout <= 0 {
		return fmt.Errorf("%w: --idle-timeout must be positive", errUsage)
	}

	log, err := newLogger(f.logFormat, f.logLevel, stderr)
	if err != nil {
		return err
	}
	defer log.Sync()
	m := metrics.New()
	eng, closeEngine, err := startEngine(ctx, &f, log, m)
	if err != nil {
		return err
	}
	defer closeEngine()

	staffToken := getenv("STAFF_TOKEN")
	staff, err := staffTokens(f.staffFile)
	if err != nil {
		return err
	}
	if staffToken == "" && len(staff) == 0 && !isLoopback(f.httpAddr) {
		return fmt.Errorf("%w: --http %s is not a loopback address: set STAFF_TOKEN or --staff-tokens so that only staff reach the console", errUsage, f.httpAddr)
	}
	if f.curationPoll <= 0 {
		return fmt.Errorf("%w: --curation-poll must be positive", errUsage)
	}
	if staffToken != "" && len(staffToken) < minStaffToken && !isLoopback(f.httpAddr) {
		return fmt.Errorf("%w: STAFF_TOKEN is %d bytes, and off loopback it must be at least %d: anyone who can reach %s can try tokens, "+
			"and a short one is soon guessed (make one with: openssl rand -hex 16)", errUsage, len(staffToken), minStaffToken, f.httpAddr)
	}
	// A database that cannot be opened costs the records, not the service.
	var store *feedback.Store
	var recorder *feedback.Recorder
	var curator console.Curator
	if f.db != "off" {
		store, err = feedback.Open(ctx, f.db)
		if err != nil {
			log.Error("feedback is not being recorded: the database cannot be opened", zap.Error(err))
		} else {
			defer store.Close()
			recorder = feedback.NewRecorder(store, feedback.WithLogger(log.Named("feedback")), feedback.WithRetention(retention))
			defer func() {
				ctx, cancel := context.WithTimeout(context.Background(), f.grace)
				defer cancel()
				if err := recorder.Close(ctx); err != nil {
					log.Warn("feedback not all written at shutdown", zap.Error(err))
				}
			}()
			svc, stopCurations, err := startCurations(ctx, store, eng, &f, retention, log, m)
			if err != nil {
				return err
			}
			defer stopCurations()
			curator = svc
		}
	}
	mux := http.NewServeMux()
	console.Routes(mux, console.Config{
		Engine:         m.Instrument(eng, "console"),
		API:            m.Instrument(eng, "api"),
		StaffToken:     staffToken,
		Staff:          staff,
		Curator:        curator,
		Metrics:        m.Handler(),
		Logins:         m,
		PublicURL:      public,
		TrustedProxies: proxies,
		Store:          store,
		Log:            log.Named("console"),
	}.WithRecorder(recorder))

	// The Telegram channel starts before the HTTP server, so that a token
	// Telegram refuses stops start-up before anything listens.
	token := getenv("TELEGRAM_BOT_TOKEN")
	var b *bot.Bot
	switch {
	case f.noTelegram:
		log.Info("Telegram channel is off (--no-telegram)")
	case token == "":
		log.Warn("Telegram channel is off: TELEGRAM_BOT_TOKEN is not set")
	default:
		tgbotapi.SetLogger(bot.LibraryLogger(log, token))
		client, err := bot.Dial(ctx, token, f.telegramAPI, &http.Client{})
		if err != nil {
			return err
		}
		opts := []bot.Option{bot.WithLogger(log.Named("telegram")), bot.WithMetrics(m)}
		if recorder != nil {
			opts = append(opts, bot.WithRecorder(recorder))
		}
		if f.stateFile != "off" {
			opts = append(opts, bot.WithStateFile(f.stateFile))
		}
		if hook != nil && store != nil {
			// Instances behind one webhook address share their updates
			// through the database, so a redelivery that lands on another
			// instance is not answered twice.
			opts = append(opts, bot.WithClaims(store.Claims(claimLease)))
		}
		if key := getenv("LIWANBOT_HASH_KEY"); key != "" {
			k, err := hex.DecodeString(key)
			if err != nil || len(k) < 16 {
				return fmt.Errorf("%w: LIWANBOT_HASH_KEY must be at least 16 bytes in hex", errUsage)
			}
			opts = append(opts, bot.WithHashKey(k))
		}
		b = bot.New(client, m.Instrument(eng, "telegram"), opts...)
		log.Info("Telegram channel is on", zap.String("bot", client.Self().UserName))
	}

	ln, err := net.Listen("tcp", f.httpAddr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", f.httpAddr, err)
	}
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: min(readHeaderTimeout, f.idleTimeout),
		ReadTimeout:       readTimeout,
		IdleTimeout:       f.idleTimeout,
		ErrorLog:          zap.NewStdLog(log.Named("http")),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	log.Info("HTTP server listening", zap.String("addr", ln.Addr().String()))

	// polled stays nil unless polling: Poll returns early only when
	// Telegram rejects the token.
	var polled chan error
	stopWork := func() {}
	if b != nil {
		if hook != nil {
			secret := getenv("TELEGRAM_WEBHOOK_SECRET")
			if secret == "" {
				srv.Close()
				return fmt.Errorf("%w: --webhook-url needs TELEGRAM_WEBHOOK_SECRET", errUsage)
			}
			// Deliveries in flight at shutdown get the grace period to
			// finish; after it they are cut, answered 503, and Telegram
			// delivers them again to the next run.
			work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
			defer cancelWork()
			stopWork = cancelWork
			mux.Handle(hookPattern, b.WebhookHandler(work, secret))
			if err := b.SetWebhook(ctx, hook.String(), secret); err != nil {
				srv.Close()
				return err
			}
		} else {
			polled = make(chan error, 1)
			go func() { polled <- b.Poll(ctx, f.grace) }()
		}
	}

	var runErr error
	select {
	case <-ctx.Done():
	case err := <-served:
		runErr = fmt.Errorf("http server: %w", err)
	case err := <-polled:
		runErr, polled = err, nil
	}
	cancel()
	log.Info("shutting down", zap.Duration("grace", f.grace))
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), f.grace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Warn("http server did not stop cleanly", zap.Error(err))
	}
	stopWork()
	if polled != nil {
		// Poll finishes the updates it holds and confirms them.
		if err := <-polled; err != nil && runErr == nil {
			runErr = err
		}
	}
	if b != nil {
		b.Wait()
	}
	log.Info("stopped")
	return runErr
}

// webhookPattern returns the pattern the webhook is served on, or why the
// URL's path cannot be one: a console route would be shadowed (or make
// ServeMux panic at start-up), and braces would be read as a wildcard. The
// escaped path is used, so that /hook%2Fx matches what Telegram requests.
func webhookPattern(u *url.URL) (string, error) {
	if strings.ContainsAny(u.Path, "{}") {
		return "", fmt.Errorf("the path %q holds { or }, which the router reads as a wildcard: choose a plain path such as /telegram/hook", u.Path)
	}
	if console.Route(u.Path) {
		return "", fmt.Errorf("the path %q is the console's own: choose another, such as /telegram/hook", u.Path)
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	pattern := "POST " + path
	if err := validPattern(pattern); err != nil {
		return "", fmt.Errorf("the path %q cannot be served: %w", u.Path, err)
	}
	return pattern, nil
}

// validPattern reports whether ServeMux accepts the pattern: it says so
// only by panicking.
func validPattern(pattern string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	http.NewServeMux().Handle(pattern, http.NotFoundHandler())
	return nil
}

// proxyFlags parses --public-url and --trusted-proxy.
func (f *serveFlags) proxyFlags() (*url.URL, []netip.Prefix, error) {
	var public *url.URL
	if f.publicURL != "" {
		u, err := url.Parse(f.publicURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, nil, fmt.Errorf("%w: --public-url must be an absolute http(s) URL, such as https://console.example.org", errUsage)
		}
		public = u
	}
	var proxies []netip.Prefix
	for _, s := range strings.Split(f.proxies, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		p, err := netip.ParsePrefix(s)
		if err != nil {
			ip, err2 := netip.ParseAddr(s)
			if err2 != nil {
				return nil, nil, fmt.Errorf("%w: --trusted-proxy %q is neither an address nor a CIDR prefix", errUsage, s)
			}
			p = netip.PrefixFrom(ip.Unmap(), ip.Unmap().BitLen())
		}
		proxies = append(proxies, p.Masked())
	}
	return public, proxies, nil
}

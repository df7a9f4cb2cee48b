package console

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.uber.org/zap"
)

// Access control: which requests reach the console at all (the Host and
// the origin of the page that sent them), and who is staff (the token, as
// a bearer token or as a login session).

const cookieName = "liwanbot_staff"

// defaultSessionTTL is how long a login lasts: a working day, after which
// a browser left logged in on a shared desk stops being a way in.
const defaultSessionTTL = 12 * time.Hour

// Wrong tokens a client may try before it must wait, and how fast the
// allowance comes back: enough for a member of staff mistyping, far too
// few to guess a token of 16 bytes.
const (
	loginBurst = 10
	loginEvery = 6 * time.Second
	// maxThrottled bounds the clients remembered, so that a flood from
	// many addresses cannot grow the table without end.
	maxThrottled = 10000
)

// LoginCounter counts failed staff logins for the operators;
// *metrics.Metrics is one.
type LoginCounter interface {
	// LoginFailed counts one refused attempt, by reason: "wrong_token",
	// or "throttled" when the client had to wait and was not checked.
	LoginFailed(reason string)
}

// access holds what the access checks need, built once by Routes.
type access struct {
	staff     []Staff // who may sign in; none: no sign-in is needed
	key       []byte  // signs sessions; derived from the tokens, so a new token ends every session
	ttl       time.Duration
	now       func() time.Time
	public    *url.URL
	proxies   []netip.Prefix
	counter   LoginCounter
	log       *zap.Logger
	crossSite *http.CrossOriginProtection

	mu       sync.Mutex
	revoked  map[[16]byte]time.Time // sessions logged out before their expiry, until then
	clients  map[netip.Prefix]*allowance
	warnedAt map[netip.Prefix]time.Time // when a client's throttling was last logged
}

func newAccess(cfg Config) *access {
	a := &access{
		ttl: cfg.SessionTTL, now: cfg.Now, public: cfg.PublicURL, proxies: cfg.TrustedProxies,
		counter: cfg.Logins, log: cfg.Log,
		revoked: map[[16]byte]time.Time{}, clients: map[netip.Prefix]*allowance{}, warnedAt: map[netip.Prefix]time.Time{},
	}
	if a.ttl <= 0 {
		a.ttl = defaultSessionTTL
	}
	if a.now == nil {
		a.now = time.Now
	}
	if cfg.StaffToken != "" {
		a.staff = append(a.staff, Staff{Name: SharedStaffName, Hash: sha256.Sum256([]byte(cfg.StaffToken))})
	}
	a.staff = append(a.staff, cfg.Staff...)
	// The session key comes from the shared token and every entry of the
	// staff tokens file: any instance configured alike accepts a session,
	// and a token changed or a member of staff removed ends every session.
	m := hmac.New(sha256.New, []byte(cfg.StaffToken))
	m.Write([]byte("liwanbot console session key"))
	for _, s := range cfg.Staff {
		m.Write([]byte("\x00" + s.Name + ":"))
		m.Write(s.Hash[:])
	}
	a.key = m.Sum(nil)
	a.crossSite = http.NewCrossOriginProtection()
	if a.public != nil {
		// Behind a proxy that rewrites Host, the page's origin is the
		// public one, not the Host the request arrives with.
		if err := a.crossSite.AddTrustedOrigin(a.public.Scheme + "://" + a.public.Host); err != nil {
			a.log.Warn("public URL is not a valid origin", zap.Error(err))
		}
	}
	a.crossSite.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "close")
		writeError(w, http.StatusForbidden, "cross-origin request refused: state-changing requests must come from the console's own pages")
	}))
	return a
}

// guard admits only requests addressed to this server by name, and
// state-changing requests only from its own pages. The Host check stops DNS
// rebinding (a page on a name the attacker controls, resolved to our
// address); the origin check stops any other site's page from posting to
// us, with or without a token, since a browser sends the cookie along.
func (a *access) guard(next http.Handler) http.Handler {
	return a.crossSite.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.hostAllowed(r) {
			w.Header().Set("Connection", "close")
			writeError(w, http.StatusMisdirectedRequest, "Host "+strconv.Quote(r.Host)+" is not this server's address: "+
				"use the address it listens on, or set its public URL (serve --public-url)")
			return
		}
		next.ServeHTTP(w, r)
	}))
}

// recording applies the origin check to a GET that changes state:
// /api/ask records the question it answers. CrossOriginProtection lets
// every GET through as safe, so without this another site's page could
// make a browser send one (an <img>, a link) and fill the feedback view,
// and the questions a curation is checked against, on loopback with no
// token at all. It judges the request's Sec-Fetch-Site and Origin as it
// would judge a POST's; scripts, which send neither, pass.
func (a *access) recording(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		probe := r.WithContext(r.Context()) // a shallow copy
		probe.Method = http.MethodPost
		if err := a.crossSite.Check(probe); err != nil {
			w.Header().Set("Connection", "close")
			writeError(w, http.StatusForbidden, "cross-origin request refused: questions asked through /api/ask are recorded, "+
				"so they must come from the console's own pages or a script")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// hostAllowed reports whether Host names this server: the address the
// connection arrived on, localhost for a loopback address, or the host of
// the configured public URL.
func (a *access) hostAllowed(r *http.Request) bool {
	defPort := "80"
	if r.TLS != nil {
		defPort = "443"
	}
	name, port := splitHost(r.Host, defPort)
	if a.public != nil {
		pubPort := "80"
		if a.public.Scheme == "https" {
			pubPort = "443"
		}
		pn, pp := splitHost(a.public.Host, pubPort)
		// The proxy in front may speak either scheme to us.
		if strings.EqualFold(name, pn) && (port == pp || (a.public.Port() == "" && (port == "80" || port == "443"))) {
			return true
		}
	}
	local, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if !ok {
		return false
	}
	ap, err := netip.ParseAddrPort(local.String())
	if err != nil || strconv.Itoa(int(ap.Port())) != port {
		return false
	}
	if strings.EqualFold(name, "localhost") {
		return ap.Addr().Unmap().IsLoopback()
	}
	ip, err := netip.ParseAddr(name)
	return err == nil && ip.Unmap() == ap.Addr().Unmap()
}

// splitHost splits a Host header into its name (brackets dropped) and
// port, defPort when it names none.
func splitHost(host, defPort string) (name, port string) {
	if h, p, err := net.SplitHostPort(host); err == nil {
		return h, p
	}
	return strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"), defPort
}

// fromProxy reports whether the request came through a trusted proxy,
// whose X-Forwarded-* headers are then believed.
func (a *access) fromProxy(r *http.Request) bool {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	for _, p := range a.proxies {
		if p.Contains(ap.Addr().Unmap()) {
			return true
		}
	}
	return false
}

// client is who is trying tokens, for throttling: the peer, or behind a
// trusted proxy the last address it forwarded for. An IPv6 client is its
// /64, since one host holds a whole one.
func (a *access) client(r *http.Request) netip.Prefix {
	var addr netip.Addr
	if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
		addr = ap.Addr().Unmap()
	}
	if a.fromProxy(r) {
		hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
		for i := len(hops) - 1; i >= 0; i-- {
			ip, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
			if err != nil {
				break
			}
			addr = ip.Unmap()
			if !a.trusted(addr) {
				break
			}
		}
	}
	bits := 32
	if addr.Is6() {
		bits = 64
	}
	p, _ := addr.Prefix(bits)
	return p
}

func (a *access) trusted(ip netip.Addr) bool {
	for _, p := range a.proxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// secureCookie reports whether the browser reached us over HTTPS, so that
// the cookie must never travel in the clear.
func (a *access) secureCookie(r *http.Request) bool {
	if r.TLS != nil || (a.public != nil && a.public.Scheme == "https") {
		return true
	}
	return a.fromProxy(r) && strings.EqualFold(strings.TrimSpace(strings.Split(r.Header.Get("X-Forwarded-Proto"), ",")[0]), "https")
}

// Sessions. The cookie is an id and an expiry signed with a key derived
// from the token: the server checks the expiry itself (a browser's
// Max-Age is only advice), any instance sharing the token accepts it, and
// logging out revokes the id until it would have expired anyway.

type session struct {
	id      [16]byte
	expires time.Time
	name    string // who signed in
}

func (a *access) newSession(name string) (string, time.Time) {
	s := session{name: name}
	rand.Read(s.id[:])
	s.expires = a.now().Add(a.ttl)
	return a.encode(s), s.expires
}

func (a *access) encode(s session) string {
	payload := make([]byte, 24, 24+len(s.name))
	copy(payload, s.id[:])
	binary.BigEndian.PutUint64(payload[16:], uint64(s.expires.Unix()))
	payload = append(payload, s.name...)
	m := hmac.New(sha256.New, a.key)
	m.Write(payload)
	return base64.RawURLEncoding.EncodeToString(payload) + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

var errBadSession = errors.New("console: not a valid session")

// decode returns the session a cookie holds, if it is ours, unexpired and
// not logged out.
func (a *access) decode(cookie string) (session, error) {
	p64, mac64, ok := strings.Cut(cookie, ".")
	payload, err1 := base64.RawURLEncoding.DecodeString(p64)
	mac, err2 := base64.RawURLEncoding.DecodeString(mac64)
	if !ok || err1 != nil || err2 != nil || len(payload) < 24 || len(payload) > 24+maxStaffName {
		return session{}, errBadSession
	}
	m := hmac.New(sha256.New, a.key)
	m.Write(payload)
	if !hmac.Equal(mac, m.Sum(nil)) {
		return session{}, errBadSession
	}
	var s session
	copy(s.id[:], payload)
	s.expires = time.Unix(int64(binary.BigEndian.Uint64(payload[16:24])), 0)
	s.name = string(payload[24:])
	if !a.now().Before(s.expires) {
		return session{}, errBadSession
	}
	a.mu.Lock()
	_, out := a.revoked[s.id]
	a.mu.Unlock()
	if out {
		return session{}, errBadSession
	}
	return s, nil
}

func (a *access) revoke(s session) {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.now()
	for id, exp := range a.revoked {
		if !now.Before(exp) {
			delete(a.revoked, id)
		}
	}
	a.revoked[s.id] = s.expires
}

// signedIn reports whether the request needs no token or carries a live
// session, and who it is. An expired or logged-out session is not a guess
// at the token: it goes back to the login page uncounted.
func (a *access) signedIn(r *http.Request) (string, bool) {
	if !a.required() {
		return LocalStaffName, true
	}
	c, err := r.Cookie(cookieName)
	if err != nil {
		return "", false
	}
	s, err := a.decode(c.Value)
	if err != nil || s.name == "" {
		// A session of before names were kept names nobody: sign in again.
		return "", false
	}
	return s.name, true
}

// attempt takes one of the client's tries before its token is checked,
// so that guesses sent at once cannot all be checked before the first is
// counted. It returns how long the client must wait instead, or settle, to
// be called with the outcome: a right token gives its try back.
func (a *access) attempt(c netip.Prefix) (settle func(right bool), wait time.Duration) {
	now := a.now()
	a.mu.Lock()
	defer a.mu.Unlock()
	al, ok := a.clients[c]
	if !ok {
		if len(a.clients) >= maxThrottled {
			// Forget the clients whose allowance is whole again: they
			// are no different from new ones.
			for k, v := range a.clients {
				if v.at(now) >= loginBurst {
					delete(a.clients, k)
					delete(a.warnedAt, k)
				}
			}
			if len(a.clients) >= maxThrottled {
				clear(a.clients)
				clear(a.warnedAt)
			}
		}
		al = &allowance{tries: loginBurst, last: now}
		a.clients[c] = al
	}
	if left := al.at(now); left < 1 {
		return nil, max(time.Duration((1-left)*float64(loginEvery)), time.Second)
	}
	al.tries--
	return func(right bool) {
		if right {
			a.mu.Lock()
			al.tries = min(al.tries+1, loginBurst)
			a.mu.Unlock()
		}
	}, 0
}

// allowance is a client's tries at the token: loginBurst at most, one
// back every loginEvery. (x/time/rate's Limiter cannot give a try back
// once its moment has passed, which a right token must.)
type allowance struct {
	tries float64
	last  time.Time
}

// at brings the allowance up to now and returns the tries left.
func (al *allowance) at(now time.Time) float64 {
	if now.After(al.last) {
		al.tries = min(al.tries+float64(now.Sub(al.last))/float64(loginEvery), loginBurst)
		al.last = now
	}
	return al.tries
}

// failed logs a wrong token (never the token tried) and counts it for
// /metrics.
func (a *access) failed(r *http.Request, c netip.Prefix, how string) {
	a.log.Warn("wrong staff token", zap.String("client", c.String()), zap.String("via", how), zap.String("path", r.URL.Path))
	if a.counter != nil {
		a.counter.LoginFailed("wrong_token")
	}
}

// throttled answers a client that must wait, logging it once a minute per
// client rather than once per attempt.
func (a *access) throttled(w http.ResponseWriter, r *http.Request, c netip.Prefix, d time.Duration) {
	if a.counter != nil {
		a.counter.LoginFailed("throttled")
	}
	now := a.now()
	a.mu.Lock()
	warn := now.Sub(a.warnedAt[c]) >= time.Minute
	if warn {
		a.warnedAt[c] = now
	}
	a.mu.Unlock()
	if warn {
		a.log.Warn("staff token attempts throttled", zap.String("client", c.String()), zap.Duration("wait", d))
	}
	secs := int((d + time.Second - 1) / time.Second)
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	w.Header().Set("Connection", "close")
	writeError(w, http.StatusTooManyRequests, "too many wrong staff tokens from your address: try again in "+strconv.Itoa(secs)+" s")
}

// staff lets through only staff. It decides on the headers alone, before
// anything reads the body, and closes the connection of a request it
// refuses, so that a slow body is never read for nothing.
func (s *server) staff(next http.Handler) http.Handler {
	return s.guarded(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := s.access
		if bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && a.required() {
			// A client that must wait is not told whether its token is
			// right, or throttling would not slow guessing at all.
			c := a.client(r)
			settle, d := a.attempt(c)
			if d > 0 {
				a.throttled(w, r, c, d)
				return
			}
			name, right := a.who(bearer)
			settle(right)
			if right {
				next.ServeHTTP(w, withStaff(r, name))
				return
			}
			a.failed(r, c, "bearer")
		} else if name, ok := a.signedIn(r); ok {
			next.ServeHTTP(w, withStaff(r, name))
			return
		}
		w.Header().Set("Connection", "close")
		if strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/metrics" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="liwanbot"`)
			writeError(w, http.StatusUnauthorized, "staff token required: Authorization: Bearer <STAFF_TOKEN>, or log in at /login")
			return
		}
		http.Redirect(w, r, "/login", http.StatusSeeOther)
	}))
}

// guarded sets the security headers and applies the Host and origin
// checks.
func (s *server) guarded(next http.Handler) http.Handler {
	return secure(s.access.guard(next))
}

func (s *server) loginPage(w http.ResponseWriter, r *http.Request) {
	if !s.access.required() {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	http.ServeFileFS(w, r, static, "static/login.html")
}

func (s *server) login(w http.ResponseWriter, r *http.Request) {
	a := s.access
	if !a.required() {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	c := a.client(r)
	settle, d := a.attempt(c)
	if d > 0 {
		a.throttled(w, r, c, d)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4096)
	name, right := a.who(r.PostFormValue("token"))
	settle(right)
	if !right {
		a.failed(r, c, "login form")
		http.Redirect(w, r, "/login?failed=1", http.StatusSeeOther)
		return
	}
	value, expires := a.newSession(name)
	http.SetCookie(w, &http.Cookie{
		Name: cookieName, Value: value, Path: "/",
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: a.secureCookie(r),
		Expires: expires, MaxAge: int(a.ttl.Seconds()),
	})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// logout ends the session on the server as well as in the browser: a copy
// of the cookie kept elsewhere stops working too.
func (s *server) logout(w http.ResponseWriter, r *http.Request) {
	a := s.access
	if c, err := r.Cookie(cookieName); err == nil {
		if sess, err := a.decode(c.Value); err == nil {
			a.revoke(sess)
		}
	}
	http.SetCookie(w, &http.Cookie{
		Name: cookieName, Value: "", Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode,
		Secure: a.secureCookie(r), MaxAge: -1,
	})
	if !a.required() {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

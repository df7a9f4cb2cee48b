package console

import (
	"net/netip"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"
)

// Each guess takes its try before its token is checked, so guesses sent at
// once cannot all be checked before the first is counted; a right token
// gives its try back. (The first version asked whether the client must
// wait and counted the try only after the check: any number of guesses in
// flight together all passed the question.)
func TestAttemptTakesATryBeforeTheCheck(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	a := newAccess(Config{StaffToken: strings.Repeat("k", 16), Log: zap.NewNop(), Now: func() time.Time { return now }})
	c := netip.MustParsePrefix("192.0.2.1/32")
	var inFlight []func(bool)
	for i := range loginBurst {
		settle, d := a.attempt(c)
		if d != 0 {
			t.Fatalf("try %d of %d: wait %v", i+1, loginBurst, d)
		}
		inFlight = append(inFlight, settle)
	}
	if _, d := a.attempt(c); d < time.Second {
		t.Fatalf("with %d guesses in flight, the next waits %v, want at least 1 s", loginBurst, d)
	}
	if _, d := a.attempt(netip.MustParsePrefix("192.0.2.2/32")); d != 0 {
		t.Errorf("another client waits %v", d)
	}
	inFlight[0](true) // a right token
	if _, d := a.attempt(c); d != 0 {
		t.Errorf("after a right token gave its try back, the next waits %v", d)
	}
	for _, settle := range inFlight[1:] {
		settle(false)
	}
	if _, d := a.attempt(c); d < time.Second {
		t.Errorf("after %d wrong tokens, the next waits %v", loginBurst, d)
	}
	now = now.Add(loginEvery)
	if _, d := a.attempt(c); d != 0 {
		t.Errorf("%v later, the next waits %v", loginEvery, d)
	}
}

// Right tokens never use up the allowance, however many and however
// spread out. (A version on x/time/rate's Reservation.CancelAt gave the
// try back only if no time had passed since it was taken: with a real
// clock, the eleventh right token in a row was throttled.)
func TestRightTokensGiveTheirTryBack(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	a := newAccess(Config{StaffToken: strings.Repeat("k", 16), Log: zap.NewNop(), Now: func() time.Time { return now }})
	c := netip.MustParsePrefix("192.0.2.1/32")
	for i := range 10 * loginBurst {
		settle, d := a.attempt(c)
		if d != 0 {
			t.Fatalf("right token %d: wait %v", i+1, d)
		}
		now = now.Add(time.Millisecond)
		settle(true)
	}
}

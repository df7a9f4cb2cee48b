package bot

import (
	"slices"
	"sort"
	"sync"
	"time"
)

// Limits are Telegram's sending limits: "about" one message a second in a
// chat, twenty a minute in a group, thirty a second in all. Each is a number
// of messages in any window of the given length.
type Limits struct {
	PerChat  Window
	PerGroup Window
	Global   Window
}

// Window allows N messages in any span of Per.
type Window struct {
	N   int
	Per time.Duration
}

// DefaultLimits stay a little inside Telegram's published limits, so that
// network jitter between here and Telegram cannot push two sends into one
// window there. The global limit is spread evenly (one send every 40ms,
// 25 a second) rather than allowed in bursts of thirty: sends booked in a
// burst are all committed before any of them is known to be slow, and a
// slow one lands in Telegram's next second on top of the next burst. The
// five spare sends a second absorb slow ones.
var DefaultLimits = Limits{
	PerChat:  Window{N: 1, Per: 1050 * time.Millisecond},
	PerGroup: Window{N: 20, Per: 61 * time.Second},
	Global:   Window{N: 1, Per: 40 * time.Millisecond},
}

// startQuiet is how long a new pacer sends nothing. Telegram counts what
// the previous run of the bot sent in its last second, which this run
// cannot see.
const startQuiet = time.Second

// pacer spaces outgoing messages so that no window of Limits is exceeded. A
// send reserves its slot in every window that applies before it waits, so
// concurrent senders queue behind each other rather than racing.
type pacer struct {
	limits Limits
	quiet  time.Time // no send before this
	mu     sync.Mutex
	global slots
	chats  map[int64]*slots
	groups map[int64]*slots
	now    func() time.Time
}

func newPacer(l Limits) *pacer {
	return &pacer{limits: l, quiet: time.Now().Add(startQuiet), chats: map[int64]*slots{}, groups: map[int64]*slots{}, now: time.Now}
}

// reserve books the earliest time a message to chat may go and returns it.
func (p *pacer) reserve(chat int64, group bool) time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	windows := []struct {
		s *slots
		w Window
	}{{&p.global, p.limits.Global}, {p.slotsOf(p.chats, chat), p.limits.PerChat}}
	if group {
		windows = append(windows, struct {
			s *slots
			w Window
		}{p.slotsOf(p.groups, chat), p.limits.PerGroup})
	}
	// Move t forward until every window takes it; each move lands just
	// after some booked send leaves a window, so this ends.
	t := now
	if t.Before(p.quiet) {
		t = p.quiet
	}
	for moved := true; moved; {
		moved = false
		for _, w := range windows {
			if next := w.s.earliest(t, w.w); next.After(t) {
				t, moved = next, true
			}
		}
	}
	for _, w := range windows {
		w.s.book(t, now, w.w.Per)
	}
	if len(p.chats) > 4096 {
		p.forget(now)
	}
	return t
}

// slowSend is how long a send may take before the pacer counts it twice.
const slowSend = 100 * time.Millisecond

// sent tells the pacer that a send booked at start got its reply at end.
// Telegram counts a message when it processes it, somewhere in between: a
// slow send may land in the next window there, next to the sends booked
// after it. So a slow send is booked again at its end, and the sends after
// it keep their distance from both.
func (p *pacer) sent(chat int64, group bool, start, end time.Time) {
	if end.Sub(start) < slowSend {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	p.global.book(end, now, p.limits.Global.Per)
	p.slotsOf(p.chats, chat).book(end, now, p.limits.PerChat.Per)
	if group {
		p.slotsOf(p.groups, chat).book(end, now, p.limits.PerGroup.Per)
	}
}

// move carries a group's history to the supergroup it became.
func (p *pacer) move(from, to int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if s, ok := p.chats[from]; ok {
		p.chats[to] = s
		delete(p.chats, from)
	}
	if s, ok := p.groups[from]; ok {
		p.groups[to] = s
		delete(p.groups, from)
	}
}

func (p *pacer) slotsOf(m map[int64]*slots, chat int64) *slots {
	s, ok := m[chat]
	if !ok {
		s = &slots{}
		m[chat] = s
	}
	return s
}

// forget drops chats with no send inside their window, bounding memory.
func (p *pacer) forget(now time.Time) {
	for _, m := range []map[int64]*slots{p.chats, p.groups} {
		for id, s := range m {
			if len(s.times) == 0 || s.times[len(s.times)-1].Before(now.Add(-p.limits.PerGroup.Per)) {
				delete(m, id)
			}
		}
	}
}

// slots are the booked send times of one window, sorted.
type slots struct{ times []time.Time }

// earliest is the first time at or after t at which one more send keeps
// every span of w.Per at w.N sends or fewer, bookings after t included.
//
// In sorted order, a send fits if every run of w.N+1 consecutive sends that
// includes it spans at least w.Per; only the w.N+1 runs around its place
// need checking.
func (s *slots) earliest(t time.Time, w Window) time.Time {
	for {
		i := sort.Search(len(s.times), func(j int) bool { return s.times[j].After(t) })
		at := func(j int) time.Time { // the sends with t in place
			switch {
			case j < i:
				return s.times[j]
			case j == i:
				return t
			default:
				return s.times[j-1]
			}
		}
		fits := true
		for k := max(0, i-w.N); k <= i && k+w.N <= len(s.times); k++ {
			if at(k+w.N).Sub(at(k)) >= w.Per {
				continue
			}
			fits = false
			if k < i {
				// The run starts with a booked send: t must wait until
				// that send leaves its window.
				t = s.times[k].Add(w.Per)
			} else {
				// The run starts with t: any time up to the next booked
				// send leaves the run as crowded, so try just after it.
				t = s.times[i].Add(time.Nanosecond)
			}
			break
		}
		if fits {
			return t
		}
	}
}

// book records a send at t and drops sends that can no longer share a span
// with any send from now on.
func (s *slots) book(t, now time.Time, per time.Duration) {
	i, _ := slices.BinarySearchFunc(s.times, t, func(a, b time.Time) int { return a.Compare(b) })
	s.times = slices.Insert(s.times, i, t)
	keep := 0
	for keep < len(s.times) && now.Sub(s.times[keep]) >= per {
		keep++
	}
	s.times = s.times[keep:]
}

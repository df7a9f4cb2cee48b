package bot

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// TestPacerKeepsEveryWindow books sends from many goroutines' worth of
// chats at random moments and checks the booked times against each limit
// directly, over every span.
func TestPacerKeepsEveryWindow(t *testing.T) {
	limits := Limits{
		PerChat:  Window{N: 1, Per: time.Second},
		PerGroup: Window{N: 5, Per: 10 * time.Second},
		Global:   Window{N: 8, Per: time.Second},
	}
	p := newPacer(limits)
	clock := time.Unix(1_700_000_000, 0)
	p.now = func() time.Time { return clock }
	p.quiet = time.Time{}
	rng := rand.New(rand.NewPCG(1, 2))
	type send struct {
		chat  int64
		group bool
		at    time.Time
	}
	var sends []send
	for i := 0; i < 2000; i++ {
		clock = clock.Add(time.Duration(rng.IntN(80)) * time.Millisecond)
		chat := int64(rng.IntN(20))
		group := chat < 5
		at := p.reserve(chat, group)
		if at.Before(clock) {
			t.Fatalf("send %d booked in the past: %v before %v", i, at, clock)
		}
		sends = append(sends, send{chat, group, at})
	}
	check := func(name string, w Window, keep func(send) bool) {
		var times []time.Time
		for _, s := range sends {
			if keep(s) {
				times = append(times, s.at)
			}
		}
		slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
		for i := range times {
			n := 0
			for j := i; j < len(times) && times[j].Sub(times[i]) < w.Per; j++ {
				n++
			}
			if n > w.N {
				t.Fatalf("%s: %d sends within %v from %v, limit %d", name, n, w.Per, times[i], w.N)
			}
		}
	}
	check("global", limits.Global, func(send) bool { return true })
	for c := int64(0); c < 20; c++ {
		check(fmt.Sprintf("chat %d", c), limits.PerChat, func(s send) bool { return s.chat == c })
		if c < 5 {
			check(fmt.Sprintf("group %d", c), limits.PerGroup, func(s send) bool { return s.chat == c })
		}
	}
	// The pacer must not be needlessly slow either: 2000 sends at 8/s
	// globally take about 250 s, and chats that are free go at once.
	last := sends[len(sends)-1].at
	if span := last.Sub(sends[0].at); span > 400*time.Second {
		t.Errorf("2000 sends took %v of booked time; the global limit allows about 250s", span)
	}
}

func TestPacerFollowsMigration(t *testing.T) {
	p := newPacer(Limits{PerChat: Window{1, time.Second}, PerGroup: Window{20, time.Minute}, Global: Window{30, time.Second}})
	now := time.Unix(1_700_000_000, 0)
	p.now = func() time.Time { return now }
	p.quiet = time.Time{}
	first := p.reserve(-1, true)
	p.move(-1, -1001)
	if next := p.reserve(-1001, true); next.Sub(first) < time.Second {
		t.Errorf("the supergroup's first send %v comes %v after the group's last; want a full second", next, next.Sub(first))
	}
}

func TestSplitKeepsPartsUnderTheLimit(t *testing.T) {
	sentence := strings.Repeat("荔湾区加快建设重大项目", 9) + "。"
	long := strings.Repeat(sentence, 40) + "\n" + strings.Repeat("😀", 3000) + "\n" + strings.Repeat("x", 9000)
	cases := []struct {
		name, text string
		limit      int
		wantParts  int
	}{
		{"short stays whole", "全区托位超6500个。", 4000, 1},
		{"empty is one part", "", 4000, 1},
		{"long is cut", long, 4000, 6},
		{"small limit", strings.Repeat(sentence, 3), 100, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			parts := split(c.text, c.limit)
			if len(parts) != c.wantParts {
				t.Errorf("%d parts, want %d", len(parts), c.wantParts)
			}
			for i, p := range parts {
				if n := utf16Len(p); n > c.limit {
					t.Errorf("part %d is %d UTF-16 units, limit %d", i, n, c.limit)
				}
			}
			joined := strings.Join(parts, "")
			strip := func(s string) string { return strings.NewReplacer("\n", "", " ", "").Replace(s) }
			if strip(joined) != strip(c.text) {
				t.Errorf("splitting lost or changed text")
			}
		})
	}
	// A sentence end is preferred over a hard cut.
	parts := split(strings.Repeat(sentence, 3), 100)
	if !strings.HasSuffix(parts[0], "。") {
		t.Errorf("first part %q does not end at a sentence end", parts[0])
	}
}

func TestRenderHTMLEscapesAndBolds(t *testing.T) {
	cases := []struct {
		text string
		bold []string
		want string
	}{
		{"托位总量超6500个", []string{"托位"}, "<b>托位</b>总量超6500个"},
		{"<script>&\"", nil, "&lt;script&gt;&amp;&#34;"},
		{"a<b>托位</b>", []string{"托位"}, "a&lt;b&gt;<b>托位</b>&lt;/b&gt;"},
		{"GDP增长5%左右", []string{"gdp", "增长"}, "<b>GDP</b><b>增长</b>5%左右"},
		{"托育服务", []string{"托育", "托育服务"}, "<b>托育服务</b>"},
		{"x", []string{""}, "x"},
	}
	for _, c := range cases {
		if got := renderHTML(c.text, c.bold); got != c.want {
			t.Errorf("renderHTML(%q, %q) = %q, want %q", c.text, c.bold, got, c.want)
		}
	}
}

func TestCallbackDataFitsTelegram(t *testing.T) {
	ids := []string{"p123.s45", "p124.s46", "p125.s47", "p126.s48", "p127.s49", "p128.s40", "p129.s41", "p130.s42"}
	cases := []callback{
		{kind: "src", lang: "t", args: []string{"p31.s4"}},
		{kind: "fb", lang: "e", args: []string{"-", "p131.s14", "12345.678"}},
		{kind: "more", lang: "s", args: []string{strings.Join(ids, ",")}},
		{kind: "topics", lang: "s", args: []string{"12"}},
	}
	for _, c := range cases {
		data := c.String()
		if len(data) > maxCallbackData {
			t.Errorf("%q is %d bytes", data, len(data))
		}
		back, ok := parseCallback(data)
		if !ok || back.kind != c.kind || back.lang != c.lang {
			t.Errorf("%q parsed as %+v", data, back)
		}
		if c.kind == "more" {
			for _, id := range strings.Split(back.args[0], ",") {
				if !slices.Contains(ids, id) {
					t.Errorf("more: id %q was cut in half", id)
				}
			}
		}
	}
	if _, ok := parseCallback("garbage"); ok {
		t.Error("garbage parsed as a callback")
	}
	// With several reports loaded, ids carry their report: a rating too
	// long for Telegram gives up its figure, never its id.
	for _, c := range []struct {
		cb     callback
		figure string
	}{
		{callback{kind: "fb", lang: "t", args: []string{"+", "2024/p131.s14", "6501"}}, "6501"},
		{callback{kind: "fb", lang: "e", args: []string{"-", "2025r2/p131.s14", strings.Repeat("9", 50)}}, "-"},
	} {
		data := c.cb.String()
		back, ok := parseCallback(data)
		if len(data) > maxCallbackData || !ok || len(back.args) != 3 || back.args[1] != c.cb.args[1] || back.args[2] != c.figure {
			t.Errorf("%+v: %q (%d bytes) parsed as %+v; want id %s and figure %s", c.cb, data, len(data), back, c.cb.args[1], c.figure)
		}
		if back.id() != c.cb.args[1] {
			t.Errorf("%q: id %q, want %q", data, back.id(), c.cb.args[1])
		}
	}
	if got := (callback{kind: "more", lang: "s", args: []string{"2024/p3.s1,2024/p4.s2"}}).id(); got != "2024/p3.s1" {
		t.Errorf("a more button's id: %q", got)
	}
}

func TestCommandAndMention(t *testing.T) {
	self := tgbotapi.User{ID: 42, UserName: "LiwanBot"}
	b := &Bot{self: self}
	entity := func(typ, text, of string) tgbotapi.MessageEntity {
		i := strings.Index(text, of)
		return tgbotapi.MessageEntity{Type: typ, Offset: utf16Len(text[:i]), Length: utf16Len(of)}
	}
	t.Run("command", func(t *testing.T) {
		cases := []struct{ text, name, at, args string }{
			{"/ask 托位有多少", "ask", "", "托位有多少"},
			{"/ask@LiwanBot 托位", "ask", "LiwanBot", "托位"},
			{"/ask托位", "ask", "", "托位"}, // the library's CommandArguments would cut 托 in half
			{"/help", "help", "", ""},
		}
		for _, c := range cases {
			cmd := strings.Fields(c.text)[0]
			if i := strings.Index(cmd, "托"); i > 0 {
				cmd = cmd[:i]
			}
			m := &tgbotapi.Message{Text: c.text, Entities: []tgbotapi.MessageEntity{entity("bot_command", c.text, cmd)}}
			name, at, args, ok := command(m)
			if !ok || name != c.name || at != c.at || args != c.args {
				t.Errorf("command(%q) = %q %q %q %v", c.text, name, at, args, ok)
			}
		}
	})
	t.Run("mention", func(t *testing.T) {
		cases := []struct {
			text, mention, want string
			found               bool
		}{
			{"😀@LiwanBot 全区托位有多少", "@LiwanBot", "😀 全区托位有多少", true},
			{"请问 @liwanbot 学位", "@liwanbot", "请问  学位", true},
			{"@OtherBot 学位", "@OtherBot", "@OtherBot 学位", false},
		}
		for _, c := range cases {
			m := &tgbotapi.Message{Text: c.text, Entities: []tgbotapi.MessageEntity{entity("mention", c.text, c.mention)}}
			got, found := b.stripMention(m)
			if got != c.want || found != c.found {
				t.Errorf("stripMention(%q) = %q %v, want %q %v", c.text, got, found, c.want, c.found)
			}
		}
		// An entity pointing outside the text is ignored, not a panic.
		m := &tgbotapi.Message{Text: "托位", Entities: []tgbotapi.MessageEntity{{Type: "mention", Offset: 5, Length: 9}}}
		if _, found := b.stripMention(m); found {
			t.Error("a malformed entity counted as a mention")
		}
	})
}

func TestRedactRemovesTheToken(t *testing.T) {
	const token = "123456:AAH-secret_token"
	c := &Client{token: token}
	inner := context.DeadlineExceeded
	err := c.redact(&url.Error{Op: "Post", URL: "https://api.telegram.org/bot" + token + "/sendMessage", Err: inner})
	if strings.Contains(err.Error(), token) {
		t.Errorf("token left in %q", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("redaction lost the cause: %v", err)
	}
	err = c.redact(fmt.Errorf("wrapped: %w", errors.New("bad url /bot"+token+"/getMe")))
	if strings.Contains(err.Error(), token) || strings.Contains(fmt.Sprintf("%+v", errors.Unwrap(err)), token) {
		t.Errorf("token left in %q or its cause", err)
	}
	if c.redact(nil) != nil {
		t.Error("nil error became non-nil")
	}
}

func TestUpdateLog(t *testing.T) {
	l := newUpdateLog(3)
	if l.begin(1) != updateNew || l.begin(1) != updateBusy {
		t.Fatal("an update in progress is not reported busy")
	}
	l.finish(1)
	if l.begin(1) != updateDone {
		t.Fatal("a finished update is not reported done")
	}
	l.begin(2)
	l.abandon(2)
	if l.begin(2) != updateNew {
		t.Fatal("an abandoned update is not handled again")
	}
	for id := 3; id < 10; id++ {
		l.begin(id)
		l.finish(id)
	}
	if len(l.state) > 4 {
		t.Errorf("the log keeps %d ids, want at most its size", len(l.state))
	}
}

func TestFloodControlWarnsOnce(t *testing.T) {
	f := newFloodControl(3, time.Hour)
	var got []floodVerdict
	for i := 0; i < 6; i++ {
		got = append(got, f.check(7))
	}
	want := []floodVerdict{floodAllow, floodAllow, floodAllow, floodWarn, floodDrop, floodDrop}
	if !slices.Equal(got, want) {
		t.Errorf("verdicts %v, want %v", got, want)
	}
	if f.check(8) != floodAllow {
		t.Error("one resident's flood limited another")
	}
}

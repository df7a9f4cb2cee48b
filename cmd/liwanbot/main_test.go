package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/liwanbot/liwanbot/seeds"
)

// runCmd runs the program as a user would, with no environment.
func runCmd(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, func(string) string { return "" }, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestAskPrintsGroundedAnswer(t *testing.T) {
	out, _, err := runCmd(t, "", "ask", "--log-level", "error", "全区托位有多少?")
	if err != nil {
		t.Fatalf("ask: %v", err)
	}
	for _, want := range []string{"超6500个", "托位总量超6500个", "p31.s4"} {
		if !strings.Contains(out, want) {
			t.Errorf("ask output lacks %q:\n%s", want, out)
		}
	}
}

// A question cut to the part the engine reads says so in the asker's
// language, as the bot's reply does.
func TestAskNotesATruncatedQuestionInItsLanguage(t *testing.T) {
	for _, tt := range []struct{ q, want, not string }{
		{strings.Repeat("My family has lived in Liwan for three generations and we love the old streets. ", 4) + "How many childcare places?", "I read only part of it", "问题"},
		{strings.Repeat("我们一家三代都住在荔湾，很喜欢这里的老街。", 12) + "全区托位有多少?", "只读了其中一部分", "I read"},
	} {
		out, _, err := runCmd(t, "", "ask", "--log-level", "error", tt.q)
		if err != nil {
			t.Fatalf("ask: %v", err)
		}
		if !strings.Contains(out, tt.want) || strings.Contains(out, tt.not) {
			t.Errorf("ask %.30q…: want a note with %q and without %q:\n%s", tt.q, tt.want, tt.not, out)
		}
	}
}

func TestAskJSONKeepsOneLinePerQuestion(t *testing.T) {
	questions := []string{"全区托位有多少?", "", "广州塔门票多少钱？", "How many childcare places are planned?", "\x00\x01 +-:^()\"*"}
	out, _, err := runCmd(t, strings.Join(questions, "\n")+"\n", "ask", "--json", "--log-level", "error")
	if err != nil {
		t.Fatalf("ask --json: %v", err)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != len(questions) {
		t.Fatalf("got %d lines for %d questions:\n%s", len(lines), len(questions), out)
	}
	type answer struct {
		Question string          `json:"question"`
		Answered bool            `json:"answered"`
		Answer   string          `json:"answer"`
		Figure   json.RawMessage `json:"figure"`
		Sources  []struct {
			ID, Text, Topic string
			Score           float64
		} `json:"sources"`
	}
	wantAnswered := []bool{true, false, false, true, false}
	for i, line := range lines {
		var a answer
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatalf("line %d is not JSON: %v\n%s", i+1, err, line)
		}
		if a.Question != questions[i] {
			t.Errorf("line %d answers %q, want %q", i+1, a.Question, questions[i])
		}
		if a.Answered != wantAnswered[i] {
			t.Errorf("line %d (%q): answered = %v, want %v", i+1, questions[i], a.Answered, wantAnswered[i])
		}
		if a.Answered && (len(a.Sources) == 0 || a.Sources[0].ID == "") {
			t.Errorf("line %d: answered without a cited sentence", i+1)
		}
		if a.Figure == nil {
			t.Errorf("line %d: figure key missing (want null or an object)", i+1)
		}
	}
}

func TestEvalRepoGoldenFile(t *testing.T) {
	out, _, err := runCmd(t, "", "eval", "--min", "0.9", filepath.Join("..", "..", "golden", "questions.jsonl"))
	if err != nil {
		t.Fatalf("golden file under --min 0.9: %v\n%s", err, out)
	}
	if !strings.Contains(out, "score: ") {
		t.Errorf("eval printed no score line:\n%s", out)
	}
}

func TestEvalSharedDevSet(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "eval", "dev.jsonl")
	if _, err := os.Stat(path); err != nil {
		devSetSkips.Skip(t, "no shared dev set beside the repo ("+path+")")
	}
	out, _, err := runCmd(t, "", "eval", "--min", "0.95", path)
	if err != nil {
		t.Fatalf("dev set under --min 0.95: %v\n%s", err, out)
	}
}

func TestEvalFailsUnderMin(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "q.jsonl")
	// The expected string is in no sentence, so the one question fails.
	if err := os.WriteFile(file, []byte(`{"id":"x","lang":"zh-Hans","type":"fact","q":"全区托位有多少?","expect":["不存在的句子"]}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, "", "eval", "--min", "0.5", file)
	if err == nil {
		t.Fatalf("eval passed a file it got wrong:\n%s", out)
	}
	if !strings.Contains(out, "FAIL x") {
		t.Errorf("failure not listed:\n%s", out)
	}
}

func TestBadCommandLines(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		wantUsage bool
	}{
		{"no command", nil, true},
		{"unknown command", []string{"fly"}, true},
		{"unknown flag", []string{"ask", "--nope"}, true},
		{"bad log format", []string{"ask", "--log-format", "xml", "托位"}, true},
		{"eval without file", []string{"eval"}, true},
		{"eval missing file", []string{"eval", filepath.Join(t.TempDir(), "none.jsonl")}, false},
		{"missing corpus", []string{"ask", "--corpus", filepath.Join(t.TempDir(), "none.txt"), "托位"}, false},
		{"reload tolerance over 1", []string{"serve", "--reload-tolerance", "2", "--db", "off"}, true},
		{"negative reload poll", []string{"serve", "--reload-poll", "-1s", "--db", "off"}, true},
		{"missing reload golden file", []string{"serve", "--reload-golden", filepath.Join(t.TempDir(), "none.jsonl"), "--db", "off"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runCmd(t, "", tt.args...)
			if err == nil {
				t.Fatal("want an error")
			}
			if got := errors.Is(err, errUsage); got != tt.wantUsage {
				t.Errorf("errors.Is(err, errUsage) = %v, want %v (err: %v)", got, tt.wantUsage, err)
			}
		})
	}
}

func TestAskOtherCorpus(t *testing.T) {
	file := filepath.Join(t.TempDir(), "report.txt")
	text := "标题\n打造公园城市。全区新建口袋公园12个。\n"
	if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, "", "ask", "--log-level", "error", "--corpus", file, "新建多少个口袋公园?")
	if err != nil {
		t.Fatalf("ask: %v", err)
	}
	if !strings.Contains(out, "12个") {
		t.Errorf("answer from --corpus lacks its figure:\n%s", out)
	}
}

// TestAskVariantCorpus: a --corpus report of another year, or one that
// lost paragraphs, is answered by its own year and content, with the
// residents' vocabulary beside it where there is one (stale entries
// skipped) and the data files' entries it lacks skipped, each counted in
// one start-up line.
func TestAskVariantCorpus(t *testing.T) {
	var firstHalf []string
	for _, line := range strings.Split(strings.TrimSpace(seeds.Report), "\n") {
		firstHalf = append(firstHalf, line)
	}
	firstHalf = firstHalf[:len(firstHalf)/2]
	cases := []struct {
		name, text string
		residents  bool // the embedded report's vocabulary lies beside the file
		ask        map[string]string
		logs       map[string]bool // start-up lines, by message: logged once, or not at all
	}{
		{
			name: "a year on", text: strings.ReplaceAll(seeds.Report, "2025", "2026"), residents: true,
			ask: map[string]string{
				"2026年GDP目标": "5%左右",
				"2025年GDP目标": "只讲荔湾区今年（2026年）",
				"How many childcare places are planned this year?": "6,500",
			},
			logs: map[string]bool{"residents' vocabulary entries skipped: their sentences changed": true, "data file entries skipped: their report term is not in this report": false},
		},
		{
			name: "half the paragraphs dropped", text: strings.Join(firstHalf, "\n"),
			ask: map[string]string{
				"全区托位有多少?":    "报告没有给出“托位”的数字",
				"托育名额有多少":     "抱歉",
				"固定资产投资完成多少?": "535亿元",
			},
			logs: map[string]bool{"residents' vocabulary entries skipped: their sentences changed": false, "data file entries skipped: their report term is not in this report": true},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, "variant.txt")
			if err := os.WriteFile(file, []byte(c.text), 0o600); err != nil {
				t.Fatal(err)
			}
			if c.residents {
				if err := os.WriteFile(filepath.Join(dir, "variant.residents.jsonl"), seeds.ResidentsVocabulary, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			for q, want := range c.ask {
				out, logs, err := runCmd(t, "", "ask", "--log-format", "json", "--corpus", file, q)
				if err != nil {
					t.Fatalf("ask %q: %v", q, err)
				}
				if !strings.Contains(out, want) {
					t.Errorf("%q: the answer lacks %q:\n%s", q, want, out)
				}
				for msg, once := range c.logs {
					if n := strings.Count(logs, `"msg":"`+msg+`"`); n != map[bool]int{true: 1, false: 0}[once] {
						t.Errorf("%q: %d lines %q at start-up, want once %v:\n%s", q, n, msg, once, logs)
					}
				}
			}
		})
	}
}

func TestLogsOneStructuredLinePerAnswer(t *testing.T) {
	_, logs, err := runCmd(t, "全区托位有多少?\n谢谢\n", "ask", "--json", "--log-format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var n int
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		var entry map[string]any
		if err := json.Unmarshal([]byte(line), &entry); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if entry["msg"] == "answer" {
			n++
			for _, key := range []string{"question_runes", "answered", "coverage", "latency"} {
				if _, ok := entry[key]; !ok {
					t.Errorf("answer log lacks %q: %s", key, line)
				}
			}
			if strings.Contains(line, "托位有多少") {
				t.Errorf("log holds the question text: %s", line)
			}
		}
	}
	if n != 2 {
		t.Errorf("got %d answer log lines, want 2", n)
	}
}

func TestHelpIsNotAnError(t *testing.T) {
	for _, cmd := range []string{"ask", "eval", "serve", "report"} {
		_, stderr, err := runCmd(t, "", cmd, "-h")
		if !errors.Is(err, flag.ErrHelp) || exitCode(err) != 2 {
			t.Errorf("%s -h: %v", cmd, err)
		}
		if !strings.Contains(stderr, "Usage of "+cmd) {
			t.Errorf("%s -h printed no usage: %q", cmd, stderr)
		}
	}
}

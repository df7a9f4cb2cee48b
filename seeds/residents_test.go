package seeds_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/seeds"
)

// residentEntry is one line of seeds.ResidentsVocabulary.
type residentEntry struct {
	ID        string   `json:"id"`
	Anchor    string   `json:"anchor"`
	Words     []string `json:"words"`
	Yue       []string `json:"yue"`
	En        []string `json:"en"`
	Questions []string `json:"questions"`
}

var (
	errUnknownID  = errors.New("id is not a sentence of the report")
	errHeading    = errors.New("id is a heading sentence")
	errAnchor     = errors.New("anchor does not match the sentence's start")
	errForeignNum = errors.New("number the sentence does not hold")
	errWord       = errors.New("bad word")
	errCount      = errors.New("wrong number of items")
)

// anchorRunes is how much of a sentence's start an anchor repeats.
const anchorRunes = 8

// maxWordRunes keeps words and phrases short: a long "word" is a sentence in
// disguise and would match everything.
const maxWordRunes = 16

// genericWords fit every sentence of the report, so as words they would only
// pull all sentences towards every question.
var genericWords = map[string]bool{
	"全区": true, "荔湾": true, "今年": true, "政府": true, "计划": true, "多少": true,
	"目标": true, "发展": true, "推进": true, "建设": true, "工作": true,
	"荔灣": true, "全區": true, "政府工作": true, "發展": true, "推進": true, "建設": true,
	"目標": true, "計劃": true,
	"district": true, "plan": true, "government": true, "target": true, "development": true,
	"liwan": true,
}

// chineseNumerals are the characters that write a quantity in Chinese; the
// traditional forms map to the simplified ones the report uses, so 萬象城
// written by a Hong Kong resident is compared with 万象城 in the report.
var chineseNumerals = map[rune]rune{
	'零': '零', '〇': '〇', '一': '一', '二': '二', '三': '三', '四': '四', '五': '五',
	'六': '六', '七': '七', '八': '八', '九': '九', '十': '十', '百': '百', '千': '千',
	'万': '万', '亿': '亿', '两': '两', '萬': '万', '億': '亿', '兩': '两',
}

// numberRuns returns the runs of ASCII (or full-width) digits and the runs of
// Chinese numerals in s. A run is compared whole: 五 does not stand for the 十五
// of 十五五, nor 5 for the 535 of 535亿元.
func numberRuns(s string) []string {
	var runs []string
	var cur strings.Builder
	kind := 0 // 0 none, 1 digits, 2 Chinese numerals
	flush := func() {
		if cur.Len() > 0 {
			runs = append(runs, cur.String())
			cur.Reset()
		}
		kind = 0
	}
	for _, r := range s {
		k, out := 0, r
		switch {
		case r >= '0' && r <= '9':
			k = 1
		case r >= '０' && r <= '９':
			k, out = 1, '0'+(r-'０')
		default:
			if n, ok := chineseNumerals[r]; ok {
				k, out = 2, n
			}
		}
		if k != kind {
			flush()
		}
		if k != 0 {
			kind = k
			cur.WriteRune(out)
		}
	}
	flush()
	return runs
}

// checkEntry checks one entry against the report's sentences.
func checkEntry(e residentEntry, sentences map[string]corpus.Sentence) error {
	s, ok := sentences[e.ID]
	if !ok {
		return fmt.Errorf("%q: %w", e.ID, errUnknownID)
	}
	if s.Heading {
		return fmt.Errorf("%q: %w", e.ID, errHeading)
	}
	want := string([]rune(s.Text)[:min(anchorRunes, utf8.RuneCountInString(s.Text))])
	if e.Anchor != want {
		return fmt.Errorf("%s: anchor %q, sentence starts %q: %w", e.ID, e.Anchor, want, errAnchor)
	}
	var errs []error
	held := map[string]bool{}
	for _, r := range numberRuns(s.Text) {
		held[r] = true
	}
	lists := []struct {
		name     string
		items    []string
		min, max int
		isWord   bool
	}{
		{"words", e.Words, 5, 25, true},
		{"yue", e.Yue, 3, 15, true},
		{"en", e.En, 5, 25, true},
		{"questions", e.Questions, 3, 12, false},
	}
	for _, l := range lists {
		if len(l.items) < l.min || len(l.items) > l.max {
			errs = append(errs, fmt.Errorf("%s: %d %s, want %d–%d: %w", e.ID, len(l.items), l.name, l.min, l.max, errCount))
		}
		seen := map[string]bool{}
		for _, item := range l.items {
			if strings.TrimSpace(item) == "" {
				errs = append(errs, fmt.Errorf("%s: empty item in %s: %w", e.ID, l.name, errWord))
			}
			if seen[item] {
				errs = append(errs, fmt.Errorf("%s: %q twice in %s: %w", e.ID, item, l.name, errWord))
			}
			seen[item] = true
			if l.isWord {
				if n := utf8.RuneCountInString(item); n > maxWordRunes {
					errs = append(errs, fmt.Errorf("%s: %s %q is %d characters, over %d: %w", e.ID, l.name, item, n, maxWordRunes, errWord))
				}
				if genericWords[strings.ToLower(item)] {
					errs = append(errs, fmt.Errorf("%s: %s %q is generic: %w", e.ID, l.name, item, errWord))
				}
			}
			for _, r := range numberRuns(item) {
				if !held[r] {
					errs = append(errs, fmt.Errorf("%s: %s %q has %q: %w", e.ID, l.name, item, r, errForeignNum))
				}
			}
		}
	}
	return errors.Join(errs...)
}

func parseReport(t *testing.T) *corpus.Report {
	t.Helper()
	r, err := corpus.Parse(seeds.Report)
	if err != nil {
		t.Fatalf("parse report: %v", err)
	}
	return r
}

func sentenceMap(r *corpus.Report) map[string]corpus.Sentence {
	m := map[string]corpus.Sentence{}
	for _, s := range r.Sentences() {
		m[s.ID] = s
	}
	return m
}

// decodeEntry reads one line strictly: a misspelt field name would otherwise
// decode as an empty list and pass for an entry without words.
func decodeEntry(line []byte) (residentEntry, error) {
	var e residentEntry
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		return e, err
	}
	if dec.More() {
		return e, errors.New("more than one JSON value on the line")
	}
	if e.ID == "" || e.Anchor == "" {
		return e, errors.New("missing id or anchor")
	}
	return e, nil
}

func TestResidentsVocabulary(t *testing.T) {
	r := parseReport(t)
	sentences := sentenceMap(r)

	var ids []string
	seen := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(seeds.ResidentsVocabulary))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		e, err := decodeEntry(sc.Bytes())
		if err != nil {
			t.Errorf("line %d: %v", n, err)
			continue
		}
		if prev, dup := seen[e.ID]; dup {
			t.Errorf("line %d: %s already on line %d", n, e.ID, prev)
		}
		seen[e.ID] = n
		ids = append(ids, e.ID)
		if err := checkEntry(e, sentences); err != nil {
			t.Errorf("line %d: %v", n, err)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}

	var want []string
	for _, s := range r.Sentences() {
		if !s.Heading {
			want = append(want, s.ID)
		}
	}
	for _, id := range want {
		if _, ok := seen[id]; !ok {
			t.Errorf("%s has no entry", id)
		}
	}
	// Order is worth checking only once every sentence has its one entry;
	// until then the errors above say more.
	if len(ids) == len(want) && len(seen) == len(want) && !slices.Equal(ids, want) {
		t.Errorf("entries are not in report order")
	}
}

// TestCheckEntryRejects shows that checkEntry catches each kind of broken
// entry, starting from one that passes.
func TestCheckEntryRejects(t *testing.T) {
	sentences := sentenceMap(parseReport(t))
	good := residentEntry{
		ID:        "p31.s4",
		Anchor:    "启动西村、东漖、",
		Words:     []string{"托儿所", "带娃", "托育", "幼托", "日托"},
		Yue:       []string{"托兒所", "湊仔", "幼兒"},
		En:        []string{"daycare", "childcare", "nursery", "toddlers", "creche"},
		Questions: []string{"全区托位有多少?", "托位能超6500个吗?", "How many childcare places?"},
	}
	if err := checkEntry(good, sentences); err != nil {
		t.Fatalf("the good entry fails: %v", err)
	}
	tests := []struct {
		name   string
		modify func(e *residentEntry)
		want   error
	}{
		{"number the sentence lacks", func(e *residentEntry) { e.Questions[1] = "托位能超7000个吗?" }, errForeignNum},
		{"part of the sentence's number", func(e *residentEntry) { e.Questions[1] = "托位能超500个吗?" }, errForeignNum},
		{"Chinese numeral the sentence lacks", func(e *residentEntry) { e.Words[0] = "三岁以下托育" }, errForeignNum},
		{"traditional numeral the sentence lacks", func(e *residentEntry) { e.Yue[0] = "托位過萬" }, errForeignNum},
		{"digit in an English word", func(e *residentEntry) { e.En[0] = "3 nurseries" }, errForeignNum},
		{"wrong anchor", func(e *residentEntry) { e.Anchor = "争取全区托位总量" }, errAnchor},
		{"unknown id", func(e *residentEntry) { e.ID = "p99.s1" }, errUnknownID},
		{"heading id", func(e *residentEntry) { e.ID = "p16.s1"; e.Anchor = "打造荔湾教育品牌" }, errHeading},
		{"word too long", func(e *residentEntry) { e.En[0] = "childcare places for families" }, errWord},
		{"empty word", func(e *residentEntry) { e.Yue[0] = " " }, errWord},
		{"generic word", func(e *residentEntry) { e.Words[0] = "全区" }, errWord},
		{"too few words", func(e *residentEntry) { e.Words = e.Words[:4] }, errCount},
		{"too many questions", func(e *residentEntry) {
			e.Questions = append(e.Questions, "a?", "b?", "c?", "d?", "e?", "f?", "g?", "h?", "i?", "j?")
		}, errCount},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := good
			e.Words = append([]string(nil), good.Words...)
			e.Yue = append([]string(nil), good.Yue...)
			e.En = append([]string(nil), good.En...)
			e.Questions = append([]string(nil), good.Questions...)
			tt.modify(&e)
			if err := checkEntry(e, sentences); !errors.Is(err, tt.want) {
				t.Errorf("checkEntry = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestDecodeEntryRejects(t *testing.T) {
	tests := []struct{ name, line string }{
		{"not JSON", `{"id":"p31.s4",`},
		{"misspelt field", `{"id":"p31.s4","anchor":"启动西村、东漖、","word":["托儿所"]}`},
		{"no id", `{"anchor":"启动西村、东漖、"}`},
		{"two values", `{"id":"p31.s4","anchor":"启动西村、东漖、"} {}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := decodeEntry([]byte(tt.line)); err == nil {
				t.Errorf("decodeEntry(%s) = nil error", tt.line)
			}
		})
	}
}

func TestNumberRuns(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"超6500个", "6500"},
		{"十五五规划", "十五五"},
		{"萬象城", "万"},
		{"PM2.5", "2 5"},
		{"1万人以上", "1 万"},
		{"１２个", "12"},
		{"托儿所", ""},
	}
	for _, tt := range tests {
		if got := strings.Join(numberRuns(tt.in), " "); got != tt.want {
			t.Errorf("numberRuns(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// thesaurusPath is search's data file; seeds tests it because the report it
// must agree with lives here.
var thesaurusPath = filepath.Join("..", "search", "data", "thesaurus.txt")

// Thesaurus size bounds: fewer terms would leave paragraphs uncovered, more
// would mean padding with words that are not terms of art.
const minThesaurusTerms, maxThesaurusTerms = 120, 250

var (
	errThesaurusLine = errors.New("malformed thesaurus line")
	errTermAbsent    = errors.New("report term does not occur in the report")
	errAliasDigit    = errors.New("alias holds a digit")
	errAliasInReport = errors.New("alias occurs in the report")
	errAliasTwice    = errors.New("alias maps to two terms")
	errThesaurusSize = errors.New("thesaurus size out of bounds")
	errUncovered     = errors.New("paragraph holds no thesaurus term")
)

// checkThesaurus checks thesaurus text against the report. An alias must not
// occur in the report at all: rewriting it to its term would otherwise alter
// the report's own wording, for instance 产业楼 inside 产业楼宇.
func checkThesaurus(text string, r *corpus.Report, report string) error {
	var errs []error
	var terms []string
	owner := map[string]string{}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) != 2 || strings.TrimSpace(fields[0]) != fields[0] || fields[0] == "" {
			errs = append(errs, fmt.Errorf("line %d %q: %w", n+1, line, errThesaurusLine))
			continue
		}
		term := fields[0]
		terms = append(terms, term)
		if !strings.Contains(report, term) {
			errs = append(errs, fmt.Errorf("line %d: %q: %w", n+1, term, errTermAbsent))
		}
		for _, alias := range strings.Split(fields[1], "|") {
			switch {
			case strings.TrimSpace(alias) != alias || alias == "":
				errs = append(errs, fmt.Errorf("line %d: alias %q of %s: %w", n+1, alias, term, errThesaurusLine))
			case strings.ContainsAny(alias, "0123456789０１２３４５６７８９"):
				errs = append(errs, fmt.Errorf("line %d: alias %q of %s: %w", n+1, alias, term, errAliasDigit))
			case strings.Contains(report, alias):
				errs = append(errs, fmt.Errorf("line %d: alias %q of %s: %w", n+1, alias, term, errAliasInReport))
			case genericWords[alias]:
				errs = append(errs, fmt.Errorf("line %d: alias %q of %s is generic: %w", n+1, alias, term, errThesaurusLine))
			}
			if prev, ok := owner[alias]; ok && prev != term {
				errs = append(errs, fmt.Errorf("line %d: alias %q of %s and %s: %w", n+1, alias, prev, term, errAliasTwice))
			}
			owner[alias] = term
		}
	}
	if len(terms) < minThesaurusTerms || len(terms) > maxThesaurusTerms {
		errs = append(errs, fmt.Errorf("%d terms, want %d–%d: %w", len(terms), minThesaurusTerms, maxThesaurusTerms, errThesaurusSize))
	}
	for _, p := range r.Paragraphs {
		var text strings.Builder
		for _, s := range p.Sentences {
			text.WriteString(s.Text)
		}
		if !slices.ContainsFunc(terms, func(t string) bool { return strings.Contains(text.String(), t) }) {
			errs = append(errs, fmt.Errorf("%s: %w", p.ID, errUncovered))
		}
	}
	return errors.Join(errs...)
}

func TestThesaurus(t *testing.T) {
	text, err := os.ReadFile(thesaurusPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := checkThesaurus(string(text), parseReport(t), seeds.Report); err != nil {
		t.Error(err)
	}
}

// TestCheckThesaurusRejects feeds the real thesaurus with one bad line added.
func TestCheckThesaurusRejects(t *testing.T) {
	good, err := os.ReadFile(thesaurusPath)
	if err != nil {
		t.Fatal(err)
	}
	r := parseReport(t)
	tests := []struct {
		name, line string
		want       error
	}{
		{"term not in the report", "托儿所\t带娃", errTermAbsent},
		{"alias with a digit", "托位\t三岁以下托位|0到3岁托育", errAliasDigit},
		{"alias in the report", "托位\t托育", errAliasInReport},
		{"alias of two terms", "托位\t写字楼", errAliasTwice},
		{"no tab", "托位 托儿所", errThesaurusLine},
		{"empty alias", "托位\t托儿所||幼托", errThesaurusLine},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := string(good) + "\n" + tt.line + "\n"
			if err := checkThesaurus(text, r, seeds.Report); !errors.Is(err, tt.want) {
				t.Errorf("checkThesaurus = %v, want %v", err, tt.want)
			}
		})
	}
	t.Run("uncovered paragraph", func(t *testing.T) {
		if err := checkThesaurus("# nothing\n", r, seeds.Report); !errors.Is(err, errUncovered) || !errors.Is(err, errThesaurusSize) {
			t.Errorf("checkThesaurus(empty) = %v, want %v and %v", err, errUncovered, errThesaurusSize)
		}
	})
}

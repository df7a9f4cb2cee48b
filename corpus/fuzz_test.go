package corpus_test

import (
	"encoding/hex"
	"math"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/seeds"
)

// fuzzSeeds are the inputs every fuzz target starts from: real report lines
// and edge cases. They run as ordinary tests under plain `go test`.
func fuzzSeeds() []string {
	out := []string{
		// Edge cases.
		"",
		" ",
		"\n",
		"。",
		"。。？！;?!",
		"”」』)）》\"",
		"\x00\x01\x02\x03\x07\x08\t\v\f\r\x1b[31m红\x1b[0m\x7f",
		"\u200b\u200d\u2028\u2029\ufeff\u00a0\u3000",
		"😀👍🏽🇨🇳👨‍👩‍👧 荔湾😀5个。🎉!",
		"\xff\xfe\xfd",
		"荔湾\xe4\xb8。新增\xc3\x285040个",
		"\xed\xa0\x80",     // a UTF-16 surrogate, invalid in UTF-8
		"\xf4\x90\x80\x80", // beyond U+10FFFF
		`+荔湾 -教育 title:学位^2 (5040 OR "托位") * ~ \ ? ! && || [1 TO 5] {a} /re.*/`,
		`+-:^()"*`,
		`"超6500个"^3 AND -“十四五” OR (1-2家)*`,
		"６５００个，１２．５％，增长５%左右",
		"1-2-3个 1--2个 5..5个 .5个 5. 十十十个 其中 其",
		"“““十五个 ”””5个 《第5个》 (其中9个)、6个",
		"1.2万亿元 3千万元 千家万户 节约5% 3个多功能 尤其中小企业10家",
		"2021-2035年 4月17日 PM2.5 6+4 4+N+N 岭南V谷 第五立面 一批 新一轮 十七届五次",
		strings.Repeat("5个", 200),
		strings.Repeat("十", 300) + "个",
		// A full report and variations of it, for Parse.
		seeds.Report,
		strings.ReplaceAll(seeds.Report, "\n", "\r\n"),
		"\ufeff" + seeds.Report,
		"标题",
		"标题\n正文",
		"\n\n标题\n\n正文。正文!\n",
	}
	// About 100 KB of report text.
	big := strings.Repeat(seeds.Report, 100*1024/len(seeds.Report)+1)
	out = append(out, big[:strings.LastIndex(big[:100*1024], "\n")])
	// Dense figures; kept to about 10 KB because ExtractFigures is quadratic
	// in the length of its input.
	out = append(out, strings.Repeat("荔湾区新增学位5040个,其中", 300))
	// Every line of the report.
	for _, l := range strings.Split(seeds.Report, "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

func withoutSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func isEndMark(r rune) bool { return strings.ContainsRune("。；？！;?!", r) }

func isCloseMark(r rune) bool {
	return strings.ContainsRune("”’」』)）》\"", r) || unicode.Is(unicode.Pe, r)
}

func FuzzSplitSentences(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		pieces := corpus.SplitSentences(in)
		for i, p := range pieces {
			if p == "" {
				t.Fatalf("piece %d is empty", i)
			}
			if strings.TrimSpace(p) != p {
				t.Fatalf("piece %d %q is not trimmed", i, p)
			}
			// A sentence ends at its first end mark, with only end marks and
			// closers after it; the last piece may have no end mark at all.
			rs := []rune(p)
			first := -1
			for j, r := range rs {
				if isEndMark(r) {
					first = j
					break
				}
			}
			if first < 0 && i != len(pieces)-1 {
				t.Fatalf("piece %d %q has no end mark but is not the last", i, p)
			}
			if first >= 0 {
				for _, r := range rs[first:] {
					if !isEndMark(r) && !isCloseMark(r) {
						t.Fatalf("piece %d %q goes on after its end mark", i, p)
					}
				}
			}
		}
		// Nothing is lost or added but whitespace. SplitSentences works on
		// runes, so invalid bytes come back as U+FFFD; Parse rejects such
		// text before it gets here.
		want := in
		if !utf8.ValidString(in) {
			want = string([]rune(in))
		}
		if got := withoutSpace(strings.Join(pieces, "")); got != withoutSpace(want) {
			t.Fatalf("pieces %q join to %q, want %q", pieces, got, withoutSpace(want))
		}
		if withoutSpace(in) == "" && len(pieces) != 0 {
			t.Fatalf("blank input gave pieces %q", pieces)
		}
	})
}

func FuzzExtractFigures(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		runes := string([]rune(in)) // the text as ExtractFigures reads it
		for i, fig := range corpus.ExtractFigures(in) {
			if fig.Text == "" || !strings.Contains(in, fig.Text) {
				t.Fatalf("figure %d: Text %q does not occur in the input", i, fig.Text)
			}
			if fig.Value == "" {
				t.Fatalf("figure %d %q: empty Value", i, fig.Text)
			}
			if fig.Unit == "" || !strings.Contains(fig.Text, fig.Unit) {
				t.Fatalf("figure %d %q: Unit %q not in its text", i, fig.Text, fig.Unit)
			}
			for _, q := range strings.Fields(fig.Qualifier) {
				if !strings.Contains(fig.Text, q) {
					t.Fatalf("figure %d %q: qualifier %q not in its text", i, fig.Text, q)
				}
			}
			if !strings.Contains(runes, fig.Clause) || !strings.Contains(fig.Clause, fig.Text) {
				t.Fatalf("figure %d %q: Clause %q does not hold it", i, fig.Text, fig.Clause)
			}
			if b := fig.BaseUnit(); b == "" || !strings.HasSuffix(fig.Unit, b) {
				t.Fatalf("figure %d %q: BaseUnit %q of %q", i, fig.Text, b, fig.Unit)
			}
			lo, hi, ok := fig.Amount()
			arabic := strings.Trim(fig.Value, "0123456789.-") == ""
			if arabic && !ok {
				t.Fatalf("figure %d %q: Amount of Arabic value %q not ok", i, fig.Text, fig.Value)
			}
			if ok && (lo < 0 || hi < 0 || math.IsNaN(lo) || math.IsNaN(hi)) {
				t.Fatalf("figure %d %q: Amount = (%v, %v)", i, fig.Text, lo, hi)
			}
			if !strings.Contains(fig.Value, "-") && lo != hi {
				t.Fatalf("figure %d %q: single value %q has Amount (%v, %v)", i, fig.Text, fig.Value, lo, hi)
			}
		}
	})
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
		f.Add("标题\n" + s)
	}
	f.Add("---\nyear: 2026\ndistrict: 荔湾区\n---\n2026年荔湾区政府工作报告\n正文。")
	f.Fuzz(func(t *testing.T, in string) {
		r, err := corpus.Parse(in)
		if err != nil {
			if r != nil {
				t.Fatalf("Parse returned a report with error %v", err)
			}
			return
		}
		if !utf8.ValidString(in) {
			t.Fatalf("Parse accepted invalid UTF-8")
		}
		if len(r.Paragraphs) == 0 {
			t.Fatalf("Parse returned no paragraphs and no error")
		}
		if _, err := hex.DecodeString(r.Hash); len(r.Hash) != 16 || err != nil {
			t.Fatalf("Hash %q is not 16 hex digits", r.Hash)
		}
		if r.Title == "" || strings.Contains(r.Title, "\n") {
			t.Fatalf("bad title %q", r.Title)
		}
		if r.Year != "" && (len(r.Year) != 4 || strings.Trim(r.Year, "0123456789") != "") {
			t.Fatalf("Year %q is not a four-digit year", r.Year)
		}
		if strings.Contains(r.District, "\n") {
			t.Fatalf("bad district %q", r.District)
		}
		seen := map[string]bool{}
		for _, p := range r.Paragraphs {
			if seen[p.ID] {
				t.Fatalf("duplicate paragraph ID %q", p.ID)
			}
			seen[p.ID] = true
			if len(p.Sentences) == 0 {
				t.Fatalf("paragraph %s has no sentences", p.ID)
			}
			for j, s := range p.Sentences {
				if seen[s.ID] {
					t.Fatalf("duplicate sentence ID %q", s.ID)
				}
				seen[s.ID] = true
				if !strings.HasPrefix(s.ID, p.ID+".s") {
					t.Fatalf("sentence %q in paragraph %q", s.ID, p.ID)
				}
				if s.Text == "" || !strings.Contains(in, s.Text) {
					t.Fatalf("sentence %s text %q is not in the input", s.ID, s.Text)
				}
				if s.Topic != p.Topic || (s.Heading && j != 0) || (s.Heading != (j == 0 && p.Topic != "")) {
					t.Fatalf("sentence %s: Topic %q Heading %v in paragraph with topic %q", s.ID, s.Topic, s.Heading, p.Topic)
				}
				if got, ok := r.Paragraph(s.ID); !ok || got.ID != p.ID {
					t.Fatalf("Paragraph(%q) = %q, %v", s.ID, got.ID, ok)
				}
			}
		}
		if len(r.Sentences()) != len(seen)-len(r.Paragraphs) {
			t.Fatalf("Sentences() has %d sentences, paragraphs hold %d", len(r.Sentences()), len(seen)-len(r.Paragraphs))
		}
	})
}

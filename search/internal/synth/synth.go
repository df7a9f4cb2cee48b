// Package synth builds a synthetic report many times the size of a real one,
// to measure how the answering engine's cost grows with the report: the real
// report's paragraphs repeated, each copy with its numbers and place names
// varied, so that no two copies of a sentence are the same text (an index
// that stored one copy would otherwise make the measure flatter than a real
// large report). It is deterministic: the same report, copies and seed give
// the same text.
package synth

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/liwanbot/liwanbot/corpus"
)

// names are the places whose mentions a copy varies: Liwan's streets and
// landmarks, which the report names and questions ask about. Longer names
// come before the names they contain, so that 白鹅潭商务区 is replaced whole
// (strings.Replacer tries its pairs in order at each position). None holds
// a numeral: 上下九 put before 片 would read as a figure, 九片.
var names = []string{
	"白鹅潭商务区", "沙面", "岭南", "华林", "多宝", "昌华", "逢源", "龙津", "金花", "彩虹",
	"南源", "西村", "站前", "桥中", "白鹤洞", "冲口", "花地", "石围塘", "茶滘", "东漖", "海龙", "东沙",
	"中南", "白鹅潭", "荔湾湖", "陈家祠", "永庆坊", "大坦沙", "聚龙湾", "芳村", "西关", "葵蓬",
	"花博园", "如意坊", "增埗",
}

// streets are what a copy names in a sentence its numbers and places left
// unvaried or the same as another copy's, two to a copy: 22 streets make
// 462 ordered pairs, one for each copy.
var streets = names[1:23]

// maxCopies is how many copies have a pair of streets of their own.
var maxCopies = 1 + len(streets)*(len(streets)-1)

// Report returns a report of copies copies of base's paragraphs, the first
// verbatim and each other with every number (but years) and every place of
// names replaced by others drawn from seed, and the copy's own pair of
// streets named in a sentence that is left as it was or as another copy has
// it. Headings stay as they are. base's residents' vocabulary and English
// rendering are attached to every copy of their sentence, unvaried. copies
// must be between 1 and 463.
func Report(base *corpus.Report, copies int, seed uint64) (*corpus.Report, error) {
	if copies < 1 || copies > maxCopies {
		return nil, fmt.Errorf("synth: %d copies, want 1 to %d", copies, maxCopies)
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	pairs := rng.Perm(maxCopies - 1)
	seen := map[string]bool{}
	for _, s := range base.Sentences() {
		seen[s.Text] = true
	}
	var text strings.Builder
	text.WriteString(base.Title + "\n")
	for k := range copies {
		var places *strings.Replacer
		var tag string
		if k > 0 {
			perm := rng.Perm(len(names))
			swaps := make([]string, 0, 2*len(names))
			for i, n := range names {
				swaps = append(swaps, n, names[perm[i]])
			}
			places = strings.NewReplacer(swaps...)
			a, b := pairs[k-1]/(len(streets)-1), pairs[k-1]%(len(streets)-1)
			if b >= a {
				b++
			}
			tag = "（" + streets[a] + "街、" + streets[b] + "街）"
		}
		for _, p := range base.Paragraphs {
			var line strings.Builder
			for _, s := range p.Sentences {
				if k == 0 || s.Heading {
					// Headings stay: they are a paragraph's topic, which
					// every year's report repeats.
					line.WriteString(s.Text)
					continue
				}
				v := places.Replace(varyNumbers(s.Text, rng))
				if v == s.Text || seen[v] {
					v = withTag(v, tag)
				}
				seen[v] = true
				line.WriteString(v)
			}
			text.WriteString(line.String() + "\n")
		}
	}
	r, err := corpus.Parse(text.String())
	if err != nil {
		return nil, fmt.Errorf("synth: parse: %w", err)
	}
	if len(r.Paragraphs) != copies*len(base.Paragraphs) {
		return nil, fmt.Errorf("synth: %d paragraphs, want %d", len(r.Paragraphs), copies*len(base.Paragraphs))
	}
	// Copy j of paragraph i stands at j*len(base.Paragraphs)+i; varying
	// keeps each sentence's end mark, so the copy splits into as many
	// sentences as the original.
	r.Vocabulary = map[string]corpus.Vocabulary{}
	r.English = map[string]string{}
	r.EnglishTopics = map[string]string{}
	r.EnglishTitle = base.EnglishTitle
	for i, p := range r.Paragraphs {
		orig := base.Paragraphs[i%len(base.Paragraphs)]
		if len(p.Sentences) != len(orig.Sentences) {
			return nil, fmt.Errorf("synth: paragraph %s has %d sentences, its original %s %d", p.ID, len(p.Sentences), orig.ID, len(orig.Sentences))
		}
		if en, ok := base.EnglishTopics[orig.ID]; ok {
			r.EnglishTopics[p.ID] = en
		}
		for j, s := range p.Sentences {
			o := orig.Sentences[j].ID
			if v, ok := base.Vocabulary[o]; ok {
				r.Vocabulary[s.ID] = v
			}
			if en, ok := base.English[o]; ok {
				r.English[s.ID] = en
			}
		}
	}
	return r, nil
}

// withTag puts a copy's streets before the marks that end a sentence and
// the quotes and brackets that close it.
func withTag(s, tag string) string {
	body := strings.TrimRight(s, "。；？！;?!”’」』)）》\"")
	return body + tag + s[len(body):]
}

// varyNumbers replaces every run of ASCII digits by another of as many
// digits, but for years (19xx, 20xx), which a report of another size would
// still date alike.
func varyNumbers(s string, rng *rand.Rand) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			b.WriteByte(s[i])
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		b.WriteString(varyRun(s[i:j], rng))
		i = j
	}
	return b.String()
}

func varyRun(run string, rng *rand.Rand) string {
	if len(run) == 4 && (strings.HasPrefix(run, "19") || strings.HasPrefix(run, "20")) {
		return run
	}
	if len(run) == 1 {
		return strconv.Itoa(1 + rng.IntN(9))
	}
	if len(run) > 18 {
		return run // more digits than an int holds: no report figure
	}
	lo := 1
	for range len(run) - 1 {
		lo *= 10
	}
	return strconv.Itoa(lo + rng.IntN(9*lo))
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

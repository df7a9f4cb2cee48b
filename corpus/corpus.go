// Package corpus turns the text of a work report into paragraphs, sentences and
// figures with stable identifiers, so that every answer can cite where it came
// from.
package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Report is a parsed work report.
type Report struct {
	// Title is the report's title line, or the title its front matter
	// gives.
	Title string
	// Year is the year the report plans for ("2025") and District the
	// district it is about ("荔湾区"), as its front matter or its first
	// lines give them (see Parse); "" where the report does not say.
	// Replies, scope checks and attributions name them.
	Year, District string
	Paragraphs     []Paragraph
	// Hash identifies the exact text the report was parsed from, so that a
	// recorded answer can be traced to the report version that produced it.
	Hash string
	// Vocabulary is how residents ask about each sentence, by sentence id,
	// where a vocabulary file was attached (see AttachVocabulary).
	Vocabulary map[string]Vocabulary
	// English is an unofficial English rendering of each sentence, by
	// sentence id, EnglishTopics of each paragraph's topic, by paragraph id,
	// and EnglishTitle of the title, where a rendering was attached (see
	// AttachEnglish): for residents who read no Chinese.
	English       map[string]string
	EnglishTopics map[string]string
	EnglishTitle  string
	// Key names the report among several loaded together ("2024"), and
	// starts each of its ids (see WithKey); "" for a report on its own,
	// whose ids are p31.s4.
	Key string
}

// Paragraph is one line of the report. Its ID ("p3") is its line number among
// the non-empty lines, the title being p1, so IDs stay stable as long as the
// text does.
type Paragraph struct {
	ID        string
	Topic     string // the paragraph's short heading without its full stop, or ""
	Sentences []Sentence
}

// Sentence is the unit the bot cites.
type Sentence struct {
	ID      string // "p3.s2"
	Text    string
	Topic   string // the heading of the paragraph it stands in, or ""
	Heading bool   // the sentence is itself the paragraph's heading
	Figures []Figure
}

// Sentences returns every sentence of the report in reading order.
func (r *Report) Sentences() []Sentence {
	var out []Sentence
	for _, p := range r.Paragraphs {
		out = append(out, p.Sentences...)
	}
	return out
}

// Paragraph returns the paragraph a sentence ID ("p3.s2") or paragraph ID
// ("p3") belongs to.
func (r *Report) Paragraph(id string) (Paragraph, bool) {
	pid, _, _ := strings.Cut(id, ".")
	for _, p := range r.Paragraphs {
		if p.ID == pid {
			return p, true
		}
	}
	return Paragraph{}, false
}

// maxHeadingRunes bounds what counts as a heading: the report's headings
// ("打造荔湾教育品牌。") are short phrases, its body sentences are not.
const maxHeadingRunes = 16

// Parse reads a report: the first non-empty line is its title, every other
// non-empty line a paragraph. Its year and district come from an optional
// front matter block before the title line (see frontMatterFence), else
// from the title line and the report's name in its first lines
// ("2025年荔湾区政府工作报告"). Parse fails on text that is not UTF-8, holds
// no paragraph at all, or has a malformed front matter block.
func Parse(text string) (*Report, error) {
	if !utf8.ValidString(text) {
		return nil, fmt.Errorf("corpus: report text is not valid UTF-8")
	}
	sum := sha256.Sum256([]byte(text))
	r := &Report{Hash: hex.EncodeToString(sum[:8])}
	meta, lines, err := frontMatter(strings.Split(text, "\n"))
	if err != nil {
		return nil, err
	}
	var first []string
	n := 0
	for _, line := range lines {
		line = cleanLine(line)
		if line == "" {
			continue
		}
		n++
		if n <= nameLines {
			first = append(first, line)
		}
		if n == 1 {
			r.Title = line
			continue
		}
		r.Paragraphs = append(r.Paragraphs, parseParagraph(fmt.Sprintf("p%d", n), line))
	}
	if len(r.Paragraphs) == 0 {
		return nil, fmt.Errorf("corpus: report has no paragraphs after its title")
	}
	r.readNames(meta, first)
	return r, nil
}

func parseParagraph(id, line string) Paragraph {
	p := Paragraph{ID: id}
	texts := SplitSentences(line)
	if len(texts) > 1 && isHeading(texts[0]) {
		p.Topic = strings.TrimRightFunc(texts[0], isSentenceEnd)
	}
	for i, t := range texts {
		p.Sentences = append(p.Sentences, Sentence{
			ID:      fmt.Sprintf("%s.s%d", id, i+1),
			Text:    t,
			Topic:   p.Topic,
			Heading: i == 0 && p.Topic != "",
			Figures: ExtractFigures(t),
		})
	}
	return p
}

// isHeading tells a paragraph's heading ("加快建设重大项目。") from a body
// sentence: short, one clause, no figures.
func isHeading(s string) bool {
	if utf8.RuneCountInString(s) > maxHeadingRunes {
		return false
	}
	return !strings.ContainsAny(s, ",，、:：0123456789")
}

// isSentenceEnd reports the marks that close a sentence. The report mixes
// full-width and ASCII punctuation (its semicolons and question marks are
// ASCII), so both count.
func isSentenceEnd(r rune) bool {
	switch r {
	case '。', '；', '？', '！', ';', '?', '!':
		return true
	}
	return false
}

// SplitSentences splits a paragraph after each sentence-ending mark, keeping
// the mark with its sentence; closing quotes and brackets right after the
// mark stay with the sentence they close. Empty pieces are dropped.
func SplitSentences(paragraph string) []string {
	var out []string
	rs := []rune(paragraph)
	start := 0
	for i := 0; i < len(rs); i++ {
		if !isSentenceEnd(rs[i]) {
			continue
		}
		end := i + 1
		for end < len(rs) && (isSentenceEnd(rs[end]) || isCloser(rs[end])) {
			end++
		}
		if s := strings.TrimSpace(string(rs[start:end])); s != "" {
			out = append(out, s)
		}
		start, i = end, end-1
	}
	if s := strings.TrimSpace(string(rs[start:])); s != "" {
		out = append(out, s)
	}
	return out
}

func isCloser(r rune) bool {
	switch r {
	case '”', '’', '」', '』', ')', '）', '》', '"':
		return true
	}
	return unicode.Is(unicode.Pe, r)
}

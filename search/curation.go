package search

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// Curations are staff's corrections of what the engine would say: this
// question is answered by that sentence (link), these words mean the
// report's term (synonym), questions about this topic get this reply
// (reply), never answer this question with that sentence (never). The
// engine only applies them; where they are kept, who made them and whether
// they are safe to apply are the concern of the packages that call it.
//
// A set is immutable and carries its version. An answer is computed on
// one set from start to end (AnswerWith), so an answer is never half
// before a curation and half after it.

// CurationKind is what a curation does.
type CurationKind string

const (
	// CurationLink ranks a sentence first for a question and its close
	// variants; the figure and grounding rules still apply to it.
	CurationLink CurationKind = "link"
	// CurationSynonym makes words (in any language) mean a report term.
	CurationSynonym CurationKind = "synonym"
	// CurationReply gives questions about a topic a reply staff wrote.
	CurationReply CurationKind = "reply"
	// CurationNever keeps a sentence from answering a question.
	CurationNever CurationKind = "never"
)

// Curated is the outcome of a question that got a reply staff wrote: it
// cites no sentence, and is no refusal to record.
const Curated Outcome = "curated"

// Curation is one correction, as plain data.
type Curation struct {
	// ID names the curation in answers that it shaped (the version that
	// made it, where it is stored).
	ID   int64
	Kind CurationKind
	// Question (link, never) is a question as residents ask it; it also
	// stands for its close variants: the questions whose content words,
	// once question words, scope words and typos are dealt with as for
	// any question, are the same (托位有多少 and 全区托位有几多个).
	Question string
	// Sentence (link, never) is a sentence id, keyed with several reports.
	Sentence string
	// Words (synonym) mean Term. Words (reply) say what a question must
	// name to be about the topic: every word, where a word may give
	// alternatives as "地铁|metro|subway".
	Words []string
	// Term (synonym) is the report's term the words mean.
	Term string
	// ReplyZH and ReplyEN (reply) are the reply in Chinese (written in
	// simplified; traditional askers get it converted) and in English
	// (English askers get the Chinese where it is empty).
	ReplyZH, ReplyEN string
}

// ErrBadCuration is wrapped by every error about a curation's content.
var ErrBadCuration = errors.New("search: bad curation")

// validate checks what a curation must hold whatever the report.
func (c Curation) validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s: %s", ErrBadCuration, c.Kind, fmt.Sprintf(format, args...))
	}
	switch c.Kind {
	case CurationLink, CurationNever:
		if strings.TrimSpace(c.Question) == "" || c.Sentence == "" {
			return bad("needs a question and a sentence id")
		}
	case CurationSynonym:
		if normalizeText(c.Term) == "" || len(c.Words) == 0 {
			return bad("needs the report's term and the words that mean it")
		}
		for _, w := range c.Words {
			if normalizeText(w) == "" || strings.Contains(w, "|") {
				return bad("a word is empty or holds |: %q", w)
			}
		}
	case CurationReply:
		if len(c.Words) == 0 || strings.TrimSpace(c.ReplyZH) == "" {
			return bad("needs the topic's words and a Chinese reply")
		}
		for _, w := range c.Words {
			if len(alternatives(w)) == 0 {
				return bad("a word is empty: %q", w)
			}
		}
	default:
		return fmt.Errorf("%w: unknown kind %q (link, synonym, reply, never)", ErrBadCuration, c.Kind)
	}
	return nil
}

// Curations is a set of curations at a version. It is immutable; the
// engines compile it for themselves on first use (see Prepare).
type Curations struct {
	version int64
	list    []Curation

	compiled sync.Map   // *Engine → *engineCurations
	compile  sync.Mutex // one compiles at a time; the others wait for it
}

// NewCurations makes a set of curations at a version. A version only ever
// grows, so that a newer set is told from an older one.
func NewCurations(version int64, list []Curation) (*Curations, error) {
	for _, c := range list {
		if err := c.validate(); err != nil {
			return nil, err
		}
	}
	return &Curations{version: version, list: slices.Clone(list)}, nil
}

// Version is the set's version; 0 for none (a nil set too).
func (c *Curations) Version() int64 {
	if c == nil {
		return 0
	}
	return c.version
}

// Len is how many curations the set holds.
func (c *Curations) Len() int {
	if c == nil {
		return 0
	}
	return len(c.list)
}

// engineCurations are a set's curations as one engine applies them: its
// sentence positions, its analysis of the questions.
type engineCurations struct {
	synonyms *rewriter // Han words → term
	latin    []rewrite // Latin words → term, matched as whole words
	replies  []compiledReply
	links    map[string]target   // by variant key
	nevers   map[string][]target // by variant key
}

type target struct {
	id  int64
	pos int
}

type compiledReply struct {
	id      int64
	words   [][]string // every group must match, by one of its alternatives
	zh, en  string
	english bool // some alternative is Latin: the English question is read too
}

// curationCtx is what an answer's context carries: the set it is computed
// on, or while a set is compiled, the part compiled so far and a probe to
// record a question's variant keys. The context carries it because the
// answering path already passes the context everywhere it goes, and the
// ranking code it passes through need not know of curations.
type curationCtx struct {
	set     *Curations
	partial *engineCurations
	probe   *[]string
}

type curationKey struct{}

func withCurations(ctx context.Context, c *Curations) context.Context {
	if c == nil {
		return ctx
	}
	return context.WithValue(ctx, curationKey{}, &curationCtx{set: c})
}

// curationVersion is the version of the set an answer is computed on.
func curationVersion(ctx context.Context) int64 {
	if v, ok := ctx.Value(curationKey{}).(*curationCtx); ok {
		return v.set.Version()
	}
	return 0
}

// curations are the compiled curations an answer on e applies, or nil.
func (e *Engine) curations(ctx context.Context) (*engineCurations, *curationCtx) {
	v, ok := ctx.Value(curationKey{}).(*curationCtx)
	if !ok {
		return nil, nil
	}
	if v.partial != nil {
		return v.partial, v
	}
	if v.set == nil || len(v.set.list) == 0 {
		return nil, v
	}
	return v.set.forEngine(e), v
}

// forEngine returns the set compiled for e, compiling it if needed.
func (c *Curations) forEngine(e *Engine) *engineCurations {
	if ec, ok := c.compiled.Load(e); ok {
		return ec.(*engineCurations)
	}
	c.compile.Lock()
	defer c.compile.Unlock()
	if ec, ok := c.compiled.Load(e); ok {
		return ec.(*engineCurations)
	}
	ec := e.compileCurations(c.list)
	c.compiled.Store(e, ec)
	return ec
}

// compileCurations reads the curations the way e reads questions. The
// synonyms come first: a link's question is read with them, as residents'
// questions are.
func (e *Engine) compileCurations(list []Curation) *engineCurations {
	ec := &engineCurations{links: map[string]target{}, nevers: map[string][]target{}}
	var han []rewrite
	for _, c := range list {
		switch c.Kind {
		case CurationSynonym:
			term := e.simplified(c.Term)
			for _, w := range c.Words {
				w = e.simplified(w)
				if w == term {
					continue
				}
				if isLatinWord(w) {
					ec.latin = append(ec.latin, rewrite{from: w, to: term})
				} else {
					han = append(han, rewrite{from: w, to: term})
				}
			}
		case CurationReply:
			r := compiledReply{id: c.ID, zh: c.ReplyZH, en: c.ReplyEN}
			for _, w := range c.Words {
				var group []string
				for _, alt := range alternatives(w) {
					alt = e.simplified(alt)
					r.english = r.english || isLatinWord(alt)
					group = append(group, alt)
				}
				r.words = append(r.words, group)
			}
			ec.replies = append(ec.replies, r)
		}
	}
	// Longest first, so that of two words one inside the other the longer
	// is rewritten.
	slices.SortStableFunc(ec.latin, func(a, b rewrite) int { return len(b.from) - len(a.from) })
	if len(han) > 0 {
		ec.synonyms = newRewriter(han)
	}
	for _, c := range list {
		if c.Kind != CurationLink && c.Kind != CurationNever {
			continue
		}
		pos, ok := e.byID[c.Sentence]
		if !ok {
			continue // another report's sentence, or one since gone
		}
		t := target{id: c.ID, pos: pos}
		for _, key := range e.variantKeys(ec, c.Question) {
			if c.Kind == CurationLink {
				ec.links[key] = t // the later link wins
			} else {
				ec.nevers[key] = append(ec.nevers[key], t)
			}
		}
	}
	return ec
}

// variantKeys answers q on e with the synonyms of ec, recording the
// variant key of each thing it asks, as an answer to a resident reads it.
func (e *Engine) variantKeys(ec *engineCurations, q string) []string {
	var keys []string
	syn := &engineCurations{synonyms: ec.synonyms, latin: ec.latin}
	ctx := context.WithValue(context.Background(), curationKey{}, &curationCtx{partial: syn, probe: &keys})
	e.answer(ctx, q)
	return slices.DeleteFunc(keys, func(k string) bool { return k == "" })
}

// variantKey is what a question's close variants share: its content words,
// in any order, once question and scope words are gone, synonyms applied
// and typos corrected.
func variantKey(q *question) string {
	runs := slices.Clone(q.runs)
	slices.Sort(runs)
	return strings.Join(slices.Compact(runs), " ")
}

// simplified is text folded and in simplified script, as questions are
// matched.
func (e *Engine) simplified(s string) string {
	s, _ = e.scripts.simplify(normalizeText(s))
	return s
}

// alternatives splits "地铁|metro" into its folded alternatives.
func alternatives(w string) []string {
	var out []string
	for _, a := range strings.Split(w, "|") {
		if a = normalizeText(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// isLatinWord reports whether w is written in Latin letters (or digits),
// and so matched as whole words.
func isLatinWord(w string) bool {
	return !strings.ContainsFunc(w, isHan)
}

// curatedText applies the synonyms of the answer's curations to a
// question, normalised and simplified.
func (e *Engine) curatedText(ctx context.Context, text string) string {
	ec, _ := e.curations(ctx)
	if ec == nil {
		return text
	}
	if ec.synonyms != nil {
		text = ec.synonyms.apply(text)
	}
	for _, r := range ec.latin {
		text = replaceWord(text, r.from, r.to)
	}
	return text
}

// curatedReply gives a the reply staff wrote for its topic, if the
// question is about one, and reports whether it did.
func (e *Engine) curatedReply(ctx context.Context, a *Answer, text string) bool {
	ec, v := e.curations(ctx)
	if ec == nil || v.probe != nil {
		return false
	}
	for _, r := range ec.replies {
		if !r.matches(text) {
			continue
		}
		a.Outcome, a.Text, a.Curation = Curated, r.zh, r.id
		if a.Lang == English && strings.TrimSpace(r.en) != "" {
			a.Text = r.en
		}
		return true
	}
	return false
}

func (r compiledReply) matches(text string) bool {
	for _, group := range r.words {
		if !slices.ContainsFunc(group, func(w string) bool {
			if isLatinWord(w) {
				return hasWord(text, w)
			}
			return strings.Contains(text, w)
		}) {
			return false
		}
	}
	return true
}

// curate applies the answer's links and nevers to a part's ranked
// sentences: a never's sentence goes, a link's comes first (found by the
// index or not), and linked reports that it must answer even under the
// coverage bar. The figure the linked sentence offers is picked as for
// any sentence, and stated only if the figure rules let it.
func (e *Engine) curate(ctx context.Context, a *Answer, q *question, in intent, context *question, enTerms []englishTerm, ranked []candidate) (_ []candidate, linked bool) {
	ec, v := e.curations(ctx)
	if v != nil && v.probe != nil {
		*v.probe = append(*v.probe, variantKey(q))
	}
	if ec == nil || v.probe != nil {
		return ranked, false
	}
	key := variantKey(q)
	if key == "" {
		return ranked, false
	}
	for _, t := range ec.nevers[key] {
		n := len(ranked)
		ranked = slices.DeleteFunc(ranked, func(c candidate) bool { return c.pos == t.pos })
		if len(ranked) < n {
			a.Curation = t.id
		}
	}
	t, ok := ec.links[key]
	if !ok {
		return ranked, false
	}
	a.Curation = t.id
	i := slices.IndexFunc(ranked, func(c candidate) bool { return c.pos == t.pos })
	var c candidate
	if i >= 0 {
		c = ranked[i]
		ranked = slices.Delete(ranked, i, i+1)
	} else if one := e.rank(q, in, context, enTerms, []hit{{id: e.sentences[t.pos].ID}}); len(one) == 1 {
		c = one[0]
	} else {
		c = candidate{pos: t.pos, figure: -1}
	}
	if q.wantsFigure && c.figure < 0 {
		// rank picks a figure only for a sentence near the coverage bar;
		// staff said this one answers.
		c.figure, _ = e.pickAnyFigure(q, in, c.pos)
	}
	return append([]candidate{c}, ranked...), true
}

// hasWord reports whether text holds w as a whole word (or words).
func hasWord(text, w string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], w)
		if j < 0 {
			return false
		}
		j += i
		if wordEdge(text, j, j+len(w)) {
			return true
		}
		i = j + 1
	}
}

// replaceWord replaces w in text where it stands as a whole word.
func replaceWord(text, w, to string) string {
	var b strings.Builder
	for i := 0; ; {
		j := strings.Index(text[i:], w)
		if j < 0 {
			b.WriteString(text[i:])
			return b.String()
		}
		j += i
		if wordEdge(text, j, j+len(w)) {
			b.WriteString(text[i:j])
			b.WriteString(" " + to + " ")
		} else {
			b.WriteString(text[i : j+len(w)])
		}
		i = j + len(w)
	}
}

// wordEdge reports whether text[i:j] is bounded by no letter or digit.
func wordEdge(text string, i, j int) bool {
	letter := func(r rune) bool { return unicode.IsLetter(r) && !isHan(r) || unicode.IsDigit(r) }
	if i > 0 {
		r := []rune(text[:i])
		if letter(r[len(r)-1]) {
			return false
		}
	}
	if j < len(text) {
		for _, r := range text[j:] {
			return !letter(r)
		}
	}
	return true
}

// AnswerWith answers a question with a set of curations applied (nil: none),
// the whole answer on that one set. The answer's Curations says which.
func (e *Engine) AnswerWith(ctx context.Context, raw string, c *Curations) Answer {
	return e.Answer(withCurations(ctx, c), raw)
}

// AnswerWith answers a question with a set of curations applied (nil:
// none), on whichever report the question is routed to.
func (s *Shelf) AnswerWith(ctx context.Context, raw string, c *Curations) Answer {
	return s.Answer(withCurations(ctx, c), raw)
}

// Prepare compiles a set for every report of the shelf, so that the first
// answers on a set just swapped in do not wait for it.
func (s *Shelf) Prepare(c *Curations) {
	if c == nil || len(c.list) == 0 {
		return
	}
	for _, e := range s.engines {
		c.forEngine(e)
	}
}

// CheckCuration says what keeps a curation from applying to the shelf's
// reports, or nil: a sentence it names must be one of theirs (not a
// heading), a synonym's term a term of theirs, and a link's or never's
// question must have content words to match its variants by.
func (s *Shelf) CheckCuration(c Curation) error {
	if err := c.validate(); err != nil {
		return err
	}
	switch c.Kind {
	case CurationLink, CurationNever:
		var eng *Engine
		for _, e := range s.engines {
			if _, ok := e.byID[c.Sentence]; ok {
				eng = e
			}
		}
		if eng == nil {
			return fmt.Errorf("%w: no sentence %q in the report (a heading cannot answer)", ErrBadCuration, c.Sentence)
		}
		if len(eng.variantKeys(&engineCurations{}, c.Question)) == 0 {
			return fmt.Errorf("%w: %q has no content words to know it by", ErrBadCuration, c.Question)
		}
	case CurationSynonym:
		for _, e := range s.engines {
			if e.holds(e.simplified(c.Term)) {
				return nil
			}
		}
		return fmt.Errorf("%w: the report does not use the term %q", ErrBadCuration, c.Term)
	}
	return nil
}

// holds reports whether the report's sentences or topics use a term.
func (e *Engine) holds(term string) bool {
	for i := range e.sentences {
		if strings.Contains(e.normText[i], term) || strings.Contains(e.normTopic[i], term) {
			return true
		}
	}
	return false
}

// firstCuration is the curation that shaped some part of a, for a message
// whose parts each were answered on their own.
func firstCuration(a *Answer) {
	for _, p := range a.Parts {
		if a.Curation != 0 {
			return
		}
		a.Curation = p.Curation
	}
}

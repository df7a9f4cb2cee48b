package search

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	porterstemmer "github.com/blevesearch/go-porterstemmer"

	"github.com/liwanbot/liwanbot/corpus"
)

// englishParts splits an English message as parts splits a Chinese one:
// into sentences, of which those that ask are the cores ("My grandma's
// building has ancient pipes. How many households get new water
// facilities?"), each read through the glossary on its own. A follow-up
// that asks only "and the fixed asset investment one?" borrows the
// quantity cue of the part before it.
func (e *Engine) englishParts(text string) []part {
	// "My uncle in Fangcun says…": where the teller lives is no part of
	// what is asked.
	text = tellersPlace.ReplaceAllString(text, "$1 $2")
	var sentences []string
	for _, s := range splitEnglish(text) {
		sentences = append(sentences, splitEnglishAsks(s)...)
	}
	type read struct {
		raw    string
		q      englishQuestion
		weight float64
		asks   bool
	}
	reads := make([]read, len(sentences))
	var named []enSpan // the glossary's terms the sentences before named
	for i, s := range sentences {
		s = definiteTerms(s, named)
		// "…start this year, what area?", "…, what is the area?": an
		// area asked at the end is a size; "what area is it in" and "is
		// in what area?" ask where.
		if m := areaAsked.FindStringIndex(s); m != nil && !inWhere.MatchString(s[:m[0]]) {
			s = areaAsked.ReplaceAllString(s, "how big$1")
		}
		// "what is the area of the land reserve": a size, not a 片区.
		s = areaOf.ReplaceAllString(s, "how big is")
		q := e.glossary.translate(e.spell(s))
		reads[i] = read{raw: s, q: q, weight: e.weight(q.chinese), asks: asksEnglish(s)}
		named = append(named, q.spans...)
	}
	var cores []int
	for i, r := range reads {
		if i > 0 && followsUp(r.raw) {
			continue // "…a social security card? Can I do it online?" asks about the card
		}
		if r.asks && (r.weight >= minPartWeight || e.asksAboutOtherScope(r.q.chinese) ||
			leadingCues(r.q.chinese) != "" && len(strings.Fields(r.q.chinese)) > len(strings.Fields(leadingCues(r.q.chinese)))) {
			cores = append(cores, i)
		}
	}
	if len(cores) == 0 {
		best := -1
		for i, r := range reads {
			if best < 0 || r.asks && !reads[best].asks || r.asks == reads[best].asks && r.weight > reads[best].weight {
				best = i
			}
		}
		if best < 0 {
			q := e.glossary.translate(text)
			return []part{{core: q.chinese, en: &q}}
		}
		// "I read there's a big list of key projects. How many are on
		// it?": a question that names nothing asks about the sentence
		// before it.
		if best > 0 && reads[best].weight < minCoreWeight {
			raw := reads[best-1].raw + ", " + reads[best].raw
			q := e.glossary.translate(e.spell(raw))
			reads[best] = read{raw: raw, q: q, weight: e.weight(q.chinese), asks: true}
			reads = slices.Delete(reads, best-1, best)
			best--
		}
		cores = []int{best}
	}
	// "Ruyifang radial road: how much land to acquire for it?": a question
	// that points back at the topic set before it, by a phrase that asks
	// nothing itself, asks about that topic; the topic is part of it, not
	// context.
	for k, i := range cores {
		if i == 0 || slices.Contains(cores, i-1) || reads[i-1].asks || reads[i-1].q.chinese == "" ||
			!followUp.MatchString(timeDeixis.ReplaceAllString(reads[i].raw, "")) && !possessiveBack.MatchString(reads[i].raw) && !(setOff(text, reads[i-1].raw) && namesTopic(reads[i-1].raw) && reads[i-1].weight >= minCoreWeight) {
			continue
		}
		if c := e.english.countOf(reads[i].raw); c.noun != "" && !vagueNouns[c.noun] && !setOff(text, reads[i-1].raw) && !refersBack.MatchString(reads[i].raw) {
			// "how many key projects are they pushing, was it like 200":
			// a count that names its noun asks about that, whatever "it"
			// stands for.
			continue
		}
		if topic, _, ok := strings.Cut(reads[i].raw, ","); ok && !setOff(text, reads[i-1].raw) && e.weight(e.glossary.translate(e.spell(topic)).chinese) >= minCoreWeight {
			// "In the report the district budget revenue, how much it
			// suppose to grow?": the pronoun points at the topic its own
			// sentence sets before the question.
			continue
		}
		raw := reads[i-1].raw + ", " + reads[i].raw
		q := e.glossary.translate(e.spell(raw))
		reads[i] = read{raw: raw, q: q, weight: e.weight(q.chinese), asks: true}
		reads[i-1].q.chinese = ""
		cores[k] = i
	}
	// "Is tax revenue expected to grow? By how much?": a sentence that only
	// asks how much, after a question, asks it of that question.
	for _, i := range cores {
		j := i + 1
		if j >= len(reads) || slices.Contains(cores, j) || leadingCues(reads[i].q.chinese) != "" {
			continue
		}
		if cue := leadingCues(reads[j].q.chinese); cue != "" && cue == strings.TrimSpace(reads[j].q.chinese) {
			merged := reads[i].raw + " " + reads[j].raw
			q := e.glossary.translate(e.spell(merged))
			reads[i] = read{raw: merged, q: q, weight: e.weight(q.chinese), asks: true}
			reads[j].q.chinese = ""
		}
	}
	// "high-end commercial premises to be finished this year — just 2
	// projects? total area?": a size asked after a question that counts
	// nothing asks it of what that question names, as one question.
	for k := 0; k+1 < len(cores); k++ {
		i, j := cores[k], cores[k+1]
		if j != i+1 || !asksOnlySize(reads[j].q.chinese) || leadingCues(reads[i].q.chinese) != "" {
			continue
		}
		if _, count := afterHow(reads[i].raw, "many"); count {
			continue
		}
		merged := reads[i].raw + " " + reads[j].raw
		q := e.glossary.translate(e.spell(merged))
		reads[i] = read{raw: merged, q: q, weight: e.weight(q.chinese), asks: true}
		reads[j].q.chinese = ""
		cores = slices.Delete(cores, k+1, k+2)
	}
	// "How many old-property renovation projects start this year, and how
	// big?": a measure asked right after a count asks it of what was
	// counted, as a question of its own.
	for k := 0; k < len(cores); k++ {
		i, j := cores[k], cores[k]+1
		if j >= len(reads) || !reads[j].asks {
			continue
		}
		counted, ok := afterHow(reads[i].raw, "many")
		// "New builds starting this year — how many projects and how much
		// total area?": the topic set before the count is what is counted.
		counted = append(topicBeforeHow(reads[i].raw), counted...)
		if !ok || len(counted) == 0 || !asksOnlySize(reads[j].q.chinese) {
			continue
		}
		raw := strings.TrimRight(reads[j].raw, "?!. ") + " are the " + strings.Join(counted, " ") + "?"
		q := e.glossary.translate(e.spell(raw))
		reads[j] = read{raw: raw, q: q, weight: e.weight(q.chinese), asks: true}
		if !slices.Contains(cores, j) {
			cores = slices.Insert(cores, k+1, j)
		}
		k++
	}
	var out []part
	prevCue := ""
	var before []string
	for _, i := range cores {
		q := reads[i].q
		if cue := leadingCues(q.chinese); cue != "" {
			prevCue = cue
		} else if prevCue != "" {
			q.chinese = prevCue + " " + q.chinese
		}
		var context, contextEN []string
		for j, r := range reads {
			if j != i && !slices.Contains(cores, j) && r.q.chinese != "" {
				context = append(context, r.q.chinese)
				contextEN = append(contextEN, r.raw)
			}
		}
		out = append(out, part{core: q.chinese, context: strings.Join(context, " "), en: &q, before: strings.Join(before, " "),
			contextEN: strings.Join(contextEN, " ")})
		before = append(before, reads[i].raw)
		if len(out) > maxParts { // one more than is answered, so that the reply can say so
			break
		}
	}
	return out
}

// namesTopic reports whether an English sentence is only a noun phrase
// that sets a topic: "nursing homes in liwan – what share are supposed to
// meet the basic safety rules?" asks what share of the nursing homes. A
// sentence with a pronoun or a verb of its own ("I'm writing a piece for my
// class") says something about the asker instead.
func namesTopic(sentence string) bool {
	// "this year" points at a time, not at the asker: "New builds
	// starting this year — how many projects?"
	words := strings.Fields(strings.ToLower(timeDeixis.ReplaceAllString(sentence, "")))
	if len(words) == 0 || len(words) > topicWords {
		return false
	}
	for _, w := range words {
		w = strings.Trim(w, `"'’“”,.?!()`)
		if notTopicWords[w] || strings.HasSuffix(w, "'m") || strings.HasSuffix(w, "’m") || strings.HasSuffix(w, "n't") || strings.HasSuffix(w, "'ve") {
			return false
		}
	}
	return true
}

// setOff reports whether a sentence of text is set off from what follows
// it by a dash or a colon, as a topic is ("Huadi river – any new route?").
func setOff(text, sentence string) bool {
	i := strings.Index(text, sentence)
	if i < 0 || sentence == "" {
		return false
	}
	rest := strings.TrimLeft(text[i+len(sentence):], " ")
	return strings.HasPrefix(rest, "–") || strings.HasPrefix(rest, "—") || strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, ":")
}

// topicWords is the longest noun phrase namesTopic takes for a topic.
const topicWords = 6

// notTopicWords make a sentence more than a topic: a pronoun or a verb.
var notTopicWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`i me my mine we us our you your he she his her they them their it its this that
		is are was were be been am have has had do does did will would can could should shall may might must
		want wanted wants need needs heard hear read saw told think thought know live living work working moved
		going got get thanks thank hi hello hey please
		question questions query q`) { // "Real estate question: how many…" labels the ask
		notTopicWords[w] = true
	}
}

// definiteTerms writes out, in full, a term an earlier sentence named and
// this one points back at by its last word: after "they got housing
// vouchers", "Can they use the vouchers outside Liwan?" asks about the
// housing vouchers (房票).
func definiteTerms(sentence string, named []enSpan) string {
	lower := strings.ToLower(sentence)
	for _, sp := range named {
		words := strings.Fields(sp.english)
		if len(words) < 2 || strings.Contains(lower, sp.english) {
			continue
		}
		last := words[len(words)-1]
		for _, form := range []string{last, last + "s", strings.TrimSuffix(last, "s")} {
			// A bare plural points back too: "a care home … are they making
			// sure homes meet safety standards?"
			for _, det := range []string{"the ", "those ", "these ", "that ", "this ", ""} {
				if det == "" && form != last+"s" && !(strings.HasSuffix(last, "s") && form == last) {
					continue
				}
				if i := strings.Index(lower, det+form); i >= 0 && wordStarts(lower, i) && wordEnds(lower, i+len(det)+len(form)) {
					if det == "" && slices.Contains(words[:len(words)-1], lastWord(lower[:i])) {
						// "village and town industrial clusters" names its
						// own kind of cluster, in words of the term's own.
						return sentence
					}
					at := i + len(det)
					full := strings.Join(words[:len(words)-1], " ") + " "
					return sentence[:at] + full + sentence[at:]
				}
			}
		}
	}
	return sentence
}

// lastWord is the last word of s, or "".
func lastWord(s string) string {
	f := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// wordStarts reports whether a word starts at byte i of s.
func wordStarts(s string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// wordEnds reports whether a word ends at byte i of s.
func wordEnds(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// leadingCues are the quantity cues translate put first in a
// pseudo-question ("多少 托位"), or "".
func leadingCues(chinese string) string {
	var cues []string
	for _, w := range strings.Fields(chinese) {
		if firstCue(w) == "" && !slices.Contains(figureCues, w) {
			break
		}
		cues = append(cues, w)
	}
	return strings.Join(cues, " ")
}

// asksOnlySize reports an English ask whose Chinese reading asks a size and
// names nothing: "how big?" (多大), "what's the area?" (平方米 多少).
func asksOnlySize(chinese string) bool {
	size := false
	for _, w := range strings.Fields(chinese) {
		switch w {
		case "多大", "多长", "平方米", "公里", "面积":
			size = true
		case "多少":
		default:
			return false
		}
	}
	return size
}

// splitEnglish cuts English text into sentences at . ? ! ; : and line
// breaks (not inside numbers: 12.4, 10:30), keeping each sentence's
// question mark: "Two things: how much…" asks after its colon.
func splitEnglish(text string) []string {
	// "childcare / nursery places": alternatives joined by a spaced slash
	// are read as the unspaced ones are.
	text = spacedSlash.ReplaceAllString(text, "$1/$2")
	// A dash before a question word sets off what a resident says before
	// asking: "I'm writing a piece for my class — what's Liwan's target?".
	text = splitDashedAsks(text)
	// "two q's - how many…": a label that counts the asks is set off as
	// "Two things:" is.
	text = askLabel.ReplaceAllString(text, "$1.")
	// Chat interjections end a thought as a full stop does: "I'm job
	// hunting lol how many new jobs…".
	text = interjections.ReplaceAllString(text, ".")
	// A clause that sets a condition or a time before the question is
	// context, as a sentence of its own would be: "If our old home gets
	// demolished, can the housing voucher be used in another district?"
	text = leadingClause.ReplaceAllString(text, "$1$2$3. $4")
	// "e.g. Baoyuan Rd?": the point of an abbreviation ends no sentence,
	// but for "etc." before a question word: "rusty pipes etc. how many…".
	text = etcEnds.ReplaceAllString(text, "$1\n$2")
	text = abbreviationPoints.ReplaceAllStringFunc(text, func(m string) string { return strings.ReplaceAll(m, ".", "") })
	return cutAt(text, func(r rune) bool {
		switch r {
		case '.', '!', ';', ':', '\n', '。', '！', '：':
			return true
		}
		return unicode.Is(unicode.So, r)
	})
}

// tellersPlace is a teller of hearsay and where they are: "my uncle in
// Fangcun says", "a friend from Shamian told me".
var tellersPlace = regexp.MustCompile(`(?i)\b((?:my|our|a)\s+[a-z]+)\s+(?:in|from|at|near)\s+[A-Z][\w'’-]*\s+(says|said|told|tells|thinks|reckons|heard|claims)\b`)

// topicBeforeHow is the topic a sentence sets before its "how", set off by
// a dash, colon or comma ("new builds starting this year — how many
// projects"), as words; nil when the sentence opens with its question.
func topicBeforeHow(sentence string) []string {
	m := topicThenHow.FindStringSubmatch(sentence)
	if m == nil || !namesTopic(m[1]) {
		return nil
	}
	return strings.Fields(m[1])
}

// topicThenHow is a phrase set off before a "how" question.
var topicThenHow = regexp.MustCompile(`(?i)^\s*(.*?\pL.*?)\s*(?:[—–:,]|\s-)\s*how\b`)

// spacedSlash is a slash between words with spaces around it.
var spacedSlash = regexp.MustCompile(`(\pL)\s+/\s+(\pL)`)

// abbreviationPoints finds the points of the abbreviations residents write
// mid-sentence.
var abbreviationPoints = regexp.MustCompile(`(?i)\b(?:e\.g|i\.e|etc|approx|vs|rd|st|ave|mr|mrs|ms|dr|govt|dept|no|incl|excl|esp|sq)\.(?:\s|[,?!)]|$)`)

// etcEnds finds an "etc." that ends a sentence, before a question word.
var etcEnds = regexp.MustCompile(`(?i)\b(etc)\.\s+((?:how|what|what's|whats|which|when|where|who|why|is|are|will|does|do|can|could|any)\b)`)

// splitDashedAsks ends a sentence at each dash before a question word, but
// for a dash that closes an aside: "how many new industry spaces —
// factories, offices, malls — do they aim to complete?" asks one thing.
func splitDashedAsks(text string) string {
	var b strings.Builder
	last := 0
	for _, m := range dashedAsk.FindAllStringSubmatchIndex(text, -1) {
		b.WriteString(text[last:m[0]])
		sentence := text[strings.LastIndexAny(text[:m[0]], ".?!\n")+1 : m[0]]
		if strings.ContainsAny(sentence, "—–") {
			b.WriteString(text[m[0]:m[1]])
		} else {
			b.WriteString("." + text[m[2]:m[3]])
		}
		last = m[1]
	}
	b.WriteString(text[last:])
	return b.String()
}

// dashedAsk finds a dash (or a spaced hyphen) right before a question word.
var dashedAsk = regexp.MustCompile(`(?i)\s*(?:[—–]|\s-)\s*((?:what|what's|whats|which|when|where|who|why|is|are|will|does|do|can|could|any)\b)`)

// leadingClause finds a subordinate clause that opens a sentence and ends
// at a comma before a question word.
var leadingClause = regexp.MustCompile(`(?i)(^|[.!?;:]\s*)(if|when|whenever|since|because|once|although|though|now that|given that|while|with|considering|knowing)(\s(?:[^,.?!;:]|\.\d)*),\s*((?:what|what's|whats|which|where|who|why|how|is|are|will|would|does|do|did|can|could|should|any)\b)`)

// interjections are the chat words that punctuate residents' English.
var interjections = regexp.MustCompile(`(?i)\s+(?:lol+|lmao|haha+|hehe+|tbh|btw|omg|ngl|imo|fyi)\b[.!,]*`)

// secondAsk finds where one English sentence starts asking a second thing:
// "How many centres will meet the standard, and how many will become
// hospitals?", "What is the GDP target, and what about investment?".
var secondAsk = regexp.MustCompile(`(?i),?\s+and\s+(how|what|which|when|where|who)\b|,\s*(what|how)\s+about\b|,\s*(?:and|plus)\s+((?:the\s+)?(?:total\s+|overall\s+|combined\s+)?(?:floor\s+)?(?:area|size|floor\s+space|investment|cost|length)\s*\?*\s*$)`)

// refersBack finds a pronoun that points at what the ask before named.
// A possessive does not ("how many homes get their water fixed?").
var refersBack = regexp.MustCompile(`(?i)\b(in|of|for|among|from|inside|under|within)\s+(it|them|those|these)\b`)

// followUp finds a short question about what the one before it named:
// "Can I do it online?", "How long does that take?", "Is it free?".
var followUp = regexp.MustCompile(`(?i)\b(it|that|this|them|those|these)\b`)

// timeDeixis are "this year" and its kin, which point at a time, not back.
var timeDeixis = regexp.MustCompile(`(?i)\b(this|that|these|those)\s+(year|years|yr|yrs|month|months|mth|week|weeks|wk|weekend|time|round|term|quarter|season|summer|winter|autumn|fall|spring)\b`)

// followsUp reports whether an English sentence is a short follow-up to
// the question before it, and so no question of its own.
func followsUp(sentence string) bool {
	return len(strings.Fields(sentence)) <= 7 && followUp.MatchString(timeDeixis.ReplaceAllString(sentence, "")) ||
		checksBack.MatchString(sentence)
}

// possessiveBack opens a question with a possessive that points at what
// the sentence before named: "The report mentions 9 plots. What is their
// total area?". Later in a question, "its" may be the question's own
// subject's ("does the district hope its economy will grow").
var possessiveBack = regexp.MustCompile(`(?i)^\W*(?:what|how\s+\w+|and)\s+(?:(?:is|are|was|were|will\s+be)\s+)?(?:their|its)\b|^\W*(?:what|what's|whats)\s+(?:their|its)\b`)

// checksBack ends a sentence that checks what the asker heard against the
// question before it: "Someone told me it's like 2.5 million sqm, is that
// right?".
var checksBack = regexp.MustCompile(`(?i)\b(?:is|was)\s+(?:that|it|this)\s+(?:right|true|correct|so)\s*\?*\s*$|,\s*right\s*\?+\s*$`)

// splitEnglishAsks cuts a sentence before each second thing it asks; the
// cut keeps the question word ("how many will become hospitals?").
func splitEnglishAsks(sentence string) []string {
	// "number and area?" asks a count and a size.
	if measurePair.MatchString(sentence) {
		return []string{"how many", "how big?"}
	}
	var out []string
	for {
		m := secondAsk.FindStringSubmatchIndex(sentence)
		if m == nil || m[0] == 0 {
			break
		}
		word := m[2]
		if word < 0 {
			word = m[4]
		}
		if word < 0 {
			// ", and total floor area?": a measure asked after a count.
			word = m[6]
		}
		// "Is there a quality campaign, and how many projects are in
		// it?" asks one thing: the second ask is about the first's.
		if refersBack.MatchString(sentence[word:]) {
			break
		}
		out = append(out, strings.TrimSpace(sentence[:m[0]]))
		sentence = sentence[word:]
	}
	return append(out, strings.TrimSpace(sentence))
}

// askLabel is a label that says how many questions follow, set off by a
// dash.
var askLabel = regexp.MustCompile(`(?i)^(\s*(?:(?:two|three|2|3|a\s+few|few|couple(?:\s+of)?|quick|some)\s+)?(?:q|qs|q's|qns|ques|questions?|things?))\s*(?:[—–]|\s-)`)

// measurePair is a count and a size asked together, naming nothing else.
var measurePair = regexp.MustCompile(`(?i)^\s*(?:the\s+)?(?:number|count|how\s+many)\s+(?:and|&|\+|n)\s+(?:the\s+)?(?:total\s+)?(?:(?:floor\s+)?area|size|how\s+big|floor\s+space)\s*\?*\s*$`)

// englishAskWords open or mark an English question.
var englishAskWords = map[string]bool{
	"how": true, "what": true, "what's": true, "whats": true, "which": true, "when": true, "where": true, "who": true, "why": true,
	"is": true, "are": true, "will": true, "does": true, "do": true, "did": true, "can": true, "could": true, "any": true,
	"tell": true, "explain": true, "give": true, "list": true,
}

// asksEnglish reports whether an English sentence asks: it ends with a
// question mark or opens with a question word ("how many households get…").
// "My son is going to start school" does not, though it holds "is".
//
// A question word after a comma asks too, behind a phrase that sets what
// it asks about: "Counting all the projects that start this year, how many
// are there".
func asksEnglish(sentence string) bool {
	if strings.HasSuffix(strings.TrimSpace(sentence), "?") {
		return true
	}
	for i, clause := range strings.Split(strings.ToLower(sentence), ",") {
		for _, w := range strings.Fields(clause) {
			w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
			if w == "" || leadingFillers[w] {
				continue // "but what percent will…", "ok so how many…"
			}
			if i == 0 && englishAskWords[w] || i > 0 && whWords[w] {
				return true
			}
			break
		}
	}
	return false
}

// inWhere ends a phrase before "what area" that asks where: "is in", "which
// street … in".
var inWhere = regexp.MustCompile(`(?i)(?:\bin|\bwhich\b.*)\s*$`)

// areaOf is "what is the area of", asking the size of what follows.
var areaOf = regexp.MustCompile(`(?i)\bwhat(?:'s|’s|s|\s+is|\s+are|\s+will\s+be)?\s+the\s+area\s+(?:of|for)\b`)

// areaAsked is "what area" or "what is the area" that ends a sentence.
var areaAsked = regexp.MustCompile(`(?i)\bwhat(?:'s|’s|\s+is|\s+are)?\s+(?:the\s+|its\s+|their\s+)?area\s*(\?*)\s*$`)

// leadingFillers open a chat sentence before its question word.
var leadingFillers = map[string]bool{"but": true, "and": true, "so": true, "also": true, "ok": true, "okay": true, "then": true,
	"anyway": true, "btw": true, "plus": true, "now": true, "well": true, "hmm": true, "oh": true, "sorry": true, "like": true}

// whWords open a question wherever a clause starts with one; who, which,
// where and when after a comma more often open a relative clause ("My son,
// who is six, …").
var whWords = map[string]bool{"how": true, "what": true, "what's": true, "whats": true}

// spell mends misspelt English words ("meny", "scool", "respiritory")
// against the words the engine knows: the glossary's, the cues', the stop
// words and residents' English. A word is changed only to a known word one
// edit away (two for long words), and only when that word is the single
// nearest one.
func (e *Engine) spell(text string) string {
	if e.englishWords == nil {
		return text
	}
	words := strings.Fields(text)
	changed := false
	for i, w := range words {
		if strings.Contains(w, "/") {
			// "greenary/park": each alternative is a word of its own.
			alts := strings.Split(w, "/")
			for k, alt := range alts {
				alts[k] = e.spell(alt)
			}
			if joined := strings.Join(alts, "/"); joined != w {
				words[i], changed = joined, true
			}
			continue
		}
		core := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		lower := strings.ToLower(core)
		// A chat form is expanded even where the residents' wording has it
		// ("Rd"): the rendering writes the full word. The glossary's own
		// short forms ("sqm") it reads as they are.
		if full, ok := chatForms[lower]; ok && !e.glossary.words[lower] && core == strings.Trim(w, ",.;:!?()\"'") {
			words[i] = strings.Replace(w, core, full, 1)
			changed = true
			continue
		}
		if e.englishWords[lower] || !isASCIILetters(lower) {
			continue
		}
		if isEnglishWord(lower) {
			continue // a word of English, whatever report word it is one letter from: month, dad, hours
		}
		if utf8.RuneCountInString(lower) < 4 {
			// Too short to spell by distance, but an acronym typed with
			// two letters swapped is one: GPD is GDP.
			if fix, ok := e.swappedWord(lower); ok {
				words[i] = strings.Replace(w, core, fix, 1)
				changed = true
			}
			continue
		}
		if stem := porterstemmer.StemString(lower); e.englishStems[stem] || englishStopwords[stem] || e.english.synonyms.known(stem) || isPlaceName(stem) {
			continue // another form of a known word ("places", "adding"), a synonym of one ("shelter"), or a place ("panyu")
		}
		if fix, ok := e.nearestWord(lower); ok {
			words[i] = strings.Replace(w, core, fix, 1)
			changed = true
		} else if fix, ok := e.nearestInflection(lower); ok {
			words[i] = strings.Replace(w, core, fix, 1)
			changed = true
		}
	}
	if !changed {
		return text
	}
	return strings.Join(words, " ")
}

// chatForms are the short forms residents type in chat, for the words the
// report's English uses: "Small biz owner here - any help getting loans?"
// asks about businesses. A word is expanded only standing alone, so "1st"
// is no street.
var chatForms = map[string]string{
	"biz": "business", "govt": "government", "gov": "government", "yr": "year", "yrs": "years",
	"ppl": "people", "pls": "please", "plz": "please", "info": "information", "dept": "department",
	"mny": "many", "whn": "when",
	"approx": "approximately", "uni": "university", "infra": "infrastructure", "rd": "road",
	"mgmt": "management", "devt": "development", "intl": "international", "env": "environment",
	"transpo": "transport", "hosp": "hospital", "edu": "education", "ctr": "centre", "bldg": "building",
	"bldgs": "buildings", "apt": "apartment", "apts": "apartments",
	"demo": "demonstration", "demos": "demonstrations", "reno": "renovation", "renos": "renovations",
	"rehab": "rehabilitation", "admin": "administration", "tech": "technology", "econ": "economy",
	"hq": "headquarters", "hqs": "headquarters", "govts": "governments", "subsidy's": "subsidy",
	// texting: "hw many key projects r they gonna speed up"
	"hw": "how", "r": "are", "u": "you", "ur": "your", "wat": "what", "wht": "what", "abt": "about",
	"bc": "because", "cuz": "because", "coz": "because", "hv": "have", "tmr": "tomorrow",
	"thx": "thanks", "ty": "thank you", "pple": "people", "mth": "month", "mths": "months",
	"km2": "square kilometres", "sqm": "square metres", "m2": "square metres", "gonna": "going to", "wanna": "want to",

	// "projects lined up for this year" are planned; the stem of "lined"
	// is the report's "line" (in line with, Metro Line 11).
	"lined": "planned",
}

// swappedWord finds the known word that a short word is with two
// neighbouring letters swapped ("gpd" → "gdp"), if exactly one is.
func (e *Engine) swappedWord(w string) (string, bool) {
	found := ""
	for i := 0; i+1 < len(w); i++ {
		b := []byte(w)
		b[i], b[i+1] = b[i+1], b[i]
		if c := string(b); c != w && e.englishWords[c] {
			if found != "" && found != c {
				return "", false
			}
			found = c
		}
	}
	return found, found != ""
}

// isPlaceName reports whether a Porter stem is a word of a romanised place
// name in the gazetteer.
func isPlaceName(stem string) bool {
	g, err := loadGazetteer()
	if err != nil {
		return false
	}
	return g.englishWord[stem]
}

func isASCIILetters(s string) bool {
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

func (e *Engine) nearestWord(w string) (string, bool) {
	limit := 1
	if len(w) >= 7 {
		limit = 2
	}
	// Among words equally near, a typo more often keeps a word's first and
	// last letters ("meny" is "many", not "menu").
	best, bestD, ties := "", limit+1, 0
	ends := func(c string) bool { return c != "" && c[0] == w[0] && c[len(c)-1] == w[len(w)-1] }
	consider := func(cand string, d int) {
		switch {
		case d < bestD:
			best, bestD, ties = cand, d, 1
		case d == bestD && ends(cand) && !ends(best):
			best, ties = cand, 1
		case d == bestD && ends(cand) == ends(best):
			ties++
		}
	}
	for n := len(w) - limit; n <= len(w)+limit; n++ {
		for _, cand := range e.englishByLen[n] {
			consider(cand, editDistance(w, cand, limit))
		}
	}
	// The plural of a known word is a word the asker may mean too, where
	// it is nearer than any known word: "parcles" is one swap from parcels,
	// two from the report's parcel.
	if w[len(w)-1] == 's' {
		for n := len(w) - limit - 1; n < len(w)+limit; n++ {
			for _, cand := range e.englishByLen[n] {
				if d := editDistance(w, cand+"s", limit); d < bestD && !e.englishWords[cand+"s"] && isEnglishWord(cand+"s") {
					best, bestD, ties = cand+"s", d, 1
				}
			}
		}
	}
	return best, bestD <= limit && ties == 1
}

// editDistance is the Damerau-Levenshtein (optimal string alignment)
// distance between a and b, or limit+1 once it exceeds limit.
func editDistance(a, b string, limit int) int {
	// Three rows on the stack for the words spell meets; a longer word
	// gets them from the heap.
	var rows [3][32]int
	prev2, prev, cur := rows[0][:], rows[1][:], rows[2][:]
	if len(b)+1 > len(prev) {
		prev2, prev, cur = make([]int, len(b)+1), make([]int, len(b)+1), make([]int, len(b)+1)
	}
	prev2, prev, cur = prev2[:len(b)+1], prev[:len(b)+1], cur[:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// nearestInflection mends a long misspelt word by its stem where no known
// word is near it as written: "expropiating" is two edits from no word, but
// its stem (expropi) is one from expropriate's (expropri). The known word
// returned has the nearest stem, if exactly one stem is that near.
func (e *Engine) nearestInflection(w string) (string, bool) {
	if len(w) < inflectionMinLetters {
		return "", false
	}
	stem := porterstemmer.StemString(w)
	best, bestStem := "", ""
	for n := len(w) - 3; n <= len(w)+3; n++ {
		for _, cand := range e.englishByLen[n] {
			cs := porterstemmer.StemString(cand)
			if cs == bestStem || len(cs) < inflectionMinLetters-3 || editDistance(stem, cs, 1) > 1 {
				continue
			}
			if bestStem != "" {
				return "", false // two stems as near: no telling which was meant
			}
			best, bestStem = cand, cs
		}
	}
	return best, best != ""
}

// inflectionMinLetters is how long a word must be for its stem to be
// mended: a short stem is one letter from too many others.
const inflectionMinLetters = 9

// learnEnglish gathers the English words spell may correct to: the
// glossary's, the question frames', the cues' and the residents' words for
// this report's sentences.
func (e *Engine) learnEnglish(r *corpus.Report) error {
	base, err := sharedEnglishWords()
	if err != nil {
		return err
	}
	e.englishWords = maps.Clone(base.words)
	e.englishStems = maps.Clone(base.stems)
	e.englishByLen = make(map[int][]string, len(base.byLen))
	for n, ws := range base.byLen {
		e.englishByLen[n] = slices.Clip(ws) // a residents' word appends to a copy
	}
	grown := map[int]bool{}
	add := func(text string) {
		for _, w := range englishWords(text) {
			if isASCIILetters(w) && !e.englishWords[w] {
				e.englishWords[w] = true
				e.englishByLen[len(w)] = append(e.englishByLen[len(w)], w)
				grown[len(w)] = true
				if !frameWords[w] {
					e.englishStems[porterstemmer.StemString(w)] = true
				}
			}
		}
	}
	for _, v := range r.Vocabulary {
		for _, w := range v.English {
			add(w)
		}
		for _, q := range v.Questions {
			if detectLang(normalizeText(q)) == English {
				add(q)
			}
		}
	}
	for n := range grown {
		slices.Sort(e.englishByLen[n]) // the same nearest word on every run
	}
	return nil
}

// englishWordSet is the English words spell may correct to that are not
// the report's own, with their stems (but for question frames) and by
// length, sorted.
type englishWordSet struct {
	words, stems map[string]bool
	byLen        map[int][]string
}

// sharedEnglishWords are the glossary's, the question frames' and the cues'
// words: every engine's, and most of each one's.
var sharedEnglishWords = sync.OnceValues(func() (*englishWordSet, error) {
	g, err := sharedGlossary()
	if err != nil {
		return nil, err
	}
	s := &englishWordSet{words: map[string]bool{}, stems: map[string]bool{}, byLen: map[int][]string{}}
	add := func(text string) {
		for _, w := range englishWords(text) {
			if isASCIILetters(w) {
				s.words[w] = true
			}
		}
	}
	for w := range g.words {
		add(w)
	}
	for w := range frameWords {
		add(w)
	}
	for _, w := range []string{"how", "many", "much", "percentage", "percent", "rate", "share", "square", "metres", "meters",
		"kilometres", "kilometers", "hectares", "yuan", "money", "billion", "million", "people", "persons", "households", "minutes", "last", "next", "year"} {
		add(w)
	}
	for w := range s.words {
		s.byLen[len(w)] = append(s.byLen[len(w)], w)
		if !frameWords[w] {
			s.stems[porterstemmer.StemString(w)] = true
		}
	}
	for _, ws := range s.byLen {
		slices.Sort(ws)
	}
	return s, nil
})

// chatterFactor is what an English word counts for when neither the report,
// the glossary nor residents' words know it ("moment", "grandma"): such
// words are mostly chatter around the question, but a question made of
// nothing else is still refused.
const chatterFactor = 0.5

// discountChatter lowers the weight of an English question's unknown words.
func (e *Engine) discountChatter(q *question) {
	q.discount(func(t term) bool {
		return !isHanRun(t.text) && !e.stats.mentions(t.text) && !e.englishStems[t.text]
	}, chatterFactor)
}

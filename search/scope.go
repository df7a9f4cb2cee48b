package search

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.uber.org/zap"
)

// outOfScope tells whether a normalised, simplified question asks about a
// place or a year the report does not cover, and names it. A place comes
// from the gazetteer (data/places.tsv); a year is a four-digit year other
// than the report's own (Names.Year) or a relative year (去年, 明年) that
// does not name the report's own year (see WithToday).
func (e *Engine) outOfScope(text string) (what string, ok bool) {
	m, ok := e.scopeMiss(text)
	return m.what, ok
}

// scopeMiss is why a question is out of the report's scope: the place or
// year it names, as the scope reply names it, and which of the two it is.
// A Shelf holding the place's or the year's report asks that one instead.
type scopeMiss struct {
	what  string // as the reply names it: 越秀区, 2024年, 去年
	place string // the place named, or ""
	year  string // the year named ("2024"), or "" for a place or a span no one year is (往年)
}

func (e *Engine) scopeMiss(text string) (scopeMiss, bool) {
	// "房票可以跨区用吗，比如番禺": a question about crossing the
	// district's bounds names another place as where, not as whose.
	if what, ok := e.placeOutOfScope(text); ok && !crossesBounds(text) {
		return scopeMiss{what: what, place: what}, true
	}
	y, ok := otherYear(text, e.names.Year, e.today, e.stats)
	return scopeMiss{what: y.phrase, year: y.year}, ok
}

// crossesBounds reports a question about something used or done across
// districts (跨区使用, 跨域办理), which another district's name does not put
// out of scope.
func crossesBounds(text string) bool {
	return strings.Contains(text, "跨区") || strings.Contains(text, "跨域")
}

// placeOutOfScope applies the gazetteer. A question naming another place is
// out of scope; so is one asking about a place that holds Liwan as a whole
// (广州市GDP增长多少, 全市, 全国) unless it names Liwan too (广州荔湾,
// 广州市荔湾区). A name is no place where it is part of a report term
// (广州工控, 健全市场) or its first character ends a word of the report
// (新增城中村 holds 增城); and a place the report itself names stays in
// scope when asked about in the report's sense (see mentionedAlike).
func (e *Engine) placeOutOfScope(text string) (string, bool) {
	g, err := loadGazetteer()
	if err != nil {
		// The embedded file is checked by the tests; a broken build
		// loses place scope, not the answer.
		e.log.Error("gazetteer not loaded", zap.Error(err))
		return "", false
	}
	hits := g.find(text)
	liwan := false
	for _, h := range hits {
		liwan = liwan || e.ownsPlace(h.place)
	}
	parent := ""
	prevEnd := -1
	for _, h := range hits {
		afterPlace := h.start >= 0 && h.start == prevEnd
		prevEnd = h.end
		if e.ownsPlace(h.place) {
			continue
		}
		if h.start < 0 && !writesName(text, h.place) && namesRoad(text) {
			continue // a stem alone ("nan" of Dongjiao Nan Lu) is no Nanning
		}
		if h.start >= 0 && e.inReportTerm(text, h, afterPlace) {
			continue
		}
		if e.mentionedAlike(g, text, h, hits, liwan) {
			continue
		}
		if h.place.scope == scopeParent {
			if !asksForWhole(text, h, hits) {
				continue
			}
			if parent == "" {
				parent = h.form
			}
			continue
		}
		return h.form, true
	}
	if parent != "" && !liwan {
		return parent, true
	}
	return "", false
}

// ownsPlace reports whether a place is the report's own: Liwan and its
// streets (the gazetteer's own scope) for a report of Liwan or of a
// district the gazetteer does not know, and for another district's report
// that district alone, Liwan's places being another's there.
func (e *Engine) ownsPlace(p *place) bool {
	if e.ownPlace == nil || e.ownPlace.scope == scopeIn {
		return p.scope == scopeIn
	}
	return p == e.ownPlace
}

// englishFigureOutOfScope reports an English quantity question about
// another place, read from its own words: the glossary turns "Hong Kong"
// into the report's 港澳 before the Chinese scope check sees it, so "How
// many childcare places does Hong Kong plan?" would meet Liwan's 托位. A
// figure about another place is never the report's, whatever it shares;
// a fact about Liwan's ties with it may be ("What is Liwan doing with Hong
// Kong?" asks no figure, and stays in scope).
func (e *Engine) englishFigureOutOfScope(raw string) (string, bool) {
	g, err := loadGazetteer()
	if err != nil {
		return "", false
	}
	words := stemWords(raw)
	if slices.Contains(words, "liwan") || slices.Contains(words, "district") {
		return "", false
	}
	for _, h := range g.findEnglish(strings.Join(words, " ")) {
		if !writesName(raw, h.place) {
			continue // "Dongjiao Nan Lu": nan is Nanning's stem, not Nanning
		}
		if !e.ownsPlace(h.place) && !e.reportNames(h.place) {
			return englishPlaceName(h.place), true
		}
	}
	// As written, with possessives dropped: "Guangzhou's GDP".
	var plainWords []string
	for _, w := range strings.FieldsFunc(strings.ToLower(raw), func(r rune) bool { return !(r >= 'a' && r <= 'z' || r == '\'' || r == '’') }) {
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
		plainWords = append(plainWords, strings.Trim(w, "'’"))
	}
	plain := " " + strings.Join(plainWords, " ") + " "
	for _, p := range g.parentEnglish {
		if strings.Contains(plain, " "+p.name+" ") {
			return englishPlaceName(p.place), true
		}
	}
	return "", false
}

// writesName reports whether English text writes one of a place's
// romanised names as such, not only a word of the same stem.
func writesName(text string, p *place) bool {
	plain := " " + strings.Join(strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !(r >= 'a' && r <= 'z') }), " ") + " "
	for _, name := range p.en {
		if strings.Contains(plain, " "+strings.ToLower(name)+" ") || strings.Contains(plain, " "+strings.ToLower(name)+"s ") {
			return true
		}
	}
	return false
}

// namesRoad reports English text that names a road in pinyin ("Dongjiao
// Nan Lu", "Kuipeng Rd"), whose syllables may stem like a city's name.
func namesRoad(text string) bool { return pinyinRoad.MatchString(text) }

var pinyinRoad = regexp.MustCompile(`(?i)\b[a-z]+\s+(?:lu|rd|road|jie|dadao)\b`)

// englishScopeName is what an English scope reply calls a place or year
// the Chinese scope check named: 佛山 is Foshan. A name the gazetteer has
// no romanisation for, or a year, stays as it is.
func (e *Engine) englishScopeName(what string) string {
	if !strings.ContainsFunc(what, isHan) {
		if isASCIILetters(strings.ReplaceAll(what, " ", "")) {
			return titleWords(what) // the asker's "china" is China
		}
		return what
	}
	if en, ok := englishRelativeYears[what]; ok {
		return en
	}
	if year, ok := strings.CutSuffix(what, "年"); ok && yearPattern.MatchString(year) {
		return year
	}
	g, err := loadGazetteer()
	if err != nil {
		return what
	}
	if p := g.place(what); p != nil && len(p.en) > 0 {
		return englishPlaceName(p)
	}
	return what
}

// reportNames reports whether the report itself names a place, in any of
// its forms: "Hainan" in "Hainan village" is Liwan's 海南, not the province.
func (e *Engine) reportNames(p *place) bool {
	for _, f := range p.forms {
		for _, t := range e.normText {
			if strings.Contains(t, f) {
				return true
			}
		}
	}
	return false
}

// inReportTerm reports whether the name found at h runs into a term of the
// report: the report holds it with the question's next or previous
// characters (广州酒家, 广州市激光…, 完成海南等), or the character before it
// makes a report word with its first (新增|城中村, 健全|市场). The character
// before is not weighed when it ends another place (佛山|顺德).
func (e *Engine) inReportTerm(text string, h placeHit, afterPlace bool) bool {
	if next := hanRunes(text[h.end:], 2, false); next != "" && e.stats.mentions(h.form+next) {
		return true
	}
	if afterPlace {
		return false
	}
	prev := hanRunes(text[:h.start], 2, true)
	if prev == "" {
		return false
	}
	if e.stats.mentions(prev + h.form) {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(prev)
	first, _ := utf8.DecodeRuneInString(h.form)
	return !functionChars[last] && e.stats.known(last, first)
}

// hanRunes returns up to n Han characters of s next to the cut: its first
// ones, or its last ones when fromEnd is set. It stops at the first
// character that is not Han, and gives nothing when the character at the
// cut is a function character (的, 在), which binds to no name.
func hanRunes(s string, n int, fromEnd bool) string {
	rs := []rune(s)
	var out []rune
	for k := 0; k < len(rs) && len(out) < n; k++ {
		r := rs[k]
		if fromEnd {
			r = rs[len(rs)-1-k]
		}
		if !isHan(r) || (len(out) == 0 && functionChars[r]) {
			break
		}
		out = append(out, r)
	}
	if fromEnd {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return string(out)
}

// asksForWhole reports whether a question naming a place that holds Liwan
// asks about that place as a whole: for a quantity (广州市GDP增长多少) or
// for something of the place's (广州的托位, 广州GDP). A name that runs on
// into another, without a quantity asked, is an adjective or part of a
// name (中国象棋, 广东大戏, 广州工业投资控股), and 广州塔 or 广州南站 is a
// landmark whose figures are not the city's either way.
func asksForWhole(text string, h placeHit, hits []placeHit) bool {
	if h.start < 0 {
		return asksQuantity(text, hits, false)
	}
	rest := text[h.end:]
	if namesSomethingElse(rest) {
		return false
	}
	if asksQuantity(text, hits, false) {
		return true
	}
	next, _ := utf8.DecodeRuneInString(strings.TrimLeft(rest, " "))
	return next == '的' || next >= 'a' && next <= 'z'
}

// cityNameHeads, right after 广州 or 广州市, make the name part of another
// name: a landmark, station or institution whose figures are not the
// city's (广州塔门票, 广州南站). The report's own such names (广州工控,
// 广州酒家) are told apart by the report itself.
var cityNameHeads = []string{
	"塔", "站", "火车站", "东站", "南站", "北站", "地铁", "大学", "大道", "动物园", "图书馆", "博物馆", "美术馆",
	"大剧院", "歌剧院", "体育馆", "体育中心", "机场", "白云机场", "日报", "长隆", "海洋馆",
}

func namesSomethingElse(rest string) bool {
	for _, h := range cityNameHeads {
		if strings.HasPrefix(rest, h) {
			return true
		}
	}
	return false
}

// reportAliases are how the report names a place it mentions under another
// form: 港澳 for Hong Kong and Macau, 广佛 for Guangzhou and Foshan.
var reportAliases = map[string][]string{
	"香港": {"港澳"}, "澳门": {"港澳"}, "佛山": {"广佛"}, "佛山市": {"广佛"},
	"hong kong": {"港澳"}, "macau": {"港澳"}, "macao": {"港澳"}, "foshan": {"广佛", "佛山"},
}

// mentionedAlike reports whether the report names this place (or calls it by
// an alias) and the question asks about it in the report's sense: it names
// Liwan too (在荔湾能用上香港的药吗), or shares a word (a Han bigram of
// content, not a question word or function character) with a sentence that
// names the place (联动佛山举办什么活动), or asks for no quantity at all
// (佛山, 海南村会整治吗, 香港学生). A quantity asked of such a place
// (佛山GDP增长多少, 香港医生有多少) is that place's own figure.
func (e *Engine) mentionedAlike(g *gazetteer, text string, h placeHit, hits []placeHit, liwan bool) bool {
	// Only sentences holding one of the place's forms can name it: the
	// phrase index finds them without reading the whole report. Whether
	// one names the place (a gazetteer scan of the sentence) is asked only
	// of those the answer depends on, once each.
	forms := append(slices.Clone(reportAliases[h.form]), h.place.forms...)
	cands := e.stats.phrases.union(forms)
	known := map[int]bool{}
	names := func(pos int) bool {
		v, ok := known[pos]
		if !ok {
			v = namesPlace(g, e.normText[pos], h)
			known[pos] = v
		}
		return v
	}
	if !slices.ContainsFunc(cands, names) {
		return false
	}
	if liwan {
		return true
	}
	// The question without its place names and question words.
	var b strings.Builder
	last := 0
	for _, o := range hits {
		if o.start < 0 {
			continue
		}
		b.WriteString(text[last:o.start])
		b.WriteString(" ")
		last = o.end
	}
	b.WriteString(text[last:])
	rest := []rune(e.questionWords.apply(b.String()))
	for i := 0; i+1 < len(rest); i++ {
		a, c := rest[i], rest[i+1]
		if !isHan(a) || !isHan(c) || functionChars[a] || functionChars[c] {
			continue
		}
		bg := string(rest[i : i+2])
		for _, pos := range cands {
			if strings.Contains(e.normText[pos], bg) && names(pos) {
				return true
			}
		}
	}
	return !asksQuantity(text, hits, true)
}

// namesPlace reports whether a report sentence names the place found at h
// on its own, not inside a name of Liwan's (广州酒家 does not name 广州), or
// by an alias.
func namesPlace(g *gazetteer, sentence string, h placeHit) bool {
	for _, a := range reportAliases[h.form] {
		if strings.Contains(sentence, a) {
			return true
		}
	}
	if !slices.ContainsFunc(h.place.forms, func(f string) bool { return strings.Contains(sentence, f) }) {
		return false
	}
	for _, o := range g.find(sentence) {
		if o.place == h.place {
			return true
		}
	}
	return false
}

// asksQuantity reports whether a question asks for a figure: a quantity cue
// (多少, 几, 比例), a Latin word other than a place's name (GDP, PM2.5), or,
// with measures set, a measure (增长, 投资, 面积). Measures are left out
// after 广州 or 广东, where they are as often part of a name (广州工业投资控股).
func asksQuantity(text string, hits []placeHit, measures bool) bool {
	for _, c := range figureCues {
		if strings.Contains(text, c) {
			return true
		}
	}
	for _, c := range unitCues {
		if measures && strings.Contains(text, c.cue) {
			return true
		}
	}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !(r >= 'a' && r <= 'z') }) {
		if len(w) >= 2 && !englishStopwords[w] && !isEnglishPlace(w, hits) {
			return true
		}
	}
	return false
}

// isEnglishPlace reports whether a Latin word is part of a romanised place
// name found in the question.
func isEnglishPlace(w string, hits []placeHit) bool {
	for _, h := range hits {
		if h.start < 0 && strings.Contains(h.form, w) {
			return true
		}
	}
	return false
}

// relativeYears name a year by its distance from the year asked in, or a
// span of years (往年, 未来几年: far, 0), which no one report covers. Each
// counts only as a word of its own: 上一年级 is a school grade, 上年纪 an
// age. Longer ones come before those they hold (大前年, 前年).
var relativeYears = []struct {
	phrase string
	by     int
	far    bool
}{
	{"大前年", -3, false}, {"大后年", 3, false}, {"前年", -2, false}, {"去年", -1, false}, {"旧年", -1, false},
	{"上一年", -1, false}, {"上年", -1, false}, {"往年", 0, true}, {"历年", 0, true}, {"过去几年", 0, true},
	{"过去一年", -1, false}, {"过去五年", 0, true},
	{"明年", 1, false}, {"后年", 2, false}, {"来年", 1, false}, {"下一年", 1, false}, {"出年", 1, false},
	{"未来几年", 0, true}, {"今后几年", 0, true},
}

// englishRelativeYears are the relative years' English: an English
// question reaches the scope check through the glossary, so "last year"
// arrives as 去年, and the reply must not hand the asker the Chinese back.
var englishRelativeYears = map[string]string{
	"大前年": "three years ago", "大后年": "three years from now", "前年": "the year before last",
	"去年": "last year", "旧年": "last year", "上一年": "last year", "上年": "last year",
	"往年": "past years", "历年": "past years", "过去几年": "the past few years", "过去一年": "the past year",
	"过去五年": "the past five years", "明年": "next year", "后年": "the year after next", "来年": "next year",
	"下一年": "next year", "出年": "next year", "未来几年": "the coming years", "今后几年": "the coming years",
}

// carriedOverPattern finds an English question about work carried over
// from last year ("sites that keep going from last year"): the year is
// where the work began, and the figure asked is this year's (续建).
var carriedOverPattern = regexp.MustCompile(`(?i)\b(?:continu\w*|keep(?:s|ing)? going|carr(?:y|ied|ies|ying) over|ongoing|still)\b.*\b(?:from|since) (?:last year|the previous year|the year before)\b`)

func carriedOver(raw string) bool { return carriedOverPattern.MatchString(raw) }

// notAfterYear are characters that, right after a relative year, make it
// part of another word: 年级 (a school grade), 年纪 (age), 年度 is kept
// (上一年度 is last year).
const notAfterYear = "级纪轻"

// notBeforeYear are characters that, right before one, make it part of
// another word: 推出年货 is not 出年 (Cantonese for next year), 今后年份 not 后年.
const notBeforeYear = "推提输产支演展今最落之以然此"

// yearPattern finds four-digit numbers that may be years: 19xx or 20xx not
// inside a longer number or a decimal.
var yearPattern = regexp.MustCompile(`(?:19|20)\d\d`)

// hanYearPattern finds years written in Chinese numerals: 二〇二四年,
// 二零二四年.
var hanYearPattern = regexp.MustCompile(`(?:一九|二[〇零])[〇零一二三四五六七八九]{2}年`)

// countCues before a bare number make it a quantity: 超过2000, 有1950.
var countCues = []string{"超过", "超", "多于", "少于", "不少于", "不到", "低于", "高于", "达到", "达", "有", "约", "近", "是", "为", "共", "逾"}

// yearRef is a year a question names.
type yearRef struct {
	phrase   string // as a reply names it: 2024年, 2024 (asked bare, as English asks), 二〇二四年, 去年
	year     string // the year it names ("2024"); "" for a span of years, or a relative year with no year to count from
	relative bool   // named by its distance from the year asked in (去年), not by its number
}

// findYear finds the years a normalised, simplified question names: its
// four-digit years (2024年, in 2024), its years in Chinese numerals, then
// its relative years (去年, 前年), counted back or on from today (a year,
// "2025"; "" leaves them uncounted). A number that is a quantity (超过2000,
// 2000个, round hundreds written bare) or part of a name the report holds
// (2021-2035年) is no year.
func findYear(text, today string, stats *corpusStats) []yearRef {
	var out []yearRef
	for _, loc := range yearPattern.FindAllStringIndex(text, -1) {
		start, end := loc[0], loc[1]
		before, _ := utf8.DecodeLastRuneInString(text[:start])
		after, _ := utf8.DecodeRuneInString(text[end:])
		if unicode.IsDigit(before) || before == '.' || unicode.IsDigit(after) || after == '.' || after == '%' {
			continue // part of a longer number: 12025, 2000.5, 2030%
		}
		year := text[start:end]
		switch {
		case after == '年':
		case isHan(after), unicode.IsLetter(after):
			continue // a counter or unit follows: 2000个, 2000人次, 2000m
		default:
			// A bare number is a year unless a quantity cue stands before
			// it or it is a round hundred (2000): residents write years
			// with 年, and "more than 2000" reaches here without its cue
			// from English.
			if strings.HasSuffix(year, "00") || hasCountCue(text[:start]) {
				continue
			}
		}
		if yearInReportTerm(text, start, end, stats) {
			continue // 国土空间总体规划(2021-2035年) is a name
		}
		if after != '年' {
			// Written as asked: an English question's "in 2030" reaches
			// here bare, and its reply is in English.
			out = append(out, yearRef{phrase: year, year: year})
			continue
		}
		out = append(out, yearRef{phrase: year + "年", year: year})
	}
	for _, m := range hanYearPattern.FindAllString(text, -1) {
		out = append(out, yearRef{phrase: m, year: hanDigits(strings.TrimSuffix(m, "年"))})
	}
	var taken [][2]int // where a relative year was read: 前年 in 大前年 is no second year
	for _, y := range relativeYears {
		for off := 0; ; {
			i := strings.Index(text[off:], y.phrase)
			if i < 0 {
				break
			}
			i += off
			off = i + len(y.phrase)
			before, _ := utf8.DecodeLastRuneInString(text[:i])
			after, _ := utf8.DecodeRuneInString(text[off:])
			if strings.ContainsRune(notAfterYear, after) || strings.ContainsRune(notBeforeYear, before) {
				continue
			}
			if slices.ContainsFunc(taken, func(t [2]int) bool { return i < t[1] && off > t[0] }) {
				continue
			}
			taken = append(taken, [2]int{i, off})
			ref := yearRef{phrase: y.phrase, relative: true}
			if n, err := strconv.Atoi(today); err == nil && !y.far {
				ref.year = strconv.Itoa(n + y.by)
			}
			out = append(out, ref)
			break
		}
	}
	return out
}

// hanDigits writes Chinese numeral digits as Arabic ones: 二〇二四 and
// 二零二四 are 2024.
func hanDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '〇', '零':
			b.WriteByte('0')
		default:
			b.WriteByte(byte('0' + strings.IndexRune("一二三四五六七八九", r)/len("一") + 1))
		}
	}
	return b.String()
}

// ownRelativeYears are the relative years that, counted from today, name
// the report's own year: 去年, 旧年, 上一年 for the 2024 report asked in
// 2025. A question may use them as it would 2024年, asking nothing by them;
// none when the report is today's own.
func ownRelativeYears(own, today string) []string {
	o, err1 := strconv.Atoi(own)
	t, err2 := strconv.Atoi(today)
	if err1 != nil || err2 != nil || o == t {
		return nil
	}
	var out []string
	for _, y := range relativeYears {
		if !y.far && t+y.by == o {
			out = append(out, y.phrase)
		}
	}
	return out
}

// hanYear writes a year in Chinese numerals, as 二〇二五 and 二零二五.
func hanYear(year string) []string {
	var b strings.Builder
	for _, r := range year {
		if r < '0' || r > '9' {
			return nil
		}
		b.WriteString(string([]rune("〇一二三四五六七八九")[r-'0']))
	}
	return []string{b.String(), strings.ReplaceAll(b.String(), "〇", "零")}
}

// otherYear finds the first year a question names that is not the
// report's own. A report that names no year of its own is asked about
// none: only relative years are told apart then, and every relative year
// is another's. Relative years count from today, which for a report on
// its own is its own year: 去年 is then always another.
func otherYear(text, reportYear, today string, stats *corpusStats) (yearRef, bool) {
	if today == "" {
		today = reportYear
	}
	for _, y := range findYear(text, today, stats) {
		switch {
		case y.relative && (y.year == "" || y.year != reportYear):
			return y, true
		case !y.relative && reportYear != "" && y.year != reportYear:
			return y, true
		}
	}
	return yearRef{}, false
}

func hasCountCue(before string) bool {
	before = strings.TrimRight(before, " ")
	for _, c := range countCues {
		if strings.HasSuffix(before, c) {
			return true
		}
	}
	return false
}

// yearInReportTerm reports whether the report holds the year with the
// question's character before it, or after it (after 年, where 年 follows):
// a title's date range, (2021-2035年), is a name, not a question's year.
func yearInReportTerm(text string, start, end int, stats *corpusStats) bool {
	if start > 0 {
		_, size := utf8.DecodeLastRuneInString(text[:start])
		if stats.mentions(text[start-size : end]) {
			return true
		}
	}
	rest := text[end:]
	r, size := utf8.DecodeRuneInString(rest)
	if r == '年' {
		_, next := utf8.DecodeRuneInString(rest[size:])
		if next == 0 {
			return false // nothing after 年 to tell a name by
		}
		size += next
	}
	return size > 0 && stats.mentions(text[start:end+size])
}

// mentions reports whether any indexed sentence contains the phrase.
func (s *corpusStats) mentions(phrase string) bool { return s.phrases.contains(phrase) }

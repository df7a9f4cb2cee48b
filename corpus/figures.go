package corpus

import (
	"strconv"
	"strings"
	"unicode"
)

// Figure is a quantity the report states: "超6500个" in "争取全区托位总量超6500个".
type Figure struct {
	Value     string // the numeral as written: "6500", "251.05", "1-2"
	Unit      string // with its multiplier: "个", "万平方米", "亿元", "%"
	Qualifier string // "超", "左右", "以上", "不少于"…; prefix and suffix joined by a space
	Text      string // the figure as written, qualifier kept: "超6500个"
	Subject   string // the rest of its list item: "争取全区托位总量"
	Clause    string // the comma-delimited clause holding it
}

// Amount returns the figure's numeric range in base units (万 and 亿
// expanded); low equals high unless the figure is a range like "3-5个".
func (f Figure) Amount() (low, high float64, ok bool) {
	lo, hi, isRange := strings.Cut(f.Value, "-")
	if !isRange {
		hi = lo
	}
	l, err1 := strconv.ParseFloat(lo, 64)
	h, err2 := strconv.ParseFloat(hi, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, false
	}
	m := 1.0
	switch {
	case strings.HasPrefix(f.Unit, "万"):
		m = 1e4
	case strings.HasPrefix(f.Unit, "亿"):
		m = 1e8
	}
	return l * m, h * m, true
}

// BaseUnit is the unit without its multiplier: "平方米" for "万平方米".
func (f Figure) BaseUnit() string {
	u := strings.TrimPrefix(strings.TrimPrefix(f.Unit, "万"), "亿")
	if u == "" {
		return f.Unit
	}
	return u
}

// units are the counters and measures a figure may carry, longest first so
// that "平方米" wins over "米" and "人次" over "人".
var units = []string{
	"平方公里", "平方米", "立方米", "人次", "公里", "公顷", "千米",
	"个", "家", "条", "宗", "户", "场", "人", "项", "片", "所", "座", "名", "张",
	"元", "亩", "米", "间", "套", "台", "辆", "栋", "处", "类", "批", "床", "位", "次",
	"倍", "岁", "%",
}

// nonFigureUnits follow numbers that are dates, times and ordinals, not
// quantities: "4月17日", "2021-2035年".
var nonFigureUnits = []string{"年", "月", "日", "号", "时", "分", "秒", "届", "期"}

var (
	prefixQualifiers = []string{"不少于", "不低于", "不超过", "超过", "至少", "达到", "突破", "超", "约", "近", "逾", "达"}
	suffixQualifiers = []string{"以上", "左右", "以内", "以下", "多", "余"}
)

// ExtractFigures finds the quantities in one sentence. Numbers that name
// things rather than count them are skipped: those in quotes or book titles
// (“1283”现代化产业体系, “十四五”), joined by "+" ("6+4"), glued to Latin
// letters (PM2.5, V谷), ordinals (第5), dates and years (2021-2035年, 4月17日),
// and bare numbers without a unit.
func ExtractFigures(sentence string) []Figure {
	rs := []rune(sentence)
	var out []Figure
	depth := 0 // inside quotes or a book title
	for i := 0; i < len(rs); i++ {
		switch rs[i] {
		case '“', '「', '《', '『', '‘':
			depth++
			continue
		case '”', '」', '》', '』', '’':
			if depth > 0 {
				depth--
			}
			continue
		}
		if !isDigit(rs[i]) || (i > 0 && (isDigit(rs[i-1]) || rs[i-1] == '.')) {
			continue
		}
		f, begin, end, ok := readFigure(rs, i)
		if ok && depth == 0 {
			seg, clause := enclosing(rs, begin, end)
			f.Clause = string(rs[clause[0]:clause[1]])
			f.Subject = strings.TrimSpace(string(rs[seg[0]:begin]) + string(rs[end:seg[1]]))
			out = append(out, f)
		}
		i = end - 1
	}
	return out
}

// readFigure reads the figure whose numeral starts at rs[start]. The figure,
// qualifiers included, spans rs[begin:end]; end is just past what was
// consumed even when ok is false.
func readFigure(rs []rune, start int) (f Figure, begin, end int, ok bool) {
	i := readNumber(rs, start)
	if i < len(rs)-1 && isRangeDash(rs[i]) && isDigit(rs[i+1]) {
		i = readNumber(rs, i+1)
	}
	numEnd := i
	value := strings.Map(func(r rune) rune {
		if isRangeDash(r) {
			return '-'
		}
		return r
	}, string(rs[start:numEnd]))

	prev := rune(0)
	if start > 0 {
		prev = rs[start-1]
	}
	next := rune(0)
	if numEnd < len(rs) {
		next = rs[numEnd]
	}
	if isLatin(prev) || isLatin(next) || prev == '+' || next == '+' || prev == '第' {
		return Figure{}, start, numEnd, false
	}

	rest := string(rs[numEnd:])
	unit := ""
	if m := firstPrefix(rest, []string{"万", "亿"}); m != "" {
		unit = m
		rest = rest[len(m):]
	}
	if firstPrefix(rest, nonFigureUnits) != "" {
		return Figure{}, start, numEnd, false
	}
	base := firstPrefix(rest, units)
	unit += base
	if unit == "" {
		return Figure{}, start, numEnd, false
	}
	end = numEnd + len([]rune(unit))
	suffix := firstPrefix(string(rs[end:]), suffixQualifiers)
	end += len([]rune(suffix))
	prefix := lastSuffix(string(rs[:start]), prefixQualifiers)

	f = Figure{
		Value:     value,
		Unit:      unit,
		Qualifier: strings.TrimSpace(prefix + " " + suffix),
		Text:      prefix + string(rs[start:end]),
	}
	return f, start - len([]rune(prefix)), end, true
}

func readNumber(rs []rune, i int) int {
	for i < len(rs) && isDigit(rs[i]) {
		i++
	}
	if i+1 < len(rs) && rs[i] == '.' && isDigit(rs[i+1]) {
		i++
		for i < len(rs) && isDigit(rs[i]) {
			i++
		}
	}
	return i
}

// enclosing returns the list item (between 、 , ; brackets…) and the clause
// (between , ; : and sentence ends) around rs[from:to].
func enclosing(rs []rune, from, to int) (seg, clause [2]int) {
	seg = [2]int{from, to}
	for seg[0] > 0 && !isItemBreak(rs[seg[0]-1]) {
		seg[0]--
	}
	for seg[1] < len(rs) && !isItemBreak(rs[seg[1]]) {
		seg[1]++
	}
	clause = [2]int{from, to}
	for clause[0] > 0 && !isClauseBreak(rs[clause[0]-1]) {
		clause[0]--
	}
	for clause[1] < len(rs) && !isClauseBreak(rs[clause[1]]) {
		clause[1]++
	}
	return seg, clause
}

func isClauseBreak(r rune) bool {
	switch r {
	case ',', '，', ':', '：':
		return true
	}
	return isSentenceEnd(r)
}

func isItemBreak(r rune) bool {
	switch r {
	case '、', '(', ')', '（', '）':
		return true
	}
	return isClauseBreak(r)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func isLatin(r rune) bool { return r < unicode.MaxASCII && unicode.IsLetter(r) }

func isRangeDash(r rune) bool { return r == '-' || r == '~' || r == '—' || r == '–' || r == '至' }

func firstPrefix(s string, options []string) string {
	for _, o := range options {
		if strings.HasPrefix(s, o) {
			return o
		}
	}
	return ""
}

func lastSuffix(s string, options []string) string {
	for _, o := range options {
		if strings.HasSuffix(s, o) {
			return o
		}
	}
	return ""
}

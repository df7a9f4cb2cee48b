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
	Counted   string // the rest of its list item after it: what "129个" counts in "129个项目建设"
	// Detail marks a part of a total stated before it: the figures after
	// 其中 ("among them") in "建成16个产业载体…其中高标准工业厂房项目4个".
	Detail bool
}

// traditionalScales reads 萬 and 億 as 万 and 亿: a reply in traditional
// script writes them so.
var traditionalScales = strings.NewReplacer("萬", "万", "億", "亿")

// Amount returns the figure's numeric range in base units (万 and 亿
// expanded); low equals high unless the figure is a range like "3-5个".
func (f Figure) Amount() (low, high float64, ok bool) {
	lo, hi, isRange := strings.Cut(f.Value, "-")
	if !isRange {
		hi = lo
	}
	l, ok1 := parseNumeral(lo)
	h, ok2 := parseNumeral(hi)
	if !ok1 || !ok2 {
		return 0, 0, false
	}
	unit := traditionalScales.Replace(f.Unit)
	m := 1.0
	switch {
	case strings.HasPrefix(unit, "万亿"):
		m = 1e12
	case strings.HasPrefix(unit, "千万"):
		m = 1e7
	case strings.HasPrefix(unit, "万"):
		m = 1e4
	case strings.HasPrefix(unit, "亿"):
		m = 1e8
	}
	return l * m, h * m, true
}

// BaseUnit is the unit without its multiplier: "平方米" for "万平方米".
func (f Figure) BaseUnit() string {
	u := f.Unit
	for _, m := range []string{"万亿", "千万", "万", "亿", "萬億", "千萬", "萬", "億"} {
		if strings.HasPrefix(u, m) {
			u = strings.TrimPrefix(u, m)
			break
		}
	}
	if u == "" {
		return f.Unit
	}
	return u
}

// units are the counters and measures a figure may carry, longest first so
// that "平方米" wins over "米" and "人次" over "人".
var units = []string{
	"平方公里", "平方米", "立方米", "人次", "公里", "公顷", "千米", "分钟", "小时",
	"个", "家", "条", "宗", "户", "场", "人", "项", "片", "所", "座", "名", "张",
	"元", "亩", "米", "间", "套", "台", "辆", "栋", "处", "类", "批", "床", "位", "次",
	"倍", "岁", "%",
}

// nonFigureUnits follow numbers that are dates, times and ordinals, not
// quantities: "4月17日", "2021-2035年".
var nonFigureUnits = []string{"年", "月", "日", "号", "时", "分", "秒", "届", "期"}

// hanUnits may follow a number written in Chinese numerals: "四大方面",
// "两大美丽单元", "十五分钟", and the span of a plan, "三年行动", which
// residents ask ("这个行动计划搞几年"). The list is short because Chinese
// numerals mostly form names and set phrases (十七届五次, 一批).
var hanUnits = []string{"分钟", "个", "家", "条", "项", "大", "所", "座", "片", "年"}

var (
	prefixQualifiers = []string{"不少于", "不低于", "不超过", "超过", "至少", "达到", "突破", "超", "约", "近", "逾", "达"}
	// 多 is left out: "3个多功能运动场" is not "more than 3".
	suffixQualifiers = []string{"以上", "左右", "以内", "以下", "余"}
)

// ExtractFigures finds the quantities in one sentence. Numbers that name
// things rather than count them are skipped: bare numbers without a unit
// (“1283”现代化产业体系), numbers joined by "+" ("6+4", "4+N+N"), glued to
// Latin letters (PM2.5, V谷), ordinals (第5), dates and years (2021-2035年,
// 4月17日), and Chinese numerals in quotes or set phrases (“十四五”, 十七届).
func ExtractFigures(sentence string) []Figure {
	rs := []rune(sentence)
	var out []Figure
	depth := 0      // inside quotes or a book title
	detail := false // after 其中 in this part of the sentence
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
		case ';', '；', ')', '）':
			detail = false // 其中 reaches to the end of its clause group or bracket
			continue
		case '其':
			if i+1 < len(rs) && rs[i+1] == '中' && (i == 0 || rs[i-1] != '尤') {
				detail = true
			}
			continue
		}
		var (
			f          Figure
			begin, end int
			ok         bool
		)
		switch {
		case isDigit(rs[i]) && (i == 0 || !(isDigit(rs[i-1]) || rs[i-1] == '.')):
			f, begin, end, ok = readFigure(rs, i)
		case isHanNumeral(rs[i]) && (i == 0 || !isHanNumeral(rs[i-1])):
			f, begin, end, ok = readHanFigure(rs, i)
			ok = ok && depth == 0
		default:
			continue
		}
		if ok {
			seg, clause := enclosing(rs, begin, end)
			if seg[0] > clause[0] && len([]rune(strings.TrimSpace(string(rs[seg[0]:begin])+string(rs[end:seg[1]])))) <= 2 {
				// A bare attribute ("面积251.05万平方米") measures the item
				// listed just before it in the clause.
				seg[0]--
				for seg[0] > clause[0] && !isItemBreak(rs[seg[0]-1]) {
					seg[0]--
				}
			}
			f.Clause = string(rs[clause[0]:clause[1]])
			f.Subject = strings.TrimSpace(string(rs[seg[0]:begin]) + string(rs[end:seg[1]]))
			f.Counted = string(rs[end:seg[1]])
			f.Detail = detail
			out = append(out, f)
		}
		i = end - 1
	}
	return out
}

// readHanFigure reads a figure written in Chinese numerals ("四大", "十五分钟").
// A lone 一 is an article ("一批", "新一轮"), not a count.
func readHanFigure(rs []rune, start int) (f Figure, begin, end int, ok bool) {
	i := start
	for i < len(rs) && isHanNumeral(rs[i]) {
		i++
	}
	value := string(rs[start:i])
	if value == "一" || (start > 0 && rs[start-1] == '第') {
		return Figure{}, start, i, false
	}
	unit := firstPrefix(string(rs[i:]), hanUnits)
	if unit == "" {
		return Figure{}, start, i, false
	}
	end = i + len([]rune(unit))
	return Figure{Value: value, Unit: unit, Text: value + unit}, start, end, true
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
	// "6+4" and "4+N+N" are names; "主平台+2个主题产业园区" still counts.
	joined := next == '+' || (prev == '+' && start >= 2 && (isDigit(rs[start-2]) || isLatin(rs[start-2])))
	if isLatin(prev) || isLatin(next) || joined || prev == '第' {
		return Figure{}, start, numEnd, false
	}

	// Units and qualifiers are short: look a few runes around the number
	// only, so a long text costs linear time.
	rest := window(rs, numEnd, numEnd+8)
	unit := ""
	if m := firstPrefix(rest, []string{"万亿", "千万", "万", "亿"}); m != "" {
		unit = m
		rest = rest[len(m):]
	}
	base := firstPrefix(rest, units)
	if base == "" && firstPrefix(rest, nonFigureUnits) != "" {
		return Figure{}, start, numEnd, false
	}
	unit += base
	if unit == "" {
		return Figure{}, start, numEnd, false
	}
	end = numEnd + len([]rune(unit))
	suffix := firstPrefix(window(rs, end, end+4), suffixQualifiers)
	end += len([]rune(suffix))
	prefix := lastSuffix(window(rs, start-4, start), prefixQualifiers)

	f = Figure{
		Value:     value,
		Unit:      unit,
		Qualifier: strings.TrimSpace(prefix + " " + suffix),
		Text:      prefix + string(rs[start:end]),
	}
	return f, start - len([]rune(prefix)), end, true
}

// window is rs[from:to] as a string, clipped to rs.
func window(rs []rune, from, to int) string {
	return string(rs[max(from, 0):min(to, len(rs))])
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
	case '、', '(', ')', '（', '）', '+':
		return true
	}
	return isClauseBreak(r)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// hanDigits are the values of the Chinese digits; 两 and 二 are both 2.
var hanDigits = map[rune]int{'零': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

var hanPlaces = map[rune]int{'十': 10, '百': 100, '千': 1000}

func isHanNumeral(r rune) bool {
	_, d := hanDigits[r]
	_, p := hanPlaces[r]
	return d || p
}

// parseNumeral reads a number written in Arabic digits or in Chinese
// numerals up to the thousands ("十五", "两", "一百二十").
func parseNumeral(s string) (float64, bool) {
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		return v, true
	}
	if s == "" {
		return 0, false
	}
	total, digit := 0, -1
	for _, r := range s {
		if place, ok := hanPlaces[r]; ok {
			if digit < 0 {
				digit = 1 // 十五: a leading 一 is left out
			}
			total += digit * place
			digit = -1
			continue
		}
		d, ok := hanDigits[r]
		if !ok {
			return 0, false
		}
		digit = d
	}
	if digit > 0 {
		total += digit
	}
	return float64(total), true
}

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

package search

import (
	"regexp"
	"strings"
)

// reportYear is the year the report plans for.
const reportYear = "2025"

// otherPlaces are the other districts of Guangzhou and the nearby cities a
// resident might confuse with Liwan. A question about one of them must not
// get Liwan's figure. Names the report itself mentions (佛山 in a joint
// event) are dropped from the list when the engine starts.
var otherPlaces = []string{
	"越秀", "海珠", "天河", "白云", "黄埔", "番禺", "花都", "南沙", "从化", "增城",
	"深圳", "东莞", "珠海", "中山", "江门", "惠州", "肇庆", "清远", "佛山", "北京", "上海",
}

// otherYears are relative years other than the report's.
var otherYears = []string{"去年", "前年", "明年", "后年", "上一年", "下一年", "往年", "过去几年"}

// A year is 19xx or 20xx followed by 年 or standing alone; "2000个" is a count.
var yearPattern = regexp.MustCompile(`(?:^|[^\d])((?:19|20)\d\d)(?:年|$|[^\d\p{Han}])`)

// outOfScope tells whether a normalised question is about a place or a year
// the report does not cover, and names it.
func (e *Engine) outOfScope(text string) (what string, ok bool) {
	for _, p := range otherPlaces {
		if strings.Contains(text, p) && !e.stats.mentions(p) {
			return p, true
		}
	}
	for _, m := range yearPattern.FindAllStringSubmatch(text, -1) {
		if m[1] != reportYear {
			return m[1] + "年", true
		}
	}
	for _, y := range otherYears {
		if strings.Contains(text, y) {
			return y, true
		}
	}
	return "", false
}

// mentions reports whether any indexed sentence contains the phrase.
func (s *corpusStats) mentions(phrase string) bool {
	for _, d := range s.docs {
		if strings.Contains(d, phrase) {
			return true
		}
	}
	return false
}

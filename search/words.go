package search

import (
	"strings"
	"sync"
)

// chineseWords are the common words of Chinese at large (data/zh_words.txt,
// from jieba's dictionary), as the embedded file's sorted lines after its
// header. They are looked up by binary search in the file itself, so the
// engine spends nothing on them at start-up.
var chineseWords = sync.OnceValue(func() string {
	data, err := dataFiles.ReadFile("data/zh_words.txt")
	if err != nil {
		return ""
	}
	text := string(data)
	for strings.HasPrefix(text, "#") {
		_, text, _ = strings.Cut(text, "\n")
	}
	return text
})

// isChineseWord reports whether w is a common word of Chinese: 免费, 老百姓,
// 车位. The report's own words need not be (托位 is not).
func isChineseWord(w string) bool {
	text := chineseWords()
	lo, hi := 0, len(text)
	for lo < hi {
		mid := (lo + hi) / 2
		// The line holding mid: back to its start, on to its end.
		start := strings.LastIndexByte(text[:mid], '\n') + 1
		end := strings.IndexByte(text[mid:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += mid
		}
		switch line := text[start:end]; {
		case line == w:
			return true
		case line < w:
			lo = end + 1
		default:
			hi = start
		}
	}
	return false
}

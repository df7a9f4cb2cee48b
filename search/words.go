package search

import (
	"strings"
	"sync"
)

// chineseWords are the common words of Chinese at large (data/zh_words.txt,
// from jieba's dictionary), and englishWordList those of English
// (data/en_words.txt, from SCOWL), each as its embedded file's sorted lines
// after the header. They are looked up by binary search in the file
// itself, so the engine spends nothing on them at start-up.
var (
	chineseWords    = sync.OnceValue(func() string { return sortedLines("data/zh_words.txt") })
	englishWordList = sync.OnceValue(func() string { return sortedLines("data/en_words.txt") })
)

func sortedLines(name string) string {
	data, err := dataFiles.ReadFile(name)
	if err != nil {
		return ""
	}
	text := string(data)
	for strings.HasPrefix(text, "#") {
		_, text, _ = strings.Cut(text, "\n")
	}
	return text
}

// isChineseWord reports whether w is a common word of Chinese: 免费, 老百姓,
// 车位. The report's own words need not be (托位 is not).
func isChineseWord(w string) bool { return holdsLine(chineseWords(), w) }

// isEnglishWord reports whether w, in lower case, is a word of English:
// "month", "dad", "hours" are words, not typos of the report's "mouth",
// "add" and "tours".
func isEnglishWord(w string) bool { return holdsLine(englishWordList(), w) }

// holdsLine reports whether the sorted lines of text hold w.
func holdsLine(text, w string) bool {
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

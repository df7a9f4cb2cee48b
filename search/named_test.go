package search

import (
	"testing"

	"github.com/liwanbot/liwanbot/corpus"
)

func TestNamedAsked(t *testing.T) {
	for _, tt := range []struct {
		q    string
		want namedKind
	}{
		{"报告话围绕广州「几加几」的城市性质?", namedCode},
		{"for the food clusters, what's the 'x+N+N' formula?", namedCode},
		{"there's a code number for the industry system, what is it?", namedCode},
		{"那份规划是哪一年到哪一年的?", namedYears},
		{"which years does the master plan cover", namedYears},
		{"人大会议是几月几号开的?", namedDate},
		{"what date was the congress meeting?", namedDate},
		// A count is no name.
		{"全区托位有多少?", noNamed},
		{"How many childcare places are planned?", noNamed},
	} {
		if got := namedAsked(tt.q); got != tt.want {
			t.Errorf("namedAsked(%q) = %d, want %d", tt.q, got, tt.want)
		}
	}
}

func TestNamedNumber(t *testing.T) {
	for _, tt := range []struct {
		kind namedKind
		text string
		want string // "" for none
	}{
		{namedCode, "围绕构建“1283”现代化产业体系,强化产业链招商", "1283"},
		{namedCode, "围绕广州“6+4”城市性质和核心功能", "6+4"},
		{namedCode, "构建四大美食集聚区“4+N+N”三年培育路径", "4+N+N"},
		// A quoted name without a digit is no number.
		{namedCode, "推动“工改工”", ""},
		// Two different codes: which was asked is a guess.
		{namedCode, "“1283”与“6+4”", ""},
		{namedYears, "对接《广州市国土空间总体规划(2021-2035年)》", "2021-2035年"},
		{namedDate, "4月17日,广州市荔湾区十七届人大五次会议召开。", "4月17日"},
		{namedDate, "新增优质公办基础教育学位5040个。", ""},
	} {
		f, ok := namedNumber(tt.kind, corpus.Sentence{Text: tt.text})
		if got := f.Text; ok != (tt.want != "") || got != tt.want {
			t.Errorf("namedNumber(%d, %q) = %q, %v; want %q", tt.kind, tt.text, got, ok, tt.want)
		}
	}
}

func TestEnglishNamed(t *testing.T) {
	for in, want := range map[string]string{"4月17日": "17 April (4月17日)", "2021-2035年": "2021 to 2035 (2021-2035年)", "6+4": "6+4"} {
		if got := englishNamed(in); got != want {
			t.Errorf("englishNamed(%q) = %q, want %q", in, got, want)
		}
	}
}

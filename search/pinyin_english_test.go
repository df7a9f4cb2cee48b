package search

import "testing"

func TestHanForPinyin(t *testing.T) {
	e := englishEngine(t)
	for _, tt := range []struct{ q, want string }{
		{"how many rebuilt properties (fujian wuye) will start construction?", "how many rebuilt properties (复建物业) will start construction?"},
		{"how many liuyongdi projects start this year", "how many 留用地 projects start this year"},
		{"lots put up for sale (churang)", "lots put up for sale (出让)"},
		// English words, the glossary's own names and the report's
		// English stay as they are, though some read as pinyin.
		{"What will change in Xiguan?", "What will change in Xiguan?"},
		{"How many childcare places are planned?", "How many childcare places are planned?"},
		{"Yongqingfang night tourism", "Yongqingfang night tourism"},
		// Pinyin the report does not spell is left for the rest to judge.
		{"what about zhongguancun", "what about zhongguancun"},
		{"", ""},
	} {
		if got := e.hanForPinyin(tt.q); got != tt.want {
			t.Errorf("hanForPinyin(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
}

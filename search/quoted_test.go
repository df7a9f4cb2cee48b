package search_test

import (
	"strings"
	"testing"

	"github.com/liwanbot/liwanbot/search"
)

// A figure the asker states as known is not the answer, and its sentence
// is what the question asks about: where that sentence has no figure of
// what is asked, the reply says so instead of giving another sentence's.
func TestQuotedFigureIsNoAnswer(t *testing.T) {
	for _, tt := range []struct {
		q, figure, source string
	}{
		// The stated total is no addition.
		{"全区托位总量要超6500个,今年新增的托位有几多?", "", "托位总量超6500个"},
		// The 11 are the 留用地 projects, whose sentence gives no area;
		// the 23 new projects' area (251.05万平方米) is not theirs.
		{"新开工的那11个留用地项目,总面积多大?", "", "新开工留用地项目11个"},
		// The 3公顷 land reserve counts no plots; the 9个地块 expropriated
		// are another sentence's.
		{"石围塘、塞坝口那3公顷土地收储,分几个地块?", "", ""},
		// A core that names its own thing (固定资产投资) has moved on
		// from the figure stated before it.
		{"今年荔湾主要预期目标里,GDP增长5%左右,那固定资产投资要完成多少?", "535亿元", "固定资产投资完成535亿元"},
		// A measure asked of a stated figure's thing is that thing's: the
		// 198 key projects' total investment is not the district's
		// 535亿元 of fixed-asset investment beside them.
		{"198個重點項目,總投資幾多億?", "", "198个重点项目"},
		{"今年新开工23个项目,面积多大?", "251.05万平方米", "新开工项目23个、面积251.05万平方米"},
		// A whole quoted asks its parts: the part is the answer.
		{"新开工项目23个,其中商务办公空间项目有几个?", "4个", "商务办公空间项目4个"},
		// A figure heard and checked is the asker's guess at the answer.
		{"听说托位有6500个,对吗", "超6500个", "托位总量超6500个"},
		// A bound on the heard number (超过) names nothing counted.
		{"听说托位会超过6500个,对吗", "超6500个", "托位总量超6500个"},
		{"听说托位要超6500个,是真的吗?", "超6500个", "托位总量超6500个"},
	} {
		a := ask(t, tt.q)
		got := ""
		if a.Figure != nil {
			got = a.Figure.Text
		}
		if got != tt.figure || a.Outcome != search.Answered && tt.figure != "" {
			t.Errorf("%q: figure %q, want %q:\n%s", tt.q, got, tt.figure, describe(a))
			continue
		}
		if tt.source != "" && (len(a.Sources) == 0 || !strings.Contains(a.Sources[0].Text, tt.source)) {
			t.Errorf("%q: want the sentence of %s first:\n%s", tt.q, tt.source, describe(a))
		}
	}
}

package search

import (
	"context"
	"slices"
	"strings"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/seeds"
)

// firstHalf is the embedded report without its second half: no education,
// health or childcare places.
func firstHalf() string {
	lines := strings.Split(strings.TrimSpace(seeds.Report), "\n")
	return strings.Join(lines[:len(lines)/2], "\n")
}

// The data files are written for the embedded report: every report term
// they name is in it.
func TestNoTermIsAbsentFromTheEmbeddedReport(t *testing.T) {
	if e := scopeEngine(t); len(e.absent) != 0 {
		t.Errorf("report terms of the data files missing from the embedded report: %q", e.absent)
	}
}

// TestAbsentTermsAreNotCovered: on a report without childcare places, a
// question about them, by the report's word, a resident's or in English, is
// not answered with another sentence's figure (全区 and 多少 would carry it
// to 全区固定资产投资535亿元); the entries skipped are counted in one
// start-up log line; and what the report does cover is answered as before.
func TestAbsentTermsAreNotCovered(t *testing.T) {
	r, err := corpus.Parse(firstHalf())
	if err != nil {
		t.Fatal(err)
	}
	core, logs := observer.New(zap.InfoLevel)
	e, err := New(r, WithLogger(zap.New(core)))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	for _, term := range []string{"托位", "升级改造"} {
		if !slices.Contains(e.absent, term) {
			t.Errorf("%s is not among the absent terms %q", term, e.absent)
		}
	}
	if slices.Contains(e.absent, "固定资产投资") {
		t.Error("固定资产投资, which the report holds, is counted absent")
	}
	if n := logs.FilterMessage("data file entries skipped: their report term is not in this report").Len(); n != 1 {
		t.Errorf("%d start-up lines count the skipped entries, want 1", n)
	}
	for _, q := range []string{"全区托位有多少?", "托位", "托育名额有多少", "全區托位有幾多？", "How many childcare places are planned?", "升级改造道路多少条", "how many roads get upgraded?"} {
		if a := e.Answer(context.Background(), q); a.Figure != nil {
			t.Errorf("%q: states %s from %q, which is not about it", q, a.Figure.Text, a.Sources[0].Text)
		}
	}
	for q, want := range map[string]string{"全区固定资产投资多少?": "535亿元", "How many key projects?": "198"} {
		if a := e.Answer(context.Background(), q); a.Figure == nil || !strings.Contains(a.Text, want) {
			t.Errorf("%q: %s, want %s:\n%s", q, a.Outcome, want, a.Text)
		}
	}
}

// TestAliasOfAnAbsentTerm: an alias leads to its report term even where
// the report lacks the term, so that the question counts as asking about
// it; but where the report itself uses the alias, it is the report's word
// and stays as typed.
func TestAliasOfAnAbsentTerm(t *testing.T) {
	for _, c := range []struct {
		name, text, q string
		answered      bool
	}{
		{"the report uses the alias", "标题\n发展托育服务。全区托育名额超100个。\n", "托育名额有多少", true},
		{"the report uses neither", "标题\n发展托育服务。全区托育机构超100家。\n", "托育名额有多少", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := textEngine(t, c.text)
			a := e.Answer(context.Background(), c.q)
			if got := a.Figure != nil; got != c.answered {
				t.Errorf("%q: figure %v, want one %v:\n%s", c.q, a.Figure, c.answered, a.Text)
			}
		})
	}
}

// TestATotalIsOfTheTopicBeforeIt: "一共要完成几多个项目" totals what the
// clause before it named; on a report without that campaign, the projects
// of another sentence (基本完成耀华大街等5个项目) are no answer.
func TestATotalIsOfTheTopicBeforeIt(t *testing.T) {
	const (
		campaign = "持续开展全区城市品质提升行动,完成园林、河道、街区、市容四大方面129个项目建设,全方位提升城市品质。"
		q        = "城市品质提升行动说包括园林、河道、街区、市容四大方面,一共要完成几多个项目?"
	)
	if !strings.Contains(seeds.Report, campaign) {
		t.Fatal("the embedded report no longer holds the campaign sentence")
	}
	for _, c := range []struct {
		name, text, figure string
	}{
		{"the report holds the campaign", seeds.Report, "129个"},
		{"the report lacks it", strings.Replace(seeds.Report, campaign, "", 1), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := textEngine(t, c.text)
			a := e.Answer(context.Background(), q)
			got := ""
			if a.Figure != nil {
				got = a.Figure.Text
			}
			if got != c.figure {
				t.Errorf("figure %q, want %q:\n%s", got, c.figure, a.Text)
			}
		})
	}
}

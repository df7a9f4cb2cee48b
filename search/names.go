package search

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/liwanbot/liwanbot/corpus"
)

// Names are how replies name the report: the year it plans for and the
// district it is about, as the report gives them (corpus.Report.Year and
// District), and the district's English name from the gazetteer. Nothing
// in the engine's wording assumes a year or a district of its own.
type Names struct {
	Year       string // "2025"; "" where the report does not say
	District   string // "荔湾区"; "" where the report does not say
	DistrictEN string // "Liwan District"; the Chinese name where the gazetteer has no romanisation
}

// NamesOf reads a report's names.
func NamesOf(r *corpus.Report) Names {
	n := Names{Year: r.Year, District: r.District, DistrictEN: r.District}
	if g, err := loadGazetteer(); err == nil {
		if p := g.place(r.District); p != nil && len(p.en) > 0 {
			n.DistrictEN = englishPlaceName(p)
		}
	}
	return n
}

// zhDistrict is the district as a Chinese reply names it.
func (n Names) zhDistrict() string {
	if n.District == "" {
		return "本区"
	}
	return n.District
}

// enDistrictPossessive is the district as an English reply names it, as
// the owner of the report's plans.
func (n Names) enDistrictPossessive() string {
	if n.DistrictEN == "" {
		return "the district's"
	}
	return n.DistrictEN + "'s"
}

// englishReportName is the report's name in English: "Liwan District
// Government Work Report".
func (n Names) englishReportName() string {
	if n.DistrictEN == "" {
		return "Government Work Report"
	}
	return n.DistrictEN + " Government Work Report"
}

// place returns the gazetteer's place of that name or short form, or nil.
func (g *gazetteer) place(name string) *place {
	first, _ := utf8.DecodeRuneInString(name)
	for _, f := range g.byFirst[first] {
		if f.form == name {
			return f.place
		}
	}
	return nil
}

// englishPlaceName writes a place's first romanisation as a name: "liwan",
// a district, is "Liwan District".
func englishPlaceName(p *place) string {
	if p.level == "whole" {
		return "China as a whole" // "the whole country", "nationwide"
	}
	name := titleWords(p.en[0])
	switch p.level {
	case "district":
		name += " District"
	case "county":
		name += " County"
	}
	return name
}

// scopeWords are the words that name the report's own scope, which a
// question may use without asking anything by them (荔湾区的托位, 广州荔湾
// GDP, 2025年的目标): the report's year, and the district and the city that
// holds it, by the gazetteer. Full names go with the question words; short
// forms are dropped only where they do not start a name of the report
// (荔湾湖, 广州酒家).
func scopeWords(n Names) (full, short []string) {
	if n.Year != "" {
		full = append(full, n.Year+"年", n.Year)
		for _, y := range hanYear(n.Year) {
			full = append(full, y+"年")
		}
	}
	g, err := loadGazetteer()
	if err != nil {
		// A broken build loses these words, not the answer; the
		// gazetteer's tests fail it first.
		if n.District != "" {
			full = append(full, n.District)
		}
		return full, short
	}
	var places []*place
	if p := g.place(n.District); p != nil {
		places = append(places, p)
	} else if n.District != "" {
		full = append(full, n.District)
	}
	for _, forms := range g.byFirst {
		for _, f := range forms {
			if f.place.scope == scopeParent && f.place.level == "city" && f.form == f.place.name {
				places = append(places, f.place)
			}
		}
	}
	for _, p := range places {
		full = append(full, p.name)
		for _, f := range p.forms {
			if f != p.name {
				short = append(short, f)
			}
		}
	}
	// Longest first, as firstPrefix wants them, and in a fixed order.
	slices.SortFunc(short, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	return full, slices.Compact(short)
}

// titleWords capitalises each word of a romanised name: "pak ngo tam" is
// Pak Ngo Tam.
func titleWords(name string) string {
	words := strings.Fields(name)
	for i, w := range words {
		r, size := utf8.DecodeRuneInString(w)
		words[i] = strings.ToUpper(string(r)) + w[size:]
	}
	return strings.Join(words, " ")
}

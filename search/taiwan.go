package search

import (
	"fmt"
	"strings"

	"github.com/longbridgeapp/opencc"
)

// Taiwanese askers write Taiwan's words for things, not only its
// characters: 專案 for 项目, 軟體 for 软件, 網路 for 网络. Converting the
// characters alone gives 专案, which the report never says. OpenCC's
// Taiwan phrase dictionary (the first group of its tw2sp conversion) knows
// these words; a phrase is read as the report's word only where the report
// uses that word and not the phrase's own characters, as the correctors do.

// taiwanPhrase is one Taiwan word, as typed, with its simplified
// character-for-character form and the mainland word it means.
type taiwanPhrase struct {
	typed, plain, meant string
}

// loadTaiwanPhrases reads OpenCC's Taiwan phrases. sc converts their
// standard traditional forms to simplified characters.
func loadTaiwanPhrases(sc *scripts) ([]taiwanPhrase, error) {
	cc, err := opencc.New("tw2sp")
	if err != nil {
		return nil, fmt.Errorf("search: Taiwan phrase converter: %w", err)
	}
	if len(cc.DictChains) == 0 || len(cc.DictChains[0].Dicts) == 0 {
		return nil, fmt.Errorf("search: Taiwan phrase converter has no phrase dictionary")
	}
	d := cc.DictChains[0].Dicts[0] // TWPhrasesRev
	var typed, meant []string
	for _, id := range d.Trie.PrefixPredict(nil, 0) {
		key, err := d.Trie.Key(id)
		if err != nil {
			return nil, fmt.Errorf("search: Taiwan phrases: %w", err)
		}
		v, err := d.Trie.Value(id)
		if err != nil || v < 0 || v >= len(d.Values) || len(d.Values[v]) == 0 {
			continue
		}
		typed, meant = append(typed, string(key)), append(meant, d.Values[v][0])
	}
	// One conversion of all the lines: OpenCC's cost is per call as much
	// as per character.
	plainS := strings.Split(sc.simplifyLines(typed), "\n")
	meantS := strings.Split(sc.simplifyLines(meant), "\n")
	if len(plainS) != len(typed) || len(meantS) != len(meant) {
		return nil, fmt.Errorf("search: Taiwan phrases: a phrase holds a line break")
	}
	var out []taiwanPhrase
	for i := range typed {
		if plainS[i] != meantS[i] {
			out = append(out, taiwanPhrase{typed: typed[i], plain: plainS[i], meant: meantS[i]})
		}
	}
	return out, nil
}

// taiwanRewriter rewrites the Taiwan words whose mainland word the report
// uses and whose own characters it does not.
func taiwanRewriter(phrases []taiwanPhrase, inReport func(string) bool) *rewriter {
	var rules []rewrite
	for _, p := range phrases {
		if inReport(p.meant) && !inReport(p.plain) {
			rules = append(rules, rewrite{from: p.typed, to: p.meant})
		}
	}
	return newRewriter(rules)
}

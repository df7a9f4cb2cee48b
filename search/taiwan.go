package search

import "fmt"

//go:generate go run ./internal/twgen -out data/taiwan.txt

// Taiwanese askers write Taiwan's words for things, not only its
// characters: 專案 for 项目, 軟體 for 软件, 網路 for 网络. Converting the
// characters alone gives 专案, which the report never says. OpenCC's Taiwan
// phrase dictionary knows these words (data/taiwan.txt, generated from it);
// a phrase is read as the report's word only where the report uses that
// word and not the phrase's own characters, as the correctors do.

// taiwanPhrase is one Taiwan word, as typed, with its simplified
// character-for-character form and the mainland word it means.
type taiwanPhrase struct {
	typed, plain, meant string
}

// loadTaiwanPhrases reads data/taiwan.txt.
func loadTaiwanPhrases() ([]taiwanPhrase, error) {
	var out []taiwanPhrase
	err := eachLine("taiwan.txt", func(fields []string) error {
		if len(fields) != 3 || fields[0] == "" || fields[2] == "" {
			return fmt.Errorf("want typed<TAB>plain<TAB>meant")
		}
		out = append(out, taiwanPhrase{typed: fields[0], plain: fields[1], meant: fields[2]})
		return nil
	})
	return out, err
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

package corpus

import (
	"strings"
	"testing"
)

func TestWithKey(t *testing.T) {
	r, err := Parse("2024年荔湾区政府工作报告\n推进教育。新增学位3000个。\n托位超6000个。")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.AttachVocabulary([]byte(`{"id":"p2.s2","anchor":"新增学位","words":["读书位"]}` + "\n")); err != nil {
		t.Fatal(err)
	}
	k := r.WithKey("2024")
	if k.Key != "2024" || r.Key != "" {
		t.Fatalf("keys: copy %q, original %q", k.Key, r.Key)
	}
	var ids []string
	for _, s := range k.Sentences() {
		ids = append(ids, s.ID)
	}
	if got := strings.Join(ids, " "); got != "2024/p2.s1 2024/p2.s2 2024/p3.s1" {
		t.Errorf("keyed sentence ids: %s", got)
	}
	if got := r.Sentences()[0].ID; got != "p2.s1" {
		t.Errorf("the original report's ids changed: %s", got)
	}
	p, ok := k.Paragraph("2024/p2.s2")
	if !ok || p.ID != "2024/p2" || p.Topic != "推进教育" {
		t.Errorf("Paragraph(2024/p2.s2) = %+v, %v", p, ok)
	}
	if _, ok := k.Paragraph("p2.s2"); ok {
		t.Error("a keyed report finds an unkeyed id")
	}
	if v := k.Vocabulary["2024/p2.s2"]; len(v.Words) != 1 || len(k.Vocabulary) != len(r.Vocabulary) {
		t.Errorf("keyed vocabulary: %v", k.Vocabulary)
	}
	if k.Hash != r.Hash {
		t.Error("keying changed the hash: it names the text, which is the same")
	}
	for _, c := range []struct{ id, key, local string }{
		{"2024/p31.s4", "2024", "p31.s4"}, {"p31.s4", "", "p31.s4"}, {"2025b/p3", "2025b", "p3"},
	} {
		if key, local := SplitKey(c.id); key != c.key || local != c.local {
			t.Errorf("SplitKey(%q) = %q, %q", c.id, key, local)
		}
	}
}

package corpus

import "testing"

// TestQualifierClasses keeps the English check in step with the figure
// reader: a qualifier ExtractFigures learns must be given its meaning, or
// "约500" would pass as an exact 500.
func TestQualifierClasses(t *testing.T) {
	for _, q := range append(append([]string(nil), prefixQualifiers...), suffixQualifiers...) {
		if _, ok := qualifierClasses[q]; !ok {
			t.Errorf("qualifier %q has no class in qualifierClasses", q)
		}
	}
	for q := range qualifierClasses {
		if lastSuffix(q, prefixQualifiers) != q && firstPrefix(q, suffixQualifiers) != q {
			t.Errorf("qualifierClasses has %q, which ExtractFigures never reads", q)
		}
	}
}

package corpus

import "testing"

// parseNumeral is unexported, so its test lives in package corpus.
func TestParseNumeral(t *testing.T) {
	valid := []struct {
		in   string
		want float64
	}{
		{"十", 10},
		{"十五", 15},
		{"二十", 20},
		{"二十五", 25},
		{"一百二十", 120},
		{"一百零五", 105},
		{"三千", 3000},
		{"一千零一", 1001},
		{"两", 2},
		{"二", 2},
		{"四", 4},
		{"九", 9},
		{"零", 0},
		{"百", 100},
		{"两百", 200},
		{"0", 0},
		{"5", 5},
		{"5040", 5040},
		{"251.05", 251.05},
		{"12.4", 12.4},
	}
	for _, tt := range valid {
		got, ok := parseNumeral(tt.in)
		if !ok || got != tt.want {
			t.Errorf("parseNumeral(%q) = %v, %v; want %v, true", tt.in, got, ok, tt.want)
		}
	}
	for _, in := range []string{
		"", " ", "abc", "万", "亿", "一万", "十x", "x十", "五个", "1.2.3", "1-2", "１２", "十 五", "拾", "廿",
	} {
		if got, ok := parseNumeral(in); ok {
			t.Errorf("parseNumeral(%q) = %v, true; want not ok", in, got)
		}
	}
}

// Every Chinese numeral ExtractFigures can produce parses.
func TestParseNumeralAcceptsHanValues(t *testing.T) {
	for r := range hanDigits {
		if _, ok := parseNumeral(string(r)); !ok {
			t.Errorf("parseNumeral(%q) not ok", string(r))
		}
	}
	for r := range hanPlaces {
		if _, ok := parseNumeral(string(r)); !ok {
			t.Errorf("parseNumeral(%q) not ok", string(r))
		}
	}
}

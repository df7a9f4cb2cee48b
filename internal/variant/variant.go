// Package variant makes other reports from the embedded one, in memory, for
// tests: a year on or a year before, every figure changed, half the
// paragraphs dropped. The engine must keep its footing on reports its data
// files were not written against, and several reports loaded together must
// give answers that can be told apart by their figures.
package variant

import (
	"regexp"
	"strconv"
	"strings"
)

// numberPattern finds the numbers of a text: integers and decimals.
var numberPattern = regexp.MustCompile(`\d+(?:\.\d+)?`)

// isYear reports whether a number is a year: 19xx or 20xx, whole.
func isYear(n string) bool {
	return len(n) == 4 && (strings.HasPrefix(n, "19") || strings.HasPrefix(n, "20"))
}

// shiftEach adds by to the whole part of each number of a text that years
// selects as a year or not (years true: years only; false: all but years).
func shiftEach(s string, by int, years bool) string {
	var b strings.Builder
	last := 0
	for _, m := range numberPattern.FindAllStringIndex(s, -1) {
		if isYear(s[m[0]:m[1]]) != years {
			continue
		}
		whole, frac, _ := strings.Cut(s[m[0]:m[1]], ".")
		n, _ := strconv.Atoi(whole)
		b.WriteString(s[last:m[0]])
		b.WriteString(strconv.Itoa(n + by))
		if frac != "" {
			b.WriteString("." + frac)
		}
		last = m[1]
	}
	return b.String() + s[last:]
}

// ShiftYears adds by to every year of a text (2025 → 2026, 2021-2035 →
// 2022-2036): a report, and the questions asked of it, a year on.
func ShiftYears(s string, by int) string { return shiftEach(s, by, true) }

// ShiftNumbers adds by to the whole part of every number of a text but its
// years (535亿元 → 536亿元, 47.6 → 48.6, 1-2家 → 2-3家), so that no figure
// of the variant is the embedded report's; ShiftNumbers(·, -by) undoes it.
func ShiftNumbers(s string, by int) string { return shiftEach(s, by, false) }

// DropSecondHalf keeps the first half of a report's paragraphs: the
// targets, investment and industry, not education, health or childcare
// (托位, in the last).
func DropSecondHalf(text string) string {
	var lines []string
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) != "" {
			lines = append(lines, line)
		}
	}
	return strings.Join(lines[:len(lines)/2], "\n")
}

// YearBefore is the report of the year before: its years one less (its
// title names 2024) and every other number one more (超6500个 is 超6501个),
// so that an answer from it is told from the embedded report's by its
// figure as well as by the report it names.
func YearBefore(text string) string { return ShiftNumbers(ShiftYears(text, -1), 1) }

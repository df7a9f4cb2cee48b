package corpus

import (
	"fmt"
	"regexp"
	"strings"
)

// A report may open with a front matter block that names it, for a text
// whose first lines do not say which year and district it is about, or say
// it in a way the patterns below miss:
//
//	---
//	year: 2026
//	district: 荔湾区
//	title: 2026年荔湾区政府工作报告
//	---
//
// Every key is optional; a key the block does not set is read from the
// text. The block is not part of the report: the line after it is the title
// line, p1, as in a file without one, so sentence ids do not move when a
// block is added. A block that is not closed, a line that is not
// "key: value", an unknown key or a year that is not four digits is an
// error: a typo there would otherwise silently change every reply.
const frontMatterFence = "---"

// nameLines is how many lines, the title line first, may name the report
// ("2025年荔湾区政府工作报告"): the report's own name stands in its opening
// lines, while a body sentence may cite another report's.
const nameLines = 3

var (
	// reportName is a report's name: an optional year, optionally the
	// province and the city, the district, and 政府工作报告 (广州市荔湾区2026年政府工作报告,
	// 2025年荔湾区人民政府工作报告). The district starts the line or follows
	// a non-Han character, 年 or the city: in 当天,2025年荔湾区政府工作报告
	// it is 荔湾区.
	reportName = regexp.MustCompile(`(?:^|[^\p{Han}]|年)(?:((?:19|20)\d\d)年)?(?:\p{Han}{2,3}[省市]){0,2}(\p{Han}{1,4}?[区县市旗])(?:((?:19|20)\d\d)年)?(?:人民)?政府工作报告`)
	// titleYear is a year standing on its own in a title: not part of a
	// longer number, a decimal or a percentage.
	titleYear     = regexp.MustCompile(`(?:^|[^\d.])((?:19|20)\d\d)(?:[^\d.%]|$)`)
	fourDigitYear = regexp.MustCompile(`^(?:19|20)\d\d$`)
)

// frontMatter splits a front matter block off the report's lines, returning
// its keys and the lines after it. Lines are as split, untrimmed.
func frontMatter(lines []string) (meta map[string]string, rest []string, err error) {
	start := 0
	for start < len(lines) && cleanLine(lines[start]) == "" {
		start++
	}
	if start == len(lines) || cleanLine(lines[start]) != frontMatterFence {
		return nil, lines, nil
	}
	meta = map[string]string{}
	for i := start + 1; i < len(lines); i++ {
		line := cleanLine(lines[i])
		if line == frontMatterFence {
			return meta, lines[i+1:], nil
		}
		if line == "" {
			continue
		}
		key, value, ok := strings.Cut(strings.Replace(line, "：", ":", 1), ":")
		key, value = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(value)
		if !ok || value == "" {
			return nil, nil, fmt.Errorf("corpus: front matter line %d: want key: value, got %q", i+1, line)
		}
		switch key {
		case "year":
			if !fourDigitYear.MatchString(value) {
				return nil, nil, fmt.Errorf("corpus: front matter line %d: year %q is not a four-digit year", i+1, value)
			}
		case "district", "title":
		default:
			return nil, nil, fmt.Errorf("corpus: front matter line %d: unknown key %q (want year, district or title)", i+1, key)
		}
		meta[key] = value
	}
	return nil, nil, fmt.Errorf("corpus: front matter opened by %q on line %d is not closed", frontMatterFence, start+1)
}

// readNames fills in the report's year and district where the front matter
// did not: the year from the title line (the first year standing on its
// own), else from the report's name in its first lines; the district from
// that name. first holds the report's first lines, the title line first.
func (r *Report) readNames(meta map[string]string, first []string) {
	r.Year, r.District = meta["year"], meta["district"]
	if t := meta["title"]; t != "" {
		r.Title = t
	}
	if r.Year == "" && len(first) > 0 {
		if m := titleYear.FindStringSubmatch(first[0]); m != nil {
			r.Year = m[1]
		}
	}
	for _, line := range first {
		m := reportName.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		if r.Year == "" {
			r.Year = m[1] + m[3] // one of them, or neither
		}
		if r.District == "" {
			r.District = m[2]
		}
		break
	}
}

// cleanLine is a line as Parse reads it: without a byte order mark or the
// spaces around it.
func cleanLine(line string) string {
	return strings.TrimSpace(strings.TrimPrefix(line, "\ufeff"))
}

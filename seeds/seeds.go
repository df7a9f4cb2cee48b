// Package seeds embeds the report liwanbot answers from, so that the binary
// runs with no files beside it.
package seeds

import _ "embed"

// Report is the text of Guangzhou Liwan district's 2025 government work report.
//
//go:embed liwan-2025.txt
var Report string

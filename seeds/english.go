package seeds

import _ "embed"

// English is an unofficial English rendering of Report, for residents in Hong
// Kong, Macau and abroad who read no Chinese: one JSON object per line, in
// report order, the first recording the report's hash and the English title,
// then each sentence by id (anchored by its first eight characters) and each
// paragraph's topic. The hash ties it to this very text, so an edited report
// fails to load it rather than showing a translation of what it used to say.
//
//go:embed liwan-2025.en.jsonl
var English []byte

package seeds

import _ "embed"

// ResidentsVocabulary lists, one JSON object per line and in report order, the
// words residents use for each body sentence of Report: colloquial simplified
// Chinese, Cantonese in traditional characters, everyday English, and typical
// questions. The report speaks in terms of art (托位, 跨江通道) that residents
// rarely type, so search needs this bridge to find the sentence they mean.
// Each line is tied to its sentence by id and by the sentence's first eight
// characters, so an edited report shows up as a failing test rather than as
// vocabulary silently pointing at the wrong sentence.
//
//go:embed liwan-2025.residents.jsonl
var ResidentsVocabulary []byte

package search

import (
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
)

// Data that does not depend on the report is built once per process and
// shared by every engine: a server builds a second engine beside the first
// on every reload, and a Shelf one per report. Each is read-only once
// built (OpenCC's converters and bleve's analyzers are safe for concurrent
// use), so engines can share it as one engine's goroutines already do.
var (
	sharedScripts   = sync.OnceValues(newScripts)
	sharedCantonese = sync.OnceValues(func() (*rewriter, error) {
		sc, err := sharedScripts()
		if err != nil {
			return nil, err
		}
		return loadCantonese(sc)
	})
	sharedTaiwan          = sync.OnceValues(loadTaiwanPhrases)
	sharedGlossary        = sync.OnceValues(loadGlossary)
	sharedAnalyzer        = sync.OnceValues(func() (analysis.Analyzer, error) { return englishAnalyzer() })
	sharedEnglishSynonyms = sync.OnceValues(parseEnglishSynonyms)
)

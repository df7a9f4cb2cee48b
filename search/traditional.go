package search

// Traditional writes simplified text in Hong Kong traditional characters,
// as the engine writes its replies to traditional askers, the report's own
// terms kept (托位 stays 托位). Channels use it for what they show beside an
// answer (the paragraph, more results, topics), so that a traditional reader
// sees one script throughout. The converter loads on first use; if it cannot
// load, the text comes back unchanged.
func (e *Engine) Traditional(s string) string { return e.scripts.traditional(s) }

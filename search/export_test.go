package search

// UseIndexCache turns the embedded index cache on or off for the tests and
// benchmarks of package search_test, and returns the setting to restore.
func UseIndexCache(on bool) (was bool) {
	was, useIndexCache = useIndexCache, on
	return was
}

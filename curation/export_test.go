package curation

// SetBeforeKeep makes s run f between each change's check and its
// keeping, as if another instance kept a change meanwhile.
func SetBeforeKeep(s *Service, f func()) { s.beforeKeep = f }

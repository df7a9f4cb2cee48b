package golden

import (
	"bytes"
	_ "embed"
)

// builtin is the repo's own golden question file, embedded so that the
// staff console can run it from a binary with no files beside it.
//
//go:embed questions.jsonl
var builtin []byte

// Builtin returns the repo's own golden questions.
func Builtin() ([]Question, error) { return Load(bytes.NewReader(builtin)) }

package console

import (
	"bufio"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode"
)

// Staff sign in under their own names, so that what they change (a
// curation) records who changed it. A staff tokens file holds one member
// of staff a line:
//
//	# name:sha256 of the token, in hex
//	chen:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
//
// It keeps only hashes, so that reading the file does not give anyone a
// token; `liwanbot staff hash --name chen` makes a line. STAFF_TOKEN, alone
// or beside the file, signs in as "staff".

// Staff is a member of staff: a name and the SHA-256 of their token.
type Staff struct {
	Name string
	Hash [sha256.Size]byte
}

// SharedStaffName is who STAFF_TOKEN signs in as.
const SharedStaffName = "staff"

// LocalStaffName is who makes changes when no staff token is configured,
// which serve allows on a loopback address only.
const LocalStaffName = "local"

// maxStaffName bounds a name, which every curation row keeps.
const maxStaffName = 64

// ErrBadStaffFile is wrapped by every error about a staff tokens file.
var ErrBadStaffFile = errors.New("console: bad staff tokens file")

// HashToken is the hash a staff tokens file keeps of a token.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// ValidStaffName says what is wrong with a name, or nil: 1 to 64 bytes,
// no colon, space or control character.
func ValidStaffName(name string) error {
	if name == "" || len(name) > maxStaffName || strings.ContainsFunc(name, func(r rune) bool {
		return r == ':' || unicode.IsSpace(r) || unicode.IsControl(r) || r == unicode.ReplacementChar
	}) {
		return fmt.Errorf("staff name %q must be 1 to %d bytes, without colon, space or control characters", name, maxStaffName)
	}
	return nil
}

// ParseStaffTokens reads a staff tokens file: name:hash lines, blank lines
// and # comments skipped. A name given twice is an error: which of the two
// made a change could not be told.
func ParseStaffTokens(r io.Reader) ([]Staff, error) {
	var out []Staff
	seen := map[string]int{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, hash, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("%w: line %d: want name:sha256-hex", ErrBadStaffFile, n)
		}
		if err := ValidStaffName(name); err != nil {
			return nil, fmt.Errorf("%w: line %d: %v", ErrBadStaffFile, n, err)
		}
		b, err := hex.DecodeString(strings.ToLower(hash))
		if err != nil || len(b) != sha256.Size {
			return nil, fmt.Errorf("%w: line %d: the hash must be 64 hex digits (liwanbot staff hash makes one)", ErrBadStaffFile, n)
		}
		if first, ok := seen[name]; ok {
			return nil, fmt.Errorf("%w: line %d: %s is on line %d already", ErrBadStaffFile, n, name, first)
		}
		seen[name] = n
		var s Staff
		s.Name = name
		copy(s.Hash[:], b)
		out = append(out, s)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("console: read staff tokens: %w", err)
	}
	return out, nil
}

// who is the member of staff a token signs in, if any. Every entry is
// compared, in constant time, so that the time taken says nothing of which
// (or whether one) matched.
func (a *access) who(token string) (string, bool) {
	h := sha256.Sum256([]byte(token))
	name, found := "", 0
	for _, s := range a.staff {
		if subtle.ConstantTimeCompare(h[:], s.Hash[:]) == 1 {
			name, found = s.Name, 1
		}
	}
	return name, found == 1
}

// required reports whether staff must sign in.
func (a *access) required() bool { return len(a.staff) > 0 }

type staffKey struct{}

// StaffName is who made a request that the staff check let through: the
// name its token or session signs in, or LocalStaffName where no staff
// token is configured.
func StaffName(r *http.Request) string {
	if name, ok := r.Context().Value(staffKey{}).(string); ok {
		return name
	}
	return LocalStaffName
}

func withStaff(r *http.Request, name string) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), staffKey{}, name))
}

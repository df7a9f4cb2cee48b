package feedback

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Curations are staff's corrections of the bot's answers (see
// search.Curation for what each kind does), kept as a log: every change is
// a row, and its row number is the curation version, which only grows. An
// undo is a row of its own that retracts an earlier one, so the history
// says who did what, when and why, and every instance sharing the database
// sees a change by the version going up.
//
// The version is the number of the last row; rows are added one at a time
// (an SQLite write, or a PostgreSQL transaction holding an advisory lock),
// so a row with a lower version is never committed after one with a higher
// version, and an instance that has seen version n has seen every row up
// to n.

// Curation kinds; an undo is a row of its own.
const (
	KindLink    = "link"
	KindSynonym = "synonym"
	KindReply   = "reply"
	KindNever   = "never"
	KindUndo    = "undo"
)

// Curation is one row of the curation log, and one line of `liwanbot
// curations export`.
type Curation struct {
	Version  int64    `json:"version,omitempty"`
	Type     string   `json:"type"`
	Question string   `json:"question,omitempty"` // link, never
	Sentence string   `json:"sentence,omitempty"` // link, never
	Words    []string `json:"words,omitempty"`    // synonym, reply
	Term     string   `json:"term,omitempty"`     // synonym
	Reply    *Reply   `json:"reply,omitempty"`    // reply
	// Undoes is the version an undo retracts.
	Undoes int64     `json:"undoes,omitempty"`
	Author string    `json:"author"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at,omitzero"`
	// UndoneBy is the undo that retracted this curation, when the history
	// is read; it is not stored in the row.
	UndoneBy int64 `json:"undone_by,omitempty"`
}

// Reply is a reply staff wrote, per language.
type Reply struct {
	ZH string `json:"zh"`
	EN string `json:"en,omitempty"`
}

// body is what a row keeps of a curation beyond its columns.
type body struct {
	Question string   `json:"question,omitempty"`
	Sentence string   `json:"sentence,omitempty"`
	Words    []string `json:"words,omitempty"`
	Term     string   `json:"term,omitempty"`
	Reply    *Reply   `json:"reply,omitempty"`
}

// Errors about the curation log.
var (
	ErrBadCuration = errors.New("feedback: bad curation")
	ErrNoCuration  = errors.New("feedback: no such curation")
	ErrUndone      = errors.New("feedback: curation already undone")
	// ErrMoved means the log moved past the version a change was to
	// follow: another instance kept a change meanwhile.
	ErrMoved = errors.New("feedback: the curations changed meanwhile")
)

// anyVersion, as the version a change is to follow, lets it follow any.
const anyVersion = -1

// maxAuthor and maxReason bound what a row keeps of its author and reason.
const (
	maxAuthor = 64
	maxReason = 1000
)

// Check says what is wrong with a curation's shape, or nil; whether it
// fits the report is for the engine to say.
func (c Curation) Check() error {
	bad := func(what string) error { return fmt.Errorf("%w: %s", ErrBadCuration, what) }
	switch c.Type {
	case KindLink, KindNever:
		if strings.TrimSpace(c.Question) == "" || c.Sentence == "" {
			return bad(c.Type + " needs a question and a sentence")
		}
	case KindSynonym:
		if strings.TrimSpace(c.Term) == "" || len(c.Words) == 0 {
			return bad("synonym needs a term and words")
		}
	case KindReply:
		if len(c.Words) == 0 || c.Reply == nil || strings.TrimSpace(c.Reply.ZH) == "" {
			return bad("reply needs words and a Chinese reply (reply.zh)")
		}
	case KindUndo:
		return bad("an undo is made with UndoCuration")
	default:
		return bad(fmt.Sprintf("unknown type %q (link, synonym, reply, never)", c.Type))
	}
	if strings.TrimSpace(c.Author) == "" {
		return bad("no author")
	}
	if len(c.Author) > maxAuthor || len(c.Reason) > maxReason {
		return bad(fmt.Sprintf("author over %d bytes or reason over %d", maxAuthor, maxReason))
	}
	return nil
}

// curationLock is the PostgreSQL advisory lock that keeps curation rows in
// version order across instances.
const curationLock = 7305872

// AddCuration appends a curation to the log and returns it with its
// version and time.
func (s *Store) AddCuration(ctx context.Context, c Curation) (Curation, error) {
	return s.AddCurationAfter(ctx, c, anyVersion)
}

// AddCurationAfter appends a curation only if the log is at version
// after, in the same statement: the state a check passed it on is the
// state it joins. If another instance kept a change since, it appends
// nothing and returns ErrMoved.
func (s *Store) AddCurationAfter(ctx context.Context, c Curation, after int64) (Curation, error) {
	if err := c.Check(); err != nil {
		return c, err
	}
	b, _ := json.Marshal(body{Question: clean(c.Question), Sentence: clean(c.Sentence), Words: cleanAll(c.Words), Term: clean(c.Term), Reply: cleanReply(c.Reply)})
	if c.At.IsZero() {
		c.At = time.Now()
	}
	v, err := s.appendCuration(ctx, c.At, c.Author, c.Reason, c.Type, string(b), 0, after)
	if err != nil {
		return c, err
	}
	c.Version, c.UndoneBy = v, 0
	return c, nil
}

// UndoCuration retracts the curation of a version with a new row, which it
// returns.
func (s *Store) UndoCuration(ctx context.Context, version int64, author, reason string) (Curation, error) {
	return s.UndoCurationAfter(ctx, version, author, reason, anyVersion)
}

// UndoCurationAfter is UndoCuration only if the log is at version after,
// as AddCurationAfter; else it keeps nothing and returns ErrMoved.
func (s *Store) UndoCurationAfter(ctx context.Context, version int64, author, reason string, after int64) (Curation, error) {
	u := Curation{Type: KindUndo, Undoes: version, Author: author, Reason: reason, At: time.Now()}
	if strings.TrimSpace(author) == "" || len(author) > maxAuthor || len(reason) > maxReason {
		return u, fmt.Errorf("%w: an undo needs an author (at most %d bytes) and a reason of at most %d", ErrBadCuration, maxAuthor, maxReason)
	}
	v, err := s.appendCuration(ctx, u.At, author, reason, KindUndo, "{}", version, after)
	if errors.Is(err, ErrMoved) {
		return u, err
	}
	if errors.Is(err, sql.ErrNoRows) {
		// Nothing was added: say why.
		var kind string
		var undone int64
		err := s.db.QueryRowContext(ctx, s.rebind(`SELECT kind, COALESCE((SELECT version FROM curations WHERE undoes = ?), 0) FROM curations WHERE version = ?`),
			version, version).Scan(&kind, &undone)
		switch {
		case errors.Is(err, sql.ErrNoRows) || kind == KindUndo:
			return u, fmt.Errorf("%w: version %d", ErrNoCuration, version)
		case err != nil:
			return u, fmt.Errorf("feedback: undo curation: %w", err)
		default:
			return u, fmt.Errorf("%w: version %d by version %d", ErrUndone, version, undone)
		}
	}
	if err != nil {
		return u, err
	}
	u.Version = v
	return u, nil
}

// appendCuration adds a row with the next version in one statement, only
// if the log is at version after (unless after is anyVersion): else it
// returns ErrMoved. An undo (undoes > 0) is added only if it retracts a
// curation not yet retracted; else it returns sql.ErrNoRows.
func (s *Store) appendCuration(ctx context.Context, at time.Time, author, reason, kind, body string, undoes, after int64) (int64, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("feedback: add curation: %w", err)
	}
	defer tx.Rollback()
	if s.dialect == postgres {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(`+strconv.Itoa(curationLock)+`)`); err != nil {
			return 0, fmt.Errorf("feedback: add curation: lock: %w", err)
		}
	}
	// Parameters are cast: PostgreSQL cannot tell their types from a
	// SELECT list.
	q := `INSERT INTO curations (version, at, author, reason, kind, body, undoes)
SELECT (SELECT COALESCE(MAX(version), 0) + 1 FROM curations), CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), NULL`
	args := []any{at.UnixMilli(), clean(author), clean(reason), kind, body}
	if undoes > 0 {
		q = `INSERT INTO curations (version, at, author, reason, kind, body, undoes)
SELECT (SELECT COALESCE(MAX(version), 0) + 1 FROM curations), CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT)
WHERE EXISTS (SELECT 1 FROM curations WHERE version = ? AND kind <> 'undo') AND NOT EXISTS (SELECT 1 FROM curations WHERE undoes = ?)`
		args = append(args, undoes, undoes, undoes)
	}
	if after != anyVersion {
		if undoes > 0 {
			q += ` AND`
		} else {
			q += ` WHERE`
		}
		q += ` (SELECT COALESCE(MAX(version), 0) FROM curations) = CAST(? AS BIGINT)`
		args = append(args, after)
	}
	var v int64
	if err := tx.QueryRowContext(ctx, s.rebind(q+` RETURNING version`), args...).Scan(&v); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			if after != anyVersion {
				var now int64
				if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM curations`).Scan(&now); err != nil {
					return 0, fmt.Errorf("feedback: add curation: %w", err)
				}
				if now != after {
					return 0, fmt.Errorf("%w: at version %d, not %d", ErrMoved, now, after)
				}
			}
			return 0, err
		}
		return 0, fmt.Errorf("feedback: add curation: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("feedback: add curation: commit: %w", err)
	}
	return v, nil
}

// CurationVersion is the version of the last change to the curations, 0
// for none: what instances poll to see that something changed.
func (s *Store) CurationVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM curations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("feedback: curation version: %w", err)
	}
	return v, nil
}

// CurationHistory is the whole log in version order, each curation with
// the undo that retracted it, if any.
func (s *Store) CurationHistory(ctx context.Context) ([]Curation, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT version, at, author, reason, kind, body, COALESCE(undoes, 0) FROM curations ORDER BY version`)
	if err != nil {
		return nil, fmt.Errorf("feedback: read curations: %w", err)
	}
	defer rows.Close()
	out := []Curation{}
	at := map[int64]int{}
	for rows.Next() {
		var c Curation
		var ms int64
		var raw string
		if err := rows.Scan(&c.Version, &ms, &c.Author, &c.Reason, &c.Type, &raw, &c.Undoes); err != nil {
			return nil, fmt.Errorf("feedback: read curations: %w", err)
		}
		c.At = time.UnixMilli(ms).UTC()
		var b body
		if err := json.Unmarshal([]byte(raw), &b); err != nil {
			return nil, fmt.Errorf("feedback: curation %d: %w", c.Version, err)
		}
		c.Question, c.Sentence, c.Words, c.Term, c.Reply = b.Question, b.Sentence, b.Words, b.Term, b.Reply
		if i, ok := at[c.Undoes]; ok && c.Type == KindUndo {
			out[i].UndoneBy = c.Version
		}
		at[c.Version] = len(out)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("feedback: read curations: %w", err)
	}
	return out, nil
}

// ActiveCurations are the curations in force (neither undos nor undone)
// and the version of the log they were read at, from one read.
func (s *Store) ActiveCurations(ctx context.Context) (version int64, active []Curation, err error) {
	all, err := s.CurationHistory(ctx)
	if err != nil {
		return 0, nil, err
	}
	active = Active(all)
	if len(all) > 0 {
		version = all[len(all)-1].Version
	}
	return version, active, nil
}

// Active are the curations of a history in force: neither undos nor
// undone.
func Active(history []Curation) []Curation {
	out := []Curation{}
	for _, c := range history {
		if c.Type != KindUndo && c.UndoneBy == 0 {
			out = append(out, c)
		}
	}
	return out
}

// AskedQuestions are the distinct questions residents asked since a time
// (refused, out-of-scope and answered ones, normalised), the most asked
// first, at most limit.
func (s *Store) AskedQuestions(ctx context.Context, since time.Time, limit int) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT question FROM (
	SELECT question FROM refusals WHERE at >= ? UNION ALL SELECT question FROM answered WHERE at >= ?) AS asked
GROUP BY question ORDER BY COUNT(*) DESC, question`+s.byteOrder()+` LIMIT ?`), since.UnixMilli(), since.UnixMilli(), limit)
	if err != nil {
		return nil, fmt.Errorf("feedback: asked questions: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var q string
		if err := rows.Scan(&q); err != nil {
			return nil, fmt.Errorf("feedback: asked questions: %w", err)
		}
		out = append(out, q)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("feedback: asked questions: %w", err)
	}
	return out, nil
}

// WriteCurations writes curations as JSON lines, without their versions
// (a database they are imported into numbers them anew).
func WriteCurations(w io.Writer, cs []Curation) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, c := range cs {
		c.Version, c.UndoneBy = 0, 0
		if err := enc.Encode(c); err != nil {
			return fmt.Errorf("feedback: write curations: %w", err)
		}
	}
	return bw.Flush()
}

// maxCurationLine bounds one line of a curations file.
const maxCurationLine = 64 << 10

// ReadCurations reads JSON lines of curations, blank lines skipped. A line
// that is not one is an error naming it; versions and undos in a file are
// not taken (an import adds each line as a new curation).
func ReadCurations(r io.Reader) ([]Curation, error) {
	var out []Curation
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 4096), maxCurationLine)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var c Curation
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			return nil, fmt.Errorf("%w: line %d: %v", ErrBadCuration, n, err)
		}
		if c.Type == KindUndo {
			return nil, fmt.Errorf("%w: line %d: an undo cannot be imported", ErrBadCuration, n)
		}
		c.Version, c.UndoneBy = 0, 0
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("feedback: read curations: %w", err)
	}
	return out, nil
}

func cleanAll(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = clean(w)
	}
	return out
}

func cleanReply(r *Reply) *Reply {
	if r == nil {
		return nil
	}
	return &Reply{ZH: clean(r.ZH), EN: clean(r.EN)}
}

// Package feedback keeps what residents could not get answered and how they
// rated the answers they got, so that staff can improve the bot: refused
// questions grouped after normalisation, and the answers with the most 👎.
//
// The default store is an SQLite file (modernc.org/sqlite, pure Go, in WAL
// mode); a postgres:// URL selects PostgreSQL (pgx), for several bot
// instances behind one webhook. Residents are stored only as the keyed
// hashes the channels give; never a name or a raw id.
package feedback

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// Refusal is a question the bot could not answer.
type Refusal struct {
	At       time.Time
	Question string   // normalised; the resident's exact wording is not kept
	Lang     string   // zh-Hans, zh-Hant, en
	Channel  string   // telegram, api
	Outcome  string   // refused, or scope (another district or year)
	Topics   []string // the nearest topics offered
	Resident string   // keyed hash, or "" for staff
	Report   string   // hash of the report answered from
}

// Answered is a question the bot answered from the report (or with a
// reply staff wrote), kept so that staff can read the question a 👎 was
// given to, count how many questions were asked, and check a curation
// against every question residents asked, not only the refused ones.
type Answered struct {
	At       time.Time
	Question string // normalised, as a Refusal's
	Lang     string
	Channel  string
	Outcome  string // answered, or curated
	Sentence string // the cited sentence's id, "" for a reply that cites none
	Resident string // keyed hash, or "" for staff
	Report   string
}

// Rating is a 👍 (+1) or 👎 (-1) on an answer.
type Rating struct {
	At       time.Time
	Rating   int    // +1 or -1
	Sentence string // the cited sentence's id
	Figure   string // the figure's value, or "" if the answer led with none
	Report   string
	Channel  string
	Resident string
}

// Store is a database of refusals and ratings. It is safe for concurrent
// use.
type Store struct {
	db      *sql.DB
	dialect dialect
}

type dialect int

const (
	sqlite dialect = iota
	postgres
)

// ErrUnsupported means a database address neither SQLite nor PostgreSQL.
var ErrUnsupported = errors.New("feedback: unsupported database")

// ErrNoDatabase means there is no SQLite file at the path given.
var ErrNoDatabase = errors.New("feedback: no database")

// OpenExisting opens a database that must exist already, for readers such
// as `liwanbot report`: a mistyped path is an error, not a new empty file.
func OpenExisting(ctx context.Context, addr string) (*Store, error) {
	if !strings.Contains(addr, "://") && addr != "" {
		if _, err := os.Stat(addr); err != nil {
			return nil, fmt.Errorf("%w at %s (serve --db creates it): %v", ErrNoDatabase, addr, err)
		}
	}
	return Open(ctx, addr)
}

// Open opens the database at addr, creating and migrating it as needed: an
// SQLite file path, or a postgres:// (postgresql://) URL.
func Open(ctx context.Context, addr string) (*Store, error) {
	var s Store
	var err error
	switch {
	case strings.HasPrefix(addr, "postgres://"), strings.HasPrefix(addr, "postgresql://"):
		s.dialect = postgres
		s.db, err = sql.Open("pgx", addr)
	case strings.Contains(addr, "://"):
		return nil, fmt.Errorf("%w: %q (use a file path or a postgres:// URL)", ErrUnsupported, redactURL(addr))
	case addr == "":
		return nil, fmt.Errorf("%w: empty address", ErrUnsupported)
	default:
		s.dialect = sqlite
		// WAL: a crash loses nothing committed, and the report can read
		// while the bot writes. synchronous=NORMAL is durable against a
		// process crash, which is what WAL mode is for here.
		q := url.Values{}
		for _, p := range []string{"journal_mode(WAL)", "synchronous(NORMAL)", "busy_timeout(5000)", "foreign_keys(1)"} {
			q.Add("_pragma", p)
		}
		s.db, err = sql.Open("sqlite", sqliteURI(addr)+"?"+q.Encode())
	}
	if err != nil {
		return nil, fmt.Errorf("feedback: open: %w", err)
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("feedback: connect to %s: %w", s.describe(addr), err)
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	return &s, nil
}

// sqliteURI makes a file path an SQLite URI: in a URI, ? starts the
// parameters, # a fragment and % an escape, so a path holding any of them
// would name another file (or feed parameters to SQLite) if pasted raw.
func sqliteURI(path string) string {
	path = strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(path)
	if strings.HasPrefix(path, "//") {
		// Else the first segment would be read as the URI's authority.
		return "file://" + path
	}
	return "file:" + path
}

func (s *Store) describe(addr string) string {
	if s.dialect == postgres {
		return redactURL(addr)
	}
	return addr
}

// redactURL drops the password from a database URL for messages.
func redactURL(addr string) string {
	u, err := url.Parse(addr)
	if err != nil {
		return "the database"
	}
	return u.Redacted()
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// migrations are applied in order, each once; their index+1 is the schema
// version. Append, never edit: a database in the field has run the old ones.
var migrations = []map[dialect]string{
	{
		sqlite: `
CREATE TABLE refusals (
	id       INTEGER PRIMARY KEY,
	at       INTEGER NOT NULL, -- unix milliseconds
	question TEXT NOT NULL,
	lang     TEXT NOT NULL,
	channel  TEXT NOT NULL,
	outcome  TEXT NOT NULL,
	topics   TEXT NOT NULL, -- JSON array
	resident TEXT NOT NULL,
	report   TEXT NOT NULL
);
CREATE INDEX refusals_at ON refusals (at);
CREATE TABLE ratings (
	id       INTEGER PRIMARY KEY,
	at       INTEGER NOT NULL,
	rating   INTEGER NOT NULL CHECK (rating IN (-1, 1)),
	sentence TEXT NOT NULL,
	figure   TEXT NOT NULL,
	report   TEXT NOT NULL,
	channel  TEXT NOT NULL,
	resident TEXT NOT NULL
);
CREATE INDEX ratings_at ON ratings (at);`,
		postgres: `
CREATE TABLE refusals (
	id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at       BIGINT NOT NULL,
	question TEXT NOT NULL,
	lang     TEXT NOT NULL,
	channel  TEXT NOT NULL,
	outcome  TEXT NOT NULL,
	topics   TEXT NOT NULL,
	resident TEXT NOT NULL,
	report   TEXT NOT NULL
);
CREATE INDEX refusals_at ON refusals (at);
CREATE TABLE ratings (
	id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at       BIGINT NOT NULL,
	rating   INTEGER NOT NULL CHECK (rating IN (-1, 1)),
	sentence TEXT NOT NULL,
	figure   TEXT NOT NULL,
	report   TEXT NOT NULL,
	channel  TEXT NOT NULL,
	resident TEXT NOT NULL
);
CREATE INDEX ratings_at ON ratings (at);`,
	},
	{
		sqlite:   `CREATE TABLE updates (update_id INTEGER PRIMARY KEY, state TEXT NOT NULL, at INTEGER NOT NULL);`,
		postgres: `CREATE TABLE updates (update_id BIGINT PRIMARY KEY, state TEXT NOT NULL, at BIGINT NOT NULL);`,
	},
	{
		// Curations (curations.go): a log, one row a version; body is the
		// kind's own fields as JSON. An undo names the version it retracts,
		// and a version is retracted at most once.
		sqlite: `
CREATE TABLE curations (
	version INTEGER PRIMARY KEY,
	at      INTEGER NOT NULL,
	author  TEXT NOT NULL,
	reason  TEXT NOT NULL,
	kind    TEXT NOT NULL,
	body    TEXT NOT NULL,
	undoes  INTEGER
);
CREATE UNIQUE INDEX curations_undoes ON curations (undoes);`,
		postgres: `
CREATE TABLE curations (
	version BIGINT PRIMARY KEY,
	at      BIGINT NOT NULL,
	author  TEXT NOT NULL,
	reason  TEXT NOT NULL,
	kind    TEXT NOT NULL,
	body    TEXT NOT NULL,
	undoes  BIGINT
);
CREATE UNIQUE INDEX curations_undoes ON curations (undoes);`,
	},
	{
		// Answered questions: the question a 👎 was given to is the
		// latest one its resident was answered with its sentence.
		sqlite: `
CREATE TABLE answered (
	id       INTEGER PRIMARY KEY,
	at       INTEGER NOT NULL,
	question TEXT NOT NULL,
	lang     TEXT NOT NULL,
	channel  TEXT NOT NULL,
	outcome  TEXT NOT NULL,
	sentence TEXT NOT NULL,
	resident TEXT NOT NULL,
	report   TEXT NOT NULL
);
CREATE INDEX answered_at ON answered (at);
CREATE INDEX answered_rated ON answered (sentence, resident, at);`,
		postgres: `
CREATE TABLE answered (
	id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at       BIGINT NOT NULL,
	question TEXT NOT NULL,
	lang     TEXT NOT NULL,
	channel  TEXT NOT NULL,
	outcome  TEXT NOT NULL,
	sentence TEXT NOT NULL,
	resident TEXT NOT NULL,
	report   TEXT NOT NULL
);
CREATE INDEX answered_at ON answered (at);
CREATE INDEX answered_rated ON answered (sentence, resident, at);`,
	},
}

// migrate brings the schema up to date. A database already current is
// only read, so that `liwanbot report` works on a read-only replica and
// never contends with a running bot for the write lock. On PostgreSQL an
// advisory lock keeps instances starting together from migrating twice.
func (s *Store) migrate(ctx context.Context) error {
	var version int
	if err := s.db.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&version); err == nil && version == len(migrations) {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("feedback: migrate: %w", err)
	}
	defer tx.Rollback()
	if s.dialect == postgres {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7305871)`); err != nil {
			return fmt.Errorf("feedback: migrate: lock: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("feedback: migrate: %w", err)
	}
	err = tx.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&version)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		version = 0
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (0)`); err != nil {
			return fmt.Errorf("feedback: migrate: %w", err)
		}
	case err != nil:
		return fmt.Errorf("feedback: migrate: %w", err)
	}
	if version > len(migrations) {
		return fmt.Errorf("feedback: the database is at schema version %d, newer than this program's %d", version, len(migrations))
	}
	for i := version; i < len(migrations); i++ {
		if _, err := tx.ExecContext(ctx, migrations[i][s.dialect]); err != nil {
			return fmt.Errorf("feedback: migration %d: %w", i+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, s.rebind(`UPDATE schema_version SET version = ?`), len(migrations)); err != nil {
		return fmt.Errorf("feedback: migrate: %w", err)
	}
	return tx.Commit()
}

// byteOrder makes PostgreSQL sort text by bytes, as SQLite does, so that
// ties cut by LIMIT fall the same way on both.
func (s *Store) byteOrder() string {
	if s.dialect == postgres {
		return ` COLLATE "C"`
	}
	return ""
}

// rebind writes ? placeholders the way the database wants them.
func (s *Store) rebind(query string) string {
	if s.dialect != postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Batch is rows written in one transaction.
type Batch struct {
	Refusals []Refusal
	Ratings  []Rating
	Answered []Answered
}

func (b Batch) len() int { return len(b.Refusals) + len(b.Ratings) + len(b.Answered) }

// Write stores a batch in one transaction: all of it, or none.
func (s *Store) Write(ctx context.Context, b Batch) error {
	for _, r := range b.Ratings {
		if r.Rating != 1 && r.Rating != -1 {
			return fmt.Errorf("feedback: a rating is +1 or -1, not %d", r.Rating)
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("feedback: write: %w", err)
	}
	defer tx.Rollback()
	refusals := make([][]any, len(b.Refusals))
	for i, r := range b.Refusals {
		topics, _ := json.Marshal(nonNil(r.Topics))
		refusals[i] = []any{r.At.UnixMilli(), clean(r.Question), clean(r.Lang), clean(r.Channel), clean(r.Outcome), clean(string(topics)), clean(r.Resident), clean(r.Report)}
	}
	if err := s.insert(ctx, tx, "refusals (at, question, lang, channel, outcome, topics, resident, report)", refusals); err != nil {
		return err
	}
	ratings := make([][]any, len(b.Ratings))
	for i, r := range b.Ratings {
		ratings[i] = []any{r.At.UnixMilli(), r.Rating, clean(r.Sentence), clean(r.Figure), clean(r.Report), clean(r.Channel), clean(r.Resident)}
	}
	if err := s.insert(ctx, tx, "ratings (at, rating, sentence, figure, report, channel, resident)", ratings); err != nil {
		return err
	}
	answered := make([][]any, len(b.Answered))
	for i, a := range b.Answered {
		answered[i] = []any{a.At.UnixMilli(), clean(a.Question), clean(a.Lang), clean(a.Channel), clean(a.Outcome), clean(a.Sentence), clean(a.Resident), clean(a.Report)}
	}
	if err := s.insert(ctx, tx, "answered (at, question, lang, channel, outcome, sentence, resident, report)", answered); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("feedback: commit: %w", err)
	}
	return nil
}

// rowsPerInsert is how many rows one INSERT carries: one statement for
// many rows costs a fraction of a statement per row, and this many stays
// far below both databases' limits on parameters.
const rowsPerInsert = 128

// insert adds rows to table ("name (columns)") with multi-row INSERTs.
func (s *Store) insert(ctx context.Context, tx *sql.Tx, table string, rows [][]any) error {
	for len(rows) > 0 {
		n := min(len(rows), rowsPerInsert)
		var q strings.Builder
		q.WriteString("INSERT INTO " + table + " VALUES ")
		args := make([]any, 0, n*len(rows[0]))
		for i, row := range rows[:n] {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(" + strings.TrimSuffix(strings.Repeat("?, ", len(row)), ", ") + ")")
			args = append(args, row...)
		}
		if _, err := tx.ExecContext(ctx, s.rebind(q.String()), args...); err != nil {
			return fmt.Errorf("feedback: write %s: %w", strings.Fields(table)[0], err)
		}
		rows = rows[n:]
	}
	return nil
}

// clean makes text storable alike in both databases: PostgreSQL refuses
// NUL in text, which SQLite keeps, and invalid UTF-8.
func clean(s string) string {
	return strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), "\uFFFD")
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// DeleteBefore removes rows older than t and says how many went.
func (s *Store) DeleteBefore(ctx context.Context, t time.Time) (int64, error) {
	var total int64
	for _, table := range []string{"refusals", "ratings", "answered"} {
		res, err := s.db.ExecContext(ctx, s.rebind(`DELETE FROM `+table+` WHERE at < ?`), t.UnixMilli())
		if err != nil {
			return total, fmt.Errorf("feedback: retention: %w", err)
		}
		n, _ := res.RowsAffected()
		total += n
	}
	return total, nil
}

// RefusedQuestion is one question, as normalised, and how often it was
// refused.
type RefusedQuestion struct {
	Question string    `json:"question"`
	Count    int       `json:"count"`
	First    time.Time `json:"first"`
	Last     time.Time `json:"last"`
	Lang     string    `json:"lang"`    // of the latest asking
	Channel  string    `json:"channel"` // of the latest asking
	Outcome  string    `json:"outcome"` // of the latest asking
	Topics   []string  `json:"topics"`  // offered the latest time
}

// RatedAnswer is an answer (a cited sentence and figure) and its ratings.
type RatedAnswer struct {
	Sentence string `json:"sentence"`
	Figure   string `json:"figure"`
	Report   string `json:"report"`
	Down     int    `json:"down"`
	Up       int    `json:"up"`
	// Questions are what residents asked when they got this answer and
	// gave it a 👎, the most frequent first.
	Questions []DislikedQuestion `json:"questions"`
}

// Summary is what `liwanbot report` shows for a period.
type Summary struct {
	Since    time.Time         `json:"since"`
	Refused  []RefusedQuestion `json:"refused"`
	Disliked []RatedAnswer     `json:"disliked"`
}

// Summarize returns the limit most frequently refused questions and the
// limit answers with the most 👎 since the given time.
func (s *Store) Summarize(ctx context.Context, since time.Time, limit int) (Summary, error) {
	sum := Summary{Since: since, Refused: []RefusedQuestion{}, Disliked: []RatedAnswer{}}
	rows, err := s.db.QueryContext(ctx, s.rebind(`
SELECT question, COUNT(*), MIN(at), MAX(at) FROM refusals WHERE at >= ?
GROUP BY question ORDER BY COUNT(*) DESC, MAX(at) DESC, question`+s.byteOrder()+` LIMIT ?`), since.UnixMilli(), limit)
	if err != nil {
		return sum, fmt.Errorf("feedback: report: %w", err)
	}
	for rows.Next() {
		var q RefusedQuestion
		var first, last int64
		if err := rows.Scan(&q.Question, &q.Count, &first, &last); err != nil {
			rows.Close()
			return sum, fmt.Errorf("feedback: report: %w", err)
		}
		q.First, q.Last = time.UnixMilli(first).UTC(), time.UnixMilli(last).UTC()
		sum.Refused = append(sum.Refused, q)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return sum, fmt.Errorf("feedback: report: %w", err)
	}
	for i := range sum.Refused {
		q := &sum.Refused[i]
		var topics string
		err := s.db.QueryRowContext(ctx, s.rebind(`SELECT lang, channel, outcome, topics FROM refusals WHERE question = ? AND at >= ? ORDER BY at DESC LIMIT 1`),
			q.Question, since.UnixMilli()).Scan(&q.Lang, &q.Channel, &q.Outcome, &topics)
		if err != nil {
			return sum, fmt.Errorf("feedback: report: %w", err)
		}
		if err := json.Unmarshal([]byte(topics), &q.Topics); err != nil {
			q.Topics = []string{}
		}
	}

	rows, err = s.db.QueryContext(ctx, s.rebind(`
SELECT sentence, figure, report,
	SUM(CASE WHEN rating < 0 THEN 1 ELSE 0 END),
	SUM(CASE WHEN rating > 0 THEN 1 ELSE 0 END)
FROM ratings WHERE at >= ?
GROUP BY sentence, figure, report
HAVING SUM(CASE WHEN rating < 0 THEN 1 ELSE 0 END) > 0
ORDER BY 4 DESC, 5 ASC, sentence`+s.byteOrder()+`, figure`+s.byteOrder()+` LIMIT ?`), since.UnixMilli(), limit)
	if err != nil {
		return sum, fmt.Errorf("feedback: report: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a RatedAnswer
		if err := rows.Scan(&a.Sentence, &a.Figure, &a.Report, &a.Down, &a.Up); err != nil {
			return sum, fmt.Errorf("feedback: report: %w", err)
		}
		sum.Disliked = append(sum.Disliked, a)
	}
	if err := rows.Err(); err != nil {
		return sum, fmt.Errorf("feedback: report: %w", err)
	}
	rows.Close()
	for i := range sum.Disliked {
		qs, err := s.dislikedQuestions(ctx, sum.Disliked[i], since)
		if err != nil {
			return sum, err
		}
		sum.Disliked[i].Questions = qs
	}
	return sum, nil
}

// Counts returns how many refusals and ratings the store holds, for tests
// and health checks.
func (s *Store) Counts(ctx context.Context) (refusals, ratings int, err error) {
	if err = s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM refusals`).Scan(&refusals); err != nil {
		return 0, 0, fmt.Errorf("feedback: count: %w", err)
	}
	if err = s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM ratings`).Scan(&ratings); err != nil {
		return 0, 0, fmt.Errorf("feedback: count: %w", err)
	}
	return refusals, ratings, nil
}

// Package pgtest gives a test a PostgreSQL schema of its own on the server
// LIWANBOT_TEST_POSTGRES names, so that tests against one server do not
// see each other's rows, or skips the test, saying why, without a server.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver

	"github.com/liwanbot/liwanbot/internal/skipnote"
)

// Env names the server's address, a postgres:// URL.
const Env = "LIWANBOT_TEST_POSTGRES"

// Schema creates a schema named prefix plus random hex, drops it when the
// test ends, and returns the server's address with that schema as its
// search path. Without a server it skips t through skips.
func Schema(t testing.TB, skips *skipnote.Group, prefix string) string {
	t.Helper()
	base := os.Getenv(Env)
	if base == "" {
		skips.Skip(t, Env+" is not set")
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		skips.Skip(t, fmt.Sprintf("the PostgreSQL server at %s does not answer (%v)", Env, err))
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := prefix + hex.EncodeToString(b)
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err == nil {
			db.Exec("DROP SCHEMA " + schema + " CASCADE")
			db.Close()
		}
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema
}

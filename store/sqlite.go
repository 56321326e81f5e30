package store

// SQLite's dialect lives here. The rest of the store speaks SQL that
// PostgreSQL reads too (ON CONFLICT upserts, coalesce, CASE, INSERT …
// RETURNING id, timestamps formatted in Go by now(), never by SQL date
// functions; PostgreSQL's side is postgres.go), except at the places marked
// "SQLite:" in a comment, each saying what PostgreSQL does instead:
//
//   - this file: the driver and its per-connection settings (pragmas in the
//     connection string, alinea_fold), the WAL checkpoint, the FTS5
//     trigram search of the editor;
//   - the migrations (store/migrations): FTS5 tables and their triggers,
//     WITHOUT ROWID tables, INSERT OR IGNORE inside a trigger;
//     PostgreSQL's are in store/migrations/postgres;
//   - the concordance's and repetitions' FTS5 queries, alinea_fold in the
//     memory's target search, backup and restore of the file, the serving
//     lock, CheckWritable's pragma.
//
// `grep -rn "SQLite:" store/` lists them.

import (
	"database/sql"
	"fmt"
	"net/url"

	"github.com/mattn/go-sqlite3"

	"alinea/align/text"
	"strings"
)

// driverName is go-sqlite3 with the store's settings and SQL functions on
// every connection: the search index (migrations 0003 and 0006) calls
// alinea_fold from triggers, so every connection that writes segments or
// translations needs it. alinea_fold is text.Key, the fold the glossary
// uses too, so the editor's search finds what glossary lookup finds.
const driverName = "sqlite3_alinea"

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			// The store copies the log into the database in the
			// background (checkpoint.go), not inside a commit.
			if _, err := c.Exec("PRAGMA wal_autocheckpoint = 0", nil); err != nil {
				return err
			}
			// The log is cut back to this size whenever it starts over
			// (checkpoint.go).
			if _, err := c.Exec(fmt.Sprintf("PRAGMA journal_size_limit = %d", walLimit), nil); err != nil {
				return err
			}
			// alinea_han feeds the concordance's index of Han characters
			// (migration 0007).
			if err := c.RegisterFunc("alinea_han", HanChars, true); err != nil {
				return err
			}
			return c.RegisterFunc("alinea_fold", text.Key, true)
		},
	})
}

// sqliteDSN is the connection string of the database file at path: WAL, so
// that reads run alongside the writer; foreign keys on; a busy writer waited
// for rather than failed. The write pool's transactions are IMMEDIATE, so
// SQLite serializes them without the deadlocks that upgrading a read lock
// can cause.
func sqliteDSN(path string, write bool) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", fmt.Sprint(busyTimeout.Milliseconds()))
	q.Set("_foreign_keys", "on")
	q.Set("_synchronous", "NORMAL")
	if write {
		q.Set("_txlock", "immediate")
	}
	return "file:" + url.PathEscape(path) + "?" + q.Encode()
}

// checkpointSQL copies the write-ahead log into the database file without
// blocking writers (checkpoint.go).
const checkpointSQL = `PRAGMA wal_checkpoint(PASSIVE)`

// searchSubstring is the editor's search for a folded needle of three
// characters or more in the source of segment s and its translation into
// one language: the FTS5 trigram indexes find substrings, a quoted phrase is
// matched literally. PostgreSQL: pg_trgm indexes with LIKE or strpos.
func searchSubstring(needle, lang string) (string, []any) {
	phrase := `"` + strings.ReplaceAll(needle, `"`, `""`) + `"`
	return `(s.id IN (SELECT rowid FROM source_search WHERE source_search MATCH ?)
		OR s.id IN (SELECT k.segment_id FROM target_search f JOIN target_search_keys k ON k.id = f.rowid
			WHERE target_search MATCH ? AND k.lang = ?))`, []any{phrase, phrase, lang}
}

// searchShort is the search for shorter needles (a Chinese word is often two
// characters), which trigrams cannot find: it looks in the folded text the
// indexes keep, one rowid lookup per segment of the document.
func searchShort(needle, lang string) (string, []any) {
	return `(EXISTS (SELECT 1 FROM source_search f WHERE f.rowid = s.id AND instr(f.text, ?) > 0)
		OR EXISTS (SELECT 1 FROM target_search_keys k JOIN target_search f ON f.rowid = k.id
			WHERE k.segment_id = s.id AND k.lang = ? AND instr(f.text, ?) > 0))`, []any{needle, lang, needle}
}

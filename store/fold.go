package store

import (
	"database/sql"
	"fmt"
	"strings"
	"unicode"

	"github.com/mattn/go-sqlite3"
	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// driverName is go-sqlite3 with the store's settings and SQL functions on
// every connection: the search index (migration 0003) calls alinea_fold from
// triggers, so every connection that writes segments or translations needs it.
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
			return c.RegisterFunc("alinea_fold", Fold, true)
		},
	})
}

// Fold maps text to the form the search compares: case-folded, full- and
// half-width forms unified (NFKC compatibility), and diacritics removed, so
// "ＡＢＣ" finds "abc" and "traduccion" finds "Traducción".
func Fold(s string) string {
	if isPlainLower(s) {
		return s
	}
	t := transform.Chain(cases.Fold(), norm.NFKD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		// Transformers of valid Go strings do not fail; keep the lowercase
		// text rather than nothing if one ever does.
		return strings.ToLower(s)
	}
	return out
}

// isPlainLower reports text that folding leaves as it is, to skip the
// transformer chain for the common lowercase ASCII case.
func isPlainLower(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || c >= 'A' && c <= 'Z' {
			return false
		}
	}
	return true
}

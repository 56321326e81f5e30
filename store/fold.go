package store

import (
	"database/sql"

	"github.com/mattn/go-sqlite3"

	"alinea/align/text"
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
			return c.RegisterFunc("alinea_fold", text.Key, true)
		},
	})
}

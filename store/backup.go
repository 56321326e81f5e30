package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
)

// ErrFileOnly is returned by Backup and RestoreBackup for a PostgreSQL
// database: they copy SQLite's file.
var ErrFileOnly = errors.New("backup and restore copy a SQLite file; for PostgreSQL use pg_dump and pg_restore")

// Backup writes a consistent copy of the database at src to dst, which
// must not exist, while other processes go on writing to src. The copy is
// checked before it takes its name, so dst is either a sound database or
// absent.
func Backup(ctx context.Context, src, dst string) error {
	if IsPostgres(src) {
		return fmt.Errorf("backup %s: %w", redactDSN(src), ErrFileOnly)
	}
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("backup %s: %w", src, err)
	}
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("backup %s: %s already exists", src, dst)
	}
	tmp := dst + ".partial"
	os.Remove(tmp)
	defer os.Remove(tmp)
	db, err := sql.Open(driverName, "file:"+url.PathEscape(src)+"?_busy_timeout=10000")
	if err != nil {
		return fmt.Errorf("backup %s: %w", src, err)
	}
	defer db.Close()
	// SQLite-specific: VACUUM INTO writes what one read transaction sees,
	// so the copy holds every save committed before it began and none
	// half-made, and writers are never blocked. The copy is compact and has
	// no log of its own.
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return fmt.Errorf("backup %s: %w", src, err)
	}
	if err := CheckDatabase(ctx, tmp); err != nil {
		return fmt.Errorf("backup %s: the copy: %w", src, err)
	}
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("backup %s: %w", src, err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		return fmt.Errorf("backup %s: %w", src, err)
	}
	return syncFile(filepath.Dir(dst))
}

// CheckDatabase opens the database file at path read-only and reports
// whether it is sound (SQLite's integrity check) and an Alinea database.
func CheckDatabase(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	db, err := sql.Open(driverName, "file:"+url.PathEscape(path)+"?mode=ro&immutable=1")
	if err != nil {
		return err
	}
	defer db.Close()
	var verdict string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&verdict); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if verdict != "ok" {
		return fmt.Errorf("%s is damaged: %s", path, verdict)
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n == 0 {
		return fmt.Errorf("%s is not an Alinea database", path)
	}
	return nil
}

// RestoreBackup puts the backup in place of the database at dst. The caller must
// hold dst's serving lock, so no server has it open. The database it
// replaces is kept beside it (dst.before-restore), its write-ahead log and
// shared-memory index with it: left under the old names, SQLite would
// apply that log to the restored file.
func RestoreBackup(ctx context.Context, backup, dst string) error {
	if IsPostgres(dst) {
		return fmt.Errorf("restore into %s: %w", redactDSN(dst), ErrFileOnly)
	}
	if err := CheckDatabase(ctx, backup); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	tmp := dst + ".restoring"
	if err := copyFile(backup, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("restore %s: %w", backup, err)
	}
	old := dst + ".before-restore"
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(old + suffix)
		if err := os.Rename(dst+suffix, old+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			os.Remove(tmp)
			return fmt.Errorf("restore: set %s aside: %w", dst+suffix, err)
		}
	}
	if err := os.Rename(tmp, dst); err != nil {
		return fmt.Errorf("restore %s: %w", backup, err)
	}
	return syncFile(filepath.Dir(dst))
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := out.ReadFrom(in); err != nil {
		out.Close()
		return err
	}
	return errors.Join(out.Sync(), out.Close())
}

// syncFile flushes a file, or a directory's entries, to disk.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

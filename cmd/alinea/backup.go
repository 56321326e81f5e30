package main

import (
	"context"
	"fmt"
	"time"

	"alinea/store"
)

func runBackup(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "backup", "OUT", "Write a consistent copy of the database to OUT (a new file), also while a server is writing to it.")
	db := dbFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want one output file, got %d arguments", fs.NArg())
	}
	out := fs.Arg(0)
	if store.IsPostgres(*db) {
		return errPostgresBackup
	}
	start := time.Now()
	if err := store.Backup(ctx, *db, out); err != nil {
		return err
	}
	fmt.Fprintf(std.out, "Backed up %s to %s in %v; its integrity check passed.\n", *db, out, time.Since(start).Round(time.Millisecond))
	return nil
}

func runRestore(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "restore", "BACKUP", "Replace the database with a backup. Stop the server first: a running server is refused. "+
		"The replaced database is kept as FILE.before-restore.")
	db := dbFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want one backup file, got %d arguments", fs.NArg())
	}
	if store.IsPostgres(*db) {
		return errPostgresBackup
	}
	lock, err := store.LockForServing(*db, "alinea restore")
	if err != nil {
		return fmt.Errorf("restore: stop the server first: %w", err)
	}
	defer lock.Release()
	if err := store.RestoreBackup(ctx, fs.Arg(0), *db); err != nil {
		return err
	}
	fmt.Fprintf(std.out, "Restored %s from %s; the database it replaced is %s.before-restore.\n", *db, fs.Arg(0), *db)
	return nil
}

// errPostgresBackup answers backup and restore on PostgreSQL, whose own
// tools do both while servers run; copy-db writes a SQLite copy that
// backup's readers can open.
var errPostgresBackup = usagef("backup and restore work on a SQLite file; back up a PostgreSQL database with pg_dump " +
	"and restore it with pg_restore, or copy it into a new SQLite file with alinea copy-db --from DSN --to FILE")

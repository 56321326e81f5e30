package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"alinea/store"
)

func runCopyDB(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "copy-db", "", "Copy a whole workbench (documents, translations with every revision, glossary, memories, "+
		"users, sessions, tokens, activity, comments, settings) into a new, empty database, for example from SQLite to "+
		"PostgreSQL: one transaction, ids kept, then the count and checksum of every table are compared. "+
		"Either side is a SQLite file or a postgres:// DSN.")
	from := fs.String("from", "", "the database to copy: a SQLite `file or DSN`")
	to := fs.String("to", "", "the new, empty database: a SQLite `file or DSN` (a file is created)")
	verify := fs.Bool("verify", false, "copy nothing: compare the two databases table by table")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *from == "" || *to == "" {
		return usagef("--from and --to are both needed")
	}
	if *from == *to {
		return usagef("--from and --to name the same database")
	}
	src, err := openExisting(*from)
	if err != nil {
		return err
	}
	defer src.Close()
	if *verify {
		dst, err := openExisting(*to)
		if err != nil {
			return err
		}
		defer dst.Close()
		start := time.Now()
		sums, err := src.CompareWith(ctx, dst)
		if err != nil {
			return err
		}
		fmt.Fprintf(std.out, "%s and %s hold the same rows (compared in %v):\n", src.Path(), dst.Path(), time.Since(start).Round(time.Millisecond))
		printSummaries(std.out, sums)
		return nil
	}

	// A SQLite file the copy creates is removed again if the copy fails, so
	// that a second try does not meet a half-made database.
	created := false
	if !store.IsPostgres(*to) {
		if _, err := os.Stat(*to); errors.Is(err, os.ErrNotExist) {
			created = true
		}
	}
	dst, err := store.Open(*to)
	if err != nil {
		return err
	}
	start := time.Now()
	rep, err := src.CopyTo(ctx, dst, nil)
	cerr := dst.Close()
	if err == nil {
		err = cerr
	}
	if err != nil {
		if created {
			for _, suffix := range []string{"", "-wal", "-shm"} {
				os.Remove(*to + suffix)
			}
		}
		return fmt.Errorf("%w; nothing was copied", err)
	}
	var rows int64
	for _, t := range rep.Tables {
		rows += t.Rows
	}
	fmt.Fprintf(std.out, "Copied %s (%s) to %s (%s): %d rows in %d tables in %v. Every table's row count and checksum match the source.\n",
		src.Path(), src.Dialect(), dst.Path(), dst.Dialect(), rows, len(rep.Tables), time.Since(start).Round(time.Millisecond))
	printSummaries(std.out, rep.Tables)
	for _, t := range rep.Skipped {
		fmt.Fprintf(std.out, "%s exists on one side only; the destination builds it itself.\n", t)
	}
	return nil
}

func printSummaries(w io.Writer, sums []store.TableSummary) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "table\trows\tchecksum\t")
	for _, s := range sums {
		fmt.Fprintf(tw, "%s\t%d\t%.16s\t\n", s.Table, s.Rows, s.Sum)
	}
	tw.Flush()
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"alinea/exchange"
	"alinea/formats"
	"alinea/store"
	"alinea/workflow"
)

func runExport(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "export", "", "Export a document with its translations in an exchange format.\n"+
		"A one-language format (xliff2, xliff12, target-docx, md, txt) asked for in several languages is written as a zip of one file per language.")
	db := dbFlag(fs)
	doc := fs.Int64("doc", 0, "document `id`")
	langArg := fs.String("lang", "all", "target `language`(s): a code, a comma-separated list, or all")
	formatArg := fs.String("format", "", "`format`: "+strings.Join(formats.FormatNames(), ", "))
	out := fs.String("o", "", "output `file` (- for standard output; default: a name made from the title)")
	minStatus := fs.String("min-status", "", "keep only translations at this `status` or further: translated, reviewed or approved")
	untranslated := fs.String("untranslated", "omit", "untranslated segments in target documents: omit, source or mark")
	showStatus := fs.Bool("show-status", false, "show each translation's status (bilingual docx and html)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *doc <= 0 {
		return usagef("--doc is required")
	}
	f, ok := formats.LookupFormat(*formatArg)
	if !ok {
		return usagef("--format %q: want one of %s", *formatArg, strings.Join(formats.FormatNames(), ", "))
	}
	var opt formats.ExportOptions
	if *minStatus != "" {
		st, err := workflow.ParseStatus(*minStatus)
		if err != nil {
			return usagef("--min-status: %v", err)
		}
		opt.MinStatus = st
	}
	u, err := formats.ParseUntranslated(*untranslated)
	if err != nil {
		return usagef("--untranslated: %v", err)
	}
	opt.Untranslated, opt.ShowStatus = u, *showStatus

	st, d, langs, err := openDocument(ctx, *db, *doc, *langArg)
	if err != nil {
		return err
	}
	defer st.Close()
	name := *out
	if name == "" {
		name, _ = exchange.Download(d, f, langs)
	}
	if name == "-" {
		return exchange.Export(ctx, st, std.out, d, f, langs, opt)
	}
	if err := writeAtomically(name, func(w io.Writer) error {
		return exchange.Export(ctx, st, w, d, f, langs, opt)
	}); err != nil {
		return err
	}
	fmt.Fprintf(std.out, "wrote %s\n", name)
	return nil
}

// writeAtomically writes a file through a temporary one renamed into place,
// so a failed export leaves no half-written file behind.
func writeAtomically(name string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

func runApply(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "apply", "FILE", "Apply the translations in an exchange file (.xlf, .xliff, .tmx, .csv, .tsv) to a document, in one transaction.\n"+
		"Units are matched by segment id when the file is ours, else by source text; a translation changed in the workbench since the export is\n"+
		"reported as a conflict and kept (exit code 3) unless --overwrite is given.")
	db := dbFlag(fs)
	doc := fs.Int64("doc", 0, "document `id`")
	langArg := fs.String("lang", "all", "apply only this target `language` (or a comma-separated list, or all)")
	login := fs.String("user", "", "`login` the new revisions are recorded under, with that account's rights (default: the system)")
	overwrite := fs.Bool("overwrite", false, "save the file's translations over ones changed since the export, keeping them in the history (reviewers and admins)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want exactly one FILE")
	}
	if *doc <= 0 {
		return usagef("--doc is required")
	}
	name := fs.Arg(0)
	if _, ok := formats.ImportFormatFor(name); !ok {
		return usagef("%s: %v", name, exchange.ErrUnknownFormat)
	}
	file, err := os.Open(name)
	if err != nil {
		return err
	}
	defer file.Close()

	st, d, langs, err := openDocument(ctx, *db, *doc, *langArg)
	if err != nil {
		return err
	}
	defer st.Close()
	userID, err := authorID(ctx, st, *login)
	if err != nil {
		return err
	}
	im, err := exchange.Read(filepath.Base(name), file)
	if err != nil {
		return err
	}
	since := time.Now()
	res, err := exchange.Apply(ctx, st, d, im, langs, store.ApplyOptions{UserID: userID, Detail: im.Format + " " + filepath.Base(name), Overwrite: *overwrite})
	if errors.Is(err, store.ErrNothingMatched) {
		printResult(std.out, res)
	}
	if err != nil {
		return err
	}
	announceDocument(ctx, std, st, d.ID, since)
	printResult(std.out, res)
	if res.ConflictCount > 0 {
		// Scripts must notice that part of the file was not applied.
		return exitError{code: 3, msg: fmt.Sprintf("%d translations changed since the export were kept (see above; --overwrite to replace them)", res.ConflictCount)}
	}
	return nil
}

// openDocument opens the store and reads the document and the target
// languages --lang names; a bad --lang is a usage error.
func openDocument(ctx context.Context, db string, docID int64, langArg string) (*store.Store, store.Document, []string, error) {
	st, err := openExisting(db)
	if err != nil {
		return nil, store.Document{}, nil, err
	}
	fail := func(err error) (*store.Store, store.Document, []string, error) {
		st.Close()
		return nil, store.Document{}, nil, err
	}
	d, err := st.Document(ctx, docID)
	if err != nil {
		return fail(err)
	}
	targets, err := st.TargetLanguages(ctx)
	if err != nil {
		return fail(err)
	}
	langs, err := exchange.Langs(langArg, targets)
	if err != nil {
		return fail(usagef("--lang: %v", err))
	}
	return st, d, langs, nil
}

func printResult(w io.Writer, res exchange.Result) {
	fmt.Fprintf(w, "applied %d, unchanged %d, conflicts %d, unmatched %d, empty %d\n",
		res.Applied, res.Unchanged, res.ConflictCount, res.UnmatchedCount, res.Skipped)
	if res.Overwritten > 0 {
		fmt.Fprintf(w, "overwritten %d (the texts they replaced are in the history)\n", res.Overwritten)
	}
	for _, c := range res.Conflicts {
		fmt.Fprintf(w, "conflict: %s: segment %d (%s) changed since the export (version %d in the file, now %d); kept\n",
			where(c), c.SegmentID, c.Lang, c.BaseVersion, c.CurrentVersion)
	}
	for _, u := range res.Unmatched {
		fmt.Fprintf(w, "unmatched: %s (%s): %s\n", where(u), u.Lang, reasonText(u))
	}
	if n := res.ConflictCount + res.UnmatchedCount - len(res.Conflicts) - len(res.Unmatched); n > 0 {
		fmt.Fprintf(w, "… and %d more\n", n)
	}
}

func where(i store.ApplyIssue) string {
	switch {
	case i.Ref == "":
		return fmt.Sprintf("line %d", i.Line)
	case i.Line > 0:
		return fmt.Sprintf("unit %s (line %d)", i.Ref, i.Line)
	}
	return "unit " + i.Ref
}

func reasonText(i store.ApplyIssue) string {
	switch i.Reason {
	case store.ReasonNoSegment:
		return fmt.Sprintf("no segment %d in the document", i.SegmentID)
	case store.ReasonMergedOrSplit:
		return fmt.Sprintf("segment %d was merged or split since the export", i.SegmentID)
	case store.ReasonSourceDiffers:
		return fmt.Sprintf("the source text differs from segment %d's", i.SegmentID)
	case store.ReasonNoSource:
		return "no segment has this source text"
	case store.ReasonUnknownLang:
		return "not a target language"
	case store.ReasonInvalidStatus:
		return "invalid status"
	}
	return "not applied"
}

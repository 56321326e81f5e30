package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"time"

	"alinea/alignment"
	"alinea/store"
)

func runImportTranslation(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "import-translation", "FILE", "Bring an existing translation (text, HTML or DOCX) into a document: segment it with the\n"+
		"rules of its language, align it with the document's segments and store the alignment for\n"+
		"review in the workbench. With --accept, beads at least that confident become draft\n"+
		"translations at once (segments that already have one are skipped and listed).\n"+
		"The aligner finds the part(s) of the document the file translates; --segments gives them\n"+
		"instead, by the row numbers the editor shows.")
	db := dbFlag(fs)
	docID := fs.Int64("doc", 0, "`id` of the document the file translates")
	lang := fs.String("lang", "", "`language` of the translation: es, pt or en")
	accept := fs.String("accept", "", "accept beads with at least this confidence (`0..1`)")
	overwrite := fs.Bool("overwrite", false, "with --accept, replace translations segments already have")
	segments := fs.String("segments", "", "`rows` of the document the file translates, e.g. 12-48,77-120 (found by the aligner when not given)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want one FILE, got %d arguments", fs.NArg())
	}
	if *docID <= 0 {
		return usagef("--doc is required")
	}
	if *lang == "" {
		return usagef("--lang is required")
	}
	threshold := -1.0
	if *accept != "" {
		t, err := strconv.ParseFloat(*accept, 64)
		if err != nil || t < 0 || t > 1 {
			return usagef("--accept %q: want a number from 0 to 1", *accept)
		}
		threshold = t
	}
	ranges, err := alignment.ParseRanges(*segments)
	if err != nil {
		return usagef("--segments: %v", err)
	}
	path := fs.Arg(0)
	data, err := readFileLimited(path, alignment.MaxBytes)
	if err != nil {
		return err
	}
	st, err := openExisting(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	a, err := alignment.Import(ctx, st, alignment.Request{DocumentID: *docID, Lang: *lang, FileName: filepath.Base(path), Data: data, Segments: ranges})
	if errors.Is(err, store.ErrUnknownLanguage) {
		return usagef("--lang %q: not a target language of the store", *lang)
	}
	var re *alignment.RangeError
	if errors.As(err, &re) {
		return usagef("--segments: %v", re)
	}
	if err != nil {
		return err
	}
	rows, err := st.RowNumbers(ctx, a.DocumentID)
	if err != nil {
		return err
	}
	sum := alignment.Summarize(a)
	fmt.Fprintf(std.out, "alignment %d: document %d, %s, %d segments, %d sentences, %d beads\n",
		a.ID, a.DocumentID, a.Lang, sum.Sources, sum.Sentences, sum.Beads)
	for _, tc := range sum.Types {
		fmt.Fprintf(std.out, "  %-5s %d\n", tc.Type, tc.Count)
	}
	fmt.Fprintf(std.out, "low confidence (< %.2f): %d\n", alignment.LowConfidence, sum.Low)
	if on := alignment.TranslatedRows(a, rows); len(on) > 0 {
		fmt.Fprintf(std.out, "translation on rows: %s\n", alignment.FormatRanges(on))
	}
	if threshold < 0 {
		return nil
	}
	since := time.Now()
	rep, err := st.AcceptAlignment(ctx, store.AcceptOptions{AlignmentID: a.ID, Threshold: threshold, Overwrite: *overwrite})
	if err != nil {
		return err
	}
	if rep.Accepted > 0 {
		announceDocument(ctx, std, st, a.DocumentID, since)
	}
	fmt.Fprintf(std.out, "accepted: %d segments (%d replaced), %d beads below %.2f, %d untranslated\n",
		rep.Accepted, rep.Replaced, rep.Below, threshold, rep.Untranslated)
	if len(rep.Existing) > 0 {
		fmt.Fprintf(std.out, "skipped, already translated (use --overwrite to replace): %d segments:", len(rep.Existing))
		// Row numbers, as the editor shows them.
		for _, e := range rep.Existing {
			fmt.Fprintf(std.out, " #%d", rows[e.SegmentID])
		}
		fmt.Fprintln(std.out)
	}
	if len(rep.Covered) > 0 {
		fmt.Fprintf(std.out, "covered by the translation of the segment before (merge them in the editor): %d segments\n", len(rep.Covered))
	}
	return nil
}

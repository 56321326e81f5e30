package main

import (
	"context"
	"fmt"
	"time"

	"alinea/store"
	"alinea/tm"
)

func runPretranslate(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "pretranslate", "", "Fill every empty segment of a document from the translation memory, as drafts, in one transaction.")
	db := dbFlag(fs)
	doc := fs.Int64("doc", 0, "document `id` (required)")
	lang := fs.String("lang", "", "target language `code` (required)")
	min := fs.Float64("min", 100, "lowest similarity in `percent` of a match used")
	login := fs.String("user", "", "record the drafts as written by the account `login`")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *doc == 0 || *lang == "" {
		return usagef("--doc and --lang are required")
	}
	if *min < 1 || *min > 100 {
		return usagef("--min must be between 1 and 100")
	}
	st, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	by, err := authorID(ctx, st, *login)
	if err != nil {
		return err
	}
	since := time.Now()
	rep, err := tm.New(st).Pretranslate(ctx, *doc, *lang, *min, by)
	if err != nil {
		return err
	}
	if rep.Total > 0 {
		announceDocument(ctx, std, st, *doc, since)
	}
	fmt.Fprintf(std.out, "document %d (%s): %d empty segments, %d filled, %d already translated\n", *doc, *lang, rep.Empty, rep.Total, rep.Skipped)
	for _, b := range tm.Bands {
		if n := rep.Filled[b]; n > 0 {
			fmt.Fprintf(std.out, "  %-6s %d\n", b, n)
		}
	}
	return nil
}

func runAnalyze(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "analyze", "", "Count a document's segments and characters per band of their best match in the memory.")
	db := dbFlag(fs)
	doc := fs.Int64("doc", 0, "document `id` (required)")
	lang := fs.String("lang", "", "target language `code` (required)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *doc == 0 || *lang == "" {
		return usagef("--doc and --lang are required")
	}
	st, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	a, err := tm.New(st).Analyze(ctx, *doc, *lang)
	if err != nil {
		return err
	}
	fmt.Fprintf(std.out, "%-12s %9s %11s\n", "band", "segments", "characters")
	fmt.Fprintf(std.out, "%-12s %9d %11d\n", "repetitions", a.Repetitions.Segments, a.Repetitions.Characters)
	for _, b := range tm.Bands {
		c := a.Bands[b]
		fmt.Fprintf(std.out, "%-12s %9d %11d\n", b, c.Segments, c.Characters)
	}
	fmt.Fprintf(std.out, "%-12s %9d %11d\n", "total", a.Total.Segments, a.Total.Characters)
	return nil
}

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"alinea/store"
	"alinea/tm"
)

var tmVerbs = map[string]command{
	"import": {"add the units of a TMX file to a named memory", runTMImport},
	"export": {"write a memory (or all of them and every document's translations) as TMX", runTMExport},
	"lookup": {"print the best fuzzy matches for sentences", runTMLookup},
	"list":   {"list the named memories", runTMList},
	"delete": {"delete a named memory and its units", runTMDelete},
}

var runTM = subcommands("tm", tmVerbs)

func runTMImport(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "tm import", "FILE.tmx", "Add the units of a TMX file to the memory NAME (created when absent), all of them or none.\nThe Chinese <tuv> (zh, zh-CN, zh-Hans, zh-TW…) is the source, every other one a target.")
	db := dbFlag(fs)
	name := fs.String("name", "", "memory `name` (default: the file's name without extension)")
	login := fs.String("user", "", "record the import as done by the account `login`")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("give exactly one FILE.tmx")
	}
	file := fs.Arg(0)
	if *name == "" {
		*name = strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	by, err := authorID(ctx, st, *login)
	if err != nil {
		return err
	}
	start := time.Now()
	rep, err := tm.New(st).ImportTMX(ctx, bufio.NewReaderSize(f, 1<<20), *name, by)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	fmt.Fprintf(std.out, "memory %q: %d units read, %d added, %d now in the memory (%.1f s)\n",
		rep.Memory.Name, rep.Read, rep.Added, rep.Memory.Units, time.Since(start).Seconds())
	skipped := 0
	for _, r := range rep.SkipReasons() {
		skipped += rep.Skipped[r]
	}
	fmt.Fprintf(std.out, "%d skipped\n", skipped)
	for _, r := range rep.SkipReasons() {
		fmt.Fprintf(std.out, "  %d %s\n", rep.Skipped[r], r)
	}
	return nil
}

func runTMExport(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "tm export", "", "Write a memory as TMX 1.4b; without --name, every memory and every document's\ntranslations at status translated or above.")
	db := dbFlag(fs)
	name := fs.String("name", "", "the memory `name` (default: all)")
	lang := fs.String("lang", "", "only the target language `code` (default: all)")
	out := fs.String("o", "", "output `file` (default: standard output)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	st, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	w := std.out
	var f *os.File
	if *out != "" && *out != "-" {
		if f, err = os.Create(*out); err != nil {
			return err
		}
		w = f
	}
	n, err := tm.New(st).ExportTMX(ctx, w, *name, *lang)
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(*out)
		}
	}
	if err != nil {
		return err
	}
	if f != nil {
		fmt.Fprintf(std.err, "%d units written to %s\n", n, *out)
	}
	return nil
}

// lookupLine is one query's result in --json output.
type lookupLine struct {
	Query   string        `json:"query"`
	Matches []lookupMatch `json:"matches"`
}

type lookupMatch struct {
	Source       string  `json:"source"`
	Target       string  `json:"target"`
	Similarity   float64 `json:"similarity"`
	Score        float64 `json:"score"`
	Band         string  `json:"band"`
	Origin       string  `json:"origin"`
	Memory       string  `json:"memory,omitempty"`
	Document     int64   `json:"document,omitempty"`
	Segment      int64   `json:"segment,omitempty"`
	Status       string  `json:"status"`
	Author       string  `json:"author,omitempty"`
	Date         string  `json:"date,omitempty"`
	NumbersFixed bool    `json:"numbers_fixed,omitempty"`
	Stored       string  `json:"stored_target,omitempty"`
}

func runTMLookup(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "tm lookup", "[QUERY...]", "Print the best matches in the memory for each QUERY (without QUERY, for each line of standard input).\n"+
		"The matches are the LIMIT units most similar to the query, plus any unit just below them that scores higher\n"+
		"(numbers substituted, in context, reviewed). They are listed most similar first, as an exhaustive search\n"+
		"ranks them, so that lists can be compared between memories and tools; --sort score lists them as the\n"+
		"editor's matches panel does, the match a translator would take first (a 99 with numbers substituted\n"+
		"before an 80) at the top.")
	db := dbFlag(fs)
	lang := fs.String("lang", "", "target language `code` (required)")
	limit := fs.Int("limit", 10, "the `n` most similar units per query, plus better-scoring ones just below")
	min := fs.Float64("min", tm.DefaultMin, "lowest similarity in `percent`")
	asJSON := fs.Bool("json", false, "print one JSON line per query")
	order := fs.String("sort", string(tm.BySimilarity), "order of the matches: `similarity` or score")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *lang == "" {
		return usagef("--lang is required")
	}
	if tm.Order(*order) != tm.BySimilarity && tm.Order(*order) != tm.ByScore {
		return usagef("--sort must be similarity or score, not %q", *order)
	}
	if *limit < 1 {
		return usagef("--limit must be at least 1")
	}
	if *min < 1 || *min > 100 {
		return usagef("--min must be between 1 and 100")
	}
	st, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	svc := tm.New(st)
	if _, err := svc.Index(ctx, *lang); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(std.out, 64<<10)
	defer bw.Flush()
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	one := func(q string) error {
		ms, err := svc.Lookup(ctx, tm.Query{Text: q, Lang: *lang, Limit: *limit, Min: *min, Sort: tm.Order(*order)})
		if err != nil {
			return err
		}
		if *asJSON {
			line := lookupLine{Query: q, Matches: []lookupMatch{}}
			for _, m := range ms {
				lm := lookupMatch{Source: m.Source, Target: m.Suggestion, Similarity: m.Similarity, Score: m.Score,
					Band: string(m.Band), Origin: m.From(), Memory: m.MemoryName, Document: m.DocumentID, Segment: m.SegmentID,
					Status: string(m.Status), Author: m.Author, NumbersFixed: m.NumbersFixed}
				if !m.UpdatedAt.IsZero() {
					lm.Date = m.UpdatedAt.UTC().Format(time.RFC3339)
				}
				if m.NumbersFixed {
					lm.Stored = m.Target
				}
				line.Matches = append(line.Matches, lm)
			}
			return enc.Encode(line)
		}
		fmt.Fprintf(bw, "%s\n", q)
		if len(ms) == 0 {
			fmt.Fprintln(bw, "  no match")
		}
		for _, m := range ms {
			fix := ""
			if m.NumbersFixed {
				fix = " numbers substituted"
			}
			fmt.Fprintf(bw, "  %6.2f  score %6.2f%s  [%s]\n    %s\n    %s\n", m.Similarity, m.Score, fix, m.From(), m.Source, m.Suggestion)
		}
		return nil
	}
	if fs.NArg() > 0 {
		for _, q := range fs.Args() {
			if err := one(q); err != nil {
				return err
			}
		}
		return nil
	}
	sc := bufio.NewScanner(std.in)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		if err := one(strings.TrimRight(sc.Text(), "\r")); err != nil {
			return err
		}
	}
	return sc.Err()
}

func runTMList(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "tm list", "", "List the named memories with their units, and the units that follow documents.")
	db := dbFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	ms, err := st.Memories(ctx)
	if err != nil {
		return err
	}
	for _, m := range ms {
		fmt.Fprintf(std.out, "%-30s %9d units  created %s\n", m.Name, m.Units, m.CreatedAt.Format("2006-01-02"))
	}
	live, err := st.LiveMemoryUnits(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(std.out, "%-30s %9d units\n", "(documents)", live)
	return nil
}

func runTMDelete(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "tm delete", "", "Delete the memory NAME and all its units.")
	db := dbFlag(fs)
	name := fs.String("name", "", "the memory `name` (required)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *name == "" {
		return usagef("--name is required")
	}
	st, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	n, err := st.DeleteMemory(ctx, *name)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no memory is called %q", *name)
	}
	if err != nil {
		return err
	}
	if err := st.PruneMemoryLog(ctx, 50000); err != nil {
		return err
	}
	fmt.Fprintf(std.out, "memory %q deleted with its %d units\n", *name, n)
	return nil
}

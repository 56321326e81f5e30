package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"alinea/align/segment"
	"alinea/align/term"
	"alinea/glossary"
	"alinea/store"
)

var glossaryVerbs = map[string]command{
	"lookup":   {"find concepts by a term in any language (case, accents and width do not matter)", runGlossaryLookup},
	"export":   {"write the glossary as TBX or CSV", runGlossaryExport},
	"import":   {"read a TBX or CSV glossary into the store (merge, or --replace)", runGlossaryImport},
	"discover": {"propose new terms from a document's source text", runGlossaryDiscover},
}

var runGlossary = subcommands("glossary", glossaryVerbs)

func runGlossaryLookup(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "glossary lookup", "QUERY", "Print the concepts with a term that contains QUERY, in any language, with all their terms.")
	db := dbFlag(fs)
	limit := fs.Int("limit", 20, "print at most `n` concepts (0 for all)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	q := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(q) == "" {
		return usagef("no QUERY")
	}
	st, err := openExisting(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	cs, err := st.Lookup(ctx, q, *limit)
	if err != nil {
		return err
	}
	if len(cs) == 0 {
		return fmt.Errorf("no concept has a term containing %q", q)
	}
	for i, c := range cs {
		if i > 0 {
			fmt.Fprintln(std.out)
		}
		printConcept(std.out, c)
	}
	return nil
}

func printConcept(w io.Writer, c store.Concept) {
	fmt.Fprintf(w, "concept %d", c.ID)
	if c.Domain != "" {
		fmt.Fprintf(w, " [%s]", c.Domain)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, t := range c.Terms {
		var extra []string
		if g := strings.TrimSpace(t.Gender + " " + t.Number); g != "" {
			extra = append(extra, g)
		}
		for _, f := range t.Forms {
			extra = append(extra, "form: "+f.Text)
		}
		if t.Note != "" {
			extra = append(extra, "note: "+t.Note)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", t.Lang, t.Status, t.Text, strings.Join(extra, "; "))
	}
	tw.Flush()
	for _, s := range []struct{ k, v string }{{"definition", c.Definition}, {"note", c.Note}, {"source", c.Source}} {
		if s.v != "" {
			fmt.Fprintf(w, "  %s: %s\n", s.k, s.v)
		}
	}
}

// glossaryFormat is the format named by --format, or told from a file
// name's extension.
func glossaryFormat(format, file string) (glossary.Format, error) {
	if format != "" {
		f, err := glossary.ParseFormat(format)
		if err != nil {
			return "", usagef("--format must be tbx, tbx2008 or csv, not %q", format)
		}
		return f, nil
	}
	f, err := glossary.FormatOf(file)
	if err != nil {
		return "", usagef("cannot tell the format of %q: give --format tbx or csv", file)
	}
	return f, nil
}

func runGlossaryExport(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "glossary export", "", "Write the whole glossary as TBX (TBX-Basic, TBX v3), TBX-Basic in the TBX 2008 form (<martif>) or glossary CSV.")
	db := dbFlag(fs)
	format := fs.String("format", "", "`tbx`, tbx2008 or csv (default: from the -o file's extension, else tbx)")
	out := fs.String("o", "", "write to `file` instead of standard output")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	named := *format
	if named == "" && *out == "" {
		named = string(glossary.TBX)
	}
	f, err := glossaryFormat(named, *out)
	if err != nil {
		return err
	}
	st, err := openExisting(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	var b bytes.Buffer
	n, err := glossary.New(st).Export(ctx, &b, f)
	if err != nil {
		return err
	}
	if *out == "" {
		_, err = std.out.Write(b.Bytes())
		return err
	}
	if err := os.WriteFile(*out, b.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(std.err, "wrote %d concepts to %s\n", n, *out)
	return nil
}

func runGlossaryImport(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "glossary import", "FILE", "Read a TBX or glossary CSV file into the store, all of it or nothing. A concept sharing a Chinese\nterm with a stored one updates it; the others are added. --replace deletes the stored glossary first.")
	db := dbFlag(fs)
	format := fs.String("format", "", "`tbx` or csv (default: from the file's extension)")
	replace := fs.Bool("replace", false, "replace the whole glossary instead of merging")
	login := fs.String("user", "", "record the import as done by the account `login`")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("give exactly one FILE")
	}
	file := fs.Arg(0)
	f, err := glossaryFormat(*format, file)
	if err != nil {
		return err
	}
	in, err := os.Open(file)
	if err != nil {
		return err
	}
	defer in.Close()
	st, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	by, err := authorID(ctx, st, *login)
	if err != nil {
		return err
	}
	mode := store.ImportMerge
	if *replace {
		mode = store.ImportReplace
	}
	res, err := glossary.New(st).Import(ctx, in, f, mode, by)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	announceGlossary(ctx, std, st)
	fmt.Fprintf(std.out, "%s: %d concepts added, %d updated, %d deleted\n", file, res.Created, res.Updated, res.Deleted)
	return nil
}

func runGlossaryDiscover(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "glossary discover", "[FILE]", "Propose new Chinese terms: recurring strings that hold together and combine freely with their\nsurroundings, and are not in the glossary yet. Reads document --doc from the store, or a text FILE.")
	db := dbFlag(fs)
	docID := fs.Int64("doc", 0, "document `id` in the store")
	limit := fs.Int("limit", 30, "print at most `n` candidates")
	minCount := fs.Int("min-count", 2, "only strings occurring at least `n` times")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if (*docID == 0) == (fs.NArg() == 0) || fs.NArg() > 1 {
		return usagef("give either --doc ID or one FILE")
	}
	st, err := openExisting(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	var segs []string
	g := glossary.New(st)
	if *docID != 0 {
		ss, err := st.SourceSegments(ctx, *docID)
		if err != nil {
			return err
		}
		for _, s := range ss {
			segs = append(segs, s.Source)
		}
	} else {
		data, err := os.ReadFile(fs.Arg(0))
		if err != nil {
			return err
		}
		p, err := segment.Prepare(data, store.SourceLang)
		if err != nil {
			return fmt.Errorf("%s: %w", fs.Arg(0), err)
		}
		for _, para := range p.Paragraphs {
			segs = append(segs, para.Segments...)
		}
	}
	cands, err := g.DiscoverIn(ctx, segs, term.DiscoverOptions{MinCount: *minCount, Limit: *limit})
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(std.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "candidate\tcount\tscore\tfirst seen in")
	for _, c := range cands {
		ctxText := ""
		if len(c.Occurrences) > 0 {
			o := c.Occurrences[0]
			ctxText = snippet(segs[o.Segment], o.Start, o.End)
		}
		fmt.Fprintf(tw, "%s\t%d\t%.3f\t%s\n", c.Text, c.Count, c.Score, ctxText)
	}
	return tw.Flush()
}

// snippet is the text around [start, end) of s, a few characters each side.
func snippet(s string, start, end int) string {
	before, after := glossary.Around(s, start, end, 8)
	return before + "【" + s[start:end] + "】" + after
}

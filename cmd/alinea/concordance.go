package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"alinea/store"
	"alinea/tm"
)

type concordanceLine struct {
	Document *int64 `json:"document"` // null for a memory unit
	Segment  *int64 `json:"segment"`
	Memory   string `json:"memory,omitempty"`
	Unit     int64  `json:"unit,omitempty"`
	Source   string `json:"source"`
	Lang     string `json:"lang,omitempty"`
	Target   string `json:"target"`
}

func runConcordance(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "concordance", "QUERY", "Print every segment of every document, and every unit of the named memories, whose source or\ntranslation holds QUERY (case, width and accents aside; one Chinese character is enough).")
	db := dbFlag(fs)
	lang := fs.String("lang", "", "search and show translations into this language `code` (default: all)")
	limit := fs.Int("limit", tm.MaxConcordance, "print at most `n` hits")
	asJSON := fs.Bool("json", false, "print one JSON line per hit")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	q := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(q) == "" {
		return usagef("no QUERY")
	}
	st, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	hits, err := tm.New(st).Concordance(ctx, q, *lang, *limit)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(std.out)
	defer bw.Flush()
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, h := range hits {
		if *asJSON {
			line := concordanceLine{Memory: h.Memory, Unit: h.UnitID, Source: h.Source, Lang: h.Lang, Target: h.Target}
			if h.SegmentID != 0 {
				line.Document, line.Segment = &h.DocumentID, &h.SegmentID
			}
			if err := enc.Encode(line); err != nil {
				return err
			}
			continue
		}
		where := fmt.Sprintf("doc %d, segment %d", h.DocumentID, h.SegmentID)
		if h.Memory != "" {
			where = "memory " + h.Memory
		}
		fmt.Fprintf(bw, "[%s]\n  %s\n", where, h.Source)
		if h.Target != "" {
			fmt.Fprintf(bw, "  %s: %s\n", h.Lang, h.Target)
		}
	}
	if !*asJSON {
		fmt.Fprintf(bw, "%d hits\n", len(hits))
	}
	return nil
}

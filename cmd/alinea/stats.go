package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"alinea/workflow"
)

func runStats(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "stats", "", "Print, per document and target language, the segments by status and the source characters (a Chinese source is counted and billed by character).")
	db := dbFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	st, err := openExisting(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	docs, err := st.Documents(ctx)
	if err != nil {
		return err
	}
	progress, err := st.Progress(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(std.out, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "doc\tlang\t")
	for _, s := range workflow.Statuses {
		fmt.Fprintf(tw, "%s\t", s)
	}
	fmt.Fprint(tw, "segments\tcharacters\t\n")
	for _, d := range docs {
		for _, p := range progress[d.ID] {
			fmt.Fprintf(tw, "%d\t%s\t", d.ID, p.Lang)
			chars := 0
			for _, s := range workflow.Statuses {
				fmt.Fprintf(tw, "%d\t", p.Segments[s])
				chars += p.Chars[s]
			}
			fmt.Fprintf(tw, "%d\t%d\t\n", p.Total(), chars)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(docs) == 0 {
		fmt.Fprintln(std.out, "no documents")
	}
	return nil
}

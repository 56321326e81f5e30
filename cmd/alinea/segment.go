package main

import (
	"bufio"
	"context"
	"fmt"
	"io"

	"alinea/align/segment"
)

func runSegment(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "segment", "FILE", "Print the segments of FILE one per line, with an empty line between paragraphs.\nTouches no database. FILE - reads standard input.")
	lang := fs.String("lang", "zh", "`language` of the text")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want exactly one FILE")
	}
	if _, err := segment.RulesFor(*lang); err != nil {
		return usagef("--lang: %v", err)
	}
	var data []byte
	var err error
	if fs.Arg(0) == "-" {
		data, err = io.ReadAll(io.LimitReader(std.in, maxImportBytes+1))
		if err == nil && len(data) > maxImportBytes {
			err = fmt.Errorf("standard input: more than %d bytes", maxImportBytes)
		}
	} else {
		data, err = readFileLimited(fs.Arg(0), maxImportBytes)
	}
	if err != nil {
		return err
	}
	prep, err := segment.Prepare(data, *lang)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	w := bufio.NewWriter(std.out)
	for i, p := range prep.Paragraphs {
		if i > 0 {
			w.WriteByte('\n')
		}
		for _, s := range p.Segments {
			// A segment is printed on one line; line breaks inside one
			// (joined hard breaks in Latin text) would look like two.
			w.WriteString(oneLine(s))
			w.WriteByte('\n')
		}
	}
	return w.Flush()
}

func oneLine(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c == '\n' || c == '\r' {
			b[i] = ' '
		}
	}
	return string(b)
}

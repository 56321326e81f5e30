package main

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"alinea/align/qa"
	"alinea/glossary"
	"alinea/quality"
)

func runQA(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "qa", "", "Check a document's translations into one language: numbers, punctuation, brackets, quotes,\n"+
		"untranslated text, inconsistencies, length, terminology, URLs, capitalization.\n"+
		"Exits 0 whether or not there are findings.")
	db := dbFlag(fs)
	doc := fs.Int64("doc", 0, "document `id`")
	lang := fs.String("lang", "", "target `language` (es, pt, en)")
	asJSON := fs.Bool("json", false, "one JSON object per finding and line")
	checks := fs.String("checks", "", "comma-separated `checks` to run (default: those on for the document): "+joinChecks())
	ui := fs.String("ui", "en", "`language` of the messages: en, es, pt, zh-Hans")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *doc <= 0 {
		return usagef("--doc is required")
	}
	if *lang == "" {
		return usagef("--lang is required")
	}
	only, err := qa.ParseChecks(*checks)
	if err != nil {
		return usagef("--checks: %v", err)
	}
	msg, err := quality.Messages(*ui)
	if err != nil {
		return err
	}
	st, d, langs, err := openDocument(ctx, *db, *doc, *lang)
	if err != nil {
		return err
	}
	defer st.Close()
	if len(langs) != 1 {
		return usagef("--lang: name one language")
	}
	findings, err := quality.Service{Store: st, Glossary: glossary.New(st)}.Document(ctx, d.ID, langs[0], only)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(std.out)
		enc.SetEscapeHTML(false)
		for _, f := range findings {
			if err := enc.Encode(quality.JSON(f, msg(f))); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(std.out, 0, 4, 2, ' ', 0)
	for _, f := range findings {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", f.Position, f.Severity, f.Check, msg(f))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(std.out, "%d findings\n", len(findings))
	return nil
}

func joinChecks() string {
	s := ""
	for i, c := range qa.Checks {
		if i > 0 {
			s += ", "
		}
		s += c
	}
	return s
}

package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"alinea/align/segment"
	"alinea/docimport"
	"alinea/store"
)

func runImport(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "import", "FILE...", "Import source documents: decode, split into paragraphs and segments, store.\nPrints each new document's id and its paragraph and segment counts.")
	db := dbFlag(fs)
	lang := fs.String("lang", docimport.DefaultLang, "source `language` of the files")
	title := fs.String("title", "", "document `title` (default: the file name without extension; only with one file)")
	dup := fs.Bool("allow-duplicate", false, "import a file even if the same text was imported before")
	zhTag := fs.String("zh-tag", store.DefaultZhTag, "`tag` Chinese is written with in the documents' exchange files ("+strings.Join(store.ZhTags, ", ")+")")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("no file to import")
	}
	if *title != "" && fs.NArg() > 1 {
		return usagef("--title needs exactly one file")
	}
	if _, err := segment.RulesFor(*lang); err != nil {
		return usagef("--lang: %v", err)
	}
	if !slices.Contains(store.ZhTags, *zhTag) {
		return usagef("--zh-tag %q: want one of %s", *zhTag, strings.Join(store.ZhTags, ", "))
	}
	st, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer st.Close()

	var failed int
	for _, path := range fs.Args() {
		doc, err := importFile(ctx, st, path, *title, *lang, *zhTag, *dup)
		var de *store.DuplicateError
		switch {
		case errors.As(err, &de):
			fmt.Fprintf(std.out, "%s: already imported as document %d; skipped (use --allow-duplicate to import it again)\n", path, de.Existing.ID)
		case err != nil:
			fmt.Fprintf(std.err, "alinea import: %v\n", err)
			failed++
		default:
			fmt.Fprintf(std.out, "document %d: %d paragraphs, %d segments (%s)\n", doc.ID, doc.Paragraphs, doc.Segments, path)
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d files not imported", failed, fs.NArg())
	}
	return nil
}

func importFile(ctx context.Context, st *store.Store, path, title, lang, zhTag string, allowDup bool) (store.Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return store.Document{}, err
	}
	defer f.Close()
	data, err := docimport.Read(f)
	if err != nil {
		return store.Document{}, fmt.Errorf("%s: %w", path, err)
	}
	return docimport.Import(ctx, st, docimport.Request{FileName: path, Title: title, Lang: lang, AllowDuplicate: allowDup, ZhTag: zhTag}, data)
}

// maxImportBytes bounds the source files of the commands that read one.
const maxImportBytes = docimport.MaxBytes

func readFileLimited(path string, limit int64) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s is a directory", path)
	}
	if fi.Size() > limit {
		return nil, fmt.Errorf("%s: %.1f MiB, more than the limit of %d MiB", path, float64(fi.Size())/(1<<20), limit>>20)
	}
	return os.ReadFile(path)
}

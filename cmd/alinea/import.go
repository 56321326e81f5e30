package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"alinea/align/segment"
	"alinea/store"
)

// maxImportBytes bounds one source file.
const maxImportBytes = 32 << 20

func runImport(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "import", "FILE...", "Import source documents: decode, split into paragraphs and segments, store.\nPrints each new document's id and its paragraph and segment counts.")
	db := dbFlag(fs)
	lang := fs.String("lang", "zh", "source `language` of the files")
	title := fs.String("title", "", "document `title` (default: the file name without extension; only with one file)")
	dup := fs.Bool("allow-duplicate", false, "import a file even if the same text was imported before")
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
	st, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer st.Close()

	var failed int
	for _, path := range fs.Args() {
		t := *title
		if t == "" {
			t = titleFromFile(path)
		}
		doc, err := importFile(ctx, st, path, t, *lang, *dup)
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

func importFile(ctx context.Context, st *store.Store, path, title, lang string, allowDup bool) (store.Document, error) {
	data, err := readFileLimited(path, maxImportBytes)
	if err != nil {
		return store.Document{}, err
	}
	prep, err := segment.Prepare(data, lang)
	if err != nil {
		return store.Document{}, fmt.Errorf("import %s: %w", path, err)
	}
	return st.ImportDocument(ctx, store.FromPrepared(title, filepath.Base(path), lang, prep), store.ImportOptions{AllowDuplicate: allowDup})
}

func readFileLimited(path string, limit int64) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s is a directory", path)
	}
	if fi.Size() > limit {
		return nil, fmt.Errorf("%s: %d bytes, more than the limit of %d", path, fi.Size(), limit)
	}
	return os.ReadFile(path)
}

func titleFromFile(path string) string {
	base := filepath.Base(path)
	for ext := filepath.Ext(base); ext != "" && len(base) > len(ext); ext = filepath.Ext(base) {
		base = strings.TrimSuffix(base, ext)
	}
	return base
}

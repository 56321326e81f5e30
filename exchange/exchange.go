// Package exchange connects the store to the exchange formats: it streams a
// document's segments from the store into a format's writer, and turns what a
// format's reader found into updates the store applies. The command line and
// the web server share it, so an export or import behaves the same in both.
package exchange

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"alinea/formats"
	"alinea/store"
)

// Tool names the workbench in exported files.
const Tool = "Alinea"

// ErrOtherDocument is returned for a file exported from another document.
var ErrOtherDocument = errors.New("the file was exported from another document")

// ErrUnknownFormat is returned for a file name whose extension names no
// format that can be imported.
var ErrUnknownFormat = errors.New("not a file that can be imported (use .xlf, .xliff, .sdlxliff, .mqxliff, .tmx, .csv or .tsv)")

// Header describes doc for an export into langs.
func Header(doc store.Document, langs []string) formats.Header {
	return formats.Header{DocID: doc.ID, Title: doc.Title, FileName: doc.FileName, SourceLang: doc.SourceLang,
		TargetLangs: langs, Exported: time.Now().UTC(), Tool: Tool, ZhTag: doc.ZhTag}
}

// Units streams a document's segments with their translations into langs
// from the store, one at a time, as the writers want them.
func Units(ctx context.Context, st *store.Store, docID int64, langs []string) formats.Units {
	return func(yield func(formats.Unit, error) bool) {
		for row, err := range st.ExportRows(ctx, docID, langs) {
			if err != nil {
				yield(formats.Unit{}, err)
				return
			}
			if !yield(Unit(row), nil) {
				return
			}
		}
	}
}

// Unit converts a stored row. Languages never saved get no target, which
// the writers read as untranslated.
func Unit(row store.ExportRow) formats.Unit {
	u := formats.Unit{SegmentID: row.ID, Paragraph: row.Paragraph, Heading: row.Heading, Source: row.Source}
	for _, t := range row.Translations {
		if t.Version == 0 {
			continue
		}
		if u.Targets == nil {
			u.Targets = make([]formats.Target, 0, len(row.Translations))
		}
		u.Targets = append(u.Targets, formats.Target{Lang: t.Lang, Text: t.Text, Status: t.Status, Version: int(t.Version)})
	}
	return u
}

// Zipped reports whether exporting langs in f makes a zip of one file per
// language.
func Zipped(f formats.Format, langs []string) bool { return f.OneLang && len(langs) > 1 }

// Download names the file an export of doc into langs in f makes, and its
// content type.
func Download(doc store.Document, f formats.Format, langs []string) (name, contentType string) {
	h := Header(doc, langs)
	if Zipped(f, langs) {
		// e.g. "policy-paper.es-pt-en.xlf.zip": what is inside, zipped.
		return formats.FileName(h, f) + ".zip", formats.ZipContentType
	}
	return formats.FileName(h, f), f.ContentType
}

// Export writes doc's segments and their translations into langs in format
// f; a one-language format exported in several languages is written as a
// zip with a file per language.
func Export(ctx context.Context, st *store.Store, w io.Writer, doc store.Document, f formats.Format, langs []string, opt formats.ExportOptions) error {
	if len(langs) == 0 {
		return errors.New("export: no target language")
	}
	h := Header(doc, langs)
	var err error
	if Zipped(f, langs) {
		err = formats.WriteZip(w, f, h, func() formats.Units { return Units(ctx, st, doc.ID, langs) }, opt)
	} else {
		err = f.Write(w, h, Units(ctx, st, doc.ID, langs), opt)
	}
	if err != nil {
		return fmt.Errorf("export document %d as %s: %w", doc.ID, f.Name, err)
	}
	return nil
}

// Langs reads a language choice: "all" (or empty) for every target
// language, else one code or a comma-separated list of them, each a target
// language, kept in the order of targets.
func Langs(arg string, targets []string) ([]string, error) {
	arg = strings.TrimSpace(arg)
	if arg == "" || arg == "all" {
		return slices.Clone(targets), nil
	}
	var out []string
	for _, l := range strings.Split(arg, ",") {
		l = strings.TrimSpace(l)
		if !slices.Contains(targets, l) {
			return nil, fmt.Errorf("%w %q (want %s or all)", store.ErrUnknownLanguage, l, strings.Join(targets, ", "))
		}
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return slices.Index(targets, a) - slices.Index(targets, b) })
	return out, nil
}

// Read reads an uploaded exchange file, choosing the reader by the file's
// extension.
func Read(name string, r io.Reader) (*formats.Import, error) {
	read, ok := formats.ImportFormatFor(name)
	if !ok {
		return nil, fmt.Errorf("%s: %w", name, ErrUnknownFormat)
	}
	im, err := read(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return im, nil
}

// Updates turns the units of an import into store updates for the languages
// in langs (every language of the file when langs is empty). Targets without
// text are left out: an empty target in a file is a segment nobody
// translated, not a request to delete a translation; skipped counts them.
func Updates(im *formats.Import, langs []string) (ups []store.Update, skipped int) {
	for _, u := range im.Units {
		for _, t := range u.Targets {
			if len(langs) > 0 && !slices.Contains(langs, t.Lang) {
				continue
			}
			if strings.TrimSpace(t.Text) == "" {
				skipped++
				continue
			}
			// Segments are plain text: a source is matched without the
			// inline codes the file may have around its words.
			ups = append(ups, store.Update{Ref: u.ID, Line: u.Line, SegmentID: u.SegmentID, Source: formats.StripPlaceholders(u.Source),
				Lang: t.Lang, Text: t.Text, Status: t.Status, BaseVersion: int64(t.Version)})
		}
	}
	return ups, skipped
}

// Result is what an import did: the store's summary and the empty targets
// it skipped.
type Result struct {
	store.ApplyResult
	Format  string `json:"format"`
	Skipped int    `json:"skipped"`
}

// ErrNoLanguage is returned for a file that does not say which language
// its translations are in (translate-toolkit's XLIFF has no
// target-language) when no single language was chosen for it.
var ErrNoLanguage = errors.New("the file does not say which language its translations are in; choose one language")

// ErrNoTranslations is returned for a file that holds no unit at all.
var ErrNoTranslations = errors.New("the file holds no translation units")

// LangError is returned when none of the languages chosen is in the file.
type LangError struct {
	Chosen, InFile []string
}

func (e *LangError) Error() string {
	return fmt.Sprintf("the file holds no translation into %s (it holds %s)", strings.Join(e.Chosen, ", "), strings.Join(e.InFile, ", "))
}

// Prepare readies what a reader found for applying into langs (every
// target language when empty): translations whose language the file does
// not name take the one language chosen, and a file without any of the
// languages chosen is refused. Callers check permissions on the languages
// of the file after it.
func Prepare(im *formats.Import, langs []string) error {
	if len(im.Units) == 0 {
		return ErrNoTranslations
	}
	missing := false
	for _, u := range im.Units {
		for _, t := range u.Targets {
			missing = missing || t.Lang == ""
		}
	}
	if missing {
		if len(langs) != 1 {
			return ErrNoLanguage
		}
		for i := range im.Units {
			for j := range im.Units[i].Targets {
				if im.Units[i].Targets[j].Lang == "" {
					im.Units[i].Targets[j].Lang = langs[0]
				}
			}
		}
		if !slices.Contains(im.Header.TargetLangs, langs[0]) {
			im.Header.TargetLangs = append(im.Header.TargetLangs, langs[0])
		}
	}
	if len(langs) > 0 && len(im.Header.TargetLangs) > 0 && !slices.ContainsFunc(langs, func(l string) bool { return slices.Contains(im.Header.TargetLangs, l) }) {
		return &LangError{Chosen: langs, InFile: im.Header.TargetLangs}
	}
	return nil
}

// Apply applies an import to doc in one transaction. A file that names
// another document is refused whole, and so is one of which no translation
// matches a segment (store.ErrNothingMatched, with the unmatched units in
// the result).
func Apply(ctx context.Context, st *store.Store, doc store.Document, im *formats.Import, langs []string, opt store.ApplyOptions) (Result, error) {
	if im.Header.DocID != 0 && im.Header.DocID != doc.ID {
		return Result{}, fmt.Errorf("%w (document %d, not %d)", ErrOtherDocument, im.Header.DocID, doc.ID)
	}
	if err := Prepare(im, langs); err != nil {
		return Result{}, err
	}
	ups, skipped := Updates(im, langs)
	res, err := st.ApplyTranslations(ctx, doc.ID, ups, opt)
	if err != nil {
		return Result{ApplyResult: res, Format: im.Format, Skipped: skipped}, err
	}
	return Result{ApplyResult: res, Format: im.Format, Skipped: skipped}, nil
}

// FileLangs lists the target languages a file holds that are workbench
// target languages, and those that are not.
func FileLangs(im *formats.Import, targets []string) (known, unknown []string) {
	for _, l := range im.Header.TargetLangs {
		if l == "zh" {
			continue
		}
		if slices.Contains(targets, l) {
			known = append(known, l)
		} else {
			unknown = append(unknown, l)
		}
	}
	return known, unknown
}

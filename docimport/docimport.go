// Package docimport brings a source document into the workbench: it reads
// the file within the limits, decodes and segments it, and stores it,
// refusing a text imported before. The command line, the upload page and
// the seeds share it, so one file is imported the same way everywhere.
package docimport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"alinea/align/segment"
	"alinea/store"
)

const (
	// DefaultLang is the source language of the workbench: it translates
	// from Chinese.
	DefaultLang = "zh"
	// MaxBytes bounds one source file.
	MaxBytes = 32 << 20
	// MaxTitleRunes bounds a document title.
	MaxTitleRunes = 300
)

var (
	// ErrTooLarge is returned (wrapped) for a file over MaxBytes.
	ErrTooLarge = fmt.Errorf("file larger than %d MiB", MaxBytes>>20)
	// ErrTitleTooLong is returned (wrapped) for a title over MaxTitleRunes.
	ErrTitleTooLong = fmt.Errorf("title longer than %d characters", MaxTitleRunes)
	// ErrBadTitle is returned (wrapped) for a title that is not UTF-8 or
	// holds control characters.
	ErrBadTitle = errors.New("the title is not UTF-8 text")
	// ErrUnknownLanguage is returned (wrapped) for a source language without
	// segmentation rules.
	ErrUnknownLanguage = errors.New("no segmentation rules for this language")
)

// Request is one file to import.
type Request struct {
	// FileName is the name the file came with; only its last element is
	// kept.
	FileName string
	// Title names the document; empty takes the file name without its
	// extensions.
	Title string
	// Lang is the source language.
	Lang string
	// AllowDuplicate imports a text that was imported before.
	AllowDuplicate bool
	// By is the user importing (0: the system).
	By int64
	// ZhTag is the tag of Chinese in the document's exchange files
	// (store.DefaultZhTag when empty).
	ZhTag string
}

// Read reads a file's content, refusing more than MaxBytes.
func Read(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxBytes {
		return nil, ErrTooLarge
	}
	return data, nil
}

// Import decodes data, segments it with the rules of req.Lang and stores it
// in one transaction. A text imported before is refused with a
// *store.DuplicateError unless req.AllowDuplicate is set; a document of
// more than store.MaxSegments segments with store.ErrTooManySegments.
func Import(ctx context.Context, st *store.Store, req Request, data []byte) (store.Document, error) {
	name := FileName(req.FileName)
	fail := func(err error) (store.Document, error) {
		if name == "" {
			return store.Document{}, fmt.Errorf("import: %w", err)
		}
		return store.Document{}, fmt.Errorf("import %s: %w", name, err)
	}
	if len(data) > MaxBytes {
		return fail(ErrTooLarge)
	}
	title, err := Title(req.Title, name)
	if err != nil {
		return fail(err)
	}
	if _, err := segment.RulesFor(req.Lang); err != nil {
		return fail(fmt.Errorf("%w: %q", ErrUnknownLanguage, req.Lang))
	}
	prep, err := segment.Prepare(data, req.Lang)
	if err != nil {
		return fail(err)
	}
	nd := store.FromPrepared(title, name, req.Lang, prep)
	nd.ImportedBy = req.By
	nd.ZhTag = req.ZhTag
	doc, err := st.ImportDocument(ctx, nd, store.ImportOptions{AllowDuplicate: req.AllowDuplicate})
	if err != nil {
		return fail(err)
	}
	return doc, nil
}

// Title is the title a document gets: the one asked for, trimmed, or else
// the file name without its extensions, or else the file name.
func Title(asked, fileName string) (string, error) {
	t := strings.TrimSpace(asked)
	if !utf8.ValidString(t) || strings.ContainsFunc(t, isControl) {
		return "", ErrBadTitle
	}
	if utf8.RuneCountInString(t) > MaxTitleRunes {
		return "", ErrTitleTooLong
	}
	if t != "" {
		return t, nil
	}
	if t = TitleFromFileName(fileName); t != "" {
		return t, nil
	}
	return fileName, nil
}

func isControl(r rune) bool { return r < 0x20 || r >= 0x7F && r <= 0x9F }

// FileName keeps the last element of a file name, whichever the slashes a
// client used, and only valid UTF-8.
func FileName(name string) string {
	base := filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	if base == "." || base == "/" {
		return ""
	}
	return strings.ToValidUTF8(base, "")
}

// TitleFromFileName drops every extension: report.zh.txt becomes report.
func TitleFromFileName(name string) string {
	base := name
	for ext := filepath.Ext(base); ext != "" && len(base) > len(ext); ext = filepath.Ext(base) {
		base = strings.TrimSuffix(base, ext)
	}
	return strings.TrimSpace(base)
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"alinea/align/segment"
	"alinea/align/text"
)

// Document is an imported source document.
type Document struct {
	ID         int64
	Title      string
	SourceLang string
	FileName   string
	Hash       string // SHA-256 of the decoded text, hex
	Encoding   string
	ImportedAt time.Time
	ImportedBy int64 // 0 when imported by the system
	Paragraphs int
	Segments   int
	// ZhTag is the tag Chinese is written with in the document's exchange
	// files (ZhTags; zh-Hans unless changed).
	ZhTag string
}

// ZhTags are the tags a document's Chinese may be written with in exchange
// files: simplified by script or by region, traditional likewise.
var ZhTags = []string{"zh-Hans", "zh-CN", "zh-SG", "zh-Hant", "zh-TW", "zh-HK"}

// DefaultZhTag is the tag of simplified Chinese unless a document says
// otherwise.
const DefaultZhTag = "zh-Hans"

// ErrUnknownZhTag is returned for a Chinese tag outside ZhTags.
var ErrUnknownZhTag = errors.New("unknown tag for Chinese")

// SetZhTag sets the tag a document's Chinese is written with in exchange
// files. Reviewers and administrators decide it; the caller checks who asks.
func (s *Store) SetZhTag(ctx context.Context, docID int64, tag string, by int64) error {
	if !slices.Contains(ZhTags, tag) {
		return fmt.Errorf("%w %q (want one of %s)", ErrUnknownZhTag, tag, strings.Join(ZhTags, ", "))
	}
	return s.tx(ctx, func(tx *dbTx) error {
		res, err := tx.ExecContext(ctx, `UPDATE documents SET zh_tag = ? WHERE id = ?`, tag, docID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return logActivity(ctx, tx, by, docID, "zh-tag", tag)
	})
}

// NewDocument is what an import stores: the document's metadata and its
// segmented text.
type NewDocument struct {
	Title      string
	SourceLang string
	FileName   string
	Hash       string
	Encoding   string
	ImportedBy int64
	Paragraphs []segment.Paragraph
	// ZhTag is the tag of Chinese in the document's exchange files
	// (DefaultZhTag when empty).
	ZhTag string
}

// FromPrepared describes a decoded, segmented file for ImportDocument.
func FromPrepared(title, fileName, lang string, p segment.Prepared) NewDocument {
	return NewDocument{Title: title, SourceLang: lang, FileName: fileName, Hash: p.Hash,
		Encoding: string(p.Encoding), Paragraphs: p.Paragraphs}
}

// MaxSegments bounds the size of one document, so an upload cannot make every
// page that lists a document's segments unusable.
const MaxSegments = 200_000

// ErrTooManySegments is returned for a document over MaxSegments.
var ErrTooManySegments = errors.New("too many segments")

// ImportOptions changes how ImportDocument treats a repeated import.
type ImportOptions struct {
	// AllowDuplicate imports a document even when one with the same hash
	// exists.
	AllowDuplicate bool
	// MaxSegments overrides the MaxSegments limit when positive.
	MaxSegments int
}

// ImportDocument stores a segmented document in one transaction. A document
// whose hash is already present is refused with a *DuplicateError unless
// opts.AllowDuplicate is set.
func (s *Store) ImportDocument(ctx context.Context, nd NewDocument, opts ImportOptions) (Document, error) {
	if nd.Title == "" {
		return Document{}, errors.New("import document: empty title")
	}
	if len(nd.Paragraphs) == 0 {
		return Document{}, errors.New("import document: no text")
	}
	n := 0
	for _, p := range nd.Paragraphs {
		n += len(p.Segments)
	}
	limit := MaxSegments
	if opts.MaxSegments > 0 {
		limit = opts.MaxSegments
	}
	if n > limit {
		return Document{}, fmt.Errorf("import %s: %d segments: %w", nd.Title, n, ErrTooManySegments)
	}
	if nd.Encoding == "" {
		nd.Encoding = "UTF-8"
	}
	if nd.ZhTag == "" {
		nd.ZhTag = DefaultZhTag
	}
	if !slices.Contains(ZhTags, nd.ZhTag) {
		return Document{}, fmt.Errorf("import %s: %w %q (want one of %s)", nd.Title, ErrUnknownZhTag, nd.ZhTag, strings.Join(ZhTags, ", "))
	}
	var doc Document
	err := s.tx(ctx, func(tx *dbTx) error {
		if !opts.AllowDuplicate {
			existing, err := documentByHash(ctx, tx, nd.Hash)
			if err == nil {
				return &DuplicateError{Existing: existing}
			}
			if !errors.Is(err, ErrNotFound) {
				return err
			}
		}
		if err := checkLanguage(ctx, tx, nd.SourceLang, false); err != nil {
			return err
		}
		at := now()
		docID, err := insertID(ctx, tx, `INSERT INTO documents (title, source_lang, file_name, content_hash, encoding, imported_at, imported_by, zh_tag)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, nd.Title, nd.SourceLang, nd.FileName, nd.Hash, nd.Encoding, at, nullID(nd.ImportedBy), nd.ZhTag)
		if err != nil {
			return err
		}
		insPara, err := tx.PrepareContext(ctx, `INSERT INTO paragraphs (document_id, position, heading) VALUES (?, ?, ?) RETURNING id`)
		if err != nil {
			return err
		}
		defer insPara.Close()
		insSeg, err := tx.PrepareContext(ctx, `INSERT INTO segments (document_id, paragraph_id, position, heading, source, words) VALUES (?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer insSeg.Close()
		pos := 0
		for i, p := range nd.Paragraphs {
			var paraID int64
			if err := insPara.QueryRowContext(ctx, docID, i+1, p.Heading).Scan(&paraID); err != nil {
				return err
			}
			for _, seg := range p.Segments {
				pos++
				if _, err := insSeg.ExecContext(ctx, docID, paraID, pos, p.Heading, seg, text.WordCount(seg)); err != nil {
					return err
				}
			}
		}
		if err := logActivity(ctx, tx, nd.ImportedBy, docID, "import", fmt.Sprintf("paragraphs=%d segments=%d file=%s", len(nd.Paragraphs), pos, nd.FileName)); err != nil {
			return err
		}
		doc = Document{ID: docID, Title: nd.Title, SourceLang: nd.SourceLang, FileName: nd.FileName,
			Hash: nd.Hash, Encoding: nd.Encoding, ImportedAt: parseTime(at), ImportedBy: nd.ImportedBy,
			Paragraphs: len(nd.Paragraphs), Segments: pos, ZhTag: nd.ZhTag}
		return nil
	})
	if err != nil {
		return Document{}, fmt.Errorf("import %s: %w", nd.Title, err)
	}
	return doc, nil
}

const documentColumns = `d.id, d.title, d.source_lang, d.file_name, d.content_hash, d.encoding, d.imported_at, coalesce(d.imported_by, 0),
	(SELECT count(*) FROM paragraphs p WHERE p.document_id = d.id),
	(SELECT count(*) FROM segments s WHERE s.document_id = d.id AND s.retired_into IS NULL), d.zh_tag`

type scanner interface{ Scan(...any) error }

func scanDocument(row scanner) (Document, error) {
	var d Document
	var at string
	err := row.Scan(&d.ID, &d.Title, &d.SourceLang, &d.FileName, &d.Hash, &d.Encoding, &at, &d.ImportedBy, &d.Paragraphs, &d.Segments, &d.ZhTag)
	if errors.Is(err, sql.ErrNoRows) {
		return d, ErrNotFound
	}
	d.ImportedAt = parseTime(at)
	return d, err
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func documentByHash(ctx context.Context, q querier, hash string) (Document, error) {
	return scanDocument(q.QueryRowContext(ctx, `SELECT `+documentColumns+` FROM documents d WHERE d.content_hash = ? ORDER BY d.id LIMIT 1`, hash))
}

// Document returns one document.
func (s *Store) Document(ctx context.Context, id int64) (Document, error) {
	d, err := scanDocument(s.r.QueryRowContext(ctx, `SELECT `+documentColumns+` FROM documents d WHERE d.id = ?`, id))
	if err != nil {
		return d, fmt.Errorf("document %d: %w", id, err)
	}
	return d, nil
}

// Documents returns every document, oldest first.
func (s *Store) Documents(ctx context.Context) ([]Document, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+documentColumns+` FROM documents d ORDER BY d.id`)
	if err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	defer rows.Close()
	var out []Document
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, fmt.Errorf("list documents: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// insertID runs an INSERT and returns the id of the row it made: RETURNING
// works on both databases (SQLite since 3.35), LastInsertId only on SQLite.
func insertID(ctx context.Context, q querier, insert string, args ...any) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, insert+" RETURNING id", args...).Scan(&id)
	return id, err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

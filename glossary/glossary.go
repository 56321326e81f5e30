// Package glossary holds the termbase's workflows, shared by the web server
// and the command line: TBX and glossary CSV in and out, finding the terms
// of the stored glossary in segments, checking translations against them,
// and proposing new ones. A Service keeps the matcher built from the stored
// glossary and rebuilds it only when the glossary changed.
package glossary

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"sync"

	"alinea/align/term"
	"alinea/formats"
	"alinea/store"
)

// Format is a glossary file format.
type Format string

const (
	TBX Format = "tbx" // TBX-Basic, TBX v3
	CSV Format = "csv" // glossary CSV, one row per term
	// TBX2008 is TBX-Basic in the TBX 2008 form (<martif>), written for
	// tools that read no TBX v3; reading it is reading TBX.
	TBX2008 Format = "tbx2008"
)

// MaxFileBytes bounds a glossary file read for an import.
const MaxFileBytes = 16 << 20

var (
	// ErrUnknownFormat is returned (wrapped) for a format other than tbx
	// and csv, or a file name that names neither.
	ErrUnknownFormat = errors.New("not a glossary format (use tbx, tbx2008 or csv)")
	// ErrTooLarge is returned for a file over MaxFileBytes.
	ErrTooLarge = fmt.Errorf("glossary file larger than %d MiB", MaxFileBytes>>20)
)

// ParseFormat reads a format's name.
func ParseFormat(name string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(name))); f {
	case TBX, CSV, TBX2008:
		return f, nil
	}
	return "", fmt.Errorf("%w: %q", ErrUnknownFormat, name)
}

// FormatOf tells a glossary file's format by its name's extension.
func FormatOf(fileName string) (Format, error) {
	switch strings.ToLower(path.Ext(strings.ReplaceAll(fileName, `\`, "/"))) {
	case ".tbx", ".xml":
		return TBX, nil
	case ".csv":
		return CSV, nil
	}
	return "", fmt.Errorf("%w: cannot tell the format of %q", ErrUnknownFormat, fileName)
}

// Detect is the format named, else the one of the file name, else def
// ("" for none).
func Detect(named, fileName string, def Format) (Format, error) {
	if named != "" {
		return ParseFormat(named)
	}
	if f, err := FormatOf(fileName); err == nil || def == "" {
		return f, err
	}
	return def, nil
}

// ContentType is the media type of files in f.
func (f Format) ContentType() string {
	if f == CSV {
		return "text/csv; charset=utf-8"
	}
	return "application/x-tbx+xml"
}

// Read reads a glossary file in format f, refusing one over MaxFileBytes;
// errors name the line at fault.
func Read(r io.Reader, f Format) ([]term.Concept, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileBytes {
		return nil, ErrTooLarge
	}
	switch f {
	case TBX, TBX2008:
		return formats.ReadTBX(bytes.NewReader(data))
	case CSV:
		return formats.ReadTermCSV(bytes.NewReader(data))
	}
	return nil, fmt.Errorf("%w: %q", ErrUnknownFormat, f)
}

// Write writes concepts in format f. TBX says the language of Chinese
// terms as exchange files do (store.DefaultZhTag); imports read every tag
// of Chinese back as "zh".
func Write(w io.Writer, f Format, cs []term.Concept) error {
	if f == TBX || f == TBX2008 {
		cs = withZhTag(cs)
	}
	switch f {
	case TBX:
		return formats.WriteTBX(w, cs)
	case TBX2008:
		return formats.WriteTBX2008(w, cs)
	case CSV:
		return formats.WriteTermCSV(w, cs)
	}
	return fmt.Errorf("%w: %q", ErrUnknownFormat, f)
}

// withZhTag is cs with its Chinese terms tagged store.DefaultZhTag; cs
// itself is left as it is.
func withZhTag(cs []term.Concept) []term.Concept {
	out := make([]term.Concept, len(cs))
	for i, c := range cs {
		c.Terms = slices.Clone(c.Terms)
		for k := range c.Terms {
			if c.Terms[k].Lang == store.SourceLang {
				c.Terms[k].Lang = store.DefaultZhTag
			}
		}
		out[i] = c
	}
	return out
}

// FileError is a glossary file that could not be read or stored: the file's
// fault, not the workbench's.
type FileError struct {
	Err error
}

func (e *FileError) Error() string { return e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

// Service runs the glossary workflows on a store.
type Service struct {
	st *store.Store

	mu      sync.Mutex
	version int64
	matcher *term.Matcher
	// occurrences is each document's last Occurrences; scans counts the
	// documents read for them, for tests.
	occurrences map[int64]docOccurrences
	scans       int
}

// New returns the glossary service of st. Keep one per store: it caches
// the matcher.
func New(st *store.Store) *Service { return &Service{st: st} }

// Matcher returns a matcher over the glossary's source terms, rebuilt only
// when the glossary changed since the last call (in this process or
// another): annotating a page of segments costs one small read and the
// scans. The matcher is immutable and may be kept while in use.
func (g *Service) Matcher(ctx context.Context) (*term.Matcher, error) {
	v, err := g.st.GlossaryVersion(ctx)
	if err != nil {
		return nil, err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.matcher != nil && g.version == v {
		return g.matcher, nil
	}
	plain, err := g.st.TermbaseConcepts(ctx)
	if err != nil {
		return nil, err
	}
	g.matcher = term.NewMatcher(plain, store.SourceLang)
	g.version = v
	return g.matcher, nil
}

// Export writes the whole glossary in format f and returns how many
// concepts it wrote.
func (g *Service) Export(ctx context.Context, w io.Writer, f Format) (int, error) {
	plain, err := g.st.TermbaseConcepts(ctx)
	if err != nil {
		return 0, err
	}
	var b bytes.Buffer
	if err := Write(&b, f, plain); err != nil {
		return 0, err
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return 0, err
	}
	return len(plain), nil
}

// Import reads a glossary file and stores it, all or nothing: merged with
// the stored glossary, or replacing it. A file that cannot be read or
// holds an invalid concept is refused with a *FileError.
func (g *Service) Import(ctx context.Context, r io.Reader, f Format, mode store.ImportMode, by int64) (store.ImportResult, error) {
	if mode != store.ImportMerge && mode != store.ImportReplace {
		return store.ImportResult{}, fmt.Errorf("glossary import: mode %q", mode)
	}
	cs, err := Read(r, f)
	if err != nil {
		return store.ImportResult{}, &FileError{Err: err}
	}
	res, err := g.st.ImportConcepts(ctx, cs, mode, by)
	if errors.Is(err, store.ErrInvalidConcept) || errors.Is(err, store.ErrReplaceWithNothing) {
		return res, &FileError{Err: err}
	}
	return res, err
}

// Warnings runs the terminology check over a document's translations into
// lang: segment id → warnings, for the segments that have any.
func (g *Service) Warnings(ctx context.Context, docID int64, lang string) (map[int64][]term.TermWarning, error) {
	m, err := g.Matcher(ctx)
	if err != nil {
		return nil, err
	}
	out := map[int64][]term.TermWarning{}
	if m.Len() == 0 {
		return out, nil
	}
	// Only translated segments can have warnings: the store reads just
	// those.
	ts, err := g.st.TranslatedSources(ctx, docID, lang)
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		if ws := m.Check(t.Source, t.Text, lang); len(ws) > 0 {
			out[t.SegmentID] = ws
		}
	}
	return out, nil
}

// Warning is one terminology warning about a segment's translation.
type Warning struct {
	SegmentID int64
	Position  int
	term.TermWarning
}

// Report runs the terminology check over every live segment of a document
// translated into lang, in document order: the terminology report.
func (g *Service) Report(ctx context.Context, docID int64, lang string) ([]Warning, error) {
	m, err := g.Matcher(ctx)
	if err != nil {
		return nil, err
	}
	rows, _, err := g.st.Segments(ctx, docID, store.SegmentQuery{Lang: lang})
	if err != nil {
		return nil, err
	}
	var out []Warning
	for _, row := range rows {
		for _, tw := range m.Check(row.Source, row.Translation.Text, lang) {
			out = append(out, Warning{SegmentID: row.ID, Position: row.Position, TermWarning: tw})
		}
	}
	return out, nil
}

// withWarned fills q.Warned when q asks for FilterWarnings.
func (g *Service) withWarned(ctx context.Context, docID int64, q store.FindQuery) (store.FindQuery, error) {
	if q.Filter != store.FilterWarnings {
		return q, nil
	}
	ws, err := g.Warnings(ctx, docID, q.Lang)
	if err != nil {
		return q, err
	}
	q.Warned = make([]int64, 0, len(ws))
	for id := range ws {
		q.Warned = append(q.Warned, id)
	}
	return q, nil
}

// FindSegments is store.FindSegments with the warnings filter working.
func (g *Service) FindSegments(ctx context.Context, docID int64, q store.FindQuery) (store.FindResult, error) {
	q, err := g.withWarned(ctx, docID, q)
	if err != nil {
		return store.FindResult{}, err
	}
	return g.st.FindSegments(ctx, docID, q)
}

// NextToTranslate is store.NextToTranslate with the warnings filter working.
func (g *Service) NextToTranslate(ctx context.Context, docID int64, q store.FindQuery, after int) (store.Row, bool, error) {
	q, err := g.withWarned(ctx, docID, q)
	if err != nil {
		return store.Row{}, false, err
	}
	return g.st.NextToTranslate(ctx, docID, q, after)
}

// Candidate is a string proposed as a new term, with where it occurs.
type Candidate struct {
	term.Candidate
	// Segments are the segments of the occurrences, in their order.
	Segments []store.Segment
}

// Discover proposes new source terms from the live segments of a document
// (every document when docID is 0): recurring strings that hold together
// and are not in the glossary yet.
func (g *Service) Discover(ctx context.Context, docID int64, opt term.DiscoverOptions) ([]Candidate, error) {
	segs, err := g.st.SourceSegments(ctx, docID)
	if err != nil {
		return nil, err
	}
	texts := make([]string, len(segs))
	for i, s := range segs {
		texts[i] = s.Source
	}
	cands, err := g.DiscoverIn(ctx, texts, opt)
	if err != nil {
		return nil, err
	}
	out := make([]Candidate, len(cands))
	for i, c := range cands {
		out[i].Candidate = c
		for _, o := range c.Occurrences {
			out[i].Segments = append(out[i].Segments, segs[o.Segment])
		}
	}
	return out, nil
}

// DiscoverIn proposes new source terms from texts (the segments of a file
// not in the store).
func (g *Service) DiscoverIn(ctx context.Context, texts []string, opt term.DiscoverOptions) ([]term.Candidate, error) {
	m, err := g.Matcher(ctx)
	if err != nil {
		return nil, err
	}
	opt.Known = m
	return term.Discover(texts, opt), nil
}

// Around is up to n characters of s either side of [start, end): the
// context a candidate or a term is shown in.
func Around(s string, start, end, n int) (before, after string) {
	b, a := []rune(s[:start]), []rune(s[end:])
	if len(b) > n {
		b = b[len(b)-n:]
	}
	if len(a) > n {
		a = a[:n]
	}
	return string(b), string(a)
}

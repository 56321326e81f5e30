// Package alignment brings an existing translation into a document: it reads
// the translation file, segments it with the rules of its language, aligns it
// with the document's segments and stores the result for review. It joins
// formats, align and store, and holds no SQL and no HTTP.
package alignment

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"alinea/align"
	"alinea/align/segment"
	"alinea/align/text"
	"alinea/formats"
	"alinea/store"
)

// MaxBytes bounds one translation file, as imports of source documents are.
const MaxBytes = 32 << 20

// LowConfidence is the confidence under which a bead is counted as weak in
// summaries and shaded as such in review; it is also the default threshold
// for accepting.
const LowConfidence = 0.5

// ErrUnreadable is returned (wrapped) for an HTML or DOCX file that cannot
// be read.
var ErrUnreadable = errors.New("unreadable file")

// Format is how a translation file is read.
type Format string

const (
	Text Format = "text"
	HTML Format = "html"
	DOCX Format = "docx"
)

// Detect names the format of a file by its content first (a DOCX is a ZIP
// archive; HTML starts with markup), then by its extension.
func Detect(name string, data []byte) Format {
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return DOCX
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".docx":
		return DOCX
	case ".html", ".htm", ".xhtml":
		return HTML
	case ".txt", ".text", ".md":
		return Text
	}
	if http.DetectContentType(data) == "text/html; charset=utf-8" {
		return HTML
	}
	return Text
}

// Read reads a translation in lang and returns its sentences, each with the
// index of its paragraph. Blank sentences are dropped: they have nothing to
// align.
func Read(name string, data []byte, lang string) ([]store.TargetSentence, error) {
	sents, _, err := read(name, data, lang)
	return sents, err
}

// read is Read that also tells which sentences are headings.
func read(name string, data []byte, lang string) ([]store.TargetSentence, []bool, error) {
	rules, err := segment.RulesFor(lang)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", name, err)
	}
	var paras []segment.Paragraph
	switch Detect(name, data) {
	case DOCX:
		ps, err := formats.ReadDOCXText(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return nil, nil, fmt.Errorf("read %s: %w: %w", name, ErrUnreadable, err)
		}
		paras = splitParagraphs(ps, rules)
	case HTML:
		ps, err := formats.ReadHTMLText(bytes.NewReader(data))
		if err != nil {
			return nil, nil, fmt.Errorf("read %s: %w: %w", name, ErrUnreadable, err)
		}
		paras = splitParagraphs(ps, rules)
	default:
		text, _, err := text.Decode(data)
		if err != nil {
			return nil, nil, fmt.Errorf("read %s: %w", name, err)
		}
		paras, err = segment.SplitParagraphs(text, lang)
		if err != nil {
			return nil, nil, fmt.Errorf("read %s: %w", name, err)
		}
	}
	var out []store.TargetSentence
	var heads []bool
	for p, para := range paras {
		for _, s := range para.Segments {
			if t := strings.TrimSpace(s); t != "" {
				out = append(out, store.TargetSentence{Index: len(out), Paragraph: p, Text: t})
				heads = append(heads, para.Heading)
			}
		}
	}
	if len(out) == 0 {
		return nil, nil, fmt.Errorf("read %s: %w", name, segment.ErrNoText)
	}
	return out, heads, nil
}

// splitParagraphs segments paragraphs read from a formatted file; headings
// stay whole, as SplitParagraphs keeps them.
func splitParagraphs(ps []formats.Paragraph, rules *segment.Rules) []segment.Paragraph {
	out := make([]segment.Paragraph, 0, len(ps))
	for _, p := range ps {
		if strings.TrimSpace(p.Text) == "" {
			continue
		}
		ap := segment.Paragraph{Text: p.Text, Heading: p.Heading}
		if p.Heading {
			ap.Segments = []string{p.Text}
		} else {
			ap.Segments = rules.Split(p.Text)
		}
		out = append(out, ap)
	}
	return out
}

// Request is one translation to bring into a document.
type Request struct {
	DocumentID int64
	Lang       string
	FileName   string
	Data       []byte
	By         int64
	// Segments, when set, are the parts of the document the translation
	// covers: it is aligned inside them, and they are not looked for.
	Segments []Range
}

// Import reads, segments and aligns a translation with the document's live
// segments (paragraph boundaries as soft constraints, the glossary's
// equivalents in the language as anchors) and stores the alignment, open
// for review. Nothing is stored when any step fails.
func Import(ctx context.Context, st *store.Store, req Request) (store.Alignment, error) {
	langs, err := st.TargetLanguages(ctx)
	if err != nil {
		return store.Alignment{}, err
	}
	if !slices.Contains(langs, req.Lang) {
		return store.Alignment{}, fmt.Errorf("import translation: %q: %w", req.Lang, store.ErrUnknownLanguage)
	}
	if len(req.Data) > MaxBytes {
		return store.Alignment{}, fmt.Errorf("import translation %s: %d bytes: %w", req.FileName, len(req.Data), formats.ErrTooLarge)
	}
	rows, _, err := st.Segments(ctx, req.DocumentID, store.SegmentQuery{Lang: req.Lang})
	if err != nil {
		return store.Alignment{}, err
	}
	// The aligner finds the part(s) of the document that the translation
	// covers, unless the translator gave them (checked against the rows
	// before the file is read); the segments outside get beads of their
	// own, with nothing to accept.
	parts, err := partsOf(req.Segments, rows)
	if err != nil {
		return store.Alignment{}, fmt.Errorf("import translation: %w", err)
	}
	sents, tgtHeads, err := read(req.FileName, req.Data, req.Lang)
	if err != nil {
		return store.Alignment{}, err
	}
	src := make([]string, len(rows))
	srcParas := make([]int, len(rows))
	srcHeads := make([]bool, len(rows))
	ids := make([]int64, len(rows))
	for i, r := range rows {
		src[i], srcParas[i], srcHeads[i], ids[i] = r.Source, r.Paragraph, r.Heading, r.ID
	}
	tgt := make([]string, len(sents))
	tgtParas := make([]int, len(sents))
	for i, s := range sents {
		tgt[i], tgtParas[i] = s.Text, s.Paragraph
	}
	if err := ctx.Err(); err != nil {
		return store.Alignment{}, err
	}
	pairs, err := glossaryPairs(ctx, st, req.Lang)
	if err != nil {
		return store.Alignment{}, err
	}
	opt := align.Options{SrcLang: "zh", TgtLang: req.Lang, SrcParas: srcParas, TgtParas: tgtParas,
		SrcHeadings: srcHeads, TgtHeadings: tgtHeads, Pairs: pairs, Parts: parts}
	beads, err := align.Align(src, tgt, opt)
	if err != nil {
		return store.Alignment{}, fmt.Errorf("align %s: %w", req.FileName, err)
	}
	return st.CreateAlignment(ctx, store.NewAlignment{DocumentID: req.DocumentID, Lang: req.Lang,
		FileName: req.FileName, CreatedBy: req.By, Segments: ids, Sentences: sents, Beads: beads})
}

// glossaryPairs are the glossary's Chinese terms with their equivalents in
// lang, for the aligner's anchors.
func glossaryPairs(ctx context.Context, st *store.Store, lang string) ([]align.TermPair, error) {
	cs, err := st.TermbaseConcepts(ctx)
	if err != nil {
		return nil, fmt.Errorf("glossary: %w", err)
	}
	return align.ConceptPairs(cs, lang), nil
}

// TypeCount is how many beads have one shape.
type TypeCount struct {
	Type  string // "1-1", "2-1", "0-1"…
	Count int
}

// Summary counts an alignment's beads.
type Summary struct {
	Beads     int
	Types     []TypeCount // 1-1 first, then by count
	Low       int         // beads with a confidence under LowConfidence
	Sources   int
	Sentences int
}

// Summarize counts the beads of a by shape and confidence.
func Summarize(a store.Alignment) Summary {
	s := Summary{Beads: len(a.Beads), Sources: len(a.Sources), Sentences: len(a.Sentences)}
	counts := map[string]int{}
	for _, b := range a.Beads {
		counts[b.Type()]++
		if b.Trust() < LowConfidence {
			s.Low++
		}
	}
	for t, n := range counts {
		s.Types = append(s.Types, TypeCount{t, n})
	}
	sort.Slice(s.Types, func(i, j int) bool {
		a, b := s.Types[i], s.Types[j]
		if (a.Type == "1-1") != (b.Type == "1-1") {
			return a.Type == "1-1"
		}
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Type < b.Type
	})
	return s
}

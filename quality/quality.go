// Package quality runs the quality checks (align/qa) over the store's
// documents for the web and the command line: it reads the segments, adds
// the glossary's terminology warnings, leaves out the checks switched off
// for the document and the findings a reviewer silenced, and puts spans in
// characters. It holds no SQL and no HTTP.
package quality

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"alinea/align/qa"
	"alinea/align/term"
	"alinea/glossary"
	"alinea/store"
)

// Finding is a finding on one segment of a document. Spans are
// [start, end) offsets in characters (Unicode code points) of the source and
// the translation.
type Finding struct {
	SegmentID   int64
	Position    int
	Check       string
	Severity    qa.Severity
	Message     string // message id in the locale files
	Args        map[string]any
	SourceSpans [][2]int
	TargetSpans [][2]int
	// Key names the finding within its segment and check, for silencing.
	Key string
}

// Service checks the translations of the store's documents. Glossary
// gives the terminology check its matcher; without it, that check is
// skipped.
type Service struct {
	Store    *store.Store
	Glossary *glossary.Service
}

// Checks returns the names of every check.
func Checks() []string { return slices.Clone(qa.Checks) }

// Enabled returns the checks on for a document.
func (s Service) Enabled(ctx context.Context, docID int64) (qa.Set, error) {
	off, err := s.Store.DisabledChecks(ctx, docID)
	if err != nil {
		return nil, err
	}
	set := qa.Set{}
	for _, c := range qa.Checks {
		if !slices.Contains(off, c) {
			set[c] = true
		}
	}
	return set, nil
}

// SetEnabled switches on exactly the checks named for a document (the
// others off).
func (s Service) SetEnabled(ctx context.Context, docID int64, on []string, by int64) error {
	var off []string
	for _, c := range qa.Checks {
		if !slices.Contains(on, c) {
			off = append(off, c)
		}
	}
	for _, c := range on {
		if !slices.Contains(qa.Checks, c) {
			return fmt.Errorf("checks of document %d: %w: unknown check %q", docID, store.ErrInvalidQA, c)
		}
	}
	return s.Store.SetDisabledChecks(ctx, docID, off, qa.Checks, by)
}

// Document checks a document's translations into lang. only, when not nil,
// narrows the checks further than the document's settings.
func (s Service) Document(ctx context.Context, docID int64, lang string, only qa.Set) ([]Finding, error) {
	segs, err := s.segments(ctx, docID, lang)
	if err != nil {
		return nil, err
	}
	opt, err := s.options(ctx, docID, lang, only)
	if err != nil {
		return nil, err
	}
	silenced, err := s.Store.Silences(ctx, docID, 0, lang)
	if err != nil {
		return nil, err
	}
	matcher, err := s.matcher(ctx, opt)
	if err != nil {
		return nil, err
	}
	doc := qa.NewDocument(segs, lang)
	per := make([][]Finding, len(segs))
	qa.Parallel(len(segs), func(i int) { per[i] = s.findings(doc, segs[i], opt, matcher, silenced) })
	var out []Finding
	for _, fs := range per {
		out = append(out, fs...)
	}
	return out, nil
}

// Segment checks one segment's translation into lang against its document.
func (s Service) Segment(ctx context.Context, segID int64, lang string) ([]Finding, error) {
	return s.segment(ctx, segID, lang, nil)
}

// Text checks a text as the translation of a segment into lang, as if it
// were saved: what approving it would let through.
func (s Service) Text(ctx context.Context, segID int64, lang, text string) ([]Finding, error) {
	return s.segment(ctx, segID, lang, &text)
}

func (s Service) segment(ctx context.Context, segID int64, lang string, text *string) ([]Finding, error) {
	seg, err := s.Store.Segment(ctx, segID)
	if err != nil {
		return nil, err
	}
	// A save waits for this: read only the translated segments, which are
	// all the document checks learn from, and this one's neighbour.
	rows, err := s.Store.QATexts(ctx, seg.DocumentID, lang, true)
	if err != nil {
		return nil, err
	}
	opt, err := s.options(ctx, seg.DocumentID, lang, nil)
	if err != nil {
		return nil, err
	}
	silenced, err := s.Store.Silences(ctx, seg.DocumentID, segID, lang)
	if err != nil {
		return nil, err
	}
	matcher, err := s.matcher(ctx, opt)
	if err != nil {
		return nil, err
	}
	prev, inParagraph, err := s.Store.PreviousSource(ctx, segID)
	if err != nil {
		return nil, err
	}
	segs := make([]qa.Segment, len(rows))
	q := qa.Segment{ID: seg.ID, Position: seg.Position, Source: seg.Source, Heading: seg.Heading,
		Continues: inParagraph && !endsSentence(prev)}
	for i, r := range rows {
		segs[i] = qa.Segment{ID: r.ID, Position: r.Position, Source: r.Source, Target: r.Text, Heading: r.Heading,
			Reference: r.Imported}
		if r.ID == segID {
			q.Target, q.Reference = r.Text, r.Imported
		}
	}
	doc := qa.NewDocument(segs, lang)
	if text != nil {
		old := q
		q.Target = *text
		doc.Update(old, q)
	}
	return s.findings(doc, q, opt, matcher, silenced), nil
}

// Silence marks a finding of a segment's translation as not an error, for
// the texts the segment has now.
func (s Service) Silence(ctx context.Context, segID int64, lang, check, key string, by int64) error {
	seg, err := s.Store.Segment(ctx, segID)
	if err != nil {
		return err
	}
	tr, err := s.Store.TranslationsOf(ctx, []int64{segID})
	if err != nil {
		return err
	}
	if !slices.Contains(qa.Checks, check) {
		return fmt.Errorf("silence: %w: unknown check %q", store.ErrInvalidQA, check)
	}
	return s.Store.SilenceFinding(ctx, store.Silence{SegmentID: segID, Lang: lang, Check: check, Finding: key,
		Source: seg.Source, Target: tr[segID][lang].Text, By: by})
}

func (s Service) options(ctx context.Context, docID int64, lang string, only qa.Set) (qa.Options, error) {
	on, err := s.Enabled(ctx, docID)
	if err != nil {
		return qa.Options{}, err
	}
	if only != nil {
		for c := range on {
			if !only[c] {
				delete(on, c)
			}
		}
	}
	return qa.Options{Lang: lang, Checks: on}, nil
}

func (s Service) matcher(ctx context.Context, opt qa.Options) (*term.Matcher, error) {
	if !opt.Checks.Has(qa.CheckTerminology) || s.Glossary == nil {
		return nil, nil
	}
	return s.Glossary.Matcher(ctx)
}

// segments reads a document's live segments with their translations into
// lang, noting which ones continue a sentence the previous one left open.
func (s Service) segments(ctx context.Context, docID int64, lang string) ([]qa.Segment, error) {
	rows, err := s.Store.QATexts(ctx, docID, lang, false)
	if err != nil {
		return nil, err
	}
	out := make([]qa.Segment, len(rows))
	for i, r := range rows {
		out[i] = qa.Segment{ID: r.ID, Position: r.Position, Source: r.Source, Target: r.Text, Heading: r.Heading,
			Reference: r.Imported}
		if i > 0 && rows[i-1].ParagraphID == r.ParagraphID && !endsSentence(rows[i-1].Source) {
			out[i].Continues = true
		}
	}
	return out, nil
}

func endsSentence(s string) bool {
	s = strings.TrimRight(strings.TrimSpace(s), "”’\"」』）)")
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune("。！？.!?…", r)
}

// findings checks one segment and turns its findings into the service's,
// without the silenced ones.
func (s Service) findings(doc *qa.Document, seg qa.Segment, opt qa.Options, m *term.Matcher, silenced map[store.SilenceKey]store.SilenceHashes) []Finding {
	fs := doc.Segment(seg, opt)
	if m != nil && strings.TrimSpace(seg.Target) != "" {
		fs = append(fs, termFindings(m.Check(seg.Source, seg.Target, opt.Lang))...)
		qa.SortFindings(fs)
	}
	out := make([]Finding, 0, len(fs))
	var srcHash, tgtHash string
	for _, f := range fs {
		key := Key(seg, f)
		if h, ok := silenced[store.SilenceKey{SegmentID: seg.ID, Check: f.Check, Finding: key}]; ok {
			if srcHash == "" {
				srcHash, tgtHash = store.TextHash(seg.Source), store.TextHash(seg.Target)
			}
			if h.Source == srcHash && h.Target == tgtHash {
				continue
			}
		}
		out = append(out, Finding{SegmentID: seg.ID, Position: seg.Position, Check: f.Check, Severity: f.Severity,
			Message: f.Message, Args: f.Args, Key: key,
			SourceSpans: runeSpans(seg.Source, f.Source), TargetSpans: runeSpans(seg.Target, f.Target)})
	}
	return out
}

// Key names a finding within its segment and check: its message and the
// text it points at.
func Key(seg qa.Segment, f qa.Finding) string {
	var b strings.Builder
	b.WriteString(f.Message)
	if code, ok := f.Args["Code"].(string); ok && f.Check == qa.CheckInlineCodes {
		// A code lost has no span: its name tells one from another.
		b.WriteString("|c:")
		b.WriteString(code)
	}
	for _, sp := range f.Source {
		b.WriteString("|s:")
		b.WriteString(seg.Source[sp.Start:sp.End])
	}
	for _, sp := range f.Target {
		b.WriteString("|t:")
		b.WriteString(seg.Target[sp.Start:sp.End])
	}
	k := b.String()
	if len(k) > 200 {
		k = k[:100] + "#" + store.TextHash(k)
	}
	return k
}

// runeSpans turns byte spans into character spans.
func runeSpans(s string, spans []qa.Span) [][2]int {
	out := make([][2]int, 0, len(spans))
	for _, sp := range spans {
		a := utf8.RuneCountInString(s[:sp.Start])
		out = append(out, [2]int{a, a + utf8.RuneCountInString(s[sp.Start:sp.End])})
	}
	return out
}

func termFindings(ws []term.TermWarning) []qa.Finding {
	out := make([]qa.Finding, 0, len(ws))
	for _, w := range ws {
		f := qa.Finding{Check: qa.CheckTerminology, Severity: qa.Warning}
		for _, sp := range w.Source {
			f.Source = append(f.Source, qa.Span{Start: sp.Start, End: sp.End})
		}
		switch w.Kind {
		case term.TermForbidden:
			f.Message = "QATermForbidden"
			f.Args = map[string]any{"Term": w.SourceTerm, "Forbidden": w.Forbidden}
			f.Target = []qa.Span{{Start: w.Target.Start, End: w.Target.End}}
		default:
			f.Message = "QATermMissing"
			f.Args = map[string]any{"Term": w.SourceTerm, "Expected": strings.Join(w.Expected, ", ")}
		}
		out = append(out, f)
	}
	return out
}

// FindingJSON is a finding as the API and the command line write it.
type FindingJSON struct {
	Segment     int64       `json:"segment"`
	Position    int         `json:"position"`
	Check       string      `json:"check"`
	Severity    qa.Severity `json:"severity"`
	Message     string      `json:"message"`
	SourceSpans [][2]int    `json:"source_spans"`
	TargetSpans [][2]int    `json:"target_spans"`
	Key         string      `json:"key,omitempty"`
}

// JSON is f with its message written out. Key is left for the API, which
// silences findings by it.
func JSON(f Finding, message string) FindingJSON {
	return FindingJSON{Segment: f.SegmentID, Position: f.Position, Check: f.Check, Severity: f.Severity,
		Message: message, SourceSpans: f.SourceSpans, TargetSpans: f.TargetSpans}
}

// MessageIDs are the message ids of every finding the service reports.
func MessageIDs() []string {
	return append(slices.Clone(qa.MessageIDs), "QATermMissing", "QATermForbidden")
}

// Package qa checks translations of a Chinese source the way reviewers do:
// numbers compared by value whatever their notation, end punctuation,
// brackets and quotes, full-width punctuation, white space, untranslated
// text, repeated words, inconsistencies, length, URLs, capitalization and
// inline codes.
// It is pure Go over plain values: the caller reads the segments and turns
// message ids into text.
package qa

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"alinea/align/text"
)

// Span is a byte range [Start, End) of a text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Severity tells errors (the translation is wrong) from warnings (it may
// be).
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// The checks. Their names are stable identifiers used in settings, on the
// command line and in the API.
const (
	CheckNumbers            = "numbers"
	CheckEndPunctuation     = "end-punctuation"
	CheckBrackets           = "brackets"
	CheckQuotes             = "quotes"
	CheckPunctuationWidth   = "punctuation-width"
	CheckWhitespace         = "whitespace"
	CheckUntranslated       = "untranslated"
	CheckRepeatedWord       = "repeated-word"
	CheckInconsistentTarget = "inconsistent-target"
	CheckInconsistentSource = "inconsistent-source"
	CheckLength             = "length"
	CheckTerminology        = "terminology"
	CheckURLs               = "urls"
	CheckCapitalization     = "capitalization"
	CheckInlineCodes        = "inline-codes"
)

// Checks lists every check in the order findings are reported.
var Checks = []string{
	CheckNumbers, CheckEndPunctuation, CheckBrackets, CheckQuotes, CheckPunctuationWidth,
	CheckWhitespace, CheckUntranslated, CheckRepeatedWord, CheckInconsistentTarget,
	CheckInconsistentSource, CheckLength, CheckTerminology, CheckURLs, CheckCapitalization,
	CheckInlineCodes,
}

// Finding is one problem of one translation. Message is a message id of the
// interface's locale files, Args its template data.
type Finding struct {
	Check    string
	Severity Severity
	Message  string
	Args     map[string]any
	Source   []Span
	Target   []Span
}

// Set is a set of check names; nil means every check.
type Set map[string]bool

// Has reports whether the set holds check (a nil set holds them all).
func (s Set) Has(check string) bool { return s == nil || s[check] }

// ParseChecks reads a comma-separated list of check names; "" is all.
func ParseChecks(list string) (Set, error) {
	if strings.TrimSpace(list) == "" {
		return nil, nil
	}
	s := Set{}
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		if !slices.Contains(Checks, name) {
			return nil, fmt.Errorf("unknown check %q: want one of %s", name, strings.Join(Checks, ", "))
		}
		s[name] = true
	}
	return s, nil
}

// Segment is a source segment with its translation.
type Segment struct {
	ID       int64
	Position int
	Source   string
	Target   string
	Heading  bool
	// Continues is set when the previous segment of the paragraph did not
	// end a sentence, so this one need not start with a capital.
	Continues bool
	// Reference is the translation as a file brought it in, whose inline
	// codes (⟦1⟧…⟦/1⟧, ⟦2/⟧) this one must keep; "" when there is none.
	// Sources hold no codes, so the codes are checked against it.
	Reference string
}

// Options are the language of the translations and the checks to run.
type Options struct {
	Lang   string
	Checks Set
}

func checkIndex(name string) int { return slices.Index(Checks, name) }

// SortFindings orders a segment's findings by check, then by where they are.
func SortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		if c := checkIndex(a.Check) - checkIndex(b.Check); c != 0 {
			return c
		}
		return firstStart(a) - firstStart(b)
	})
}

func firstStart(f Finding) int {
	if len(f.Target) > 0 {
		return f.Target[0].Start
	}
	if len(f.Source) > 0 {
		return f.Source[0].Start
	}
	return 0
}

// Segment checks one translation on its own, with what the document teaches
// (the length model, the other translations) taken from doc, which may be
// nil for no document checks. An empty translation has no findings.
func (doc *Document) Segment(seg Segment, opt Options) []Finding {
	if strings.TrimSpace(seg.Target) == "" {
		return nil
	}
	codes := text.Codes(seg.Target)
	if len(codes) == 0 && seg.Reference == "" {
		return doc.segment(seg, opt)
	}
	// The other checks read the translation as a reader sees it, without
	// its codes (a code's id is no number, a code before a word does not
	// hide its capital), and point into the text with them.
	plain := seg
	plain.Target = text.StripCodes(seg.Target)
	out := doc.segment(plain, opt)
	for i := range out {
		out[i].Target = spansWithCodes(out[i].Target, codes)
	}
	if opt.Checks.Has(CheckInlineCodes) {
		out = append(out, checkCodes(seg)...)
	}
	SortFindings(out)
	return out
}

// spansWithCodes moves spans of a text without its codes onto the text
// with them: a span starts after the codes at its start and ends before
// those at its end.
func spansWithCodes(spans []Span, codes []text.InlineCode) []Span {
	if len(spans) == 0 {
		return spans
	}
	out := make([]Span, len(spans))
	for i, sp := range spans {
		out[i] = Span{Start: withCodes(sp.Start, codes, true), End: withCodes(sp.End, codes, sp.End == sp.Start)}
	}
	return out
}

// withCodes is the offset in the text with codes of offset off in the text
// without them; after says whether codes right at off come before it.
func withCodes(off int, codes []text.InlineCode, after bool) int {
	removed := 0
	for _, c := range codes {
		at := c.Start - removed // where the code stood in the text without codes
		if at > off || at == off && !after {
			break
		}
		removed += c.End - c.Start
	}
	return off + removed
}

// segment runs the checks but inline-codes on a translation without codes.
func (doc *Document) segment(seg Segment, opt Options) []Finding {
	if strings.TrimSpace(seg.Target) == "" {
		return nil
	}
	var out []Finding
	add := func(f ...Finding) { out = append(out, f...) }
	on := opt.Checks.Has
	if on(CheckUntranslated) {
		// A source pasted unchanged is one error, not every difference
		// between Chinese and the target language.
		if u := checkUntranslated(seg); len(u) > 0 && u[0].Message == "QASameAsSource" {
			return u
		}
	}
	if on(CheckNumbers) {
		add(checkNumbers(seg)...)
	}
	if on(CheckEndPunctuation) {
		add(checkEndPunctuation(seg)...)
	}
	if on(CheckBrackets) {
		add(checkBrackets(seg)...)
	}
	if on(CheckQuotes) {
		add(checkQuotes(seg)...)
	}
	if on(CheckPunctuationWidth) {
		add(checkWidth(seg)...)
	}
	if on(CheckWhitespace) {
		add(checkWhitespace(seg, opt.Lang)...)
	}
	if on(CheckUntranslated) {
		add(checkUntranslated(seg)...)
	}
	if on(CheckRepeatedWord) {
		add(checkRepeated(seg, opt.Lang)...)
	}
	if doc != nil {
		src, tgt := normalize(seg.Source), normalize(seg.Target)
		if on(CheckInconsistentTarget) {
			add(doc.inconsistentTarget(seg, src, tgt)...)
		}
		if on(CheckInconsistentSource) {
			add(doc.inconsistentSource(seg, src, tgt)...)
		}
		if on(CheckLength) {
			add(doc.length.check(seg)...)
		}
	}
	if on(CheckURLs) {
		add(checkURLs(seg)...)
	}
	if on(CheckCapitalization) {
		add(checkCapitalization(seg)...)
	}
	SortFindings(out)
	return out
}

// Check runs every enabled check over a document's translations into
// opt.Lang and returns the findings of each segment, in the order of segs.
func Check(segs []Segment, opt Options) [][]Finding {
	doc := NewDocument(segs, opt.Lang)
	out := make([][]Finding, len(segs))
	Parallel(len(segs), func(i int) { out[i] = doc.Segment(segs[i], opt) })
	return out
}

// Parallel calls fn for 0 ≤ i < n, spread over the processors when n is
// large enough to be worth it. A Document is only read once learnt, so its
// Segment may run on several goroutines.
func Parallel(n int, fn func(i int)) {
	workers := runtime.GOMAXPROCS(0)
	if workers < 2 || n < 2000 {
		for i := range n {
			fn(i)
		}
		return
	}
	chunk := (n + workers - 1) / workers
	var wg sync.WaitGroup
	for start := 0; start < n; start += chunk {
		end := min(start+chunk, n)
		wg.Go(func() {
			for i := start; i < end; i++ {
				fn(i)
			}
		})
	}
	wg.Wait()
}

func whole(s string) []Span { return []Span{{0, len(s)}} }

// MessageIDs are the message ids findings carry, for the locale files.
var MessageIDs = []string{
	"QANumberMissing", "QAEndMissing", "QAEndDifferent", "QAEndHeadingPunct", "QABracketsUnbalanced",
	"QAQuotesUnbalanced", "QAQuoteNoCounterpart", "QATitleNoCounterpart", "QAFullWidth", "QASpaceEdges",
	"QASpaceDouble", "QASpaceBeforePunct", "QASameAsSource", "QAChineseLeft", "QARepeatedWord",
	"QAInconsistentTarget", "QAInconsistentSource", "QATooLong", "QATooShort", "QALinkMissing",
	"QALinkExtra", "QALowerStart", "QACodeTwice", "QACodeCloseFirst", "QACodeUnopened", "QACodeCrossing",
	"QACodeUnclosed", "QACodeMissing", "QACodeExtra", "QACodeOrder",
}

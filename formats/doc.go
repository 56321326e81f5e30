package formats

import (
	"fmt"
	"iter"
	"strings"
	"time"

	"alinea/workflow"
)

// withText corrects a status read from a file for the text beside it.
func withText(s workflow.Status, text string) workflow.Status {
	if s == workflow.StatusNew && text != "" {
		return workflow.StatusDraft
	}
	return s
}

// Header describes the exported document as a whole.
type Header struct {
	DocID    int64
	Title    string
	FileName string // name of the document's original file, if it had one
	// SourceLang is the source language code; always "zh" for now.
	SourceLang string
	// TargetLangs are the target languages to write, in column order. The
	// formats that hold one language (XLIFF, target documents) need exactly
	// one here.
	TargetLangs []string
	Exported    time.Time
	Tool        string // e.g. "Alinea"
	ToolVersion string
	// ZhTag is the tag Chinese is written with (zh-Hans when empty): one
	// rule for every file, set per document to zh-CN, zh-TW, zh-Hant … as
	// the people the files go to expect.
	ZhTag string
}

// Unit is one source segment with its translations.
type Unit struct {
	SegmentID int64 // 0 when read from a file that does not carry ours
	Paragraph int   // 1-based paragraph number in the source document; 0 unknown
	Heading   bool
	Source    string
	Targets   []Target
}

// Target is the translation of a unit into one language.
type Target struct {
	Lang   string
	Text   string
	Status workflow.Status
	// Version is the translation's revision number when it was exported, so
	// an import can tell whether someone changed it in the meantime. 0 means
	// no version is known (nothing saved yet, or a file from another tool).
	Version int
}

// Target returns the unit's translation into lang.
func (u *Unit) Target(lang string) (Target, bool) {
	for _, t := range u.Targets {
		if t.Lang == lang {
			return t, true
		}
	}
	return Target{}, false
}

// Units yields a document's units in reading order. A source that fails
// yields its error; the writer stops and returns it.
type Units = iter.Seq2[Unit, error]

// UnitsOf turns a slice into Units, for callers that already hold them all.
func UnitsOf(us []Unit) Units {
	return func(yield func(Unit, error) bool) {
		for _, u := range us {
			if !yield(u, nil) {
				return
			}
		}
	}
}

// Untranslated says what a target document does with a segment that has no
// usable translation.
type Untranslated int

const (
	// OmitUntranslated leaves the segment out.
	OmitUntranslated Untranslated = iota
	// KeepSource puts the Chinese text in its place.
	KeepSource
	// MarkUntranslated puts the Chinese text in its place, visibly marked.
	MarkUntranslated
)

// ParseUntranslated reads "omit", "source" or "mark".
func ParseUntranslated(v string) (Untranslated, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "omit":
		return OmitUntranslated, nil
	case "source", "keep":
		return KeepSource, nil
	case "mark":
		return MarkUntranslated, nil
	}
	return 0, fmt.Errorf("unknown choice %q for untranslated segments (want omit, source or mark)", v)
}

// ExportOptions are the choices every writer accepts.
type ExportOptions struct {
	// MinStatus keeps only translations at this status or further along
	// ("" or new: everything). A translation below it is written as missing;
	// a unit left with no translation in any written language is skipped,
	// except in target documents, where Untranslated decides.
	MinStatus workflow.Status
	// Untranslated is for target documents (DOCX, Markdown, text).
	Untranslated Untranslated
	// ShowStatus adds each translation's status to bilingual DOCX and HTML.
	ShowStatus bool
	// StatusNames are the labels ShowStatus writes, in the reader's
	// language; a status missing from it is written as its code.
	StatusNames map[workflow.Status]string
}

// statusName is the label of st that ShowStatus writes.
func (o *ExportOptions) statusName(st workflow.Status) string {
	if n := o.StatusNames[st]; n != "" {
		return n
	}
	return string(st)
}

// usable returns the translation of u into lang that passes the filter.
func (o *ExportOptions) usable(u *Unit, lang string) (Target, bool) {
	t, ok := u.Target(lang)
	if !ok {
		return Target{Lang: lang, Status: workflow.StatusNew}, o.all()
	}
	if o.all() {
		return t, true
	}
	if t.Text == "" || !t.Status.AtLeast(o.MinStatus) {
		return Target{Lang: lang, Status: workflow.StatusNew}, false
	}
	return t, true
}

func (o *ExportOptions) all() bool {
	return o.MinStatus == "" || o.MinStatus == workflow.StatusNew
}

// keep reports whether a unit belongs in a filtered export over langs.
func (o *ExportOptions) keep(u *Unit, langs []string) bool {
	if o.all() {
		return true
	}
	for _, l := range langs {
		if _, ok := o.usable(u, l); ok {
			return true
		}
	}
	return false
}

func (o *ExportOptions) validate() error {
	if o.MinStatus != "" && !o.MinStatus.Valid() {
		return fmt.Errorf("unknown status filter %q", o.MinStatus)
	}
	return nil
}

// oneLang returns the single target language of a one-language format.
func (h *Header) oneLang(format string) (string, error) {
	if len(h.TargetLangs) != 1 {
		return "", fmt.Errorf("%s holds one target language, got %d (%s)", format, len(h.TargetLangs), strings.Join(h.TargetLangs, ", "))
	}
	return h.TargetLangs[0], nil
}

func (h *Header) sourceLang() string {
	if h.SourceLang == "" {
		return "zh"
	}
	return h.SourceLang
}

func (h *Header) tool() (name, version string) {
	name, version = h.Tool, h.ToolVersion
	if name == "" {
		name = "Alinea"
	}
	if version == "" {
		version = "0"
	}
	return name, version
}

func (h *Header) exported() time.Time {
	if h.Exported.IsZero() {
		return time.Now().UTC()
	}
	return h.Exported.UTC()
}

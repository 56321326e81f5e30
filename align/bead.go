package align

import (
	"fmt"
	"strconv"
	"strings"
)

// Bead is one unit of a sentence alignment: consecutive source sentences and
// consecutive target sentences that translate each other. Either side may be
// empty (a sentence with no counterpart). Indices are sorted and 0-based.
type Bead struct {
	Src, Tgt []int
	// Confidence is the aligner's belief, between 0 and 1, that this bead is
	// right as it stands; the workbench shades beads by it for review.
	Confidence float64
}

// TermPair is a known equivalence: a Chinese term and the ways the target
// language may render it. Glossary entries, translation-memory pairs and
// dictionary entries all reach the aligner in this form.
type TermPair struct {
	Zh  string
	Tgt []string
}

// Options tells the aligner what it knows beyond the sentences themselves.
// Every field is optional.
type Options struct {
	SrcLang, TgtLang string // "zh"; "en", "es", "pt" (others work, with fewer anchors)
	// SrcParas and TgtParas give the paragraph index of each sentence. When
	// both are set, paragraph boundaries are soft constraints: a bead
	// boundary that is a paragraph boundary on one side only costs extra.
	SrcParas, TgtParas []int
	// Pairs are glossary, translation-memory or dictionary equivalents. They
	// are anchors: a bead that has the term on one side and an equivalent on
	// the other gains evidence.
	Pairs []TermPair
	// Dict is a bilingual dictionary (see LoadCEDICT). When nil, English,
	// Spanish and Portuguese targets get the dictionary shipped with the
	// aligner (CC-CEDICT, see DefaultDictionary) unless NoDict is set. A
	// dictionary glossing in English (CC-CEDICT format) is read through
	// cognates for Spanish and Portuguese targets.
	Dict   *Dictionary
	NoDict bool
	// SrcHeadings and TgtHeadings mark the sentences that are headings (a
	// paragraph of their own: 第一部分 …, Part I …). A heading is never
	// merged with another sentence in a bead, and pairs with a heading.
	SrcHeadings, TgtHeadings []bool
	// Parts, when set, are the parts of the source that the translation
	// covers, in order and apart, as the translator knows them: the target
	// is aligned inside them, and every other source sentence is left on
	// its own, where otherwise the parts would be located.
	Parts []Span

	// located is set for the search inside the located parts of a partial
	// translation; skippable marks the source sentences around those parts,
	// which the search may leave out at little cost.
	located   bool
	skippable []bool
	outside   []bool // source sentences around the located parts, not in them
	walls     []bool // walls[i]: sentences were left out before source sentence i
	tokens    *tokens
	// anchorPass, when set in a located search, receives the beads of
	// its anchor pass (see alignBanded).
	anchorPass *[]Bead
	// pivot is set when Dict glosses in English and the target language
	// is another: its glosses reach the target's words by their spelling
	// (see cognatePairs).
	pivot bool
}

// Span is a run of source sentences, [Start, End).
type Span struct{ Start, End int }

// FormatBead writes a bead the way alignment files and the scorer read it:
// "[0,1]:[0]", with ":0.93" appended when withConfidence is set.
func FormatBead(b Bead, withConfidence bool) string {
	var sb strings.Builder
	writeIDs := func(ids []int) {
		sb.WriteByte('[')
		for i, id := range ids {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(strconv.Itoa(id))
		}
		sb.WriteByte(']')
	}
	writeIDs(b.Src)
	sb.WriteByte(':')
	writeIDs(b.Tgt)
	if withConfidence {
		sb.WriteByte(':')
		sb.WriteString(strconv.FormatFloat(b.Confidence, 'f', 2, 64))
	}
	return sb.String()
}

// CheckBeads verifies that beads cover src and tgt sentences exactly once,
// in order, with consecutive indices and confidences in [0,1].
func CheckBeads(beads []Bead, nSrc, nTgt int) error {
	i, j := 0, 0
	for k, b := range beads {
		if len(b.Src) == 0 && len(b.Tgt) == 0 {
			return fmt.Errorf("bead %d is empty", k)
		}
		for _, s := range b.Src {
			if s != i {
				return fmt.Errorf("bead %d: source sentence %d, want %d", k, s, i)
			}
			i++
		}
		for _, t := range b.Tgt {
			if t != j {
				return fmt.Errorf("bead %d: target sentence %d, want %d", k, t, j)
			}
			j++
		}
		if !(b.Confidence >= 0 && b.Confidence <= 1) {
			return fmt.Errorf("bead %d: confidence %v outside [0,1]", k, b.Confidence)
		}
	}
	if i != nSrc || j != nTgt {
		return fmt.Errorf("beads cover %d/%d source and %d/%d target sentences", i, nSrc, j, nTgt)
	}
	return nil
}

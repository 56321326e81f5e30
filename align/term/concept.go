package term

// TermStatus is the administrative status of a term in the termbase, with the
// values TBX-Basic uses for administrativeStatus.
type TermStatus string

const (
	Preferred TermStatus = "preferred"
	Admitted  TermStatus = "admitted"
	Forbidden TermStatus = "forbidden"
)

// Valid reports whether s is one of the known statuses.
func (s TermStatus) Valid() bool {
	return s == Preferred || s == Admitted || s == Forbidden
}

// Concept is one termbase entry: a meaning, named by terms in several
// languages. The Chinese terms (a main term and its variants) are what the
// matcher looks for in source segments; the other languages hold the
// equivalents a translator may (or may not) use.
type Concept struct {
	ID     int64
	Domain string // subject field, e.g. "diplomacy"
	Note   string // definition or usage note for the whole concept
	Source string // where the official renderings come from
	Terms  []Term
}

// Term is one designation of a concept in one language.
type Term struct {
	ID     int64
	Lang   string // BCP 47 code as stored: "zh", "es", "pt", "en"
	Text   string
	Status TermStatus
	Note   string
	// Gender and Number describe Text itself ("masculine", "feminine";
	// "singular", "plural"), when the language inflects.
	Gender string
	Number string
	// Forms are the other inflected forms of the same term (es/pt gender and
	// number), accepted by the terminology check as the term itself.
	Forms []TermForm
}

// TermForm is one inflected form of a term.
type TermForm struct {
	Text   string
	Gender string
	Number string
}

// TermsIn returns the concept's terms in lang, in their stored order.
func (c *Concept) TermsIn(lang string) []Term {
	var out []Term
	for _, t := range c.Terms {
		if t.Lang == lang {
			out = append(out, t)
		}
	}
	return out
}

package text

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// Folding turns text into the form that matching and search compare, so
// that differences a reader does not see, or does not care about when
// looking something up, stop mattering:
//
//   - width: full-width Latin letters, digits and punctuation become their
//     ASCII forms (Ａ１，→ A1,), half-width katakana become full-width;
//   - compatibility forms (NFKC): ligatures, circled digits, CJK
//     compatibility ideographs, no-break spaces;
//   - case (full Unicode case folding, so ß matches ss);
//   - accents on Latin, Greek and Cyrillic letters (é, ç, ñ, ã → e, c, n, a):
//     translators type without them, and "politica" should find "política";
//   - dashes (— – ‐ − －) become "-", curly quotes become straight ones, and
//     middle dots (· ・ ‧ •) become "·", because the same name is written
//     with any of them (中国—拉共体 / 中国-拉共体, People’s / People's);
//   - invisible format characters (zero-width space, soft hyphen, BOM),
//     variation selectors and control characters are dropped;
//   - runs of white space become one space, and disappear at the ends and
//     next to Han characters: Chinese does not separate words with spaces,
//     so a space there is layout (a line break in a pasted PDF), not text.
//
// Folding is for comparison only; stored text is never changed. Fold keeps a
// map from the folded text back to the original, so that what is found in
// the folded text can be highlighted in the original.

// Span is a byte range [Start, End) of a text.
type Span struct{ Start, End int }

// Folded is text in its folded form, with the map back to the original.
type Folded struct {
	Text string
	// start[i] and end[i] are the bytes of the original that folded byte i
	// came from. Several folded bytes share a span when one original
	// character folds to several (ﬁ → fi), and when several original
	// characters fold together (e + combining acute → e).
	start, end []int32
	n          int
}

// Fold folds s and keeps the offset map.
func Fold(s string) Folded {
	f := folder{withMap: true}
	f.run(s)
	return Folded{Text: string(f.buf), start: f.start, end: f.end, n: len(s)}
}

// Key is the folded form of s, for search and lookup: two strings that
// should be found by each other have the same key. Use it both for what is
// stored (an index column) and for what is typed (the query).
func Key(s string) string {
	var f folder
	f.run(s)
	return string(f.buf)
}

// Search returns where query occurs in text, compared folded (see Fold), as
// non-overlapping byte spans of text, leftmost first. An empty query (or one
// that folds to nothing) finds nothing.
func Search(text, query string) []Span {
	q := Key(query)
	if q == "" {
		return nil
	}
	f := Fold(text)
	var out []Span
	for i := 0; i+len(q) <= len(f.Text); {
		j := strings.Index(f.Text[i:], q)
		if j < 0 {
			break
		}
		s, e := f.Orig(i+j, i+j+len(q))
		out = append(out, Span{s, e})
		i += j + len(q)
	}
	return out
}

// Orig maps the byte range [start, end) of f.Text to the smallest range of
// the original text that produced it. An empty range maps to an empty range
// at the corresponding original position.
func (f Folded) Orig(start, end int) (int, int) {
	if start < 0 {
		start = 0
	}
	if end > len(f.Text) {
		end = len(f.Text)
	}
	if start >= len(f.Text) {
		return f.n, f.n
	}
	if end <= start {
		s := int(f.start[start])
		return s, s
	}
	return int(f.start[start]), int(f.end[end-1])
}

// Len is the length of the original text.
func (f Folded) Len() int { return f.n }

// folder carries the state of one folding pass.
type folder struct {
	withMap bool
	buf     []byte
	start   []int32
	end     []int32
	// prevHan tells whether the last rune written is a Han character.
	prevHan bool
	// A white-space run is held back until the next visible character
	// decides whether it becomes a space or disappears.
	spaceFrom, spaceTo int
	spacePending       bool
	caser              *cases.Caser
}

func (f *folder) run(s string) {
	if f.withMap {
		f.buf = make([]byte, 0, len(s))
		f.start = make([]int32, 0, len(s))
		f.end = make([]int32, 0, len(s))
	} else {
		f.buf = make([]byte, 0, len(s))
	}
	for i := 0; i < len(s); {
		c := s[i]
		// Fast paths: ASCII and the main CJK block fold to themselves
		// (ASCII letters to lower case), as long as the next character
		// does not combine with them.
		if c < utf8.RuneSelf && f.boundary(s, i+1) {
			switch {
			case 'A' <= c && c <= 'Z':
				f.emitByte(c+'a'-'A', i, i+1)
			case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
				f.space(i, i+1)
			case c < 0x20 || c == 0x7f:
				// control characters are not text
			default:
				f.emitByte(c, i, i+1)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r >= 0x4E00 && r <= 0x9FFF && f.boundary(s, i+n) {
			f.emitRune(s[i:i+n], true, i, i+n)
			i += n
			continue
		}
		if e := lookupFold(r); e.kind != 0 && f.boundary(s, i+n) {
			switch e.kind {
			case foldEmit:
				f.emitRune(e.s, e.han, i, i+n)
			case foldSpace:
				f.space(i, i+n)
			}
			i += n
			continue
		}
		j := i + f.unitLen(s[i:])
		f.slow(s[i:j], i, j)
		i = j
	}
}

// boundary reports whether a new normalization segment starts at s[i:],
// i.e. whether what comes before can be folded on its own.
func (f *folder) boundary(s string, i int) bool {
	if i >= len(s) || s[i] < utf8.RuneSelf {
		return true
	}
	if r, _ := utf8.DecodeRuneInString(s[i:]); r >= 0x4E00 && r <= 0x9FFF || lookupFold(r).kind != 0 {
		return true
	}
	return norm.NFKC.PropertiesString(s[i:]).BoundaryBefore()
}

// unitLen is the length of the normalization segment at the start of s: one
// character and the combining marks that belong to it.
func (f *folder) unitLen(s string) int {
	_, n := utf8.DecodeRuneInString(s)
	for n < len(s) && !f.boundary(s, n) {
		_, m := utf8.DecodeRuneInString(s[n:])
		n += m
	}
	return n
}

// slow folds one normalization segment u, which is s[from:to].
func (f *folder) slow(u string, from, to int) {
	u = width.Fold.String(u)
	u = norm.NFKC.String(u)
	if f.caser == nil {
		c := cases.Fold()
		f.caser = &c
	}
	u = f.caser.String(u)
	u = stripMarks(u)
	for _, r := range u {
		switch {
		case r == utf8.RuneError:
			// invalid UTF-8 carries nothing to match
		case unicode.IsSpace(r):
			f.space(from, to)
		case unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Variation_Selector, r):
		default:
			r = foldPunct(r)
			var b [utf8.UTFMax]byte
			n := utf8.EncodeRune(b[:], r)
			f.emitRune(string(b[:n]), unicode.Is(unicode.Han, r), from, to)
		}
	}
}

// stripMarks removes the combining marks that sit on Latin, Greek or
// Cyrillic letters. Marks elsewhere (Japanese voicing marks, Indic vowel
// signs) change the letter and stay.
func stripMarks(u string) string {
	d := norm.NFD.String(u)
	var b strings.Builder
	stripped := false
	base := rune(-1)
	for _, r := range d {
		if unicode.Is(unicode.Mn, r) && base >= 0 && accentable(base) {
			stripped = true
			continue
		}
		if !unicode.Is(unicode.Mn, r) {
			base = r
		}
		b.WriteRune(r)
	}
	if !stripped {
		return u
	}
	return norm.NFC.String(b.String())
}

func accentable(r rune) bool {
	return r < 0x80 || unicode.In(r, unicode.Latin, unicode.Greek, unicode.Cyrillic)
}

// foldPunct maps the punctuation that has several interchangeable forms to
// one of them.
func foldPunct(r rune) rune {
	switch r {
	case '‐', '‑', '‒', '–', '—', '―', '−', '﹘', '﹣', '⸺', '⸻':
		return '-'
	case '‘', '’', '‚', '‛', '′':
		return '\''
	case '“', '”', '„', '‟', '″':
		return '"'
	case '・', '‧', '•', '･':
		return '·'
	}
	return r
}

func (f *folder) space(from, to int) {
	if !f.spacePending {
		f.spacePending = true
		f.spaceFrom = from
	}
	f.spaceTo = to
}

// flushSpace writes the pending space unless it is at the start or next to
// a Han character.
func (f *folder) flushSpace(nextHan bool) {
	if !f.spacePending {
		return
	}
	f.spacePending = false
	if len(f.buf) == 0 || f.prevHan || nextHan {
		return
	}
	f.buf = append(f.buf, ' ')
	if f.withMap {
		f.start = append(f.start, int32(f.spaceFrom))
		f.end = append(f.end, int32(f.spaceTo))
	}
}

func (f *folder) emitByte(c byte, from, to int) {
	f.flushSpace(false)
	f.buf = append(f.buf, c)
	if f.withMap {
		f.start = append(f.start, int32(from))
		f.end = append(f.end, int32(to))
	}
	f.prevHan = false
}

// foldEntry is the precomputed folding of one character that folds on its
// own (it starts a normalization segment and nothing combines with it).
type foldEntry struct {
	s    string
	kind uint8
	han  bool
}

const (
	foldDrop uint8 = iota + 1
	foldSpace
	foldEmit
)

// foldTableRanges are the blocks whose characters are common in our texts but
// not trivial to fold: accented Latin letters, general punctuation, CJK
// punctuation and the full-width forms.
var foldTableRanges = [][2]rune{{0x80, 0x24F}, {0x2000, 0x206F}, {0x3000, 0x303F}, {0xFF00, 0xFFEF}}

var foldTable = sync.OnceValue(func() [][]foldEntry {
	t := make([][]foldEntry, len(foldTableRanges))
	for k, rg := range foldTableRanges {
		t[k] = make([]foldEntry, rg[1]-rg[0]+1)
		for r := rg[0]; r <= rg[1]; r++ {
			s := string(r)
			if !norm.NFKC.PropertiesString(s).BoundaryBefore() {
				continue
			}
			var f folder
			f.slow(s, 0, len(s))
			var e foldEntry
			switch {
			case len(f.buf) == 0 && f.spacePending:
				e.kind = foldSpace
			case len(f.buf) == 0:
				e.kind = foldDrop
			case !f.spacePending && !strings.ContainsRune(string(f.buf), ' '):
				first, _ := utf8.DecodeRune(f.buf)
				if unicode.Is(unicode.Han, first) != f.prevHan {
					continue
				}
				e = foldEntry{s: string(f.buf), kind: foldEmit, han: f.prevHan}
			default:
				continue
			}
			t[k][r-rg[0]] = e
		}
	}
	return t
})

func lookupFold(r rune) foldEntry {
	if r < 0x80 {
		return foldEntry{}
	}
	for k, rg := range foldTableRanges {
		if r >= rg[0] && r <= rg[1] {
			return foldTable()[k][r-rg[0]]
		}
	}
	return foldEntry{}
}

func (f *folder) emitRune(r string, han bool, from, to int) {
	f.flushSpace(han)
	f.buf = append(f.buf, r...)
	if f.withMap {
		for range len(r) {
			f.start = append(f.start, int32(from))
			f.end = append(f.end, int32(to))
		}
	}
	f.prevHan = han
}

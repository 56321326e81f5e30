package align

import (
	"strings"
	"unicode"
)

// Quotations are soft constraints like paragraphs: a bead boundary that
// falls inside a quotation on one side and outside on the other is
// unlikely. Translators split and join sentences within a speech, but the
// speech itself stays one unit.

// quoteState returns, for every boundary position 0..len(sents), whether the
// text is inside a quotation there, and how many sentences have a quotation
// mark. The last mark of a sentence decides, so a misread apostrophe
// misleads for one sentence at most.
//
// A straight double mark is read by counting: it closes inside a quotation
// and opens outside one. With edges, one that starts a sentence opens and
// one that ends it after punctuation closes, whatever the count says. An
// excerpt (a located part of a translation) often starts inside a
// quotation whose opening mark it left out, and a single quotation nested
// in a double one ends the count's quotation early: counted, every
// quotation after either is read inside out, and its boundaries are the
// ones marked unlikely. The marks at sentence edges put the count right.
func quoteState(sents []string, edges bool) ([]bool, int) {
	out := make([]bool, len(sents)+1)
	inside := false
	marked := 0
	var rs []rune
	for i, s := range sents {
		rs = appendRunes(rs[:0], s)
		last := 0 // +1 opening, −1 closing
		for k, r := range rs {
			switch r {
			case '“', '「', '『', '«', '„':
				last = 1
			case '”', '」', '』', '»':
				last = -1
			case '"', '＂':
				switch {
				case edges && k == 0:
					last = 1
				case edges && k+1 == len(rs) && unicode.IsPunct(rs[k-1]):
					last = -1
				case inside || last == 1:
					last = -1
				default:
					last = 1
				}
			case '‘', '’', '\'':
				// Opening after a space, closing before one; an apostrophe
				// inside a word (he's) is neither.
				before := k == 0 || unicode.IsSpace(rs[k-1]) || strings.ContainsRune("([—–-", rs[k-1])
				after := k+1 == len(rs) || unicode.IsSpace(rs[k+1]) || unicode.IsPunct(rs[k+1])
				switch {
				case before && !after:
					last = 1
				case after && !before && (last == 1 || inside):
					last = -1
				default:
					continue
				}
			default:
				continue
			}
			inside = last == 1
		}
		if last != 0 {
			marked++
		}
		out[i+1] = inside
	}
	out[0], out[len(sents)] = false, false
	return out, marked
}

// quotesComparable tells whether both sides mark quotations often enough,
// and about equally often, for the constraint to help: a translation
// without quotation marks (older Bible versions) says nothing.
func quotesComparable(a, b int) bool {
	if a < 3 || b < 3 {
		return false
	}
	return float64(min(a, b))/float64(max(a, b)) >= 0.4
}

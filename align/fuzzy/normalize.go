// Package fuzzy finds translation-memory units whose source is similar to a
// query: the similarity translators are quoted (edit distance over code points
// after normalization), an index that finds every unit at or above a threshold
// without scanning them all, and the recognition of numbers that differ only
// as numbers. It is pure Go over plain values: no database, no I/O.
package fuzzy

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize is the form similarity is measured on: NFKC (full- and half-width
// forms unified), lower case, and every run of white space one space, trimmed.
func Normalize(s string) string {
	s = norm.NFKC.String(s)
	if !needsLowerOrSpace(s) {
		return s
	}
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// needsLowerOrSpace reports whether s has upper case or white space to
// collapse, so the common Chinese sentence skips two allocations.
func needsLowerOrSpace(s string) bool {
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsUpper(r) || unicode.IsTitle(r) {
			return true
		}
		if r >= utf8.RuneSelf && unicode.ToLower(r) != r {
			return true
		}
	}
	return false
}

// Similarity is 100 × (1 − lev(a, b) / max(len(a), len(b))) over the code
// points of the normalized strings; two empty strings are 100 % alike.
func Similarity(a, b string) float64 {
	x, y := []rune(Normalize(a)), []rune(Normalize(b))
	l := max(len(x), len(y))
	if l == 0 {
		return 100
	}
	return simOf(Levenshtein(x, y), l)
}

func simOf(d, l int) float64 {
	return 100 * (1 - float64(d)/float64(l))
}

// maxEdits is the largest edit distance that keeps two strings whose longer
// one has l code points at or above min percent.
func maxEdits(l int, min float64) int {
	k := int(float64(l)*(100-min)/100 + 1e-9)
	for k >= 0 && simOf(k, l) < min-1e-9 {
		k--
	}
	for k+1 <= l && simOf(k+1, l) >= min-1e-9 {
		k++
	}
	return k
}

// Round2 rounds a similarity to two decimals, as it is reported.
func Round2(x float64) float64 {
	return float64(int64(x*100+0.5)) / 100
}

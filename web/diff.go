package web

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"alinea/align/text"
)

// diffKind says whether a piece of a diff is in both texts, only the new one
// or only the old one.
type diffKind int

const (
	diffEqual diffKind = iota
	diffInsert
	diffDelete
)

// diffOp is one run of a diff.
type diffOp struct {
	Kind diffKind
	Text string
}

// maxDiffCells bounds the LCS table. Segments are sentences, so this is only
// reached by pasted walls of text, which are then shown as replaced whole.
const maxDiffCells = 4_000_000

// wordDiff compares an old and a new text: Chinese (and other CJK) character by
// character, other scripts word by word, so a changed word shows as one
// replacement rather than scattered letters. It finds a longest common
// subsequence of the tokens, and returns runs of equal, deleted and inserted
// text that rebuild both texts.
func wordDiff(old, new string) []diffOp {
	a, b := diffTokens(old), diffTokens(new)
	// Common ends cost nothing to match and shrink the table.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []diffOp
	add := func(k diffKind, s string) {
		if s == "" {
			return
		}
		if n := len(ops); n > 0 && ops[n-1].Kind == k {
			ops[n-1].Text += s
			return
		}
		ops = append(ops, diffOp{Kind: k, Text: s})
	}
	add(diffEqual, strings.Join(a[:pre], ""))
	am, bm := a[pre:len(a)-suf], b[pre:len(b)-suf]
	n, m := len(am), len(bm)
	if n*m > maxDiffCells {
		add(diffDelete, strings.Join(am, ""))
		add(diffInsert, strings.Join(bm, ""))
	} else {
		// lcs[i][j] is the LCS length of am[i:] and bm[j:].
		w := m + 1
		lcs := make([]int32, (n+1)*w)
		for i := n - 1; i >= 0; i-- {
			for j := m - 1; j >= 0; j-- {
				if am[i] == bm[j] {
					lcs[i*w+j] = lcs[(i+1)*w+j+1] + 1
				} else {
					lcs[i*w+j] = max(lcs[(i+1)*w+j], lcs[i*w+j+1])
				}
			}
		}
		i, j := 0, 0
		for i < n && j < m {
			switch {
			case am[i] == bm[j]:
				add(diffEqual, am[i])
				i++
				j++
			case lcs[(i+1)*w+j] >= lcs[i*w+j+1]:
				add(diffDelete, am[i])
				i++
			default:
				add(diffInsert, bm[j])
				j++
			}
		}
		add(diffDelete, strings.Join(am[i:], ""))
		add(diffInsert, strings.Join(bm[j:], ""))
	}
	add(diffEqual, strings.Join(a[len(a)-suf:], ""))
	return ops
}

// diffTokens splits text into what Diff compares: each CJK character alone,
// runs of letters and digits (with the apostrophes and hyphens inside
// words), runs of white space, and every other character alone.
func diffTokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		j := i + size
		switch {
		case text.IsCJK(r):
		case text.IsWordRune(r):
			for j < len(s) {
				r2, n := utf8.DecodeRuneInString(s[j:])
				if text.IsCJK(r2) || !text.IsWordRune(r2) && !(isJoiner(r2) && j+n < len(s) && startsWord(s[j+n:])) {
					break
				}
				j += n
			}
		case unicode.IsSpace(r):
			for j < len(s) {
				r2, n := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsSpace(r2) {
					break
				}
				j += n
			}
		}
		out = append(out, s[i:j])
		i = j
	}
	return out
}

func isJoiner(r rune) bool { return r == '\'' || r == '’' || r == '-' }

func startsWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return text.IsWordRune(r) && !text.IsCJK(r)
}

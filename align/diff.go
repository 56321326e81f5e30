package align

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// DiffKind says whether a piece of a diff is in both texts, only the new one
// or only the old one.
type DiffKind int

const (
	DiffEqual DiffKind = iota
	DiffInsert
	DiffDelete
)

// DiffOp is one run of a diff.
type DiffOp struct {
	Kind DiffKind
	Text string
}

// maxDiffCells bounds the LCS table. Segments are sentences, so this is only
// reached by pasted walls of text, which are then shown as replaced whole.
const maxDiffCells = 4_000_000

// Diff compares an old and a new text: Chinese (and other CJK) character by
// character, other scripts word by word, so a changed word shows as one
// replacement rather than scattered letters. It finds a longest common
// subsequence of the tokens, and returns runs of equal, deleted and inserted
// text that rebuild both texts.
func Diff(old, new string) []DiffOp {
	a, b := DiffTokens(old), DiffTokens(new)
	// Common ends cost nothing to match and shrink the table.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []DiffOp
	add := func(k DiffKind, s string) {
		if s == "" {
			return
		}
		if n := len(ops); n > 0 && ops[n-1].Kind == k {
			ops[n-1].Text += s
			return
		}
		ops = append(ops, DiffOp{Kind: k, Text: s})
	}
	add(DiffEqual, strings.Join(a[:pre], ""))
	am, bm := a[pre:len(a)-suf], b[pre:len(b)-suf]
	n, m := len(am), len(bm)
	if n*m > maxDiffCells {
		add(DiffDelete, strings.Join(am, ""))
		add(DiffInsert, strings.Join(bm, ""))
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
				add(DiffEqual, am[i])
				i++
				j++
			case lcs[(i+1)*w+j] >= lcs[i*w+j+1]:
				add(DiffDelete, am[i])
				i++
			default:
				add(DiffInsert, bm[j])
				j++
			}
		}
		add(DiffDelete, strings.Join(am[i:], ""))
		add(DiffInsert, strings.Join(bm[j:], ""))
	}
	add(DiffEqual, strings.Join(a[len(a)-suf:], ""))
	return ops
}

// DiffTokens splits text into what Diff compares: each CJK character alone,
// runs of letters and digits (with the apostrophes and hyphens inside
// words), runs of white space, and every other character alone.
func DiffTokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		j := i + size
		switch {
		case isCJK(r):
		case isWordRune(r):
			for j < len(s) {
				r2, n := utf8.DecodeRuneInString(s[j:])
				if isCJK(r2) || !isWordRune(r2) && !(isJoiner(r2) && j+n < len(s) && startsWord(s[j+n:])) {
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
	return isWordRune(r) && !isCJK(r)
}

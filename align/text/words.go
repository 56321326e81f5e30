package text

import "unicode"

// WordCount counts words the way translation tools bill them: every Chinese,
// Japanese or Korean character is a word, and so is every run of other
// letters and digits.
func WordCount(text string) int {
	n := 0
	inWord := false
	for _, r := range text {
		switch {
		case IsCJK(r):
			n++
			inWord = false
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			if !inWord {
				n++
				inWord = true
			}
		case r == '\'' || r == '’' || r == '-':
			// Apostrophes and hyphens join a word: don't, Lianyungang-based.
		default:
			inWord = false
		}
	}
	return n
}

// IsCJK reports whether r is a Chinese, Japanese or Korean character, each of
// which counts as a word of its own.
func IsCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r)
}

// IsWordRune reports whether r can be part of a word: a letter, a digit or a
// combining mark.
func IsWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

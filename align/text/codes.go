package text

import "strings"

// Inline codes (a bold run, a footnote mark, a field of the original
// document) travel in a translation as protected placeholders:
//
//	⟦id⟧ … ⟦/id⟧   a code that opens and one that closes
//	⟦id/⟧          a code that stands alone
//
// The brackets are U+27E6 and U+27E7, which prose does not use; an id is a
// short name of letters, digits and . _ : -. Anything else between the
// brackets is text, not a code.

const (
	CodeOpen  = "⟦"
	CodeClose = "⟧"
)

// Code kinds.
const (
	CodeOpens  byte = 'o'
	CodeCloses byte = 'c'
	CodeAlone  byte = 's'
)

// InlineCode is one placeholder of a text and where it is: the byte range
// [Start, End) of its brackets.
type InlineCode struct {
	ID         string
	Kind       byte
	Start, End int
}

// String is the code as written in text.
func (c InlineCode) String() string { return FormatCode(c.ID, c.Kind) }

// FormatCode writes a code of kind with id as it stands in text.
func FormatCode(id string, kind byte) string {
	switch kind {
	case CodeCloses:
		return CodeOpen + "/" + id + CodeClose
	case CodeAlone:
		return CodeOpen + id + "/" + CodeClose
	}
	return CodeOpen + id + CodeClose
}

// NextCode finds the first code of s at or after byte offset from; ok is
// false when there is none.
func NextCode(s string, from int) (c InlineCode, ok bool) {
	for off := from; off < len(s); {
		i := strings.Index(s[off:], CodeOpen)
		if i < 0 {
			return InlineCode{}, false
		}
		i += off
		body := s[i+len(CodeOpen):]
		j := strings.Index(body, CodeClose)
		if j < 0 {
			return InlineCode{}, false
		}
		tok := body[:j]
		c := InlineCode{ID: tok, Kind: CodeOpens, Start: i, End: i + len(CodeOpen) + j + len(CodeClose)}
		switch {
		case strings.HasPrefix(tok, "/"):
			c.Kind, c.ID = CodeCloses, tok[1:]
		case strings.HasSuffix(tok, "/"):
			c.Kind, c.ID = CodeAlone, tok[:len(tok)-1]
		}
		if ValidCodeID(c.ID) {
			return c, true
		}
		off = i + len(CodeOpen)
	}
	return InlineCode{}, false
}

// Codes lists the codes of s in order.
func Codes(s string) []InlineCode {
	if !strings.Contains(s, CodeOpen) {
		return nil
	}
	var out []InlineCode
	for from := 0; ; {
		c, ok := NextCode(s, from)
		if !ok {
			return out
		}
		out = append(out, c)
		from = c.End
	}
}

// StripCodes is s without its codes: the text a reader sees.
func StripCodes(s string) string {
	if !strings.Contains(s, CodeOpen) {
		return s
	}
	var b strings.Builder
	from := 0
	for {
		c, ok := NextCode(s, from)
		if !ok {
			b.WriteString(s[from:])
			return b.String()
		}
		b.WriteString(s[from:c.Start])
		from = c.End
	}
}

// ValidCodeID: ids are short names of letters, digits and . _ : -.
func ValidCodeID(id string) bool {
	if id == "" || len(id) > 32 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if !CodeIDByte(id[i]) {
			return false
		}
	}
	return true
}

// CodeIDByte reports whether b may stand in a code's id.
func CodeIDByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || strings.IndexByte("._:-", b) >= 0
}

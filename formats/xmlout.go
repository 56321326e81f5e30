package formats

import (
	"bufio"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// The writers build XML by hand on a bufio.Writer: it streams, allocates
// nothing per unit, and every byte of user text goes through xmlEscape.

// isXMLChar reports whether r may appear in an XML 1.0 document.
func isXMLChar(r rune) bool {
	switch {
	case r == 0x9 || r == 0xA || r == 0xD:
		return true
	case r >= 0x20 && r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	case r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

// escMode says where escaped text goes and what becomes of characters XML
// cannot hold.
type escMode int

const (
	escText escMode = iota // element content
	escAttr                // attribute value in double quotes
	// escTextCP is element content in XLIFF 2.0, whose <cp> element carries
	// the code points XML forbids, so they survive a round trip.
	escTextCP
)

// xmlEscape writes s escaped. Carriage returns, and in attributes newlines
// and tabs, are written as references because XML parsers normalize them
// otherwise. Characters XML 1.0 forbids become U+FFFD (or <cp> in escTextCP).
func xmlEscape(w *bufio.Writer, s string, mode escMode) {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		var rep string
		width := 1
		switch {
		case c == '&':
			rep = "&amp;"
		case c == '<':
			rep = "&lt;"
		case c == '>':
			rep = "&gt;"
		case c == '"' && mode == escAttr:
			rep = "&quot;"
		case c == '\r':
			rep = "&#xD;"
		case c == '\n' && mode == escAttr:
			rep = "&#xA;"
		case c == '\t' && mode == escAttr:
			rep = "&#x9;"
		case c < 0x20 && c != '\n' && c != '\t':
			rep = badChar(rune(c), mode)
		case c >= 0x80:
			r, n := utf8.DecodeRuneInString(s[i:])
			width = n
			if r == utf8.RuneError && n == 1 {
				rep = "\uFFFD"
			} else if !isXMLChar(r) {
				rep = badChar(r, mode)
			} else {
				i += n
				continue
			}
		default:
			i++
			continue
		}
		w.WriteString(s[last:i])
		w.WriteString(rep)
		i += width
		last = i
	}
	w.WriteString(s[last:])
}

func badChar(r rune, mode escMode) string {
	if mode == escTextCP {
		return fmt.Sprintf(`<cp hex="%04X"/>`, r)
	}
	return "\uFFFD"
}

// attr writes ` name="value"` with value escaped.
func attr(w *bufio.Writer, name, value string) {
	w.WriteByte(' ')
	w.WriteString(name)
	w.WriteString(`="`)
	xmlEscape(w, value, escAttr)
	w.WriteByte('"')
}

// writeInt writes n in decimal without allocating.
func writeInt(w *bufio.Writer, n int64) {
	w.Write(strconv.AppendInt(w.AvailableBuffer(), n, 10))
}

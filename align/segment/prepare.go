package segment

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"alinea/align/text"
)

// Prepared is a decoded, segmented document, ready to store.
type Prepared struct {
	Text       string
	Encoding   text.Encoding
	Hash       string // SHA-256 of the decoded text with LF line ends, so one text in two encodings or line-end styles is one document
	Paragraphs []Paragraph
	Segments   int
}

// ErrNoText is returned for input with nothing but whitespace in it.
var ErrNoText = errors.New("no text to segment")

// Prepare decodes the bytes of a file and segments them with the rules of
// lang: the first two steps of every import.
func Prepare(data []byte, lang string) (Prepared, error) {
	src, enc, err := text.Decode(data)
	if err != nil {
		return Prepared{}, err
	}
	paras, err := SplitParagraphs(src, lang)
	if err != nil {
		return Prepared{}, err
	}
	if len(paras) == 0 {
		return Prepared{}, ErrNoText
	}
	sum := sha256.Sum256([]byte(hashText(src)))
	p := Prepared{Text: src, Encoding: enc, Hash: hex.EncodeToString(sum[:]), Paragraphs: paras}
	for _, para := range paras {
		p.Segments += len(para.Segments)
	}
	return p, nil
}

// hashText is what a document's hash is taken of: the decoded text with
// CRLF and CR line ends made LF and the line ends at its end dropped, so a
// copy saved on Windows (CRLF, a byte order mark) is seen as the same text.
func hashText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.TrimRight(s, "\n")
}

// String summarizes a prepared document for logs.
func (p Prepared) String() string {
	return fmt.Sprintf("%d paragraphs, %d segments (%s)", len(p.Paragraphs), p.Segments, p.Encoding)
}

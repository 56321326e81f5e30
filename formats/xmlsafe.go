// Package formats reads and writes the exchange formats of translation work
// (TMX, XLIFF, TBX, CSV, DOCX, HTML, Markdown, plain text) over plain values.
// It touches no database and no network: callers store what a reader returns
// and feed writers what they loaded.
package formats

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// Limits on untrusted XML. encoding/xml never expands external or custom
// entities (unknown entities are errors in strict mode), so entity expansion
// and XXE are closed by the decoder itself; what remains is sheer size, and
// these bounds keep memory proportional to them.
const (
	MaxXMLBytes     = 64 << 20 // a whole file
	MaxXMLDepth     = 64       // element nesting
	MaxXMLAttrBytes = 64 << 10 // one attribute value
	MaxXMLAttrs     = 64       // attributes on one element
)

// ErrTooLarge is returned when an input exceeds a size limit.
var ErrTooLarge = errors.New("input too large")

// xmlReader wraps a decoder over untrusted input and enforces the limits above
// on every token, so every reader in this package shares one guard.
type xmlReader struct {
	d     *xml.Decoder
	depth int
	lim   *limitedReader
}

func newXMLReader(r io.Reader) *xmlReader {
	lim := &limitedReader{r: r, n: MaxXMLBytes}
	d := xml.NewDecoder(lim)
	d.Strict = true
	// Only UTF-8 (and its ASCII subset) is accepted: the exchange formats we
	// read are written in UTF-8 by every tool we know of, and a charset reader
	// would be another parser to trust.
	d.CharsetReader = func(label string, input io.Reader) (io.Reader, error) {
		switch label {
		case "UTF-8", "utf-8", "utf8", "UTF8", "US-ASCII", "us-ascii":
			return input, nil
		}
		return nil, fmt.Errorf("unsupported XML encoding %q (only UTF-8 is read)", label)
	}
	return &xmlReader{d: d, lim: lim}
}

// Token returns the next token, or an error naming the line at fault.
func (x *xmlReader) Token() (xml.Token, error) {
	tok, err := x.d.Token()
	if err != nil {
		if err == io.EOF {
			return nil, err
		}
		if x.lim.hit {
			return nil, fmt.Errorf("XML larger than %s: %w", sizeName(MaxXMLBytes), ErrTooLarge)
		}
		return nil, fmt.Errorf("line %d: %w", x.Line(), err)
	}
	switch t := tok.(type) {
	case xml.StartElement:
		x.depth++
		if x.depth > MaxXMLDepth {
			return nil, fmt.Errorf("line %d: elements nested deeper than %d", x.Line(), MaxXMLDepth)
		}
		if len(t.Attr) > MaxXMLAttrs {
			return nil, fmt.Errorf("line %d: <%s> has more than %d attributes", x.Line(), t.Name.Local, MaxXMLAttrs)
		}
		for _, a := range t.Attr {
			if len(a.Value) > MaxXMLAttrBytes {
				return nil, fmt.Errorf("line %d: attribute %s of <%s> longer than %d bytes", x.Line(), a.Name.Local, t.Name.Local, MaxXMLAttrBytes)
			}
		}
	case xml.EndElement:
		x.depth--
	case xml.Directive:
		// A DOCTYPE with an internal subset could declare entities; we do
		// not expand them, but refuse the declaration outright so a file
		// never means something different here than in a validating reader.
		if containsEntityDecl(t) {
			return nil, fmt.Errorf("line %d: entity declarations are not accepted", x.Line())
		}
	}
	return tok, nil
}

// Line is the current input line, for error messages.
func (x *xmlReader) Line() int {
	line, _ := x.d.InputPos()
	return line
}

// DecodeElement decodes the element start into v (see xml.Decoder.DecodeElement),
// keeping the depth count right.
func (x *xmlReader) DecodeElement(v any, start *xml.StartElement) error {
	if err := x.d.DecodeElement(v, start); err != nil {
		if x.lim.hit {
			return fmt.Errorf("XML larger than %s: %w", sizeName(MaxXMLBytes), ErrTooLarge)
		}
		return fmt.Errorf("line %d: <%s>: %w", x.Line(), start.Name.Local, err)
	}
	x.depth--
	return nil
}

func containsEntityDecl(d xml.Directive) bool {
	return bytes.Contains(d, []byte("ENTITY"))
}

// limitedReader is io.LimitReader that remembers whether the limit was hit,
// so the error can say "too large" instead of "unexpected EOF".
type limitedReader struct {
	r   io.Reader
	n   int64
	hit bool
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		l.hit = true
		return 0, io.ErrUnexpectedEOF
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

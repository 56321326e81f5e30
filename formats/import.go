package formats

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Import is what a reader found in an exchange file. The caller matches the
// units to stored segments (by SegmentID when the file carries ours, else by
// source text) and applies them in one transaction.
type Import struct {
	Format string // the registry name of the format read, e.g. "xliff2"
	// Header holds what the file says about itself; fields it does not
	// mention are zero. TargetLangs are the normalized languages seen.
	Header Header
	Units  []ImportedUnit
}

// ImportedUnit is one unit as read, with where it was found.
type ImportedUnit struct {
	Unit
	// ID is the unit's own identifier in the file (trans-unit or unit id,
	// tuid, the CSV id cell); empty when the file gives none.
	ID   string
	Line int // line of the file where the unit starts
}

// addLang records a target language in the header once.
func (im *Import) addLang(lang string) {
	for _, l := range im.Header.TargetLangs {
		if l == lang {
			return
		}
	}
	im.Header.TargetLangs = append(im.Header.TargetLangs, lang)
}

// Namespaces and names of our own metadata in XML formats.
const (
	nsAlinea  = "urn:alinea"
	nsXML     = "http://www.w3.org/XML/1998/namespace"
	nsXLIFF2  = "urn:oasis:names:tc:xliff:document:2.0"
	nsXLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
)

func attrOf(se *xml.StartElement, space, local string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Local == local && a.Name.Space == space {
			return a.Value, true
		}
	}
	return "", false
}

func attrInt(se *xml.StartElement, space, local string, line int) (int64, error) {
	v, ok := attrOf(se, space, local)
	if !ok {
		return 0, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("line %d: <%s> attribute %s=%q is not a non-negative number", line, se.Name.Local, local, v)
	}
	return n, nil
}

func parseCount(v, what string, line int) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("line %d: %s %q is not a non-negative number", line, what, v)
	}
	return n, nil
}

func parseYes(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "yes", "y", "true", "1", "x":
		return true
	}
	return false
}

// inlineText reads the content of the element just opened (start), up to
// its end tag, and returns its text. Elements for which code returns true
// hold native markup rather than text (TMX bpt/ph, XLIFF 1.2 bpt/x); their
// content is dropped. Other inline elements (hi, g, mrk, pc) keep their text.
// XLIFF 2.0's <cp hex> is turned back into its code point.
func (x *xmlReader) inlineText(start xml.StartElement, code func(local string) bool) (string, error) {
	var b strings.Builder
	depth, skip := 0, 0
	for {
		tok, err := x.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return "", fmt.Errorf("line %d: <%s> not closed before end of file", x.Line(), start.Name.Local)
			}
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if skip > 0 {
				skip++
				continue
			}
			if code(t.Name.Local) {
				skip = 1
				continue
			}
			if t.Name.Local == "cp" {
				h, _ := attrOf(&t, "", "hex")
				r, err := strconv.ParseUint(h, 16, 32)
				if err != nil || r > 0x10FFFF {
					return "", fmt.Errorf("line %d: <cp hex=%q> is not a code point", x.Line(), h)
				}
				b.WriteRune(rune(r))
			}
		case xml.EndElement:
			if depth == 0 {
				return b.String(), nil
			}
			depth--
			if skip > 0 {
				skip--
			}
		case xml.CharData:
			if skip == 0 {
				b.Write(t)
			}
		}
	}
}

// mrkSeg is a segment marked in XLIFF 1.2 with <mrk mtype="seg" mid="…">.
type mrkSeg struct {
	mid, text string
}

// skipElement discards the element just opened, keeping the depth count.
func (x *xmlReader) skipElement() error {
	depth := 0
	for {
		tok, err := x.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return fmt.Errorf("line %d: element not closed before end of file", x.Line())
			}
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			if depth == 0 {
				return nil
			}
			depth--
		}
	}
}

// rootElement reads up to the first element and returns it.
func (x *xmlReader) rootElement() (xml.StartElement, error) {
	for {
		tok, err := x.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return xml.StartElement{}, errors.New("no XML element found")
			}
			return xml.StartElement{}, err
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se, nil
		}
	}
}

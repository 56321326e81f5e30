package text

import (
	"bytes"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Encoding names what Decode found.
type Encoding string

const (
	UTF8    Encoding = "UTF-8"
	UTF16LE Encoding = "UTF-16LE"
	UTF16BE Encoding = "UTF-16BE"
	GB18030 Encoding = "GB18030"
)

// DecodeError says where input stops being text.
type DecodeError struct {
	Offset   int // byte offset into the original input
	Encoding Encoding
	Problem  DecodeProblem
	Value    int // the offending byte, code unit or character
}

// DecodeProblem names what is wrong at the offset, so interfaces can say it
// in their own language.
type DecodeProblem string

const (
	BadByte       DecodeProblem = "bad-byte"       // Value: the byte
	OddLength     DecodeProblem = "odd-length"     // UTF-16 with an odd number of bytes
	LoneSurrogate DecodeProblem = "lone-surrogate" // Value: the code unit
	ControlChar   DecodeProblem = "control-char"   // Value: the character
	NotText       DecodeProblem = "not-text"       // binary data (an image, an archive, a PDF)
)

func (e *DecodeError) Error() string {
	var what string
	if e.Problem == NotText {
		return fmt.Sprintf("not text: binary data (byte %d)", e.Offset)
	}
	switch e.Problem {
	case BadByte:
		what = fmt.Sprintf("byte 0x%02X does not start or continue a character", e.Value)
	case OddLength:
		what = "odd number of bytes"
	case LoneSurrogate:
		what = fmt.Sprintf("unpaired surrogate 0x%04X", e.Value)
	case ControlChar:
		what = fmt.Sprintf("control character U+%04X", e.Value)
	}
	return fmt.Sprintf("not valid %s text at byte %d: %s", e.Encoding, e.Offset, what)
}

// Decode turns the bytes of a text file into a string. It reads UTF-8 (with or
// without a byte-order mark), UTF-16 with a byte-order mark, and GB18030 (a
// superset of GBK and GB2312), and refuses anything else with the byte offset
// of the first problem: a store must never hold replacement characters that
// stand for bytes nobody can recover.
func Decode(b []byte) (string, Encoding, error) {
	if at := binaryAt(b); at >= 0 {
		// An image or an archive fails every encoding somewhere; saying
		// which one it failed last would only mislead.
		return "", UTF8, &DecodeError{Offset: at, Encoding: UTF8, Problem: NotText}
	}
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		s, err := decodeUTF8(b[3:], 3)
		return s, UTF8, err
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		s, err := decodeUTF16(b[2:], false)
		return s, UTF16LE, err
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		s, err := decodeUTF16(b[2:], true)
		return s, UTF16BE, err
	}
	bad := invalidUTF8At(b)
	if bad < 0 {
		s, err := decodeUTF8(b, 0)
		return s, UTF8, err
	}
	// Damaged UTF-8 Chinese is often structurally valid GB18030 (any two
	// bytes from 81–FE and 40–FE make a character), so text that was
	// reading as UTF-8, several multi-byte characters in, stays UTF-8 and
	// the damage is reported.
	gbBad := invalidGB18030At(b)
	if gbBad < 0 && multibyteRunes(b[:bad]) < 3 {
		s, err := decodeGB18030(b)
		return s, GB18030, err
	}
	// Neither reads the whole input: blame the encoding that read further,
	// which is the one the file was most likely meant to be in.
	if gbBad > bad && multibyteRunes(b[:bad]) < 3 {
		return "", GB18030, &DecodeError{Offset: gbBad, Encoding: GB18030, Problem: BadByte, Value: int(b[gbBad])}
	}
	return "", UTF8, &DecodeError{Offset: bad, Encoding: UTF8, Problem: BadByte, Value: int(b[bad])}
}

func decodeUTF8(b []byte, base int) (string, error) {
	if bad := invalidUTF8At(b); bad >= 0 {
		return "", &DecodeError{Offset: base + bad, Encoding: UTF8, Problem: BadByte, Value: int(b[bad])}
	}
	return string(b), checkControls(b, base, UTF8)
}

func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

func multibyteRunes(b []byte) int {
	n := 0
	for _, c := range b {
		if c >= 0xC0 {
			n++
		}
	}
	return n
}

// invalidGB18030At checks the byte structure of GB18030: one byte 00–7F, two
// bytes 81–FE 40–7E|80–FE, or four bytes 81–FE 30–39 81–FE 30–39.
func invalidGB18030At(b []byte) int {
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c < 0x80:
			i++
		case c == 0x80 || c == 0xFF:
			return i
		case i+1 < len(b) && (b[i+1] >= 0x40 && b[i+1] <= 0x7E || b[i+1] >= 0x80 && b[i+1] <= 0xFE):
			i += 2
		case i+3 < len(b) && b[i+1] >= 0x30 && b[i+1] <= 0x39 && b[i+2] >= 0x81 && b[i+2] <= 0xFE && b[i+3] >= 0x30 && b[i+3] <= 0x39:
			i += 4
		default:
			return i
		}
	}
	return -1
}

// decodeGB18030 decodes structurally valid GB18030. Four-byte sequences that
// map to no character decode to U+FFFD; those are refused like bad bytes.
func decodeGB18030(b []byte) (string, error) {
	if err := checkControls(b, 0, GB18030); err != nil {
		return "", err
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	if err == nil && !bytes.ContainsRune(out, utf8.RuneError) {
		return string(out), nil
	}
	// Find the character at fault, one sequence at a time.
	dec := simplifiedchinese.GB18030.NewDecoder()
	for i := 0; i < len(b); {
		n := gbSeqLen(b[i:])
		ch, err := dec.Bytes(b[i : i+n])
		if err != nil || bytes.ContainsRune(ch, utf8.RuneError) {
			return "", &DecodeError{Offset: i, Encoding: GB18030, Problem: BadByte, Value: int(b[i])}
		}
		i += n
	}
	return "", &DecodeError{Offset: 0, Encoding: GB18030, Problem: BadByte, Value: int(b[0])}
}

// gbSeqLen is the length of the GB18030 sequence b starts with, b being
// structurally valid.
func gbSeqLen(b []byte) int {
	switch {
	case b[0] < 0x80:
		return 1
	case len(b) >= 4 && b[1] >= 0x30 && b[1] <= 0x39:
		return 4
	}
	return 2
}

func decodeUTF16(b []byte, bigEndian bool) (string, error) {
	enc := UTF16LE
	if bigEndian {
		enc = UTF16BE
	}
	if len(b)%2 != 0 {
		return "", &DecodeError{Offset: 2 + len(b) - 1, Encoding: enc, Problem: OddLength}
	}
	units := make([]uint16, len(b)/2)
	for i := range units {
		if bigEndian {
			units[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			units[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	for i := 0; i < len(units); i++ {
		u := units[i]
		switch {
		case u >= 0xD800 && u < 0xDC00:
			if i+1 >= len(units) || units[i+1] < 0xDC00 || units[i+1] > 0xDFFF {
				return "", &DecodeError{Offset: 2 + 2*i, Encoding: enc, Problem: LoneSurrogate, Value: int(u)}
			}
			i++
		case u >= 0xDC00 && u <= 0xDFFF:
			return "", &DecodeError{Offset: 2 + 2*i, Encoding: enc, Problem: LoneSurrogate, Value: int(u)}
		case isBadControl(u):
			return "", &DecodeError{Offset: 2 + 2*i, Encoding: enc, Problem: ControlChar, Value: int(u)}
		}
	}
	return string(utf16.Decode(units)), nil
}

// checkControls refuses C0 control characters other than tab, line feed,
// carriage return and form feed: a NUL or an escape in a translation unit is
// binary data, not text. In UTF-8 and GB18030 no byte of a multi-byte
// character is below 0x80 (GB18030 trail bytes start at 0x30), so the raw
// bytes can be checked and the offset is exact.
func checkControls(b []byte, base int, enc Encoding) error {
	for i, c := range b {
		if isBadControl(uint16(c)) {
			return &DecodeError{Offset: base + i, Encoding: enc, Problem: ControlChar, Value: int(c)}
		}
	}
	return nil
}

func isBadControl(c uint16) bool {
	return c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7F
}

// binarySignatures start binary files people upload by mistake.
var binarySignatures = [][]byte{
	[]byte("\x89PNG"), []byte("\xFF\xD8\xFF"), []byte("GIF8"), []byte("%PDF"), []byte("PK\x03\x04"),
	[]byte("\xD0\xCF\x11\xE0"), []byte("\x1F\x8B"), []byte("RIFF"),
}

// binaryAt is the offset that shows b is binary data, not text in any
// encoding: 0 for a known file signature, else, in a file without a UTF-16
// byte order mark, the first of several NUL bytes in its first 8 KiB (one
// stray NUL in a text is reported as a control character); -1 for text.
func binaryAt(b []byte) int {
	for _, sig := range binarySignatures {
		if bytes.HasPrefix(b, sig) {
			return 0
		}
	}
	if bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
		return -1
	}
	head := b[:min(len(b), 8192)]
	if bytes.Count(head, []byte{0}) < 4 {
		return -1
	}
	return bytes.IndexByte(head, 0)
}

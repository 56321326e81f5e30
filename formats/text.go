package formats

import (
	"bytes"
	"errors"
	"fmt"

	"alinea/align/text"
)

// ErrNotText is returned for input that is binary data (an image, an
// archive, a PDF) rather than text in any encoding.
var ErrNotText = errors.New("the file is not text")

// binarySignatures are the first bytes of binary files people upload by
// mistake; naming them as "not text" says more than an encoding error at
// some byte of them.
var binarySignatures = [][]byte{
	[]byte("\x89PNG"), []byte("\xFF\xD8\xFF"), []byte("GIF8"), []byte("%PDF"), []byte("PK\x03\x04"),
	[]byte("\xD0\xCF\x11\xE0"), []byte("\x1F\x8B"), []byte("RIFF"),
}

// decodeText reads the bytes of a text file in any encoding the document
// importer reads (UTF-8 with or without a byte order mark, UTF-16 with one,
// GB18030) and refuses the rest with the byte offset of the first problem.
// Characters are never replaced: what cannot be decoded is an error.
func decodeText(b []byte) (string, error) {
	s, _, err := text.Decode(b)
	if err == nil {
		return s, nil
	}
	var de *text.DecodeError
	if errors.As(err, &de) && isBinary(b) {
		return "", fmt.Errorf("%w (binary data at byte %d)", ErrNotText, de.Offset)
	}
	return "", err
}

// isBinary reports whether b starts as a known binary format or holds a
// NUL byte without being UTF-16.
func isBinary(b []byte) bool {
	for _, sig := range binarySignatures {
		if bytes.HasPrefix(b, sig) {
			return true
		}
	}
	if bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
		return false
	}
	return bytes.IndexByte(b[:min(len(b), 8192)], 0) >= 0
}

// sizeName says a size limit in the unit people read, e.g. "64 MiB".
func sizeName(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

package formats

import (
	"errors"
	"fmt"

	"alinea/align/text"
)

// ErrNotText is returned for input that is binary data (an image, an
// archive, a PDF) rather than text in any encoding.
var ErrNotText = errors.New("the file is not text")

// decodeText reads the bytes of a text file in any encoding the document
// importer reads (UTF-8 with or without a byte order mark, UTF-16 with one,
// GB18030) and refuses the rest with the byte offset of the first problem.
// Characters are never replaced: what cannot be decoded is an error.
func decodeText(b []byte) (string, error) {
	s, _, err := text.Decode(b)
	var de *text.DecodeError
	if errors.As(err, &de) && de.Problem == text.NotText {
		return "", fmt.Errorf("%w (binary data at byte %d)", ErrNotText, de.Offset)
	}
	return s, err
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

package formats

import (
	"archive/zip"
	"fmt"
	"io"
)

// ZipContentType is the content type of WriteZip's output.
const ZipContentType = "application/zip"

// WriteZip writes a zip holding one file per target language of h in format
// f, named as FileName names them; it is how a one-language format (XLIFF, a
// target document) is exported in several languages as one download. units
// is called once per language and must start over each time (run the query
// again), so memory stays as flat as for a single file.
func WriteZip(w io.Writer, f Format, h Header, units func() Units, opt ExportOptions) error {
	zw := zip.NewWriter(w)
	for _, lang := range h.TargetLangs {
		one := h
		one.TargetLangs = []string{lang}
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: FileName(one, f), Method: zip.Deflate, Modified: h.exported()})
		if err != nil {
			return fmt.Errorf("write zip: %w", err)
		}
		if err := f.Write(fw, one, units(), opt); err != nil {
			return fmt.Errorf("write zip: %s: %w", lang, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write zip: %w", err)
	}
	return nil
}

package formats

import (
	"io"
	"path"
	"strconv"
	"strings"
	"unicode"
)

// WriteFunc writes a document's units in one format. Every writer streams:
// it holds at most one unit (a target document: one paragraph) at a time.
type WriteFunc func(w io.Writer, h Header, units Units, opt ExportOptions) error

// ReadFunc reads an exchange file into plain units.
type ReadFunc func(r io.Reader) (*Import, error)

// Format describes one export format, for the command line and the web
// download menu alike.
type Format struct {
	Name        string // as given to --format, e.g. "xliff2"
	Label       string // for menus
	ContentType string
	Ext         string // file name extension, with the dot
	// OneLang formats hold a single target language; exporting several
	// languages means one file per language.
	OneLang bool
	Write   WriteFunc
	// Read is set for formats that can be imported back.
	Read ReadFunc
}

var exportFormats = []Format{
	{"docx", "Bilingual Word document (.docx)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", false, WriteBilingualDOCX, nil},
	{"target-docx", "Translation as Word document (.docx)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", true, WriteTargetDOCX, nil},
	{"md", "Translation as Markdown (.md)", "text/markdown; charset=utf-8", ".md", true, WriteTargetMarkdown, nil},
	{"txt", "Translation as plain text (.txt)", "text/plain; charset=utf-8", ".txt", true, WriteTargetText, nil},
	{"html", "Bilingual web page (.html)", "text/html; charset=utf-8", ".html", false, WriteBilingualHTML, nil},
	{"tmx", "Translation memory, TMX 1.4b (.tmx)", "application/x-tmx+xml", ".tmx", false, WriteTMX, ReadTMX},
	{"xliff2", "XLIFF 2.0 (.xlf)", "application/xliff+xml", ".xlf", true, WriteXLIFF2, ReadXLIFF},
	{"xliff12", "XLIFF 1.2 (.xlf)", "application/x-xliff+xml", ".xlf", true, WriteXLIFF12, ReadXLIFF},
	{"csv", "Spreadsheet, comma-separated (.csv)", "text/csv; charset=utf-8", ".csv", false, WriteCSV, ReadCSV},
	{"tsv", "Spreadsheet, tab-separated (.tsv)", "text/tab-separated-values; charset=utf-8", ".tsv", false, WriteTSV, ReadTSV},
}

// ExportFormats lists the export formats in menu order.
func ExportFormats() []Format {
	return append([]Format(nil), exportFormats...)
}

// LookupFormat finds an export format by name ("docx", "tmx", ...).
func LookupFormat(name string) (Format, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	for _, f := range exportFormats {
		if f.Name == name {
			return f, true
		}
	}
	return Format{}, false
}

// FormatNames lists the names LookupFormat knows, for usage messages.
func FormatNames() []string {
	names := make([]string, len(exportFormats))
	for i, f := range exportFormats {
		names[i] = f.Name
	}
	return names
}

// ImportFormatFor picks the reader for an uploaded file by its extension
// (.xlf, .xliff, Trados .sdlxliff, memoQ .mqxliff, .tmx, .csv, .tsv); ok is false for anything else.
func ImportFormatFor(fileName string) (ReadFunc, bool) {
	switch strings.ToLower(path.Ext(fileName)) {
	case ".xlf", ".xliff", ".xlif", ".sdlxliff", ".mqxliff", ".mxliff":
		return ReadXLIFF, true
	case ".tmx":
		return ReadTMX, true
	case ".csv":
		return ReadCSV, true
	case ".tsv", ".tab":
		return ReadTSV, true
	}
	return nil, false
}

// FileName suggests a download name for a document exported in f: the
// title reduced to characters safe in any file system and header, the
// languages, and the extension, e.g. "policy-paper.es.xlf".
func FileName(h Header, f Format) string {
	base := h.Title
	if base == "" {
		base = strings.TrimSuffix(path.Base(strings.ReplaceAll(h.FileName, `\`, "/")), path.Ext(h.FileName))
	}
	var b strings.Builder
	dash := false
	for _, r := range base {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
		if b.Len() > 80 {
			break
		}
	}
	name := strings.Trim(b.String(), "-")
	if name == "" || name == "." {
		name = "document-" + strconv.FormatInt(h.DocID, 10)
	}
	switch {
	case len(h.TargetLangs) == 1:
		name += "." + h.TargetLangs[0]
	case len(h.TargetLangs) > 1 && f.Name != "tmx":
		name += "." + strings.Join(h.TargetLangs, "-")
	}
	if f.Name == "target-docx" {
		// Keeps the bilingual and the target Word file apart.
		name += ".target"
	}
	return name + f.Ext
}

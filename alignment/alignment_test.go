package alignment

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"

	"alinea/align/segment"
	"alinea/align/text"
	"alinea/internal/testenv"
	"alinea/store"
)

func docx(t testing.TB, body string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	f, err := zw.Create("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(f, `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`+body+`</w:body></w:document>`)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func texts(ss []store.TargetSentence) []string {
	var out []string
	for _, s := range ss {
		out = append(out, fmt.Sprintf("%d:%s", s.Paragraph, s.Text))
	}
	return out
}

func TestRead(t *testing.T) {
	tests := []struct {
		name, file string
		data       []byte
		lang       string
		want       []string
		err        error
	}{
		{"text", "en.txt", []byte("Preface\n\nThe world changes. It changes fast.\n\nThe end.\n"), "en",
			[]string{"0:Preface", "1:The world changes.", "1:It changes fast.", "2:The end."}, nil},
		{"text with a byte-order mark, Spanish", "es.txt", []byte("\ufeffEl Sr. Pérez llegó. Se fue.\n"), "es",
			[]string{"0:El Sr. Pérez llegó.", "0:Se fue."}, nil},
		{"html by extension", "en.html", []byte("<html><body><h1>Preface</h1><p>One. Two.</p><nav>Menu</nav></body></html>"), "en",
			[]string{"0:Preface", "1:One.", "1:Two."}, nil},
		{"html by content", "upload", []byte("<!DOCTYPE html><p>Um. Dois.</p>"), "pt",
			[]string{"0:Um.", "0:Dois."}, nil},
		{"docx by content", "file.bin", docx(t, `<w:p><w:r><w:t>First one. Second one.</w:t></w:r></w:p><w:p></w:p><w:p><w:r><w:t>Third.</w:t></w:r></w:p>`), "en",
			[]string{"0:First one.", "0:Second one.", "1:Third."}, nil},
		{"invalid UTF-8", "en.txt", []byte("Good.\xff\xfe\x00bad"), "en", nil, nil},
		{"only blanks", "en.txt", []byte(" \n\n \t\n"), "en", nil, segment.ErrNoText},
		{"empty html", "en.html", []byte("<html><body></body></html>"), "en", nil, segment.ErrNoText},
		{"broken docx", "en.docx", []byte("PK\x03\x04broken"), "en", nil, ErrUnreadable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Read(tt.file, tt.data, tt.lang)
			if tt.want == nil {
				if err == nil {
					t.Fatalf("read %v, want an error", texts(got))
				}
				if tt.err != nil && !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(texts(got), tt.want) {
				t.Errorf("got %q, want %q", texts(got), tt.want)
			}
			for i, s := range got {
				if s.Index != i {
					t.Errorf("sentence %d has index %d", i, s.Index)
				}
			}
		})
	}
}

func TestReadDecodeErrorIsKept(t *testing.T) {
	_, err := Read("en.txt", []byte("Good.\xff bad"), "en")
	var de *text.DecodeError
	if !errors.As(err, &de) || de.Offset != 5 {
		t.Fatalf("err = %v, want a DecodeError at 5", err)
	}
}

func FuzzRead(f *testing.F) {
	f.Add("a.txt", []byte("One. Two.\n\nThree."), "en")
	f.Add("a.html", []byte("<p>Uno. Dos.</p><h2>Tres</h2>"), "es")
	f.Add("a.docx", docx(f, `<w:p><w:r><w:t>Um. Dois.</w:t></w:r></w:p>`), "pt")
	f.Add("a", []byte("\xff\xfeA\x00"), "en")
	f.Fuzz(func(t *testing.T, name string, data []byte, lang string) {
		got, err := Read(name, data, lang)
		if err != nil {
			return
		}
		if len(got) == 0 {
			t.Fatal("no sentences and no error")
		}
		last := 0
		for i, s := range got {
			if s.Index != i || s.Paragraph < last || strings.TrimSpace(s.Text) != s.Text || s.Text == "" {
				t.Fatalf("sentence %d: %+v", i, s)
			}
			last = s.Paragraph
		}
	})
}

func openSeeded(t testing.TB) (*store.Store, store.Document) {
	t.Helper()
	st, err := store.Open(testenv.DB(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	p, err := segment.Prepare(testenv.Seed(t), "zh")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := st.ImportDocument(context.Background(), store.FromPrepared("seed", "seed.txt", "zh", p), store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return st, doc
}

func TestImportSeedStart(t *testing.T) {
	st, doc := openSeeded(t)
	data, err := os.ReadFile("testdata/seed-start.en.txt")
	if err != nil {
		t.Fatal(err)
	}
	a, err := Import(context.Background(), st, Request{DocumentID: doc.ID, Lang: "en", FileName: "seed-start.en.txt", Data: data})
	if err != nil {
		t.Fatal(err)
	}
	if a.State != store.AlignmentOpen || len(a.Sentences) != 12 || len(a.Sources) != doc.Segments {
		t.Fatalf("alignment: %d sentences, %d sources, state %s", len(a.Sentences), len(a.Sources), a.State)
	}
	// The translation covers the first eleven segments (the heading and
	// three paragraphs, then the part title and one paragraph); the long
	// fifth segment is two English sentences.
	want := []string{"0+1:0+1", "1+1:1+1", "2+1:2+1", "3+1:3+1", "4+1:4+2", "5+1:6+1", "6+1:7+1", "7+1:8+1", "8+1:9+1", "9+1:10+1", "10+1:11+1"}
	for i, w := range want {
		b := a.Beads[i]
		if got := fmt.Sprintf("%d+%d:%d+%d", b.SrcFirst, b.SrcCount, b.TgtFirst, b.TgtCount); got != w {
			t.Errorf("bead %d = %s (%.2f), want %s", i, got, b.Confidence, w)
		}
	}
	sum := Summarize(a)
	if sum.Beads != len(a.Beads) || sum.Types[0].Type != "1-1" || sum.Sentences != 12 {
		t.Errorf("summary %+v", sum)
	}
}

// TestImportSeedFirstTen imports an English translation of the seed's first
// ten segments, laid out as a file (blank lines between paragraphs), as
// pasted (one paragraph a line) and one sentence a line: it lands on
// segments 1–10, the heading on the heading, and nothing beyond.
func TestImportSeedFirstTen(t *testing.T) {
	st, doc := openSeeded(t)
	data, err := os.ReadFile("testdata/seed-first10.en.txt")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	layouts := map[string]string{
		"file":          text,
		"pasted":        strings.ReplaceAll(text, "\n\n", "\n"),
		"one a line":    strings.NewReplacer(". ", ".\n", "\n\n", "\n").Replace(text),
		"windows lines": strings.ReplaceAll(text, "\n", "\r\n"),
	}
	// Segment 4 is two English sentences; segment 8 is the heading of Part I.
	want := []string{"0+1:0+1", "1+1:1+1", "2+1:2+1", "3+1:3+1", "4+1:4+2", "5+1:6+1", "6+1:7+1", "7+1:8+1", "8+1:9+1", "9+1:10+1"}
	for name, text := range layouts {
		t.Run(name, func(t *testing.T) {
			a, err := Import(context.Background(), st, Request{DocumentID: doc.ID, Lang: "en", FileName: "", Data: []byte(text)})
			if err != nil {
				t.Fatal(err)
			}
			if len(a.Sentences) != 11 {
				t.Fatalf("%d sentences", len(a.Sentences))
			}
			for i, w := range want {
				b := a.Beads[i]
				if got := fmt.Sprintf("%d+%d:%d+%d", b.SrcFirst, b.SrcCount, b.TgtFirst, b.TgtCount); got != w {
					t.Errorf("bead %d = %s (%.2f), want %s", i, got, b.Confidence, w)
				}
			}
			for _, b := range a.Beads[len(want):] {
				if b.TgtCount > 0 || b.SrcFirst < len(want) {
					t.Errorf("bead %+v beyond the translation", b)
				}
			}
		})
	}
}

func TestImportRefusesAndStoresNothing(t *testing.T) {
	st, doc := openSeeded(t)
	tests := []struct {
		name string
		req  Request
		want error
	}{
		{"unknown language", Request{DocumentID: doc.ID, Lang: "fr", FileName: "a.txt", Data: []byte("Un.")}, store.ErrUnknownLanguage},
		{"source language", Request{DocumentID: doc.ID, Lang: "zh", FileName: "a.txt", Data: []byte("一。")}, store.ErrUnknownLanguage},
		{"no text", Request{DocumentID: doc.ID, Lang: "en", FileName: "a.txt", Data: []byte("\n\n")}, segment.ErrNoText},
		{"no document", Request{DocumentID: 99, Lang: "en", FileName: "a.txt", Data: []byte("One.")}, store.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Import(context.Background(), st, tt.req); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			list, err := st.Alignments(context.Background(), doc.ID)
			if err != nil || len(list) != 0 {
				t.Errorf("stored %v %v", list, err)
			}
		})
	}
}

// pseudoTranslation stands in for a translation of a whole document: every
// segment becomes a sentence of made-up words, one per Chinese character
// (about as many letters as English needs), with its numbers kept; every
// seventh pair of segments in a paragraph becomes one sentence, and every
// eleventh segment two, so beads of several shapes occur.
func pseudoTranslation(segments []store.Row) string {
	var b strings.Builder
	para := segments[0].ParagraphID
	for i := 0; i < len(segments); i++ {
		r := segments[i]
		if r.ParagraphID != para {
			b.WriteString("\n\n")
			para = r.ParagraphID
		}
		words := pseudoWords(r.Source)
		if i%7 == 3 && i+1 < len(segments) && segments[i+1].ParagraphID == para {
			i++
			words = append(words, pseudoWords(segments[i].Source)...)
		}
		if i%11 == 5 && len(words) > 6 {
			b.WriteString(sentence(words[:len(words)/2]) + " ")
			words = words[len(words)/2:]
		}
		b.WriteString(sentence(words) + " ")
	}
	return b.String()
}

func pseudoWords(zh string) []string {
	var out []string
	rs := []rune(zh)
	for k := 0; k < len(rs); k++ {
		r := rs[k]
		switch {
		case r >= '0' && r <= '9':
			j := k
			for j < len(rs) && rs[j] >= '0' && rs[j] <= '9' {
				j++
			}
			out = append(out, string(rs[k:j]))
			k = j - 1
		case r >= 0x4E00:
			c := int(r)
			out = append(out, string([]byte{byte('a' + c%26), byte('a' + c/26%26), byte('a' + c/676%26)}))
		}
	}
	if len(out) == 0 {
		out = []string{"so"}
	}
	return out
}

func sentence(words []string) string {
	s := strings.Join(words, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

// BenchmarkImportSeedDocument reads, segments, aligns and stores a
// translation of the whole seed document.
func BenchmarkImportSeedDocument(b *testing.B) {
	st, doc := openSeeded(b)
	rows, _, err := st.Segments(context.Background(), doc.ID, store.SegmentQuery{Lang: "en"})
	if err != nil {
		b.Fatal(err)
	}
	data := []byte(pseudoTranslation(rows))
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	var a store.Alignment
	for b.Loop() {
		a, err = Import(context.Background(), st, Request{DocumentID: doc.ID, Lang: "en", FileName: "en.txt", Data: data})
		if err != nil {
			b.Fatal(err)
		}
	}
	sum := Summarize(a)
	b.ReportMetric(float64(sum.Sources), "segments")
	b.ReportMetric(float64(sum.Sentences), "sentences")
	b.ReportMetric(float64(sum.Low), "weak-beads")
}

// BenchmarkImportPartial imports the translation of the first paragraphs,
// which tries several prefixes of the document.
func BenchmarkImportPartial(b *testing.B) {
	st, doc := openSeeded(b)
	data, err := os.ReadFile("testdata/seed-start.en.txt")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Import(context.Background(), st, Request{DocumentID: doc.ID, Lang: "en", FileName: "en.txt", Data: data}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAcceptSeedDocument accepts an alignment of the whole seed
// document: 222 revision-keeping saves in one transaction.
func BenchmarkAcceptSeedDocument(b *testing.B) {
	st, doc := openSeeded(b)
	rows, _, err := st.Segments(context.Background(), doc.ID, store.SegmentQuery{Lang: "en"})
	if err != nil {
		b.Fatal(err)
	}
	data := []byte(pseudoTranslation(rows))
	for b.Loop() {
		b.StopTimer()
		a, err := Import(context.Background(), st, Request{DocumentID: doc.ID, Lang: "en", FileName: "en.txt", Data: data})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := st.AcceptAlignment(context.Background(), store.AcceptOptions{AlignmentID: a.ID, Overwrite: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestImportWholeTranslations aligns translations of the whole seed document
// that are longer or much terser than usual: neither is taken for a partial
// translation.
func TestImportWholeTranslations(t *testing.T) {
	st, doc := openSeeded(t)
	rows, _, err := st.Segments(context.Background(), doc.ID, store.SegmentQuery{Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	var terse strings.Builder
	para := rows[0].ParagraphID
	for _, r := range rows {
		if r.ParagraphID != para {
			terse.WriteString("\n\n")
			para = r.ParagraphID
		}
		var half []string
		for i, w := range pseudoWords(r.Source) {
			if i%2 == 0 {
				half = append(half, w)
			}
		}
		terse.WriteString(sentence(half) + " ")
	}
	for name, text := range map[string]string{"usual": pseudoTranslation(rows), "terse": terse.String()} {
		t.Run(name, func(t *testing.T) {
			a, err := Import(context.Background(), st, Request{DocumentID: doc.ID, Lang: "en", FileName: name, Data: []byte(text)})
			if err != nil {
				t.Fatal(err)
			}
			sum := Summarize(a)
			for _, tc := range sum.Types {
				if tc.Type == "1-0" || tc.Type == "0-1" {
					t.Errorf("%d %s beads: %+v", tc.Count, tc.Type, sum.Types)
				}
			}
			if sum.Types[0].Type != "1-1" || sum.Types[0].Count < sum.Beads*3/4 {
				t.Errorf("types %+v", sum.Types)
			}
		})
	}
}

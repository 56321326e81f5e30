package exchange

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"alinea/formats"
	"alinea/store"
	"alinea/workflow"
)

func TestLangs(t *testing.T) {
	targets := []string{"es", "pt", "en"}
	for _, tc := range []struct {
		arg  string
		want []string
		err  bool
	}{
		{"", targets, false},
		{"all", targets, false},
		{"es", []string{"es"}, false},
		{"en, es,en", []string{"es", "en"}, false},
		{"zh", nil, true},
		{"es,fr", nil, true},
	} {
		got, err := Langs(tc.arg, targets)
		if (err != nil) != tc.err || !slices.Equal(got, tc.want) {
			t.Errorf("Langs(%q) = %v, %v", tc.arg, got, err)
		}
		if err != nil && !errors.Is(err, store.ErrUnknownLanguage) {
			t.Errorf("Langs(%q) error %v is not ErrUnknownLanguage", tc.arg, err)
		}
	}
}

func TestDownload(t *testing.T) {
	doc := store.Document{ID: 3, Title: "Policy paper"}
	for _, tc := range []struct {
		format     string
		langs      []string
		name, ctyp string
	}{
		{"xliff2", []string{"es"}, "Policy-paper.es.xlf", "application/xliff+xml"},
		{"xliff2", []string{"es", "pt"}, "Policy-paper.es-pt.xlf.zip", formats.ZipContentType},
		{"tmx", []string{"es", "pt", "en"}, "Policy-paper.tmx", "application/x-tmx+xml"},
		{"docx", []string{"es", "pt"}, "Policy-paper.es-pt.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
	} {
		f, _ := formats.LookupFormat(tc.format)
		name, ctyp := Download(doc, f, tc.langs)
		if name != tc.name || ctyp != tc.ctyp {
			t.Errorf("Download(%s, %v) = %q, %q", tc.format, tc.langs, name, ctyp)
		}
	}
}

func TestUpdates(t *testing.T) {
	im := &formats.Import{Units: []formats.ImportedUnit{
		{Unit: formats.Unit{SegmentID: 7, Source: "一。", Targets: []formats.Target{
			{Lang: "es", Text: "Uno.", Status: workflow.StatusReviewed, Version: 2},
			{Lang: "pt", Text: "  ", Status: workflow.StatusNew},
		}}, ID: "s7", Line: 12},
		{Unit: formats.Unit{Source: "二。", Targets: []formats.Target{{Lang: "en", Text: "Two.", Status: workflow.StatusTranslated}}}, Line: 20},
	}}
	ups, skipped := Updates(im, nil)
	want := []store.Update{
		{Ref: "s7", Line: 12, SegmentID: 7, Source: "一。", Lang: "es", Text: "Uno.", Status: workflow.StatusReviewed, BaseVersion: 2},
		{Line: 20, Source: "二。", Lang: "en", Text: "Two.", Status: workflow.StatusTranslated},
	}
	if !slices.Equal(ups, want) || skipped != 1 {
		t.Errorf("Updates = %+v, %d skipped", ups, skipped)
	}
	ups, skipped = Updates(im, []string{"en"})
	if len(ups) != 1 || ups[0].Lang != "en" || skipped != 0 {
		t.Errorf("Updates(en) = %+v, %d skipped", ups, skipped)
	}
}

// TestExportApplyRoundTrip goes through the store both ways: what an export
// wrote and an import read back applies as unchanged, and so does an export
// of the whole seed in every importable format.
func TestExportApplyRoundTrip(t *testing.T) {
	st, doc := seedStore(t)
	ctx := context.Background()
	for _, f := range formats.ExportFormats() {
		if f.Read == nil {
			continue
		}
		langs := allLangs
		if f.OneLang {
			langs = allLangs[1:2]
		}
		var buf bytes.Buffer
		if err := Export(ctx, st, &buf, doc, f, langs, formats.ExportOptions{}); err != nil {
			t.Fatal(err)
		}
		im, err := Read("file"+f.Ext, &buf)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		res, err := Apply(ctx, st, doc, im, nil, store.ApplyOptions{})
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if want := doc.Segments * len(langs); res.Applied != 0 || res.Unchanged != want || res.ConflictCount+res.UnmatchedCount != 0 {
			t.Errorf("%s: %+v, want %d unchanged", f.Name, res.ApplyResult, want)
		}
	}
	if _, err := Read("notes.docx", strings.NewReader("")); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("Read(.docx) = %v", err)
	}
}

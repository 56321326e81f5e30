package quality

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"alinea/glossary"
	"alinea/seeds"
	"alinea/store"
	"alinea/workflow"
)

func seeded(t *testing.T) (Service, store.Document, []store.Row) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	got, err := seeds.Install(context.Background(), st)
	if err != nil || got.Document == nil {
		t.Fatalf("seed: %v", err)
	}
	rows, _, err := st.Segments(context.Background(), got.Document.ID, store.SegmentQuery{Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	return Service{Store: st, Glossary: glossary.New(st)}, *got.Document, rows
}

func find(t *testing.T, rows []store.Row, prefix string) store.Row {
	t.Helper()
	for _, r := range rows {
		if strings.HasPrefix(r.Source, prefix) {
			return r
		}
	}
	t.Fatalf("no segment starts with %q", prefix)
	return store.Row{}
}

func TestServiceFindings(t *testing.T) {
	s, doc, rows := seeded(t)
	ctx := context.Background()
	bri := find(t, rows, "（二）高质量共建")
	if _, err := s.Store.SaveTranslation(ctx, store.Save{SegmentID: bri.ID, Lang: "en",
		Text: "(b) High-Quality OBOR Cooperation", Status: workflow.StatusTranslated}); err != nil {
		t.Fatal(err)
	}
	fs, err := s.Segment(ctx, bri.ID, "en")
	if err != nil {
		t.Fatal(err)
	}
	var checks []string
	for _, f := range fs {
		checks = append(checks, f.Check)
	}
	// The glossary forbids OBOR, and 一带一路 has no quotes in the
	// translation — but its capitals mark it, so only terminology speaks.
	if !slices.Contains(checks, "terminology") || slices.Contains(checks, "quotes") {
		t.Fatalf("findings %v", checks)
	}
	for _, f := range fs {
		if f.Check == "terminology" && (len(f.SourceSpans) == 0 || f.SourceSpans[0] != [2]int{9, 13}) {
			t.Errorf("terminology source spans %v, want the characters of 一带一路", f.SourceSpans)
		}
	}

	// A text checked before it is saved: nothing stored, findings as if.
	fs, err = s.Text(ctx, bri.ID, "en", "(b) High-Quality Belt and Road Cooperation")
	if err != nil || len(fs) != 0 {
		t.Errorf("Text: %+v, %v", fs, err)
	}
	if tr, _ := s.Store.Translation(ctx, bri.ID, "en"); !strings.Contains(tr.Text, "OBOR") {
		t.Errorf("Text saved something: %q", tr.Text)
	}

	// Checks switched off for the document are not run; an unknown name
	// is refused and changes nothing.
	if err := s.SetEnabled(ctx, doc.ID, []string{"numbers", "nope"}, 0); !errors.Is(err, store.ErrInvalidQA) {
		t.Errorf("unknown check: %v", err)
	}
	if on, _ := s.Enabled(ctx, doc.ID); len(on) != 14 {
		t.Errorf("after a refused change %d checks on", len(on))
	}
	if err := s.SetEnabled(ctx, doc.ID, []string{"numbers"}, 0); err != nil {
		t.Fatal(err)
	}
	if fs, _ := s.Document(ctx, doc.ID, "en", nil); len(fs) != 0 {
		t.Errorf("with terminology off: %+v", fs)
	}
}

package quality

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"alinea/glossary"
	"alinea/internal/testenv"
	"alinea/seeds"
	"alinea/store"
	"alinea/workflow"
)

func seeded(t *testing.T) (Service, store.Document, []store.Row) {
	t.Helper()
	st, err := store.Open(testenv.DB(t))
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
	if on, _ := s.Enabled(ctx, doc.ID); len(on) != 15 {
		t.Errorf("after a refused change %d checks on", len(on))
	}
	if err := s.SetEnabled(ctx, doc.ID, []string{"numbers"}, 0); err != nil {
		t.Fatal(err)
	}
	if fs, _ := s.Document(ctx, doc.ID, "en", nil); len(fs) != 0 {
		t.Errorf("with terminology off: %+v", fs)
	}
}

// Inline codes are held against the translation the last file brought in:
// a later edit that loses or moves one is an error, whichever save it was.
func TestInlineCodesAgainstImport(t *testing.T) {
	s, doc, rows := seeded(t)
	ctx := context.Background()
	seg := rows[3]
	imported := "⟦1⟧Imported⟦/1⟧ text ⟦2/⟧."
	res, err := s.Store.ApplyTranslations(ctx, doc.ID, []store.Update{{SegmentID: seg.ID, Source: seg.Source,
		Lang: "en", Text: imported, Status: workflow.StatusTranslated}}, store.ApplyOptions{Overwrite: true})
	if err != nil || res.Applied != 1 {
		t.Fatalf("apply: %+v, %v", res, err)
	}
	codes := func(fs []Finding) []string {
		var out []string
		for _, f := range fs {
			if f.Check == "inline-codes" {
				out = append(out, f.Message)
			}
		}
		return out
	}
	if fs, err := s.Segment(ctx, seg.ID, "en"); err != nil || len(codes(fs)) != 0 {
		t.Fatalf("as imported: %v, %v", codes(fs), err)
	}
	for _, c := range []struct {
		text string
		want []string
	}{
		{"Edited ⟦1⟧text⟦/1⟧ ⟦2/⟧.", nil},
		{"Edited text ⟦2/⟧ ⟦1⟧here⟦/1⟧.", []string{"QACodeOrder"}},
		{"Edited text.", []string{"QACodeMissing", "QACodeMissing", "QACodeMissing"}},
		{"⟦1⟧Edited text ⟦2/⟧.", []string{"QACodeUnclosed", "QACodeMissing"}},
	} {
		for _, saved := range []bool{false, true} {
			var fs []Finding
			if saved {
				tr, _ := s.Store.Translation(ctx, seg.ID, "en")
				if _, err := s.Store.SaveTranslation(ctx, store.Save{SegmentID: seg.ID, Lang: "en", Text: c.text,
					Status: workflow.StatusTranslated, BaseVersion: tr.Version}); err != nil {
					t.Fatal(err)
				}
				all, err := s.Document(ctx, doc.ID, "en", nil)
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range all {
					if f.SegmentID == seg.ID {
						fs = append(fs, f)
					}
				}
			} else if fs, err = s.Text(ctx, seg.ID, "en", c.text); err != nil {
				t.Fatal(err)
			}
			if got := codes(fs); !slices.Equal(got, c.want) {
				t.Errorf("%q (saved %v): %v, want %v", c.text, saved, got, c.want)
			}
		}
	}
	// Spans point at the code, in characters.
	fs, _ := s.Text(ctx, seg.ID, "en", "Añadido ⟦1⟧text⟦/1⟧ ⟦2/⟧ ⟦3/⟧.")
	if len(fs) == 0 || fs[len(fs)-1].Message != "QACodeExtra" || fs[len(fs)-1].TargetSpans[0] != [2]int{25, 29} {
		t.Errorf("added code: %+v", fs)
	}
}

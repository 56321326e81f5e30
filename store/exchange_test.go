package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"alinea/align/segment"
	"alinea/workflow"
)

func TestExportRows(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	doc := importSeed(t, st)
	segs := allRows(t, st, doc.ID, "es")
	save(t, st, segs[0].ID, "es", "Prefacio", workflow.StatusTranslated)
	save(t, st, segs[0].ID, "es", "Prefacio.", workflow.StatusReviewed)
	save(t, st, segs[2].ID, "en", "Third", workflow.StatusDraft)

	var got []ExportRow
	for r, err := range st.ExportRows(ctx, doc.ID, []string{"en", "es"}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	if len(got) != doc.Segments || len(got) != len(segs) {
		t.Fatalf("%d rows, want %d", len(got), doc.Segments)
	}
	for i, r := range got {
		if r.ID != segs[i].ID || r.Source != segs[i].Source || r.Paragraph != segs[i].Paragraph || len(r.Translations) != 2 {
			t.Fatalf("row %d = %+v, want segment %+v", i, r, segs[i].Segment)
		}
		if r.Translations[0].Lang != "en" || r.Translations[1].Lang != "es" {
			t.Fatalf("row %d languages %s, %s", i, r.Translations[0].Lang, r.Translations[1].Lang)
		}
	}
	if es := got[0].Translations[1]; es.Text != "Prefacio." || es.Status != workflow.StatusReviewed || es.Version != 2 {
		t.Errorf("segment 1 es = %+v", es)
	}
	if en := got[0].Translations[0]; en.Text != "" || en.Status != workflow.StatusNew || en.Version != 0 {
		t.Errorf("segment 1 en = %+v", en)
	}
	if en := got[2].Translations[0]; en.Text != "Third" || en.Status != workflow.StatusDraft || en.Version != 1 {
		t.Errorf("segment 3 en = %+v", en)
	}

	// Stopping early releases the connection: a later query still works.
	n := 0
	for range st.ExportRows(ctx, doc.ID, []string{"es"}) {
		if n++; n == 3 {
			break
		}
	}
	if _, err := st.Document(ctx, doc.ID); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		doc   int64
		langs []string
		want  error
	}{{999, []string{"es"}, ErrNotFound}, {doc.ID, []string{"zh"}, ErrUnknownLanguage}, {doc.ID, []string{"xx"}, ErrUnknownLanguage}} {
		var err error
		for _, e := range st.ExportRows(ctx, tc.doc, tc.langs) {
			err = e
			break
		}
		if !errors.Is(err, tc.want) {
			t.Errorf("ExportRows(%d, %v) error %v, want %v", tc.doc, tc.langs, err, tc.want)
		}
	}
}

func TestApplyTranslations(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	doc := importSeed(t, st)
	user, err := st.CreateUser(ctx, NewUser{Login: "ana", Role: RoleTranslator, Password: "translator pw"})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"es", "pt"} {
		if err := st.Assign(ctx, Assignment{UserID: user.ID, DocumentID: doc.ID, Lang: l}, 0); err != nil {
			t.Fatal(err)
		}
	}
	segs := allRows(t, st, doc.ID, "es")
	// State at "export": 0 has es v1, 1 has es v1, the rest nothing.
	save(t, st, segs[0].ID, "es", "Uno", workflow.StatusTranslated)
	save(t, st, segs[1].ID, "es", "Dos", workflow.StatusDraft)
	// Changed in the workbench after the export.
	save(t, st, segs[1].ID, "es", "Dos, corregido", workflow.StatusTranslated)

	ups := []Update{
		{Ref: "a", SegmentID: segs[0].ID, Source: segs[0].Source, Lang: "es", Text: "Uno", Status: workflow.StatusTranslated, BaseVersion: 1},      // unchanged
		{Ref: "b", SegmentID: segs[1].ID, Source: segs[1].Source, Lang: "es", Text: "Dos (archivo)", Status: workflow.StatusDraft, BaseVersion: 1}, // conflict
		{Ref: "c", SegmentID: segs[2].ID, Source: segs[2].Source, Lang: "es", Text: "Tres", Status: workflow.StatusTranslated},                     // applied
		{Ref: "d", Source: segs[3].Source, Lang: "pt", Text: "Quatro", Status: workflow.StatusApproved},                                            // by source, capped
		{Ref: "e", SegmentID: 999999, Lang: "es", Text: "x", Status: workflow.StatusDraft},                                                         // no segment
		{Ref: "f", Source: "没有这个句子。", Lang: "es", Text: "x", Status: workflow.StatusDraft},                                                         // no source
		{Ref: "g", SegmentID: segs[4].ID, Source: "别的句子。", Lang: "es", Text: "x", Status: workflow.StatusDraft},                                    // source differs
		{Ref: "h", SegmentID: segs[4].ID, Lang: "zh", Text: "x", Status: workflow.StatusDraft},                                                     // not a target
		{Ref: "i", SegmentID: segs[0].ID, Lang: "es", Text: "Uno", Status: workflow.StatusReviewed, BaseVersion: 1},                                // status above the cap, same text
	}
	res, err := st.ApplyTranslations(ctx, doc.ID, ups, ApplyOptions{UserID: user.ID, MaxStatus: workflow.StatusTranslated, Detail: "test.xlf"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Applied != 2 || res.Unchanged != 2 || res.ConflictCount != 1 || res.UnmatchedCount != 4 {
		t.Fatalf("result = %+v", res)
	}
	if c := res.Conflicts[0]; c.Ref != "b" || c.SegmentID != segs[1].ID || c.BaseVersion != 1 || c.CurrentVersion != 2 || c.Reason != ReasonChanged {
		t.Errorf("conflict = %+v", c)
	}
	var reasons []string
	for _, u := range res.Unmatched {
		reasons = append(reasons, u.Ref+":"+u.Reason)
	}
	if got := strings.Join(reasons, ","); got != "e:no-segment,f:no-source-match,g:source-differs,h:unknown-language" {
		t.Errorf("unmatched = %s", got)
	}
	if tr, _ := st.Translation(ctx, segs[1].ID, "es"); tr.Text != "Dos, corregido" || tr.Version != 2 {
		t.Errorf("conflicting translation overwritten: %+v", tr)
	}
	if tr, _ := st.Translation(ctx, segs[2].ID, "es"); tr.Text != "Tres" || tr.Version != 1 || tr.AuthorID != user.ID {
		t.Errorf("applied translation = %+v", tr)
	}
	if tr, _ := st.Translation(ctx, segs[3].ID, "pt"); tr.Text != "Quatro" || tr.Status != workflow.StatusTranslated {
		t.Errorf("translation matched by source = %+v", tr)
	}
	if tr, _ := st.Translation(ctx, segs[0].ID, "es"); tr.Version != 1 || tr.Status != workflow.StatusTranslated {
		t.Errorf("unchanged translation = %+v", tr)
	}
	revs, _ := st.Revisions(ctx, segs[2].ID, "es")
	if len(revs) != 1 || revs[0].Origin != "import" {
		t.Errorf("revisions = %+v", revs)
	}
	evs, _ := st.Activity(ctx, doc.ID, 0)
	if evs[0].Action != "exchange-import" || !strings.Contains(evs[0].Detail, "test.xlf applied=2 unchanged=2 conflicts=1 unmatched=4") || evs[0].UserID != user.ID {
		t.Errorf("activity = %+v", evs[0])
	}

	// The same file again changes nothing more: what it applied is now
	// there, so those are unchanged, the rest as before.
	res, err = st.ApplyTranslations(ctx, doc.ID, ups[2:4], ApplyOptions{UserID: user.ID, MaxStatus: workflow.StatusTranslated})
	if err != nil || res.Applied != 0 || res.Unchanged != 2 {
		t.Errorf("second apply = %+v, %v", res, err)
	}

	if _, err := st.ApplyTranslations(ctx, 999, ups, ApplyOptions{}); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown document: %v", err)
	}
}

func TestApplyTranslationsIsAtomic(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	doc := importSeed(t, st)
	segs := allRows(t, st, doc.ID, "es")
	ups := []Update{
		{SegmentID: segs[0].ID, Lang: "es", Text: "Uno", Status: workflow.StatusTranslated},
		// An author that does not exist breaks the foreign key on the
		// second save: the first must be rolled back with it.
		{SegmentID: segs[1].ID, Lang: "es", Text: "Dos", Status: workflow.StatusTranslated},
	}
	if _, err := st.ApplyTranslations(ctx, doc.ID, ups, ApplyOptions{UserID: 424242}); err == nil {
		t.Fatal("apply by a missing user succeeded")
	}
	if tr, _ := st.Translation(ctx, segs[0].ID, "es"); tr.Version != 0 {
		t.Errorf("first update kept after a failed apply: %+v", tr)
	}
}

func TestApplyBySourceFillsEveryRepeat(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	p, err := segment.Prepare([]byte("同一句。\n\n同一句。\n\n另一句。\n"), "zh")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := st.ImportDocument(ctx, FromPrepared("重复", "r.txt", "zh", p), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := st.ApplyTranslations(ctx, doc.ID, []Update{{Source: " 同一句。", Lang: "en", Text: "Same.", Status: workflow.StatusTranslated}}, ApplyOptions{})
	if err != nil || res.Applied != 2 {
		t.Fatalf("apply = %+v, %v", res, err)
	}
	rows := allRows(t, st, doc.ID, "en")
	got := fmt.Sprint(rows[0].Translation.Text, "|", rows[1].Translation.Text, "|", rows[2].Translation.Text)
	if got != "Same.|Same.|" {
		t.Errorf("translations = %s", got)
	}
}

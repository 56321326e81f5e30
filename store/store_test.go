package store

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"alinea/align/segment"
	"alinea/internal/testenv"
	"alinea/workflow"
)

func openTemp(t testing.TB) *Store {
	t.Helper()
	st, err := Open(testenv.DB(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// sqliteOnly skips a test of something only SQLite has in the PostgreSQL
// run.
func sqliteOnly(t testing.TB, why string) {
	t.Helper()
	if testenv.Backend() == "postgres" {
		t.Skip("postgres: " + why)
	}
}

func seedDoc(t testing.TB) NewDocument {
	t.Helper()
	p, err := segment.Prepare(testenv.Seed(t), "zh")
	if err != nil {
		t.Fatal(err)
	}
	return NewDocument{Title: "中国对拉丁美洲和加勒比政策文件", SourceLang: "zh", FileName: "seed.txt",
		Hash: p.Hash, Encoding: string(p.Encoding), Paragraphs: p.Paragraphs}
}

func importSeed(t testing.TB, st *Store) Document {
	t.Helper()
	doc, err := st.ImportDocument(context.Background(), seedDoc(t), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestOpenPragmasAndMigrations(t *testing.T) {
	path := testenv.DB(t)
	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	migrations := "migrations/*.sql"
	if st.Dialect() == "postgres" {
		migrations = "migrations/postgres/*.sql"
	} else {
		var mode string
		var fk, timeout int
		st.w.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode)
		st.w.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk)
		st.w.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&timeout)
		if mode != "wal" || fk != 1 || timeout < 1000 {
			t.Errorf("journal_mode=%s foreign_keys=%d busy_timeout=%d", mode, fk, timeout)
		}
		var n int
		st.r.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&n)
		if n != 1 {
			t.Error("foreign keys are off on the read pool")
		}
	}
	st.Close()
	// Opening again applies nothing twice.
	st, err = Open(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer st.Close()
	var n int
	st.r.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n)
	names, _ := filepath.Glob(migrations)
	if n != len(names) {
		t.Errorf("%d migrations recorded, %d files", n, len(names))
	}
	langs, err := st.TargetLanguages(ctx)
	if err != nil || strings.Join(langs, ",") != "es,pt,en" {
		t.Errorf("target languages = %v, %v", langs, err)
	}
}

func TestImportDocument(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	doc := importSeed(t, st)
	if doc.Paragraphs != 128 || doc.Segments != 222 {
		t.Fatalf("imported %d paragraphs, %d segments", doc.Paragraphs, doc.Segments)
	}
	got, err := st.Document(ctx, doc.ID)
	if err != nil || got.Paragraphs != 128 || got.Segments != 222 || got.Title != doc.Title || got.ImportedAt.IsZero() {
		t.Fatalf("Document = %+v, %v", got, err)
	}

	// The same text again is reported, not stored twice.
	_, err = st.ImportDocument(ctx, seedDoc(t), ImportOptions{})
	var dup *DuplicateError
	if !errors.As(err, &dup) || dup.Existing.ID != doc.ID {
		t.Fatalf("second import: err = %v, want DuplicateError for %d", err, doc.ID)
	}
	docs, _ := st.Documents(ctx)
	if len(docs) != 1 {
		t.Fatalf("%d documents after a refused duplicate", len(docs))
	}
	again, err := st.ImportDocument(ctx, seedDoc(t), ImportOptions{AllowDuplicate: true})
	if err != nil || again.ID == doc.ID {
		t.Fatalf("import with AllowDuplicate: %+v, %v", again, err)
	}

	// Segments come back in order, with paragraph numbers and headings.
	rows, total, err := st.Segments(ctx, doc.ID, SegmentQuery{Lang: "es"})
	if err != nil || total != 222 || len(rows) != 222 {
		t.Fatalf("Segments: %d rows of %d, %v", len(rows), total, err)
	}
	if !rows[0].Heading || rows[0].Source != "前言" || rows[0].Paragraph != 1 || rows[0].Translation.Status != workflow.StatusNew {
		t.Errorf("first row = %+v", rows[0])
	}
	if rows[221].Paragraph != 128 || rows[221].Position != 222 {
		t.Errorf("last row = %+v", rows[221])
	}
	page, _, _ := st.Segments(ctx, doc.ID, SegmentQuery{Lang: "es", Offset: 10, Limit: 5})
	if len(page) != 5 || page[0].Position != 11 {
		t.Errorf("page = %d rows starting at %d", len(page), page[0].Position)
	}
	if rows[1].Words == 0 {
		t.Error("words were not counted")
	}
}

func TestImportRefusesAndChangesNothing(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	nd := seedDoc(t)
	tests := map[string]func(*NewDocument, *ImportOptions){
		"unknown language":  func(d *NewDocument, _ *ImportOptions) { d.SourceLang = "xx" },
		"no title":          func(d *NewDocument, _ *ImportOptions) { d.Title = "" },
		"no text":           func(d *NewDocument, _ *ImportOptions) { d.Paragraphs = nil },
		"too many segments": func(_ *NewDocument, o *ImportOptions) { o.MaxSegments = 100 },
	}
	for name, mutate := range tests {
		d, o := nd, ImportOptions{}
		mutate(&d, &o)
		if _, err := st.ImportDocument(ctx, d, o); err == nil {
			t.Errorf("%s: import accepted", name)
		}
	}
	var n int
	st.r.QueryRow(`SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM paragraphs) + (SELECT count(*) FROM segments)`).Scan(&n)
	if n != 0 {
		t.Errorf("refused imports left %d rows behind", n)
	}
	if _, err := st.ImportDocument(ctx, nd, ImportOptions{MaxSegments: 100}); !errors.Is(err, ErrTooManySegments) {
		t.Errorf("err = %v, want ErrTooManySegments", err)
	}
}

func TestSaveTranslation(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	doc := importSeed(t, st)
	rows, _, _ := st.Segments(ctx, doc.ID, SegmentQuery{Lang: "es", Limit: 3})
	seg := rows[1].ID

	t1, err := st.SaveTranslation(ctx, Save{SegmentID: seg, Lang: "es", Text: "Borrador", Status: workflow.StatusDraft, BaseVersion: 0})
	if err != nil || t1.Version != 1 || t1.Text != "Borrador" || t1.Status != workflow.StatusDraft {
		t.Fatalf("first save: %+v, %v", t1, err)
	}
	t2, err := st.SaveTranslation(ctx, Save{SegmentID: seg, Lang: "es", Text: "Texto final", Status: workflow.StatusTranslated, BaseVersion: 1})
	if err != nil || t2.Version != 2 {
		t.Fatalf("second save: %+v, %v", t2, err)
	}

	// A save from version 1 now is a conflict; the current text comes back
	// and nothing is written.
	_, err = st.SaveTranslation(ctx, Save{SegmentID: seg, Lang: "es", Text: "Otra cosa", Status: workflow.StatusDraft, BaseVersion: 1})
	var conflict *ConflictError
	if !errors.As(err, &conflict) || conflict.Current.Version != 2 || conflict.Current.Text != "Texto final" {
		t.Fatalf("stale save: err = %v", err)
	}
	cur, _ := st.Translation(ctx, seg, "es")
	if cur.Text != "Texto final" || cur.Version != 2 {
		t.Errorf("after conflict: %+v", cur)
	}

	// Saving the same text and status again adds no revision.
	same, err := st.SaveTranslation(ctx, Save{SegmentID: seg, Lang: "es", Text: "Texto final", Status: workflow.StatusTranslated, BaseVersion: 2})
	if err != nil || same.Version != 2 {
		t.Errorf("no-op save: %+v, %v", same, err)
	}
	revs, err := st.Revisions(ctx, seg, "es")
	if err != nil || len(revs) != 2 || revs[0].Version != 2 || revs[1].Text != "Borrador" || revs[0].Origin != "edit" {
		t.Fatalf("revisions = %+v, %v", revs, err)
	}
	// Other languages are untouched.
	pt, _ := st.Translation(ctx, seg, "pt")
	if pt.Version != 0 || pt.Status != workflow.StatusNew {
		t.Errorf("pt = %+v", pt)
	}

	bad := []struct {
		name string
		sv   Save
		want error
	}{
		{"unknown language", Save{SegmentID: seg, Lang: "xx", Text: "x", Status: workflow.StatusDraft, BaseVersion: 0}, ErrUnknownLanguage},
		{"source language as target", Save{SegmentID: seg, Lang: "zh", Text: "x", Status: workflow.StatusDraft}, ErrUnknownLanguage},
		{"bad status", Save{SegmentID: seg, Lang: "es", Text: "x", Status: "done", BaseVersion: 2}, ErrInvalidStatus},
		{"unknown segment", Save{SegmentID: 999999, Lang: "es", Text: "x", Status: workflow.StatusDraft}, ErrNotFound},
	}
	for _, b := range bad {
		if _, err := st.SaveTranslation(ctx, b.sv); !errors.Is(err, b.want) {
			t.Errorf("%s: err = %v, want %v", b.name, err, b.want)
		}
	}
	if _, err := st.w.Exec(`UPDATE revisions SET text = 'rewritten'`); err == nil {
		t.Error("revisions could be rewritten")
	}
}

func TestConcurrentSavesNeverOverwrite(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	doc := importSeed(t, st)
	rows, _, _ := st.Segments(ctx, doc.ID, SegmentQuery{Lang: "en", Limit: 2})
	seg := rows[1].ID
	const n = 8
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins, conflicts := 0, 0
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, err := st.SaveTranslation(ctx, Save{SegmentID: seg, Lang: "en", Text: strings.Repeat("x", i+1), Status: workflow.StatusDraft})
			mu.Lock()
			defer mu.Unlock()
			var c *ConflictError
			switch {
			case err == nil:
				wins++
			case errors.As(err, &c):
				conflicts++
			default:
				t.Errorf("save %d: %v", i, err)
			}
		}(i)
	}
	wg.Wait()
	if wins != 1 || conflicts != n-1 {
		t.Errorf("%d saves won and %d conflicted; want exactly one winner", wins, conflicts)
	}
}

func TestProgress(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	doc := importSeed(t, st)
	rows, _, _ := st.Segments(ctx, doc.ID, SegmentQuery{Lang: "es", Limit: 3})
	st.SaveTranslation(ctx, Save{SegmentID: rows[0].ID, Lang: "es", Text: "Prefacio", Status: workflow.StatusApproved})
	st.SaveTranslation(ctx, Save{SegmentID: rows[1].ID, Lang: "es", Text: "Uno", Status: workflow.StatusDraft})
	ps, err := st.DocumentProgress(ctx, doc.ID)
	if err != nil || len(ps) != 3 {
		t.Fatalf("progress = %+v, %v", ps, err)
	}
	es := ps[0]
	if es.Lang != "es" || es.Segments[workflow.StatusApproved] != 1 || es.Segments[workflow.StatusDraft] != 1 || es.Segments[workflow.StatusNew] != 220 || es.Total() != 222 {
		t.Errorf("es progress = %+v", es)
	}
	if es.Words[workflow.StatusApproved] != 2 {
		t.Errorf("approved words = %d, want 2 (前言)", es.Words[workflow.StatusApproved])
	}
	if ps[2].Segments[workflow.StatusNew] != 222 {
		t.Errorf("en progress = %+v", ps[2])
	}
	if _, err := st.DocumentProgress(ctx, 12345); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown document: %v", err)
	}
}

func BenchmarkImportMegabyte(b *testing.B) {
	seed := testenv.Seed(b)
	var big strings.Builder
	for big.Len() < 1<<20 {
		big.Write(seed)
		big.WriteString("\n")
	}
	p, err := segment.Prepare([]byte(big.String()), "zh")
	if err != nil {
		b.Fatal(err)
	}
	st := openTemp(b)
	nd := NewDocument{Title: "big", SourceLang: "zh", Hash: p.Hash, Paragraphs: p.Paragraphs}
	b.SetBytes(int64(big.Len()))
	b.ReportMetric(float64(p.Segments), "segments")
	b.ResetTimer()
	for b.Loop() {
		if _, err := st.ImportDocument(context.Background(), nd, ImportOptions{AllowDuplicate: true}); err != nil {
			b.Fatal(err)
		}
	}
}

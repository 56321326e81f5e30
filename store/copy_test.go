package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"alinea/workflow"
)

// copyTarget is an empty database to copy into, of the backend under test:
// the copies go from SQLite to PostgreSQL in the PostgreSQL run.
func copyTarget(t testing.TB) *Store { return openTemp(t) }

// sqliteTemp is a new SQLite database, whichever the run: the workbench a
// copy starts from.
func sqliteTemp(t testing.TB) *Store {
	t.Helper()
	st, err := Open(filepath.Join(t.TempDir(), "source.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// seedWorkbench fills st with something in every table a copy must carry:
// revisions, a merge and a split (retired segments), glossary, a memory,
// users with sessions and tokens, assignments, comments, an accepted
// alignment, silenced findings, a replace batch and sign-in failures.
func seedWorkbench(t *testing.T, st *Store) {
	t.Helper()
	ctx := context.Background()
	doc := importSeed(t, st)
	ana, err := st.CreateUser(ctx, NewUser{Login: "ana", Role: RoleTranslator, Password: "a long passphrase"})
	if err != nil {
		t.Fatal(err)
	}
	rev, err := st.CreateUser(ctx, NewUser{Login: "rui", Name: "Rui Souza", Role: RoleReviewer, Password: "another passphrase"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Assign(ctx, Assignment{UserID: ana.ID, DocumentID: doc.ID, Lang: "es"}, rev.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateSession(ctx, ana.ID, "127.0.0.1", SessionPolicy{Idle: 1 << 40, Absolute: 1 << 41}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.CreateToken(ctx, rev.ID, "script"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.BeginSignin(ctx, "ana", "10.1.2.3", st.Now().Add(-time.Hour), func(SigninFailures) time.Duration { return 0 }); err != nil {
		t.Fatal(err)
	}
	rows := allRows(t, st, doc.ID, "es")
	for i, r := range rows[:40] {
		save(t, st, r.ID, "es", fmt.Sprintf("Frase número %d, política exterior.", i), workflow.StatusDraft)
		save(t, st, r.ID, "es", fmt.Sprintf("Frase número %d: política exterior de China.", i), workflow.StatusTranslated)
		if i%3 == 0 {
			save(t, st, r.ID, "pt", fmt.Sprintf("Frase número %d em português.", i), workflow.StatusReviewed)
		}
	}
	// A merge and a split leave retired segments that refer to others.
	i := 5
	for rows[i].ParagraphID != rows[i+1].ParagraphID {
		i++
	}
	if _, err := st.MergeWithNext(ctx, Merge{SegmentID: rows[i].ID, NextID: rows[i+1].ID, AuthorID: rev.ID}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.SplitSegment(ctx, Split{SegmentID: rows[20].ID, At: 3, AuthorID: rev.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportConcepts(ctx, seedGlossary(t), ImportMerge, rev.ID); err != nil {
		t.Fatal(err)
	}
	units := func(yield func(MemoryUnit, error) bool) {
		for j, u := range []struct{ src, tgt string }{{"全球南方", "Sur Global"}, {"命运共同体", "comunidad de futuro compartido"}, {"中拉关系", "relaciones China-América Latina"}} {
			if !yield(MemoryUnit{Lang: "es", Source: u.src, Target: u.tgt, Status: workflow.StatusApproved, Author: fmt.Sprint("tm", j)}, nil) {
				return
			}
		}
	}
	if _, err := st.AddMemoryUnits(ctx, "old jobs", rev.ID, units); err != nil {
		t.Fatal(err)
	}
	c, err := st.AddComment(ctx, NewComment{SegmentID: rows[1].ID, Lang: "es", AuthorID: rev.ID, Body: "¿«política» o «políticas»?"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ResolveComment(ctx, c.ID, true, ana.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.SilenceFinding(ctx, Silence{SegmentID: rows[2].ID, Lang: "es", Check: "numbers", Finding: "2", Source: rows[2].Source, Target: "x", By: rev.ID}); err != nil {
		t.Fatal(err)
	}
	a := newTestAlignment(t, st, doc)
	if _, err := st.AcceptAlignment(ctx, AcceptOptions{AlignmentID: a.ID, Threshold: 0.5, By: rev.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ApplyReplace(ctx, doc.ID, ReplaceQuery{Lang: "es", Find: "exterior", Replacement: "externa"}, nil, rev.ID); err != nil {
		t.Fatal(err)
	}
}

func TestCopyKnowsEveryTable(t *testing.T) {
	st := copyTarget(t)
	ctx := context.Background()
	tx, err := st.readSnapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	names, err := st.tableNames(ctx, tx)
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, ct := range copyTables {
		known[ct.name] = true
		if !names[ct.name] && !ct.optional {
			t.Errorf("copyTables names %s, which the migrations do not create", ct.name)
		}
	}
	for n := range names {
		if !known[n] && !derivedTable(n) {
			t.Errorf("table %s is neither copied nor derived: add it to copyTables", n)
		}
	}
}

func TestCopyWorkbench(t *testing.T) {
	ctx := context.Background()
	src := sqliteTemp(t)
	seedWorkbench(t, src)
	dst := copyTarget(t)
	var seen []string
	rep, err := src.CopyTo(ctx, dst, func(s TableSummary) { seen = append(seen, s.Table) })
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]int64{}
	for _, s := range rep.Tables {
		rows[s.Table] = s.Rows
	}
	for _, tbl := range []string{"documents", "segments", "translations", "revisions", "users", "sessions", "api_tokens",
		"assignments", "activity", "concepts", "terms", "tm_memories", "tm_units", "tm_log", "comments",
		"alignments", "alignment_beads", "qa_silenced", "replace_batches", "replace_changes", "signin_failures"} {
		if rows[tbl] == 0 {
			t.Errorf("the seeded workbench has no %s: the copy of that table is not tested", tbl)
		}
	}
	if len(seen) != len(rep.Tables) {
		t.Errorf("progress told %d tables, the report has %d", len(seen), len(rep.Tables))
	}
	if _, err := src.CompareWith(ctx, dst); err != nil {
		t.Fatalf("after the copy: %v", err)
	}
	// And back: the copy of the copy is the source again.
	back := sqliteTemp(t)
	if _, err := dst.CopyTo(ctx, back, nil); err != nil {
		t.Fatalf("copy back: %v", err)
	}
	if _, err := src.CompareWith(ctx, back); err != nil {
		t.Fatalf("after copying back: %v", err)
	}

	// What is derived from the rows gives the same answers: the editor's
	// search (trigram and short), concordance, glossary lookup, memory.
	doc := int64(1)
	for _, q := range []string{"política", "拉美", "中国", "国", "número 1", "Sur"} {
		for _, lang := range []string{"es", "pt"} {
			a, err1 := src.FindSegments(ctx, doc, FindQuery{Lang: lang, Search: q, Limit: 1000})
			b, err2 := dst.FindSegments(ctx, doc, FindQuery{Lang: lang, Search: q, Limit: 1000})
			if err1 != nil || err2 != nil || !reflect.DeepEqual(a, b) {
				t.Errorf("search %q in %s: source %d rows (%v), copy %d rows (%v)", q, lang, a.Total, err1, b.Total, err2)
			}
		}
		a, err1 := src.Concordance(ctx, q, "", 0)
		b, err2 := dst.Concordance(ctx, q, "", 0)
		if err1 != nil || err2 != nil || !reflect.DeepEqual(a, b) || len(a) == 0 && q == "国" {
			t.Errorf("concordance %q: source %d hits (%v), copy %d (%v)", q, len(a), err1, len(b), err2)
		}
	}
	for _, q := range []string{"南南合作", "cooperación", "America Latina"} {
		a, err1 := src.Lookup(ctx, q, 20)
		b, err2 := dst.Lookup(ctx, q, 20)
		if err1 != nil || err2 != nil || !reflect.DeepEqual(a, b) {
			t.Errorf("glossary lookup %q: source %d, copy %d (%v %v)", q, len(a), len(b), err1, err2)
		}
	}
	keys := func(st *Store) []string {
		var out []string
		last, err := st.MemoryKeys(ctx, "es", func(id int64, source, key string) { out = append(out, fmt.Sprint(id, source, key)) })
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(out)
		return append(out, fmt.Sprint("log ", last))
	}
	if a, b := keys(src), keys(dst); !slices.Equal(a, b) {
		t.Errorf("memory keys differ: %d vs %d", len(a), len(b))
	}
	if a, b := must(src.GlossaryVersion(ctx)), must(dst.GlossaryVersion(ctx)); a != b {
		t.Errorf("glossary version %d, copy %d", a, b)
	}

	// The accounts work on the copy: same password, new rows get new ids.
	if _, err := dst.Authenticate(ctx, "ana", "a long passphrase"); err != nil {
		t.Errorf("sign in on the copy: %v", err)
	}
	u, err := dst.CreateUser(ctx, NewUser{Login: "eva", Role: RoleViewer, Password: "a third passphrase"})
	if err != nil {
		t.Fatalf("new user on the copy: %v", err)
	}
	if u.ID != 3 {
		t.Errorf("new user on the copy got id %d, want 3", u.ID)
	}
	// The copy's triggers work: a save on it is a revision, a memory unit
	// and an entry in the memory's change log.
	_, seq, err := dst.MemoryChanges(ctx, "en", 0)
	if err != nil {
		t.Fatal(err)
	}
	r := allRows(t, dst, doc, "en")[7]
	tr := save(t, dst, r.ID, "en", "A save on the copy.", workflow.StatusTranslated)
	revs, err := dst.Revisions(ctx, r.ID, "en")
	if err != nil || len(revs) == 0 || revs[0].Text != tr.Text && revs[len(revs)-1].Text != tr.Text {
		t.Errorf("revisions after a save on the copy: %v, %v", revs, err)
	}
	changes, _, err := dst.MemoryChanges(ctx, "en", seq)
	if err != nil || len(changes) == 0 {
		t.Errorf("the memory's change log after a save on the copy: %v, %v", changes, err)
	}
	if hits, err := dst.Concordance(ctx, "save on the copy", "en", 0); err != nil || len(hits) != 1 {
		t.Errorf("concordance after a save on the copy: %d hits, %v", len(hits), err)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestCopyRefusesNonEmptyDestination(t *testing.T) {
	ctx := context.Background()
	src := sqliteTemp(t)
	seedWorkbench(t, src)
	dst := copyTarget(t)
	if _, err := dst.CreateUser(ctx, NewUser{Login: "admin", Role: RoleAdmin, Password: "the admin's passphrase"}); err != nil {
		t.Fatal(err)
	}
	before, err := dst.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = src.CopyTo(ctx, dst, nil)
	if !errors.Is(err, ErrNotEmpty) || !strings.Contains(err.Error(), "users: 1 rows") {
		t.Fatalf("copy into a database with a user: %v", err)
	}
	after, _ := dst.Users(ctx)
	docs, _ := dst.Documents(ctx)
	if len(after) != len(before) || len(docs) != 0 {
		t.Errorf("the refused copy changed the destination: %d users, %d documents", len(after), len(docs))
	}
	if _, err := src.CopyTo(ctx, src, nil); err == nil {
		t.Error("a copy of a database onto itself was not refused")
	}
}

func TestCompareReportsCorruption(t *testing.T) {
	ctx := context.Background()
	src := sqliteTemp(t)
	seedWorkbench(t, src)
	tests := []struct {
		name, sql, want string
	}{
		{"changed text", `UPDATE translations SET text = text || '!' WHERE segment_id = (SELECT min(segment_id) FROM translations)`,
			"translations has the same"},
		{"lost row", `DELETE FROM comments`, "comments has 0 rows, the source 1"},
		{"changed memory", `UPDATE tm_units SET target = 'x' WHERE id = (SELECT max(id) FROM tm_units)`, "tm_units has the same"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := copyTarget(t)
			if _, err := src.CopyTo(ctx, dst, nil); err != nil {
				t.Fatal(err)
			}
			if _, err := dst.w.ExecContext(ctx, tt.sql); err != nil {
				t.Fatal(err)
			}
			_, err := src.CompareWith(ctx, dst)
			var me *MismatchError
			if !errors.As(err, &me) || len(me.Diffs) != 1 || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("compare after %s: %v; want one table, %q", tt.sql, err, tt.want)
			}
		})
	}
}

// TestRowHashNormalises: PostgreSQL gives booleans and SQLite integers,
// integral REALs come back as floats from one and integers from the other,
// text may come as bytes; each pair hashes the same, and different rows
// differ.
func TestRowHashNormalises(t *testing.T) {
	sum := func(vals ...any) string {
		h := newRowHash()
		h.row(vals)
		return h.sum()
	}
	same := [][2][]any{
		{{int64(1), "a"}, {true, []byte("a")}},
		{{int64(0), nil}, {false, nil}},
		{{float64(1)}, {int64(1)}},
	}
	for _, p := range same {
		if sum(p[0]...) != sum(p[1]...) {
			t.Errorf("%v and %v hash differently", p[0], p[1])
		}
	}
	differ := [][2][]any{
		{{"ab", "c"}, {"a", "bc"}},
		{{nil}, {""}},
		{{"1"}, {int64(1)}},
		{{0.5}, {int64(0)}},
	}
	for _, p := range differ {
		if sum(p[0]...) == sum(p[1]...) {
			t.Errorf("%v and %v hash the same", p[0], p[1])
		}
	}
}

// BenchmarkCopyWorkbench copies a workbench of ALINEA_COPY_BENCH_DOCS
// (default 20) copies of the seed document, each segment translated into
// three languages with two revisions each:
//
//	go test -tags sqlite_fts5 -run '^$' -bench CopyWorkbench -benchtime 1x ./store
func BenchmarkCopyWorkbench(b *testing.B) {
	docs := 20
	if v := os.Getenv("ALINEA_COPY_BENCH_DOCS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			b.Fatalf("ALINEA_COPY_BENCH_DOCS=%q", v)
		}
		docs = n
	}
	ctx := context.Background()
	src := sqliteTemp(b)
	nd := seedDoc(b)
	for d := 0; d < docs; d++ {
		doc, err := src.ImportDocument(ctx, nd, ImportOptions{AllowDuplicate: true})
		if err != nil {
			b.Fatal(err)
		}
		rows, _, err := src.Segments(ctx, doc.ID, SegmentQuery{Lang: "es"})
		if err != nil {
			b.Fatal(err)
		}
		for rev := 1; rev <= 2; rev++ {
			var saves []Save
			for i, r := range rows {
				for _, l := range []string{"es", "pt", "en"} {
					saves = append(saves, Save{SegmentID: r.ID, Lang: l, Text: fmt.Sprintf("Texto %d del documento %d, versión %d.", i, d, rev),
						Status: workflow.StatusTranslated, BaseVersion: int64(rev - 1)})
				}
			}
			if _, err := src.SaveTranslations(ctx, saves); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ResetTimer()
	var rows int64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dst := copyTarget(b)
		b.StartTimer()
		rep, err := src.CopyTo(ctx, dst, nil)
		if err != nil {
			b.Fatal(err)
		}
		rows = 0
		for _, t := range rep.Tables {
			rows += t.Rows
		}
	}
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

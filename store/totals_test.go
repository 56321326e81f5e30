package store

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"testing"

	"alinea/workflow"
)

// recountProgress counts what Progress reports from the segments and
// translations themselves, as the documents page did before the counts
// were kept by triggers.
func recountProgress(t *testing.T, st *Store) map[int64]map[string]map[workflow.Status][3]int {
	t.Helper()
	rows, err := st.r.QueryContext(context.Background(), `SELECT s.document_id, l.code, coalesce(t.status, 'new'),
			count(*), coalesce(sum(s.words), 0), coalesce(sum(length(replace(s.source, ' ', ''))), 0)
		FROM segments s CROSS JOIN languages l
		LEFT JOIN translations t ON t.segment_id = s.id AND t.lang = l.code
		WHERE l.is_target = 1 AND s.retired_into IS NULL
		GROUP BY 1, 2, 3`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]map[string]map[workflow.Status][3]int{}
	for rows.Next() {
		var doc int64
		var lang string
		var st workflow.Status
		var c [3]int
		if err := rows.Scan(&doc, &lang, &st, &c[0], &c[1], &c[2]); err != nil {
			t.Fatal(err)
		}
		if out[doc] == nil {
			out[doc] = map[string]map[workflow.Status][3]int{}
		}
		if out[doc][lang] == nil {
			out[doc][lang] = map[workflow.Status][3]int{}
		}
		out[doc][lang][st] = c
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// progressCounts is Progress in recountProgress's shape, zeros left out.
func progressCounts(t *testing.T, st *Store) map[int64]map[string]map[workflow.Status][3]int {
	t.Helper()
	ctx := context.Background()
	all, err := st.Progress(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]map[string]map[workflow.Status][3]int{}
	for doc, ps := range all {
		out[doc] = map[string]map[workflow.Status][3]int{}
		for _, p := range ps {
			m := map[workflow.Status][3]int{}
			for _, s := range workflow.Statuses {
				if p.Segments[s] != 0 || p.Words[s] != 0 || p.Chars[s] != 0 {
					m[s] = [3]int{p.Segments[s], p.Words[s], p.Chars[s]}
				}
			}
			out[doc][p.Lang] = m
			one, err := st.LanguageProgress(ctx, doc, p.Lang)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range workflow.Statuses {
				if one.Segments[s] != p.Segments[s] || one.Words[s] != p.Words[s] || one.Chars[s] != p.Chars[s] {
					t.Errorf("document %d %s: LanguageProgress %v, Progress %v", doc, p.Lang, one, p)
				}
			}
		}
	}
	return out
}

// The counts kept by the triggers of migration 0012 equal a count of the
// segments and translations themselves after every kind of change: imports,
// saves at each status, merges (which retire a segment), splits (which add
// one and shorten another) and rejections.
func TestTotalsFollowEveryChange(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	check := func(stage string) {
		t.Helper()
		got, want := progressCounts(t, st), recountProgress(t, st)
		if !maps.EqualFunc(got, want, func(a, b map[string]map[workflow.Status][3]int) bool {
			return maps.EqualFunc(a, b, func(x, y map[workflow.Status][3]int) bool { return maps.Equal(x, y) })
		}) {
			t.Fatalf("%s: kept counts\n%v\nrecounted\n%v", stage, got, want)
		}
	}
	check("empty")
	docs := []Document{importSeed(t, st)}
	check("import")
	second := seedDoc(t)
	second.Title, second.Hash = "second", "second"
	d2, err := st.ImportDocument(ctx, second, ImportOptions{AllowDuplicate: true})
	if err != nil {
		t.Fatal(err)
	}
	docs = append(docs, d2)
	check("second import")
	rng := rand.New(rand.NewPCG(7, 12))
	langs := []string{"es", "pt", "en"}
	statuses := []workflow.Status{workflow.StatusDraft, workflow.StatusTranslated, workflow.StatusReviewed, workflow.StatusApproved}
	ops := map[string]int{}
	for i := range 300 {
		doc := docs[rng.IntN(len(docs))]
		lang := langs[rng.IntN(len(langs))]
		rows, _, err := st.Segments(ctx, doc.ID, SegmentQuery{Lang: lang})
		if err != nil {
			t.Fatal(err)
		}
		r := rows[rng.IntN(len(rows))]
		var op string
		switch n := rng.IntN(10); {
		case n < 5:
			op = "save"
			_, err = st.SaveTranslation(ctx, Save{SegmentID: r.ID, Lang: lang, Text: fmt.Sprintf("texto %d", i),
				Status: statuses[rng.IntN(len(statuses))], BaseVersion: r.Translation.Version})
		case n < 6:
			op = "batch"
			var saves []Save
			for _, x := range rows[:min(len(rows), 20)] {
				saves = append(saves, Save{SegmentID: x.ID, Lang: lang, Text: fmt.Sprintf("lote %d", i), Status: workflow.StatusTranslated})
			}
			_, err = st.SaveTranslations(ctx, saves)
		case n < 8:
			op = "merge"
			_, err = st.MergeWithNext(ctx, Merge{SegmentID: r.ID})
		case n < 9:
			op = "split"
			if len([]rune(r.Source)) < 2 {
				continue
			}
			_, _, err = st.SplitSegment(ctx, Split{SegmentID: r.ID, At: 1 + rng.IntN(len([]rune(r.Source))-1)})
		default:
			op = "reject"
			if r.Translation.Version == 0 {
				continue
			}
			_, _, err = st.Reject(ctx, Save{SegmentID: r.ID, Lang: lang, BaseVersion: r.Translation.Version}, "otra vez")
		}
		if err != nil {
			// A merge at a paragraph's end and a rejection of a draft are
			// refused; anything else is a failure of the test's own making.
			var conflict *ConflictError
			if errors.As(err, &conflict) || op == "merge" || op == "reject" {
				continue
			}
			t.Fatalf("%s on segment %d: %v", op, r.ID, err)
		}
		ops[op]++
		if i%25 == 0 {
			check(fmt.Sprintf("after %d changes", i))
		}
	}
	check("at the end")
	for _, op := range []string{"save", "batch", "merge", "split", "reject"} {
		if ops[op] == 0 {
			t.Errorf("no %s succeeded: %v", op, ops)
		}
	}
}

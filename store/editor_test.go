package store

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"alinea/align/text"
	"alinea/internal/testenv"
	"alinea/workflow"
)

// allRows returns every live segment of a document in order, with its
// translation into lang.
func allRows(t *testing.T, st *Store, docID int64, lang string) []Row {
	t.Helper()
	rows, _, err := st.Segments(context.Background(), docID, SegmentQuery{Lang: lang})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func save(t *testing.T, st *Store, seg int64, lang, text string, status workflow.Status) Translation {
	t.Helper()
	cur, err := st.Translation(context.Background(), seg, lang)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := st.SaveTranslation(context.Background(), Save{SegmentID: seg, Lang: lang, Text: text, Status: status, BaseVersion: cur.Version})
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// TestSearchFoldsLikeGlossary: the editor's search compares text folded
// exactly as glossary lookup does (text.Key), so a query finds a segment
// whenever the glossary would take the two for the same term: dashes, curly
// quotes, width, case, accents, and spaces inside Chinese.
func TestSearchFoldsLikeGlossary(t *testing.T) {
	st := openTemp(t)
	doc := importSeed(t, st)
	ctx := context.Background()
	rows := allRows(t, st, doc.ID, "en")
	tests := []struct {
		name, saved, query string
	}{
		{"em dash vs hyphen", "鼋鼍—拉共体论坛", "鼋鼍-拉共体"},
		{"hyphen vs em dash", "鲲鹏-拉共体", "鲲鹏—拉共体"},
		{"curly apostrophe", "the People’s Republic", "people's republic"},
		{"straight apostrophe", "Xanadu's people", "XANADU’S"},
		{"space inside Chinese, stored", "饕 餮", "饕餮"},
		{"space inside Chinese, typed", "魑魅", "魑 魅"},
		{"full width and accents", "Ｃｏｏｐｅｒａｃｉóｎ ｚｕｌｕ", "cooperacion zulu"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(text.Key(tt.saved), text.Key(tt.query)) {
				t.Fatalf("glossary keys differ: %q vs %q", text.Key(tt.saved), text.Key(tt.query))
			}
			seg := rows[i+1].ID
			save(t, st, seg, "en", tt.saved, workflow.StatusDraft)
			res, err := st.FindSegments(ctx, doc.ID, FindQuery{Lang: "en", Search: tt.query, Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Rows) != 1 || res.Rows[0].ID != seg {
				t.Errorf("search %q: %d rows, want segment %d alone", tt.query, len(res.Rows), seg)
			}
		})
	}

	// The seed's source writes 中国—拉共体 with an em dash: every
	// spelling of the dash finds the same segments.
	var want []int64
	for _, r := range rows {
		if strings.Contains(text.Key(r.Source), text.Key("中国-拉共体")) {
			want = append(want, r.ID)
		}
	}
	if len(want) == 0 {
		t.Fatal("the seed does not name 中国—拉共体")
	}
	for _, q := range []string{"中国-拉共体", "中国—拉共体", "中国－拉共体", "中国 - 拉共体", "中 国－拉共体"} {
		res, err := st.FindSegments(ctx, doc.ID, FindQuery{Lang: "en", Search: q, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Rows) != len(want) {
			t.Errorf("search %q: %d rows, want %d", q, len(res.Rows), len(want))
		}
	}
}

// TestSearchIndexRebuilt: migration 0006 refolds what an older fold put in
// the index.
func TestSearchIndexRebuilt(t *testing.T) {
	if testenv.Backend() == "postgres" {
		t.Skip("postgres: migration 0006 refolds SQLite's FTS5 index; PostgreSQL's index was folded by the store from the start")
	}
	path := filepath.Join(t.TempDir(), "old.db")
	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := importSeed(t, st)
	ctx := context.Background()
	seg := allRows(t, st, doc.ID, "es")[1].ID
	save(t, st, seg, "es", "la República Popular—China", workflow.StatusDraft)
	// What the index held before: lower case without accents, the dash
	// left alone.
	if _, err := st.w.ExecContext(ctx, `UPDATE target_search SET text = 'la republica popular—china'`); err != nil {
		t.Fatal(err)
	}
	if _, err := st.w.ExecContext(ctx, `DELETE FROM schema_migrations WHERE version = 6`); err != nil {
		t.Fatal(err)
	}
	find := func(st *Store) int {
		res, err := st.FindSegments(ctx, doc.ID, FindQuery{Lang: "es", Search: "popular-china", Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		return len(res.Rows)
	}
	if n := find(st); n != 0 {
		t.Fatalf("the stale index found %d rows", n)
	}
	st.Close()
	st, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if n := find(st); n != 1 {
		t.Errorf("after the migration: %d rows, want 1", n)
	}
}

func TestFindSegments(t *testing.T) {
	st := openTemp(t)
	doc := importSeed(t, st)
	ctx := context.Background()
	rows := allRows(t, st, doc.ID, "es")
	save(t, st, rows[1].ID, "es", "El mundo vive una Transformación profunda.", workflow.StatusTranslated)
	save(t, st, rows[2].ID, "es", "Borrador", workflow.StatusDraft)
	save(t, st, rows[3].ID, "es", "ＡＢＣ de la cooperación", workflow.StatusApproved)
	save(t, st, rows[4].ID, "pt", "Transformação", workflow.StatusTranslated)

	count := func(src string) int {
		n := 0
		for _, r := range rows {
			if strings.Contains(r.Source, src) {
				n++
			}
		}
		return n
	}
	tests := []struct {
		name string
		q    FindQuery
		want int // total matches
	}{
		{"all", FindQuery{Lang: "es"}, doc.Segments},
		{"untranslated", FindQuery{Lang: "es", Filter: FilterUntranslated}, doc.Segments - 3},
		{"draft", FindQuery{Lang: "es", Filter: FilterDraft}, 1},
		{"translated", FindQuery{Lang: "es", Filter: FilterTranslated}, 1},
		{"reviewed", FindQuery{Lang: "es", Filter: FilterReviewed}, 0},
		{"approved", FindQuery{Lang: "es", Filter: FilterApproved}, 1},
		{"chinese, 2 characters", FindQuery{Lang: "es", Search: "拉美"}, count("拉美")},
		{"chinese, 1 character", FindQuery{Lang: "es", Search: "前"}, count("前")},
		{"chinese, 4 characters", FindQuery{Lang: "es", Search: "全球南方"}, count("全球南方")},
		{"target, case and accents", FindQuery{Lang: "es", Search: "TRANSFORMACION"}, 1},
		{"target, full width", FindQuery{Lang: "es", Search: "abc"}, 1},
		{"target, short", FindQuery{Lang: "es", Search: "BO"}, 1},
		{"other language's target not searched", FindQuery{Lang: "es", Search: "transformação"}, 0},
		{"search and filter", FindQuery{Lang: "es", Search: "Borrador", Filter: FilterTranslated}, 0},
		{"quotes are literal", FindQuery{Lang: "es", Search: `"OR"`}, 0},
		{"nothing", FindQuery{Lang: "es", Search: "zzzzzz"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.want == 0 && strings.HasPrefix(tt.name, "chinese") {
				t.Fatal("the seed has no such text")
			}
			tt.q.Limit = 1000
			res, err := st.FindSegments(ctx, doc.ID, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != tt.want || len(res.Rows) != tt.want {
				t.Errorf("total %d, %d rows; want %d", res.Total, len(res.Rows), tt.want)
			}
		})
	}

	for _, bad := range []FindQuery{{Lang: "es", Filter: "done"}, {Lang: "es", Search: strings.Repeat("字", MaxSearchRunes+1)}} {
		if _, err := st.FindSegments(ctx, doc.ID, bad); !errors.Is(err, ErrBadFilter) {
			t.Errorf("%+v: %v, want ErrBadFilter", bad, err)
		}
	}
	if _, err := st.FindSegments(ctx, doc.ID, FindQuery{Lang: "fr"}); !errors.Is(err, ErrUnknownLanguage) {
		t.Errorf("unknown language: %v", err)
	}
	if _, err := st.FindSegments(ctx, 999, FindQuery{Lang: "es"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown document: %v", err)
	}
}

func TestFindSegmentsPages(t *testing.T) {
	st := openTemp(t)
	doc := importSeed(t, st)
	ctx := context.Background()
	// Walk forward page by page, then back, and see every segment once.
	var seen []int
	from, pages := 1, 0
	for from != 0 {
		res, err := st.FindSegments(ctx, doc.ID, FindQuery{Lang: "pt", From: from, Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		if res.Before != len(seen) || res.Total != doc.Segments {
			t.Fatalf("page at %d: before %d total %d, want %d %d", from, res.Before, res.Total, len(seen), doc.Segments)
		}
		for _, r := range res.Rows {
			seen = append(seen, r.Position)
		}
		if pages > 0 {
			back, err := st.FindSegments(ctx, doc.ID, FindQuery{Lang: "pt", From: res.Prev, Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			if back.Rows[0].Position != seen[(pages-1)*50] {
				t.Errorf("previous page of %d starts at %d, want %d", from, back.Rows[0].Position, seen[(pages-1)*50])
			}
		} else if res.Prev != 0 {
			t.Errorf("first page has a previous page %d", res.Prev)
		}
		from = res.Next
		pages++
	}
	if len(seen) != doc.Segments || pages != (doc.Segments+49)/50 {
		t.Fatalf("%d segments on %d pages", len(seen), pages)
	}
	for i, p := range seen {
		if p != i+1 {
			t.Fatalf("position %d at index %d", p, i)
		}
	}

	rows := allRows(t, st, doc.ID, "en")
	save(t, st, rows[0].ID, "en", "Preface", workflow.StatusTranslated)
	save(t, st, rows[1].ID, "en", "Draft", workflow.StatusDraft)
	next, ok, err := st.NextToTranslate(ctx, doc.ID, FindQuery{Lang: "en"}, 0)
	if err != nil || !ok || next.ID != rows[1].ID {
		t.Errorf("next to translate after 0 = %d %v %v, want %d (a draft)", next.ID, ok, err, rows[1].ID)
	}
	if _, ok, _ := st.NextToTranslate(ctx, doc.ID, FindQuery{Lang: "en"}, doc.Segments); ok {
		t.Error("found a segment after the last")
	}
}

func TestMergeWithNext(t *testing.T) {
	st := openTemp(t)
	doc := importSeed(t, st)
	ctx := context.Background()
	rows := allRows(t, st, doc.ID, "es")
	// Find two segments that share a paragraph.
	i := 0
	for i+1 < len(rows) && rows[i].ParagraphID != rows[i+1].ParagraphID {
		i++
	}
	a, b := rows[i], rows[i+1]
	save(t, st, a.ID, "es", "Primera frase. ", workflow.StatusApproved)
	save(t, st, b.ID, "es", "Segunda frase.", workflow.StatusTranslated)
	save(t, st, b.ID, "en", "Second sentence.", workflow.StatusReviewed)

	merged, err := st.MergeWithNext(ctx, Merge{SegmentID: a.ID, NextID: b.ID})
	if err != nil {
		t.Fatal(err)
	}
	if merged.Source != a.Source+b.Source || merged.Position != a.Position || merged.Words != a.Words+b.Words {
		t.Errorf("merged = %+v", merged)
	}
	after := allRows(t, st, doc.ID, "es")
	if len(after) != len(rows)-1 {
		t.Fatalf("%d live segments, want %d", len(after), len(rows)-1)
	}
	for j, r := range after {
		if r.Position != j+1 {
			t.Fatalf("positions not contiguous: %d at %d", r.Position, j)
		}
	}
	for lang, want := range map[string]struct {
		text string
		st   workflow.Status
	}{"es": {"Primera frase. Segunda frase.", workflow.StatusTranslated}, "en": {"Second sentence.", workflow.StatusDraft}, "pt": {"", workflow.StatusNew}} {
		tr, _ := st.Translation(ctx, a.ID, lang)
		if tr.Text != want.text || tr.Status != want.st {
			t.Errorf("%s after merge: %q %s, want %q %s", lang, tr.Text, tr.Status, want.text, want.st)
		}
	}
	revs, _ := st.Revisions(ctx, a.ID, "es")
	if len(revs) != 2 || revs[0].Origin != "merge" {
		t.Errorf("revisions of the merged segment: %+v", revs)
	}
	// The retired segment keeps its history and is reachable.
	if old, err := st.Revisions(ctx, b.ID, "es"); err != nil || len(old) != 1 {
		t.Errorf("history of the retired segment: %v %v", old, err)
	}
	if _, err := st.Segment(ctx, b.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("retired segment still live: %v", err)
	}
	if ms, err := st.MergedInto(ctx, a.ID); err != nil || len(ms) != 1 || ms[0].ID != b.ID {
		t.Errorf("merged into: %v %v", ms, err)
	}
	// The merged text is found by search.
	res, _ := st.FindSegments(ctx, doc.ID, FindQuery{Lang: "es", Search: b.Source, Limit: 10})
	if res.Total != 1 || res.Rows[0].ID != a.ID {
		t.Errorf("search for the merged-in source finds %+v", res.Rows)
	}
}

func TestMergeRefusals(t *testing.T) {
	st := openTemp(t)
	doc := importSeed(t, st)
	ctx := context.Background()
	rows := allRows(t, st, doc.ID, "es")
	last := rows[len(rows)-1]
	heading := rows[0] // 前言, a paragraph of its own
	i := 0
	for rows[i].ParagraphID != rows[i+1].ParagraphID {
		i++
	}
	tests := []struct {
		name string
		m    Merge
		want error
	}{
		{"last segment", Merge{SegmentID: last.ID}, ErrNoNextSegment},
		{"across paragraphs", Merge{SegmentID: heading.ID}, ErrAcrossParagraphs},
		{"next changed", Merge{SegmentID: rows[i].ID, NextID: rows[i+2].ID}, ErrSegmentationChanged},
		{"unknown segment", Merge{SegmentID: 999999}, ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := st.MergeWithNext(ctx, tt.m); !errors.Is(err, tt.want) {
				t.Errorf("%v, want %v", err, tt.want)
			}
		})
	}
	if after := allRows(t, st, doc.ID, "es"); len(after) != len(rows) {
		t.Errorf("refused merges changed the document: %d segments", len(after))
	}
}

func TestSplitSegment(t *testing.T) {
	st := openTemp(t)
	doc := importSeed(t, st)
	ctx := context.Background()
	rows := allRows(t, st, doc.ID, "es")
	a := rows[1]
	src := []rune(a.Source)
	save(t, st, a.ID, "es", "Traducción completa.", workflow.StatusReviewed)

	for _, bad := range []Split{
		{SegmentID: a.ID, At: 0},
		{SegmentID: a.ID, At: len(src)},
		{SegmentID: a.ID, At: -2},
		{SegmentID: a.ID, At: 5, Source: "otra cosa"},
		{SegmentID: 999999, At: 1},
	} {
		if _, _, err := st.SplitSegment(ctx, bad); err == nil {
			t.Errorf("split %+v succeeded", bad)
		}
	}
	if len(allRows(t, st, doc.ID, "es")) != len(rows) {
		t.Fatal("a refused split changed the document")
	}

	first, second, err := st.SplitSegment(ctx, Split{SegmentID: a.ID, At: 10, Source: a.Source})
	if err != nil {
		t.Fatal(err)
	}
	if first.Source != string(src[:10]) || second.Source != string(src[10:]) || second.Position != a.Position+1 || second.ParagraphID != a.ParagraphID {
		t.Errorf("split into %+v and %+v", first, second)
	}
	after := allRows(t, st, doc.ID, "es")
	if len(after) != len(rows)+1 || after[2].ID != second.ID || after[3].ID != rows[2].ID {
		t.Fatalf("order after split wrong")
	}
	for j, r := range after {
		if r.Position != j+1 {
			t.Fatalf("positions not contiguous: %d at %d", r.Position, j)
		}
	}
	t1, _ := st.Translation(ctx, first.ID, "es")
	t2, _ := st.Translation(ctx, second.ID, "es")
	if t1.Text != "Traducción completa." || t1.Status != workflow.StatusDraft || t2.Text != "" || t2.Status != workflow.StatusDraft {
		t.Errorf("translations after split: %+v / %+v", t1, t2)
	}
	if tr, _ := st.Translation(ctx, second.ID, "pt"); tr.Version != 0 {
		t.Errorf("untranslated language got a translation: %+v", tr)
	}
	// Merging them back restores the source.
	back, err := st.MergeWithNext(ctx, Merge{SegmentID: first.ID, NextID: second.ID})
	if err != nil || back.Source != a.Source {
		t.Errorf("merge back: %q %v", back.Source, err)
	}
}

func TestProgressHistory(t *testing.T) {
	st := openTemp(t)
	doc := importSeed(t, st)
	rows := allRows(t, st, doc.ID, "es")
	save(t, st, rows[0].ID, "es", "Prefacio", workflow.StatusTranslated)
	save(t, st, rows[1].ID, "es", "Uno", workflow.StatusDraft)
	save(t, st, rows[1].ID, "es", "Uno.", workflow.StatusApproved)
	save(t, st, rows[0].ID, "es", "Prefacio", workflow.StatusDraft)
	h, err := st.ProgressHistory(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	pts := h[doc.ID]["es"]
	today := time.Now().UTC().Truncate(24 * time.Hour)
	if len(pts) != 1 || !pts[0].Day.Equal(today) || pts[0].Done != 1 || pts[0].Words != rows[1].Words {
		t.Errorf("points = %+v", pts)
	}
	if len(h[doc.ID]["pt"]) != 0 {
		t.Errorf("pt has points: %+v", h[doc.ID]["pt"])
	}
}

package tm

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"alinea/align/text"
	"alinea/store"
	"alinea/workflow"
)

// TestConcordanceRecall: every segment whose source or translation holds the
// query, and nothing else, for 1 to 4 Chinese characters and accented or
// capitalised Latin text; memory units too.
func TestConcordanceRecall(t *testing.T) {
	st, _ := openStore(t)
	ctx := context.Background()
	svc := New(st)
	rows := importSeed(t, st, "seed")
	save(t, st, rows[3].ID, "La Cooperación entre China y América Latina", workflow.StatusDraft)
	save(t, st, rows[4].ID, "cooperacion sin acento", workflow.StatusTranslated)
	if _, err := svc.ImportTMX(ctx, strings.NewReader(sampleTMX), "legacy", 0); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"中", "拉", "合作", "拉美", "全球南方", "命运共同体", "的", "Cooperación", "COOPERACION", "ó", "前", "Prólogo", "计划"} {
		hits, err := svc.Concordance(ctx, q, "", 0)
		if err != nil {
			t.Fatal(err)
		}
		fq := text.Key(q)
		var want, got []int64
		for _, r := range rows {
			tr, _ := st.Translation(ctx, r.ID, "es")
			if strings.Contains(text.Key(r.Source), fq) || strings.Contains(text.Key(tr.Text), fq) {
				want = append(want, r.ID)
			}
		}
		memory := 0
		for _, h := range hits {
			if h.SegmentID != 0 {
				got = append(got, h.SegmentID)
			} else if strings.Contains(text.Key(h.Source), fq) || strings.Contains(text.Key(h.Target), fq) {
				memory++
			} else {
				t.Errorf("%q: memory hit without it: %+v", q, h)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("Concordance(%q): %d segments, want %d", q, len(got), len(want))
		}
		wantMemory := 0
		for _, u := range []string{"前言 Prólogo", "前言 Prefácio", "二〇二五年的计划 El plan de 2025", "第42章 Capítulo 42"} {
			if strings.Contains(text.Key(u), fq) {
				wantMemory++
			}
		}
		if memory != wantMemory {
			t.Errorf("Concordance(%q): %d memory units, want %d", q, memory, wantMemory)
		}
	}
}

// The memory targets a concordance searches follow imports and deletes made
// after its first search, and find what a plain scan of the store finds.
func TestConcordanceTargetsFollowChanges(t *testing.T) {
	st, path := openStore(t)
	ctx := context.Background()
	svc := New(st)
	tmx := func(units ...string) string {
		var b strings.Builder
		b.WriteString(`<tmx version="1.4"><header srclang="zh"/><body>`)
		for i, u := range units {
			b.WriteString(`<tu><tuv xml:lang="zh"><seg>第` + string(rune('一'+i)) + `句</seg></tuv><tuv xml:lang="es"><seg>` + u + `</seg></tuv></tu>`)
		}
		return b.String() + `</body></tmx>`
	}
	check := func(stage, q string, want int) {
		t.Helper()
		hits, err := svc.Concordance(ctx, q, "es", 0)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, h := range hits {
			if h.InTarget {
				got = append(got, h.UnitID)
			}
		}
		// The plain scan: every target, folded, searched for the folded
		// query.
		var scan []int64
		err = st.MemoryTargets(ctx, "es", func(id int64, target string) {
			if strings.Contains(text.Key(target), text.Key(q)) {
				scan = append(scan, id)
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, scan) || len(got) != want {
			t.Errorf("%s: %q in targets %v, plain scan %v, want %d", stage, q, got, scan, want)
		}
	}
	if _, err := svc.ImportTMX(ctx, strings.NewReader(tmx("El Plan de acción", "sin nada", "un plan")), "a", 0); err != nil {
		t.Fatal(err)
	}
	check("first", "PLAN", 2)
	check("first", "acción", 1)
	if _, err := svc.ImportTMX(ctx, strings.NewReader(tmx("planes nuevos", "Acción", "otro")), "b", 0); err != nil {
		t.Fatal(err)
	}
	check("after an import", "plan", 3)
	check("after an import", "accion", 2)
	if _, err := st.DeleteMemory(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	check("after a delete", "plan", 1)
	check("after a delete", "ACCIÓN", 1)
	// Another process imports and prunes the log past this one's place.
	other, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := New(other).ImportTMX(ctx, strings.NewReader(tmx("plano", "sin")), "c", 0); err != nil {
		t.Fatal(err)
	}
	if err := other.PruneMemoryLog(ctx, 1); err != nil {
		t.Fatal(err)
	}
	check("after a pruned log", "plan", 2)
	hits, err := svc.Concordance(ctx, "o", "es", 2)
	if err != nil || len(hits) != 2 || hits[0].UnitID > hits[1].UnitID {
		t.Fatalf("limit 2: %+v %v", hits, err)
	}
}

// A limited concordance keeps the first hits in document order, whether
// the first texts read in order fill the limit, more of them are read, or
// the indexes are asked: six copies of the seed are more segments than
// the first read takes.
func TestConcordanceLimitKeepsFirstHits(t *testing.T) {
	st, _ := openStore(t)
	ctx := context.Background()
	rows := importSeed(t, st, "seed")
	for i := range 5 {
		importSeed(t, st, fmt.Sprintf("seed again %d", i+1))
	}
	save(t, st, rows[3].ID, "La Cooperación entre China y América Latina", workflow.StatusTranslated)
	for _, q := range []string{"的", "中", "合作", "中国", "co", "Cooperación", "o"} {
		all, err := st.Concordance(ctx, q, "", 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, limit := range []int{1, 5, len(all) - 1, len(all) + 1} {
			if limit <= 0 {
				continue
			}
			got, err := st.Concordance(ctx, q, "", limit)
			if err != nil {
				t.Fatal(err)
			}
			want := all[:min(limit, len(all))]
			if len(got) != len(want) {
				t.Fatalf("Concordance(%q, limit %d): %d hits, want %d", q, limit, len(got), len(want))
			}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("Concordance(%q, limit %d) hit %d = %+v, want %+v", q, limit, i, got[i], want[i])
				}
			}
		}
	}
}

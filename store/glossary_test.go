package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"alinea/align/term"
	"alinea/align/text"
	"alinea/formats"
)

func concept(zh string, others ...string) Concept {
	c := Concept{Concept: term.Concept{Domain: "diplomacy", Terms: []term.Term{{Lang: "zh", Text: zh, Status: term.Preferred}}}}
	for i := 0; i+1 < len(others); i += 2 {
		c.Terms = append(c.Terms, term.Term{Lang: others[i], Text: others[i+1], Status: term.Preferred})
	}
	return c
}

func seedGlossary(t testing.TB) []term.Concept {
	t.Helper()
	b, err := os.ReadFile("../seeds/glossary.csv")
	if err != nil {
		t.Fatal(err)
	}
	cs, err := formats.ReadTermCSV(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func TestConceptCRUD(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	u, err := st.CreateUser(ctx, NewUser{Login: "ana", Name: "Ana", Role: RoleReviewer, Password: "a long password 1"})
	if err != nil {
		t.Fatal(err)
	}
	c := concept("全球南方", "es", "Sur Global", "pt", "Sul Global")
	c.Terms[1].Gender, c.Terms[1].Number = "masculine", "singular"
	c.Terms = append(c.Terms, term.Term{Lang: "es", Text: "Sur global", Status: term.Forbidden, Note: "capitalize"})
	c.Terms[2].Forms = []term.TermForm{{Text: "Sules Globales", Number: "plural"}}
	c.Definition = "the developing world"
	got, err := st.CreateConcept(ctx, c, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID == 0 || len(got.Terms) != 4 || got.Terms[1].Gender != "masculine" || got.Terms[3].Note != "capitalize" ||
		got.Terms[2].Forms[0].Text != "Sules Globales" || got.Definition != "the developing world" || got.CreatedBy != u.ID || got.UpdatedByName != "Ana" {
		t.Errorf("created %+v", got)
	}
	// The same Chinese term, written full-width-spaced, is the same concept.
	if _, err := st.CreateConcept(ctx, concept(" 全球 南方 "), u.ID); !errors.As(err, new(*DuplicateTermError)) {
		t.Errorf("duplicate source term: %v", err)
	}
	if _, err := st.CreateConcept(ctx, concept(""), u.ID); !errors.Is(err, ErrInvalidConcept) {
		t.Errorf("empty term: %v", err)
	}
	got.Terms[1].Text = "Sur global (el)"
	got.Note = "capitalized"
	upd, err := st.UpdateConcept(ctx, got, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if upd.Terms[1].Text != "Sur global (el)" || upd.Note != "capitalized" {
		t.Errorf("updated %+v", upd)
	}
	bad := upd
	bad.ID = 999
	if _, err := st.UpdateConcept(ctx, bad, u.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("update missing: %v", err)
	}
	if err := st.DeleteConcept(ctx, upd.ID, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Concept(ctx, upd.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("after delete: %v", err)
	}
	evs, err := st.GlossaryActivity(ctx, 0)
	if err != nil || len(evs) != 3 || evs[0].Action != "glossary-delete" || evs[2].Action != "glossary-add" || evs[0].User != "Ana" ||
		!strings.Contains(evs[2].Detail, "全球南方") {
		t.Errorf("glossary activity %+v %v", evs, err)
	}
	var n int
	st.r.QueryRowContext(ctx, `SELECT count(*) FROM term_forms`).Scan(&n)
	if n != 0 {
		t.Errorf("%d forms left after delete", n)
	}
}

func TestImportConceptsAndLookup(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	cs := seedGlossary(t)
	res, err := st.ImportConcepts(ctx, cs, ImportMerge, 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != len(cs) || res.Updated != 0 {
		t.Errorf("first import: %+v", res)
	}
	stored, err := st.Concepts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// What goes in comes out, ids aside.
	for i := range stored {
		c := stored[i].Concept
		c.ID = 0
		for j := range c.Terms {
			c.Terms[j].ID = 0
		}
		if !equalConcept(c, cs[i]) {
			t.Fatalf("concept %d changed:\n%+v\n%+v", i, c, cs[i])
		}
	}
	// Merging again updates every concept and adds none.
	cs[0].Terms = append(cs[0].Terms, term.Term{Lang: "en", Text: "the Global South", Status: term.Admitted})
	res, err = st.ImportConcepts(ctx, cs, ImportMerge, 0)
	if err != nil || res.Created != 0 || res.Updated != len(cs) {
		t.Errorf("merge: %+v %v", res, err)
	}
	for _, tt := range []struct {
		q    string
		want string // first concept's first Chinese term
	}{
		{"全球南方", "全球南方"},
		{"sur global", "全球南方"},
		{"ＳＵＬ　ＧＬＯＢＡＬ", "全球南方"},
		{"Súr Glóbal", "全球南方"},
		{"the global south", "全球南方"},
		{"CELAC", "拉共体"},
	} {
		got, err := st.Lookup(ctx, tt.q, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 || got[0].TermsIn("zh")[0].Text != tt.want {
			t.Errorf("lookup %q: %d results, first %v", tt.q, len(got), got)
		}
	}
	if got, _ := st.Lookup(ctx, "  ", 0); len(got) != 0 {
		t.Errorf("empty lookup found %d", len(got))
	}
	// A bad concept anywhere leaves the glossary as it was.
	bad := []term.Concept{concept("新概念").Concept, {Terms: []term.Term{{Lang: "es", Text: "x", Status: "maybe"}}}}
	if _, err := st.ImportConcepts(ctx, bad, ImportReplace, 0); !errors.Is(err, ErrInvalidConcept) || !strings.Contains(err.Error(), "concept 2") {
		t.Errorf("bad import: %v", err)
	}
	if got, _ := st.Lookup(ctx, "新概念", 0); len(got) != 0 {
		t.Error("a refused import stored a concept")
	}
	res, err = st.ImportConcepts(ctx, bad[:1], ImportReplace, 0)
	if err != nil || res.Deleted != len(cs) || res.Created != 1 {
		t.Errorf("replace: %+v %v", res, err)
	}
}

func equalConcept(a, b term.Concept) bool {
	if a.Domain != b.Domain || a.Note != b.Note || a.Source != b.Source || len(a.Terms) != len(b.Terms) {
		return false
	}
	for i := range a.Terms {
		x, y := a.Terms[i], b.Terms[i]
		if x.Lang != y.Lang || x.Text != y.Text || x.Status != y.Status || x.Note != y.Note || x.Gender != y.Gender ||
			x.Number != y.Number || len(x.Forms) != len(y.Forms) {
			return false
		}
		for j := range x.Forms {
			if x.Forms[j] != y.Forms[j] {
				return false
			}
		}
	}
	return true
}

// TBX written from one workbench's glossary and read into another gives the
// same TBX again: nothing is lost on the way through the store.
func TestTBXRoundTripThroughStore(t *testing.T) {
	ctx := context.Background()
	export := func(st *Store) []byte {
		t.Helper()
		cs, err := st.TermbaseConcepts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := formats.WriteTBX(&b, cs); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	first := openTemp(t)
	if _, err := first.ImportConcepts(ctx, seedGlossary(t), ImportMerge, 0); err != nil {
		t.Fatal(err)
	}
	tbx := export(first)
	read, err := formats.ReadTBX(bytes.NewReader(tbx))
	if err != nil {
		t.Fatal(err)
	}
	second := openTemp(t)
	if _, err := second.ImportConcepts(ctx, read, ImportReplace, 0); err != nil {
		t.Fatal(err)
	}
	if again := export(second); !bytes.Equal(again, tbx) {
		a, b := string(tbx), string(again)
		i := 0
		for i < len(a) && i < len(b) && a[i] == b[i] {
			i++
		}
		t.Errorf("TBX changed through the store at byte %d: …%.120s… became …%.120s…", i, a[max(0, i-40):], b[max(0, i-40):])
	}
	if !bytes.Contains(tbx, []byte("Sur Global")) || !bytes.Contains(tbx, []byte("preferred")) {
		t.Error("the export lacks the seed glossary's terms and statuses")
	}
}

// Regional tags are one language: a concept never holds a term under both
// zh and zh-CN, and terms in es-ES are stored as es.
func TestConceptLanguageTags(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	c := concept("拉共体", "zh-CN", "拉共体", "es-ES", "CELAC", "ES", "CELAC", "pt-BR", "CELAC", "fr-CA", "CELAC")
	got, err := st.CreateConcept(ctx, c, 0)
	if err != nil {
		t.Fatal(err)
	}
	var langs []string
	for _, tm := range got.Terms {
		langs = append(langs, tm.Lang)
	}
	if strings.Join(langs, " ") != "zh es pt fr-CA" {
		t.Errorf("languages stored: %v", langs)
	}
}

// Migration 0009 folds the regional tags of terms stored before it into
// their language and keeps a term that is then there twice once.
func TestMigrationFoldsTermLanguages(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	c, err := st.CreateConcept(ctx, concept("拉共体", "es", "CELAC"), 0)
	if err != nil {
		t.Fatal(err)
	}
	// Terms as a TBX file could leave them before the migration.
	for i, tm := range [][2]string{{"zh-CN", "拉共体"}, {"es-ES", "CELAC"}, {"pt-BR", "CELAC"}, {"fr", "CELAC"}} {
		if _, err := st.w.ExecContext(ctx, `INSERT INTO terms (concept_id, position, lang, text, folded, status) VALUES (?, ?, ?, ?, ?, 'preferred')`,
			c.ID, 10+i, tm[0], tm[1], text.Key(tm[1])); err != nil {
			t.Fatal(err)
		}
	}
	body, err := migrations.ReadFile("migrations/0009_language_tags.sql")
	if err != nil {
		t.Fatal(err)
	}
	// Everything but the new column, which is there already.
	_, terms, _ := strings.Cut(string(body), "zh_tag TEXT NOT NULL DEFAULT 'zh-Hans';")
	if _, err := st.w.ExecContext(ctx, terms); err != nil {
		t.Fatal(err)
	}
	rows, err := st.r.QueryContext(ctx, `SELECT lang, text FROM terms WHERE concept_id = ? ORDER BY position`, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var l, tx string
		rows.Scan(&l, &tx)
		got = append(got, l+":"+tx)
	}
	if strings.Join(got, " ") != "zh:拉共体 es:CELAC pt:CELAC fr:CELAC" {
		t.Errorf("terms after the migration: %v", got)
	}
}

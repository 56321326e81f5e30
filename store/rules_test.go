package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"alinea/workflow"
)

func TestCheckText(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		char    rune // 0: allowed
		pos     int
		invalid bool
		tooLong bool
	}{
		{"plain", "Hola, mundo.", 0, 0, false, false},
		{"empty", "", 0, 0, false, false},
		{"tab, newline, carriage return", "a\tb\nc\r\n", 0, 0, false, false},
		{"CJK and emoji", "中国—拉共体 People’s 🙂", 0, 0, false, false},
		{"private use and U+FFFD", "\ue000\ufffd", 0, 0, false, false},
		{"NUL", "ab\x00", 0x00, 3, false, false},
		{"U+0001", "\x01", 0x01, 1, false, false},
		{"form feed", "añ\fo", 0x0C, 3, false, false},
		{"U+001F", "x\x1f", 0x1F, 2, false, false},
		{"DEL", "x\x7f", 0x7F, 2, false, false},
		{"C1 U+0085", "x\u0085", 0x85, 2, false, false},
		{"C1 U+009F", "x\u009f", 0x9F, 2, false, false},
		{"U+FDD0", "中\ufdd0", 0xFDD0, 2, false, false},
		{"U+FFFE", "\ufffe", 0xFFFE, 1, false, false},
		{"U+FFFF", "ab\uffff", 0xFFFF, 3, false, false},
		{"U+1FFFF", "a\U0001FFFF", 0x1FFFF, 2, false, false},
		{"U+10FFFF", "\U0010FFFF", 0x10FFFF, 1, false, false},
		{"lone surrogate (CESU bytes)", "a\xed\xa0\x80", 0, 2, true, false},
		{"bad byte", "ab\xff", 0, 3, true, false},
		{"at the limit", strings.Repeat("a", MaxTranslationBytes), 0, 0, false, false},
		{"over the limit", strings.Repeat("a", MaxTranslationBytes+1), 0, 0, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckText(tt.text)
			var ce *CharError
			switch {
			case tt.tooLong:
				if !errors.Is(err, ErrTextTooLong) {
					t.Errorf("err = %v, want ErrTextTooLong", err)
				}
			case tt.invalid:
				if !errors.As(err, &ce) || !ce.Invalid || ce.Pos != tt.pos {
					t.Errorf("err = %#v, want invalid UTF-8 at %d", err, tt.pos)
				}
			case tt.pos != 0:
				if !errors.As(err, &ce) || ce.Char != tt.char || ce.Pos != tt.pos || ce.Invalid {
					t.Fatalf("err = %#v, want %s at %d", err, CharName(tt.char), tt.pos)
				}
				if !strings.Contains(err.Error(), CharName(tt.char)) {
					t.Errorf("message %q does not name %s", err, CharName(tt.char))
				}
			default:
				if err != nil {
					t.Errorf("err = %v, want nil", err)
				}
			}
		})
	}
}

// TestSaveRules runs every rule of a save through the store: who saves,
// what, with which status, from which version.
func TestSaveRules(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	doc := importSeed(t, st)
	rows := allRows(t, st, doc.ID, "es")
	user := func(login string, role Role) int64 {
		u, err := st.CreateUser(ctx, NewUser{Login: login, Role: role, Password: "a long password"})
		if err != nil {
			t.Fatal(err)
		}
		return u.ID
	}
	admin, reviewer, translator, viewer := user("admin", RoleAdmin), user("rev", RoleReviewer), user("tr", RoleTranslator), user("view", RoleViewer)
	disabled := user("gone", RoleReviewer)
	if err := st.SetDisabled(ctx, disabled, true); err != nil {
		t.Fatal(err)
	}
	if err := st.Assign(ctx, Assignment{UserID: translator, DocumentID: doc.ID, Lang: "es"}, 0); err != nil {
		t.Fatal(err)
	}
	next := 0
	seg := func() int64 { next++; return rows[next].ID }

	tests := []struct {
		name string
		by   int64
		lang string
		text string
		st   workflow.Status
		want error
	}{
		{"system approves", 0, "es", "Texto", workflow.StatusApproved, nil},
		{"admin approves", admin, "pt", "Texto", workflow.StatusApproved, nil},
		{"reviewer reviews", reviewer, "en", "Text", workflow.StatusReviewed, nil},
		{"translator translates where assigned", translator, "es", "Texto", workflow.StatusTranslated, nil},
		{"translator drafts where assigned", translator, "es", "Texto", workflow.StatusDraft, nil},
		{"translator may not review", translator, "es", "Texto", workflow.StatusReviewed, ErrNeedsReviewer},
		{"translator may not approve", translator, "es", "Texto", workflow.StatusApproved, ErrNeedsReviewer},
		{"translator not assigned", translator, "pt", "Texto", workflow.StatusDraft, ErrForbidden},
		{"viewer", viewer, "es", "Texto", workflow.StatusDraft, ErrForbidden},
		{"disabled reviewer", disabled, "es", "Texto", workflow.StatusDraft, ErrForbidden},
		{"unknown user", 999, "es", "Texto", workflow.StatusDraft, ErrNotFound},
		{"empty draft", translator, "es", "", workflow.StatusDraft, nil},
		{"blank translated", admin, "es", " \n", workflow.StatusTranslated, ErrEmptyAboveDraft},
		{"empty approved", 0, "es", "", workflow.StatusApproved, ErrEmptyAboveDraft},
		{"bad status", admin, "es", "x", "done", ErrInvalidStatus},
		{"unknown language", admin, "xx", "x", workflow.StatusDraft, ErrUnknownLanguage},
		{"source language", admin, "zh", "x", workflow.StatusDraft, ErrUnknownLanguage},
		{"too long", 0, "es", strings.Repeat("é", MaxTranslationBytes/2+1), workflow.StatusDraft, ErrTextTooLong},
		{"control character", 0, "es", "a\x0cb", workflow.StatusDraft, &CharError{}},
		{"not UTF-8", 0, "es", "a\xffb", workflow.StatusDraft, &CharError{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := seg()
			_, err := st.SaveTranslation(ctx, Save{SegmentID: id, Lang: tt.lang, Text: tt.text, Status: tt.st, AuthorID: tt.by})
			var ce *CharError
			switch {
			case tt.want == nil && err != nil:
				t.Fatalf("err = %v, want a save", err)
			case tt.want == nil:
			case errors.As(tt.want, &ce):
				if !errors.As(err, &ce) {
					t.Fatalf("err = %v, want a CharError", err)
				}
			case !errors.Is(err, tt.want):
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if tt.want != nil {
				if revs, _ := st.Revisions(ctx, id, "es"); len(revs) != 0 {
					t.Errorf("a refused save wrote %d revisions", len(revs))
				}
			}
		})
	}
}

// TestSaveFromStaleVersion: saving again exactly what is stored is no
// conflict, whatever version it started from; anything else from an old
// version is.
func TestSaveFromStaleVersion(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	doc := importSeed(t, st)
	seg := allRows(t, st, doc.ID, "es")[1].ID
	first, err := st.SaveTranslation(ctx, Save{SegmentID: seg, Lang: "es", Text: "Texto guardado.", Status: workflow.StatusDraft})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		text     string
		status   workflow.Status
		conflict bool
	}{
		{"same text and status", "Texto guardado.", workflow.StatusDraft, false},
		{"other text", "Otro texto.", workflow.StatusDraft, true},
		{"same text, other status", "Texto guardado.", workflow.StatusTranslated, true},
	}
	for _, tt := range tests {
		got, err := st.SaveTranslation(ctx, Save{SegmentID: seg, Lang: "es", Text: tt.text, Status: tt.status, BaseVersion: 0})
		var conflict *ConflictError
		if tt.conflict {
			if !errors.As(err, &conflict) || conflict.Current.Version != 1 {
				t.Errorf("%s: err = %v, want a conflict at version 1", tt.name, err)
			}
			continue
		}
		if err != nil || got.Version != first.Version || got.Text != first.Text {
			t.Errorf("%s: %+v, %v; want the stored version 1", tt.name, got, err)
		}
	}
	if revs, _ := st.Revisions(ctx, seg, "es"); len(revs) != 1 {
		t.Errorf("%d revisions, want 1", len(revs))
	}
}

// TestApplyObeysSaveRules: a file with one unit the rules refuse is refused
// whole, naming the unit; a translator's file is capped and limited to her
// languages without being told so.
func TestApplyObeysSaveRules(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	doc := importSeed(t, st)
	segs := allRows(t, st, doc.ID, "es")
	tr, err := st.CreateUser(ctx, NewUser{Login: "tr", Role: RoleTranslator, Password: "a long password"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Assign(ctx, Assignment{UserID: tr.ID, DocumentID: doc.ID, Lang: "es"}, 0); err != nil {
		t.Fatal(err)
	}
	good := Update{Ref: "u1", Line: 3, SegmentID: segs[0].ID, Lang: "es", Text: "Uno", Status: workflow.StatusTranslated}
	for _, tt := range []struct {
		name string
		bad  Update
		want error
	}{
		{"over the limit", Update{Ref: "u2", Line: 7, SegmentID: segs[1].ID, Lang: "es", Text: strings.Repeat("a", MaxTranslationBytes+1), Status: workflow.StatusDraft}, ErrTextTooLong},
		{"form feed", Update{Ref: "u2", Line: 7, SegmentID: segs[1].ID, Lang: "es", Text: "a\fb", Status: workflow.StatusDraft}, nil},
		{"empty translated", Update{Ref: "u2", Line: 7, SegmentID: segs[1].ID, Lang: "es", Text: "", Status: workflow.StatusTranslated}, ErrEmptyAboveDraft},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := st.ApplyTranslations(ctx, doc.ID, []Update{good, tt.bad}, ApplyOptions{})
			var ue *UnitError
			if !errors.As(err, &ue) || ue.Ref != "u2" || ue.Line != 7 {
				t.Fatalf("err = %v, want a UnitError naming u2", err)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if cur, _ := st.Translation(ctx, segs[0].ID, "es"); cur.Version != 0 {
				t.Errorf("the good unit was written: %+v", cur)
			}
		})
	}

	// Not assigned to pt: the whole file is refused.
	_, err = st.ApplyTranslations(ctx, doc.ID, []Update{good, {SegmentID: segs[1].ID, Lang: "pt", Text: "Dois", Status: workflow.StatusDraft}}, ApplyOptions{UserID: tr.ID})
	if !errors.Is(err, ErrForbidden) {
		t.Fatalf("apply in an unassigned language: %v", err)
	}
	// Approved is capped to translated for a translator, without MaxStatus.
	up := good
	up.Status = workflow.StatusApproved
	res, err := st.ApplyTranslations(ctx, doc.ID, []Update{up}, ApplyOptions{UserID: tr.ID})
	if err != nil || res.Applied != 1 {
		t.Fatalf("apply: %+v, %v", res, err)
	}
	if cur, _ := st.Translation(ctx, segs[0].ID, "es"); cur.Status != workflow.StatusTranslated {
		t.Errorf("status = %s, want translated", cur.Status)
	}
}

func TestAcceptAlignmentNeedsEditRights(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	doc := importSeed(t, st)
	viewer, err := st.CreateUser(ctx, NewUser{Login: "view", Role: RoleViewer, Password: "a long password"})
	if err != nil {
		t.Fatal(err)
	}
	a := newTestAlignment(t, st, doc)
	if _, err := st.AcceptAlignment(ctx, AcceptOptions{AlignmentID: a.ID, By: viewer.ID}); !errors.Is(err, ErrForbidden) {
		t.Fatalf("accept by a viewer: %v", err)
	}
	got, err := st.Alignment(ctx, a.ID)
	if err != nil || got.State != AlignmentOpen {
		t.Errorf("alignment after a refused accept: %v, %v", got.State, err)
	}
}

// TestRestoreObeysSaveRules: a revision the rules would refuse today (an
// empty text marked translated, as imports once wrote them) is not restored,
// and not restored as something else either; nor is a status the author may
// not set.
func TestRestoreObeysSaveRules(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	doc := importSeed(t, st)
	seg := allRows(t, st, doc.ID, "es")[1].ID
	save(t, st, seg, "es", "Uno", workflow.StatusDraft)
	save(t, st, seg, "es", "Uno, aprobado", workflow.StatusApproved)
	if _, err := st.w.ExecContext(ctx, `INSERT INTO revisions (segment_id, lang, version, text, status, origin, created_at)
		VALUES (?, 'es', 0, '', 'translated', 'import', '2024-01-01T00:00:00Z')`, seg); err != nil {
		t.Fatal(err)
	}
	revs, err := st.Revisions(ctx, seg, "es")
	if err != nil || len(revs) != 3 {
		t.Fatalf("revisions: %d, %v", len(revs), err)
	}
	empty, approved := revs[0].ID, revs[1].ID
	tr, err := st.CreateUser(ctx, NewUser{Login: "tr", Role: RoleTranslator, Password: "a long password"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Assign(ctx, Assignment{UserID: tr.ID, DocumentID: doc.ID, Lang: "es"}, 0); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		rs   Restore
		want error
	}{
		{"empty above draft", Restore{SegmentID: seg, Lang: "es", RevisionID: empty, BaseVersion: 2}, ErrEmptyAboveDraft},
		{"approved by a translator", Restore{SegmentID: seg, Lang: "es", RevisionID: approved, BaseVersion: 2, AuthorID: tr.ID}, ErrNeedsReviewer},
		{"revision of another language", Restore{SegmentID: seg, Lang: "pt", RevisionID: approved, BaseVersion: 0}, ErrRevisionNotFound},
	}
	for _, tt := range tests {
		if _, err := st.RestoreRevision(ctx, tt.rs); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
	cur, _ := st.Translation(ctx, seg, "es")
	if cur.Version != 2 || cur.Text != "Uno, aprobado" {
		t.Errorf("refused restores changed the translation: %+v", cur)
	}
	got, err := st.RestoreRevision(ctx, Restore{SegmentID: seg, Lang: "es", RevisionID: revs[2].ID, BaseVersion: 2, AuthorID: tr.ID})
	if err != nil || got.Version != 3 || got.Text != "Uno" || got.Status != workflow.StatusDraft {
		t.Errorf("restore: %+v, %v", got, err)
	}
}

// BenchmarkSaveTranslation measures one save with its rules: by the system,
// and by an assigned translator, whose rights take two more reads.
func BenchmarkSaveTranslation(b *testing.B) {
	st := openTemp(b)
	ctx := context.Background()
	doc, err := st.ImportDocument(ctx, seedDoc(b), ImportOptions{})
	if err != nil {
		b.Fatal(err)
	}
	rows, _, err := st.Segments(ctx, doc.ID, SegmentQuery{Lang: "es"})
	if err != nil {
		b.Fatal(err)
	}
	tr, err := st.CreateUser(ctx, NewUser{Login: "tr", Role: RoleTranslator, Password: "a long password"})
	if err != nil {
		b.Fatal(err)
	}
	if err := st.Assign(ctx, Assignment{UserID: tr.ID, DocumentID: doc.ID, Lang: "es"}, 0); err != nil {
		b.Fatal(err)
	}
	versions := map[int64]int64{}
	for _, by := range []struct {
		name string
		id   int64
	}{{"system", 0}, {"translator", tr.ID}} {
		b.Run(by.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				seg := rows[i%len(rows)].ID
				i++
				t, err := st.SaveTranslation(ctx, Save{SegmentID: seg, Lang: "es", Text: fmt.Sprintf("Traducción %d.", i),
					Status: workflow.StatusDraft, BaseVersion: versions[seg], AuthorID: by.id})
				if err != nil {
					b.Fatal(err)
				}
				versions[seg] = t.Version
			}
		})
	}
}

func TestRightsOf(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	doc := importSeed(t, st)
	tr := User{ID: 0, Role: RoleTranslator}
	u, err := st.CreateUser(ctx, NewUser{Login: "tr", Role: RoleTranslator, Password: "a long password"})
	if err != nil {
		t.Fatal(err)
	}
	tr.ID = u.ID
	if err := st.Assign(ctx, Assignment{UserID: tr.ID, DocumentID: doc.ID, Lang: "es"}, 0); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		u    User
		doc  int64
		lang string
		want Rights
	}{
		{"admin", User{ID: 99, Role: RoleAdmin}, doc.ID, "es", Rights{Edit: true, Review: true, Admin: true}},
		{"admin, workbench", User{ID: 99, Role: RoleAdmin}, 0, "", Rights{Edit: true, Review: true, Admin: true}},
		{"reviewer", User{ID: 98, Role: RoleReviewer}, doc.ID, "pt", Rights{Edit: true, Review: true}},
		{"translator, assigned", tr, doc.ID, "es", Rights{Edit: true}},
		{"translator, other language", tr, doc.ID, "pt", Rights{}},
		{"translator, whole document", tr, doc.ID, "", Rights{}},
		{"translator, workbench", tr, 0, "", Rights{}},
		{"viewer", User{ID: 97, Role: RoleViewer}, doc.ID, "es", Rights{}},
		{"disabled admin", User{ID: 96, Role: RoleAdmin, Disabled: true}, doc.ID, "es", Rights{}},
	}
	for _, tt := range tests {
		got, err := st.RightsOf(ctx, tt.u, tt.doc, tt.lang)
		if err != nil || got != tt.want {
			t.Errorf("%s: %+v, %v; want %+v", tt.name, got, err, tt.want)
		}
	}
	for st, want := range map[workflow.Status]bool{workflow.StatusNew: true, workflow.StatusDraft: true, workflow.StatusTranslated: true,
		workflow.StatusReviewed: false, workflow.StatusApproved: false} {
		if got := (Rights{Edit: true}).MaySet(st); got != want {
			t.Errorf("an editor may set %s: %v", st, got)
		}
	}
}

// FuzzCheckText: a text is refused exactly when it is too long, or at its
// first byte that is not UTF-8 or character a translation may not hold, and
// the position named is that one.
func FuzzCheckText(f *testing.F) {
	for _, s := range []string{"", "Hola", "a\fb", "\u0085", "\ufffe", "中\U0010FFFF", "a\xed\xa0\x80", "\t\r\n", "\ufffd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := CheckText(s)
		if len(s) > MaxTranslationBytes {
			if !errors.Is(err, ErrTextTooLong) {
				t.Fatalf("%d bytes accepted", len(s))
			}
			return
		}
		pos, bad, found, invalid := 0, rune(0), false, false
		for i, r := range s {
			pos++
			if r == utf8.RuneError && !strings.HasPrefix(s[i:], "\ufffd") {
				found, invalid = true, true
				break
			}
			if !allowedChar(r) {
				bad, found = r, true
				break
			}
		}
		var ce *CharError
		switch {
		case !found:
			if err != nil {
				t.Fatalf("%q refused: %v", s, err)
			}
		case !errors.As(err, &ce) || ce.Pos != pos || ce.Invalid != invalid || !invalid && ce.Char != bad:
			t.Fatalf("%q: %v; want character %d refused (invalid %v)", s, err, pos, invalid)
		}
	})
}

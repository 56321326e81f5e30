package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"alinea/align"
	"alinea/workflow"
)

// shape writes beads as "1-1 2-0 0-1" with their first indices, for short
// comparisons: "[0+1:0+1]".
func shape(beads []AlignmentBead) string {
	var parts []string
	for _, b := range beads {
		parts = append(parts, fmt.Sprintf("%d+%d:%d+%d", b.SrcFirst, b.SrcCount, b.TgtFirst, b.TgtCount))
	}
	return strings.Join(parts, " ")
}

func beadsOf(s string) []AlignmentBead {
	var out []AlignmentBead
	for _, p := range strings.Fields(s) {
		var b AlignmentBead
		fmt.Sscanf(p, "%d+%d:%d+%d", &b.SrcFirst, &b.SrcCount, &b.TgtFirst, &b.TgtCount)
		b.Confidence = 0.5
		out = append(out, b)
	}
	renumber(out)
	return out
}

func TestApplyEdit(t *testing.T) {
	tests := []struct {
		name   string
		beads  string
		edit   Edit
		want   string
		bad    bool
		marked []int // beads marked untranslated afterwards
	}{
		{"move up", "0+1:0+1 1+1:1+2", Edit{Op: EditMoveUp, Position: 1}, "0+1:0+2 1+1:2+1", false, nil},
		{"move up empties a 0-1 bead", "0+1:0+1 1+0:1+1 1+1:2+1", Edit{Op: EditMoveUp, Position: 1}, "0+1:0+2 1+1:2+1", false, nil},
		{"move up into a 1-0 bead", "0+1:0+0 1+1:0+2", Edit{Op: EditMoveUp, Position: 1}, "0+1:0+1 1+1:1+1", false, nil},
		{"move up from the first bead", "0+1:0+1", Edit{Op: EditMoveUp, Position: 0}, "", true, nil},
		{"move up from a 1-0 bead", "0+1:0+1 1+1:1+0", Edit{Op: EditMoveUp, Position: 1}, "", true, nil},
		{"move down", "0+1:0+2 1+1:2+1", Edit{Op: EditMoveDown, Position: 0}, "0+1:0+1 1+1:1+2", false, nil},
		{"move down into a 1-0 bead", "0+1:0+2 1+1:2+0", Edit{Op: EditMoveDown, Position: 0}, "0+1:0+1 1+1:1+1", false, nil},
		{"move down from the last bead", "0+1:0+1", Edit{Op: EditMoveDown, Position: 0}, "", true, nil},
		{"merge", "0+1:0+1 1+1:1+1 2+1:2+1", Edit{Op: EditMerge, Position: 0}, "0+2:0+2 2+1:2+1", false, nil},
		{"merge 1-0 with 0-1", "0+1:0+0 1+0:0+1", Edit{Op: EditMerge, Position: 0}, "0+1:0+1", false, nil},
		{"merge the last bead", "0+1:0+1", Edit{Op: EditMerge, Position: 0}, "", true, nil},
		{"split 2-2", "0+2:0+2", Edit{Op: EditSplit, Position: 0}, "0+1:0+1 1+1:1+1", false, nil},
		{"split 1-2", "0+1:0+2", Edit{Op: EditSplit, Position: 0}, "0+1:0+1 1+0:1+1", false, nil},
		{"split 1-1", "0+1:0+1", Edit{Op: EditSplit, Position: 0}, "0+1:0+0 1+0:0+1", false, nil},
		{"split 0-2", "0+0:0+2", Edit{Op: EditSplit, Position: 0}, "0+0:0+1 0+0:1+1", false, nil},
		{"split at", "0+3:0+3", Edit{Op: EditSplit, Position: 0, SrcAt: 2, TgtAt: 1}, "0+2:0+1 2+1:1+2", false, nil},
		{"split 1-0", "0+1:0+0", Edit{Op: EditSplit, Position: 0}, "", true, nil},
		{"split beyond", "0+1:0+1", Edit{Op: EditSplit, Position: 0, SrcAt: 2}, "", true, nil},
		{"untranslated", "0+1:0+1 1+1:1+1", Edit{Op: EditUntranslated, Position: 0}, "0+1:0+0 1+0:0+1 1+1:1+1", false, []int{0}},
		{"untranslated 1-0", "0+1:0+0", Edit{Op: EditUntranslated, Position: 0}, "0+1:0+0", false, []int{0}},
		{"untranslated 0-1", "0+0:0+1", Edit{Op: EditUntranslated, Position: 0}, "", true, nil},
		{"confirm", "0+1:0+1", Edit{Op: EditConfirm, Position: 0}, "0+1:0+1", false, nil},
		{"no such bead", "0+1:0+1", Edit{Op: EditConfirm, Position: 3}, "", true, nil},
		{"unknown op", "0+1:0+1", Edit{Op: "shuffle", Position: 0}, "", true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := beadsOf(tt.beads)
			before := shape(in)
			got, err := ApplyEdit(in, tt.edit)
			if shape(in) != before {
				t.Errorf("input changed to %s", shape(in))
			}
			if tt.bad {
				if !errors.Is(err, ErrBadEdit) {
					t.Fatalf("err = %v, want ErrBadEdit", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if shape(got) != tt.want {
				t.Errorf("got %s, want %s", shape(got), tt.want)
			}
			var marked []int
			for _, b := range got {
				if b.Untranslated {
					marked = append(marked, b.Position)
				}
			}
			if !reflect.DeepEqual(marked, tt.marked) {
				t.Errorf("marked %v, want %v", marked, tt.marked)
			}
			// Whatever the edit, the beads still cover both sides once.
			nSrc, nTgt := 0, 0
			for _, b := range in {
				nSrc += b.SrcCount
				nTgt += b.TgtCount
			}
			if err := align.CheckBeads(toAlign(got), nSrc, nTgt); err != nil {
				t.Errorf("%s: %v", shape(got), err)
			}
		})
	}
}

func toAlign(beads []AlignmentBead) []align.Bead {
	out := make([]align.Bead, len(beads))
	for i, b := range beads {
		for k := range b.SrcCount {
			out[i].Src = append(out[i].Src, b.SrcFirst+k)
		}
		for k := range b.TgtCount {
			out[i].Tgt = append(out[i].Tgt, b.TgtFirst+k)
		}
		out[i].Confidence = b.Confidence
	}
	return out
}

// newTestAlignment aligns the first four segments of the seed document with
// five sentences: 1-1, 1-2, 1-1 (low confidence), 1-1.
func newTestAlignment(t *testing.T, st *Store, doc Document) Alignment {
	t.Helper()
	rows := allRows(t, st, doc.ID, "en")
	na := NewAlignment{DocumentID: doc.ID, Lang: "en", FileName: "en.txt",
		Segments: []int64{rows[0].ID, rows[1].ID, rows[2].ID, rows[3].ID},
		Sentences: []TargetSentence{{0, 0, "Preface "}, {1, 1, "The world changes."}, {2, 1, "Fast."},
			{3, 1, "A third."}, {4, 1, "A fourth."}},
		Beads: []align.Bead{{Src: []int{0}, Tgt: []int{0}, Confidence: 0.99}, {Src: []int{1}, Tgt: []int{1, 2}, Confidence: 0.9},
			{Src: []int{2}, Tgt: []int{3}, Confidence: 0.3}, {Src: []int{3}, Tgt: []int{4}, Confidence: 0.95}},
	}
	a, err := st.CreateAlignment(context.Background(), na)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestCreateAndLoadAlignment(t *testing.T) {
	st := openTemp(t)
	doc := importSeed(t, st)
	a := newTestAlignment(t, st, doc)
	if a.State != AlignmentOpen || a.Version != 1 || len(a.Sources) != 4 || len(a.Sentences) != 5 || len(a.Beads) != 4 {
		t.Fatalf("loaded %+v", a)
	}
	if shape(a.Beads) != "0+1:0+1 1+1:1+2 2+1:3+1 3+1:4+1" {
		t.Errorf("beads %s", shape(a.Beads))
	}
	if a.Sources[0].Source == "" || !a.Sources[0].Live || a.Sentences[1].Text != "The world changes." {
		t.Errorf("sources %+v sentences %+v", a.Sources[0], a.Sentences[1])
	}
	list, err := st.Alignments(context.Background(), doc.ID)
	if err != nil || len(list) != 1 || list[0].Beads != 4 || list[0].Lang != "en" {
		t.Errorf("list %+v %v", list, err)
	}
}

func TestCreateAlignmentRefusesAndStoresNothing(t *testing.T) {
	st := openTemp(t)
	doc := importSeed(t, st)
	rows := allRows(t, st, doc.ID, "en")
	other, err := st.ImportDocument(context.Background(), seedDoc(t), ImportOptions{AllowDuplicate: true})
	if err != nil {
		t.Fatal(err)
	}
	otherRows := allRows(t, st, other.ID, "en")
	one := []TargetSentence{{0, 0, "One."}}
	tests := []struct {
		name string
		na   NewAlignment
		want error
	}{
		{"beads miss a sentence", NewAlignment{DocumentID: doc.ID, Lang: "en", Segments: []int64{rows[0].ID},
			Sentences: []TargetSentence{{0, 0, "A."}, {1, 0, "B."}}, Beads: []align.Bead{{Src: []int{0}, Tgt: []int{0}, Confidence: 1}}}, ErrBadAlignment},
		{"segment of another document", NewAlignment{DocumentID: doc.ID, Lang: "en", Segments: []int64{otherRows[0].ID},
			Sentences: one, Beads: []align.Bead{{Src: []int{0}, Tgt: []int{0}, Confidence: 1}}}, ErrSegmentationChanged},
		{"source language", NewAlignment{DocumentID: doc.ID, Lang: "zh", Segments: []int64{rows[0].ID},
			Sentences: one, Beads: []align.Bead{{Src: []int{0}, Tgt: []int{0}, Confidence: 1}}}, ErrUnknownLanguage},
		{"no document", NewAlignment{DocumentID: 999, Lang: "en", Segments: []int64{rows[0].ID},
			Sentences: one, Beads: []align.Bead{{Src: []int{0}, Tgt: []int{0}, Confidence: 1}}}, ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := st.CreateAlignment(context.Background(), tt.na)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var n int
			st.r.QueryRow(`SELECT (SELECT count(*) FROM alignments) + (SELECT count(*) FROM alignment_sources) + (SELECT count(*) FROM alignment_sentences)`).Scan(&n)
			if n != 0 {
				t.Errorf("%d rows stored", n)
			}
		})
	}
}

func TestEditAlignment(t *testing.T) {
	st := openTemp(t)
	doc := importSeed(t, st)
	a := newTestAlignment(t, st, doc)
	ctx := context.Background()
	got, err := st.EditAlignment(ctx, Edit{AlignmentID: a.ID, Op: EditMoveDown, Position: 1, BaseVersion: a.Version})
	if err != nil {
		t.Fatal(err)
	}
	if shape(got.Beads) != "0+1:0+1 1+1:1+1 2+1:2+2 3+1:4+1" || got.Version != 2 || !got.Beads[1].Reviewed || !got.Beads[2].Reviewed || got.Beads[0].Reviewed {
		t.Errorf("after move: %s v%d %+v", shape(got.Beads), got.Version, got.Beads)
	}
	if _, err := st.EditAlignment(ctx, Edit{AlignmentID: a.ID, Op: EditMerge, Position: 0, BaseVersion: a.Version}); !errors.Is(err, ErrAlignmentChanged) {
		t.Errorf("stale edit: %v", err)
	}
	if _, err := st.EditAlignment(ctx, Edit{AlignmentID: a.ID, Op: EditMoveUp, Position: 0}); !errors.Is(err, ErrBadEdit) {
		t.Errorf("bad edit: %v", err)
	}
	again, _ := st.Alignment(ctx, a.ID)
	if again.Version != 2 || shape(again.Beads) != shape(got.Beads) {
		t.Errorf("refused edits changed the alignment: v%d %s", again.Version, shape(again.Beads))
	}
	if _, err := st.EditAlignment(ctx, Edit{AlignmentID: 999, Op: EditConfirm}); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing alignment: %v", err)
	}
}

func TestAcceptAlignment(t *testing.T) {
	tests := []struct {
		name      string
		threshold float64
		overwrite bool
		prepare   func(t *testing.T, st *Store, a Alignment)
		want      AcceptReport
		texts     []string // translations of the first four segments after
	}{
		{"above threshold", 0.5, false, nil,
			AcceptReport{Accepted: 3, Below: 1}, []string{"Preface", "The world changes. Fast.", "", "A fourth."}},
		{"everything", 0, false, nil,
			AcceptReport{Accepted: 4}, []string{"Preface", "The world changes. Fast.", "A third.", "A fourth."}},
		{"existing kept", 0.5, false, func(t *testing.T, st *Store, a Alignment) {
			save(t, st, a.Sources[1].SegmentID, "en", "Mine.", workflow.StatusTranslated)
		}, AcceptReport{Accepted: 2, Below: 1, Existing: []AcceptedSegment{{Position: 1, Text: "Mine."}}},
			[]string{"Preface", "Mine.", "", "A fourth."}},
		{"existing overwritten", 0.5, true, func(t *testing.T, st *Store, a Alignment) {
			save(t, st, a.Sources[1].SegmentID, "en", "Mine.", workflow.StatusTranslated)
		}, AcceptReport{Accepted: 3, Replaced: 1, Below: 1}, []string{"Preface", "The world changes. Fast.", "", "A fourth."}},
		{"reviewed weak bead", 0.5, false, func(t *testing.T, st *Store, a Alignment) {
			if _, err := st.EditAlignment(context.Background(), Edit{AlignmentID: a.ID, Op: EditConfirm, Position: 2}); err != nil {
				t.Fatal(err)
			}
		}, AcceptReport{Accepted: 4}, []string{"Preface", "The world changes. Fast.", "A third.", "A fourth."}},
		{"merged sources", 0.5, false, func(t *testing.T, st *Store, a Alignment) {
			if _, err := st.EditAlignment(context.Background(), Edit{AlignmentID: a.ID, Op: EditMerge, Position: 1}); err != nil {
				t.Fatal(err)
			}
		}, AcceptReport{Accepted: 3, Covered: []AcceptedSegment{{Position: 1}}},
			[]string{"Preface", "The world changes. Fast. A third.", "", "A fourth."}},
		{"untranslated", 0, false, func(t *testing.T, st *Store, a Alignment) {
			if _, err := st.EditAlignment(context.Background(), Edit{AlignmentID: a.ID, Op: EditUntranslated, Position: 0}); err != nil {
				t.Fatal(err)
			}
		}, AcceptReport{Accepted: 3, Untranslated: 1, Unmatched: 1}, []string{"", "The world changes. Fast.", "A third.", "A fourth."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := openTemp(t)
			doc := importSeed(t, st)
			u, err := st.CreateUser(context.Background(), NewUser{Login: "ana", Role: RoleTranslator, Password: "ana-password-long"})
			if err != nil {
				t.Fatal(err)
			}
			a := newTestAlignment(t, st, doc)
			if err := st.Assign(context.Background(), Assignment{UserID: u.ID, DocumentID: doc.ID, Lang: a.Lang}, 0); err != nil {
				t.Fatal(err)
			}
			if tt.prepare != nil {
				tt.prepare(t, st, a)
			}
			rep, err := st.AcceptAlignment(context.Background(), AcceptOptions{AlignmentID: a.ID, Threshold: tt.threshold, Overwrite: tt.overwrite, By: u.ID})
			if err != nil {
				t.Fatal(err)
			}
			for i := range rep.Existing {
				rep.Existing[i].SegmentID = 0
			}
			for i := range rep.Covered {
				rep.Covered[i].SegmentID = 0
			}
			if !reflect.DeepEqual(rep, tt.want) {
				t.Errorf("report %+v, want %+v", rep, tt.want)
			}
			for i, want := range tt.texts {
				tr, err := st.Translation(context.Background(), a.Sources[i].SegmentID, "en")
				if err != nil {
					t.Fatal(err)
				}
				if tr.Text != want {
					t.Errorf("segment %d: %q, want %q", i, tr.Text, want)
				}
				if want != "" && want != "Mine." {
					if tr.Status != workflow.StatusDraft || tr.AuthorID != u.ID {
						t.Errorf("segment %d: status %s author %d", i, tr.Status, tr.AuthorID)
					}
					revs, _ := st.Revisions(context.Background(), a.Sources[i].SegmentID, "en")
					if len(revs) == 0 || revs[0].Origin != "align" {
						t.Errorf("segment %d: revisions %+v", i, revs)
					}
				}
			}
			after, _ := st.Alignment(context.Background(), a.ID)
			if after.State != AlignmentAccepted || after.AcceptedBy != u.ID {
				t.Errorf("state %s by %d", after.State, after.AcceptedBy)
			}
			if _, err := st.AcceptAlignment(context.Background(), AcceptOptions{AlignmentID: a.ID}); !errors.Is(err, ErrAlignmentClosed) {
				t.Errorf("second accept: %v", err)
			}
			if _, err := st.EditAlignment(context.Background(), Edit{AlignmentID: a.ID, Op: EditConfirm}); !errors.Is(err, ErrAlignmentClosed) {
				t.Errorf("edit after accept: %v", err)
			}
		})
	}
}

func TestAcceptSkipsSegmentsMergedSince(t *testing.T) {
	st := openTemp(t)
	doc := importSeed(t, st)
	a := newTestAlignment(t, st, doc)
	ctx := context.Background()
	// Segments 1 and 2 are in one paragraph: merging retires segment 2.
	if _, err := st.MergeWithNext(ctx, Merge{SegmentID: a.Sources[1].SegmentID}); err != nil {
		t.Fatalf("seed segments 1 and 2 cannot be merged: %v", err)
	}
	rep, err := st.AcceptAlignment(ctx, AcceptOptions{AlignmentID: a.ID})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Changed != 1 || rep.Accepted != 3 {
		t.Errorf("report %+v", rep)
	}
}

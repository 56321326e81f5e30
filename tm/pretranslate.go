package tm

import (
	"context"
	"fmt"
	"unicode"

	"alinea/align/fuzzy"
	"alinea/store"
	"alinea/workflow"
)

// PretranslateReport is what Pretranslate filled, by band.
type PretranslateReport struct {
	Filled  map[Band]int `json:"filled"`
	Total   int          `json:"total"`   // segments filled
	Empty   int          `json:"empty"`   // segments that had no translation
	Skipped int          `json:"skipped"` // segments already translated
	// Saved are the translations written, for telling open editors.
	Saved []store.Translation `json:"-"`
}

// Pretranslate fills every empty segment of a document in lang with its best
// match at or above min similarity (100 when min ≤ 0), as a draft with
// origin "tm", in one transaction through the store's save path.
func (s *Service) Pretranslate(ctx context.Context, docID int64, lang string, min float64, by int64) (PretranslateReport, error) {
	rep := PretranslateReport{Filled: map[Band]int{}}
	if min <= 0 {
		min = 100
	}
	rows, _, err := s.st.Segments(ctx, docID, store.SegmentQuery{Lang: lang})
	if err != nil {
		return rep, err
	}
	var saves []store.Save
	for i, r := range rows {
		if r.Translation.Text != "" {
			rep.Skipped++
			continue
		}
		rep.Empty++
		q := Query{Text: r.Source, Lang: lang, Limit: 1, Min: min, SegmentID: r.ID}
		if i > 0 {
			q.PrevText = rows[i-1].Source
		}
		if i+1 < len(rows) {
			q.NextText = rows[i+1].Source
		}
		ms, err := s.Lookup(ctx, q)
		if err != nil {
			return rep, err
		}
		if len(ms) == 0 || ms[0].Similarity < min {
			continue
		}
		rep.Filled[ms[0].Band]++
		rep.Total++
		saves = append(saves, store.Save{SegmentID: r.ID, Lang: lang, Text: ms[0].Suggestion, Status: workflow.StatusDraft,
			BaseVersion: r.Translation.Version, AuthorID: by, Origin: "tm"})
	}
	if len(saves) == 0 {
		return rep, nil
	}
	detail := fmt.Sprintf("lang=%s min=%g filled=%d", lang, min, rep.Total)
	if rep.Saved, err = s.st.BulkSave(ctx, docID, saves, by, "pretranslate", detail); err != nil {
		return PretranslateReport{Filled: map[Band]int{}}, err
	}
	return rep, nil
}

// Count is segments and characters.
type Count struct {
	Segments   int `json:"segments"`
	Characters int `json:"characters"`
}

// Analysis is how much of a document the memory already covers, as
// translators quote work: per band of the best match, and the repetitions
// (a source met before in the document, counted once in its band).
type Analysis struct {
	Bands       map[Band]Count `json:"bands"`
	Repetitions Count          `json:"repetitions"`
	Total       Count          `json:"total"`
}

// Analyze counts a document's live segments and characters per band of
// their best match in lang, repetitions apart.
func (s *Service) Analyze(ctx context.Context, docID int64, lang string) (Analysis, error) {
	return s.analyze(ctx, docID, lang, nil)
}

// analyze is Analyze, telling done (when not nil) how many segments it has
// analysed so far and of how many.
func (s *Service) analyze(ctx context.Context, docID int64, lang string, done *Progress) (Analysis, error) {
	a := Analysis{Bands: map[Band]Count{}}
	for _, b := range Bands {
		a.Bands[b] = Count{}
	}
	rows, _, err := s.st.Segments(ctx, docID, store.SegmentQuery{Lang: lang})
	if err != nil {
		return a, err
	}
	if done != nil {
		done.total.Store(int64(len(rows)))
	}
	seen := map[string]bool{}
	for i, r := range rows {
		if done != nil {
			done.done.Store(int64(i))
		}
		chars := countChars(r.Source)
		a.Total.Segments++
		a.Total.Characters += chars
		key := fuzzy.Normalize(r.Source)
		if seen[key] {
			a.Repetitions.Segments++
			a.Repetitions.Characters += chars
			continue
		}
		seen[key] = true
		q := Query{Text: r.Source, Lang: lang, Limit: 1, Min: DefaultMin, SegmentID: r.ID}
		if i > 0 {
			q.PrevText = rows[i-1].Source
		}
		if i+1 < len(rows) {
			q.NextText = rows[i+1].Source
		}
		ms, err := s.Lookup(ctx, q)
		if err != nil {
			return a, err
		}
		b := BandNew
		if len(ms) > 0 {
			b = BandOf(ms[0].Score)
		}
		c := a.Bands[b]
		c.Segments++
		c.Characters += chars
		a.Bands[b] = c
	}
	return a, nil
}

// countChars counts the characters of a source that carry text: white
// space is not work.
func countChars(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// Repetitions returns the other live segments, in any document, whose
// source is the same as seg's once normalized.
func (s *Service) Repetitions(ctx context.Context, seg store.Segment) ([]store.ConcordanceHit, error) {
	hits, err := s.st.SameSource(ctx, seg.Source)
	if err != nil {
		return nil, err
	}
	key := fuzzy.Normalize(seg.Source)
	var out []store.ConcordanceHit
	for _, h := range hits {
		if h.SegmentID != seg.ID && fuzzy.Normalize(h.Source) == key {
			out = append(out, h)
		}
	}
	return out, nil
}

// RepetitionCounts is, for each of segs, how many other live segments in
// any document are its repetitions (as Repetitions finds them); segments
// without any are left out. Segments with the same source share one lookup.
func (s *Service) RepetitionCounts(ctx context.Context, segs []store.Segment) (map[int64]int, error) {
	out := map[int64]int{}
	same := map[string][]int64{} // normalized source → ids of its segments
	for _, seg := range segs {
		key := fuzzy.Normalize(seg.Source)
		ids, done := same[key]
		if !done {
			hits, err := s.st.SameSource(ctx, seg.Source)
			if err != nil {
				return nil, err
			}
			ids = []int64{}
			for _, h := range hits {
				if fuzzy.Normalize(h.Source) == key {
					ids = append(ids, h.SegmentID)
				}
			}
			same[key] = ids
		}
		n := 0
		for _, id := range ids {
			if id != seg.ID {
				n++
			}
		}
		if n > 0 {
			out[seg.ID] = n
		}
	}
	return out, nil
}

// Propagate gives text, as a draft with origin "propagate", to every
// repetition of seg in lang that has no translation yet and that allowed
// says the user may edit; one transaction per document.
func (s *Service) Propagate(ctx context.Context, seg store.Segment, lang, text string, by int64,
	allowed func(docID int64) bool) ([]store.Translation, error) {
	if text == "" {
		return nil, nil
	}
	reps, err := s.Repetitions(ctx, seg)
	if err != nil {
		return nil, err
	}
	byDoc := map[int64][]store.Save{}
	var docs []int64
	for _, h := range reps {
		if !allowed(h.DocumentID) {
			continue
		}
		cur, err := s.st.Translation(ctx, h.SegmentID, lang)
		if err != nil {
			return nil, err
		}
		if cur.Text != "" {
			continue
		}
		if byDoc[h.DocumentID] == nil {
			docs = append(docs, h.DocumentID)
		}
		byDoc[h.DocumentID] = append(byDoc[h.DocumentID], store.Save{SegmentID: h.SegmentID, Lang: lang, Text: text,
			Status: workflow.StatusDraft, BaseVersion: cur.Version, AuthorID: by, Origin: "propagate"})
	}
	var out []store.Translation
	for _, d := range docs {
		saved, err := s.st.BulkSave(ctx, d, byDoc[d], by, "propagate",
			fmt.Sprintf("from segment %d lang=%s filled=%d", seg.ID, lang, len(byDoc[d])))
		if err != nil {
			return out, err
		}
		out = append(out, saved...)
	}
	return out, nil
}

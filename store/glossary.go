package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"alinea/align/term"
	"alinea/align/text"
)

// SourceLang is the language whose glossary terms are looked for in source
// segments.
const SourceLang = "zh"

// Concept is a glossary concept as stored: the termbase entry, with who
// made it and when.
type Concept struct {
	term.Concept
	Definition    string
	CreatedBy     int64
	UpdatedBy     int64
	UpdatedByName string
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// ErrInvalidConcept is returned (wrapped, with what is wrong) for a concept
// that cannot be stored.
var ErrInvalidConcept = errors.New("invalid concept")

// DuplicateTermError is returned when a new or changed concept has a source
// term that already names another concept: one Chinese term, one concept,
// or the editor could not tell which rendering to offer.
type DuplicateTermError struct {
	Term    string
	Concept int64
}

func (e *DuplicateTermError) Error() string {
	return fmt.Sprintf("%q is already a term of concept %d", e.Term, e.Concept)
}

// ImportMode says what ImportConcepts does with the glossary it finds.
type ImportMode string

const (
	// ImportMerge updates the concepts that share a Chinese term with an
	// imported one and adds the others.
	ImportMerge ImportMode = "merge"
	// ImportReplace deletes the glossary and stores the imported one.
	ImportReplace ImportMode = "replace"
)

// ImportResult counts what ImportConcepts did.
type ImportResult struct {
	Created, Updated, Deleted int
}

// ErrReplaceWithNothing is returned when a glossary import would replace
// the glossary with a file that holds no concept.
var ErrReplaceWithNothing = errors.New("the file holds no concept: replacing the glossary with it would delete every concept")

// ConceptProblem says what is wrong with a concept that cannot be stored.
type ConceptProblem string

const (
	NoTerms       ConceptProblem = "no-terms"
	NoLanguage    ConceptProblem = "no-language"
	EmptyTerm     ConceptProblem = "empty-term"
	UnknownStatus ConceptProblem = "unknown-status"
	EmptyForm     ConceptProblem = "empty-form"
	TooLong       ConceptProblem = "too-long"
)

// Bounds on what a concept holds, in characters: a term is a phrase, and a
// note, domain or source a few paragraphs at most.
const (
	MaxTermRunes        = 300
	MaxConceptTextRunes = 4000
)

// ConceptError is a concept that cannot be stored, and why. It wraps
// ErrInvalidConcept.
type ConceptError struct {
	Problem ConceptProblem
	Term    int    // 1-based term at fault, 0 for the concept
	Text    string // the term's text
	Lang    string // the term's language
	Status  string // for UnknownStatus
}

func (e *ConceptError) Error() string {
	switch e.Problem {
	case NoTerms:
		return ErrInvalidConcept.Error() + ": no terms"
	case TooLong:
		if e.Term == 0 {
			return fmt.Sprintf("%v: a domain, note or source longer than %d characters", ErrInvalidConcept, MaxConceptTextRunes)
		}
	case UnknownStatus:
		return fmt.Sprintf("%v: term %d (%q) has unknown status %q", ErrInvalidConcept, e.Term, e.Text, e.Status)
	}
	return fmt.Sprintf("%v: term %d (%s %q): %s", ErrInvalidConcept, e.Term, e.Lang, e.Text, e.Problem)
}

func (e *ConceptError) Unwrap() error { return ErrInvalidConcept }

// checkConcept refuses a concept that the matcher or the exports could not
// use, saying which term is at fault. It trims the terms' text.
func checkConcept(c *term.Concept) error {
	if len(c.Terms) == 0 {
		return &ConceptError{Problem: NoTerms}
	}
	for _, f := range []string{c.Domain, c.Note, c.Source} {
		if utf8.RuneCountInString(f) > MaxConceptTextRunes {
			return &ConceptError{Problem: TooLong}
		}
	}
	seen := map[string]bool{}
	kept := c.Terms[:0]
	for _, t := range c.Terms {
		// One language, one code: zh-CN, zh-Hans and zh are one Chinese, so
		// a file's regional tags are stored as the language, and a term
		// given twice under two of them is kept once.
		t.Lang = termLang(t.Lang)
		k := t.Lang + "\x00" + strings.TrimSpace(t.Text)
		if t.Lang != "" && strings.TrimSpace(t.Text) != "" && seen[k] {
			continue
		}
		seen[k] = true
		kept = append(kept, t)
	}
	c.Terms = kept
	for i := range c.Terms {
		t := &c.Terms[i]
		t.Text = strings.TrimSpace(t.Text)
		t.Lang = strings.TrimSpace(t.Lang)
		if t.Status == "" {
			t.Status = term.Preferred
		}
		e := &ConceptError{Term: i + 1, Text: t.Text, Lang: t.Lang}
		switch {
		case t.Lang == "":
			e.Problem = NoLanguage
		case t.Text == "" || text.Key(t.Text) == "":
			e.Problem = EmptyTerm
		case !t.Status.Valid():
			e.Problem, e.Status = UnknownStatus, string(t.Status)
		}
		for _, f := range t.Forms {
			if e.Problem == "" && strings.TrimSpace(f.Text) == "" {
				e.Problem = EmptyForm
			}
			if e.Problem == "" && utf8.RuneCountInString(f.Text) > MaxTermRunes {
				e.Problem = TooLong
			}
		}
		if e.Problem == "" && (utf8.RuneCountInString(t.Text) > MaxTermRunes || utf8.RuneCountInString(t.Note) > MaxConceptTextRunes) {
			e.Problem = TooLong
		}
		if e.Problem == TooLong {
			e.Text = string([]rune(t.Text)[:min(len([]rune(t.Text)), 40)])
		}
		if e.Problem != "" {
			return e
		}
	}
	return nil
}

// termLang is the code a term's language is stored under: the workbench's
// own languages without region or script (zh-CN, zh_Hans → zh; es-419 → es),
// other tags as given.
func termLang(tag string) string {
	tag = strings.TrimSpace(tag)
	switch base := text.BaseLang(tag); base {
	case "zh", "es", "pt", "en":
		return base
	}
	return tag
}

// sourceKeys are the folded source-language terms of a concept.
func sourceKeys(c *term.Concept) []string {
	var keys []string
	for _, t := range c.Terms {
		if text.IsLang(t.Lang, SourceLang) {
			keys = append(keys, text.Key(t.Text))
		}
	}
	return keys
}

// conceptWithTerm returns the concept (other than except) that has one of
// the source keys, or 0.
func conceptWithTerm(ctx context.Context, q querier, keys []string, except int64) (int64, string, error) {
	for _, k := range keys {
		var id int64
		var text string
		err := q.QueryRowContext(ctx, `SELECT concept_id, text FROM terms
			WHERE folded = ? AND (lang = ? OR lower(lang) LIKE ? ) AND concept_id <> ? ORDER BY concept_id LIMIT 1`,
			k, SourceLang, SourceLang+"-%", except).Scan(&id, &text)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return 0, "", err
		}
		return id, text, nil
	}
	return 0, "", nil
}

func bumpGlossary(ctx context.Context, tx *dbTx) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('glossary_version', '1')
		ON CONFLICT (key) DO UPDATE SET value = CAST(settings.value AS INTEGER) + 1`)
	return err
}

func insertTerms(ctx context.Context, tx *dbTx, conceptID int64, terms []term.Term) error {
	for i, t := range terms {
		tid, err := insertID(ctx, tx, `INSERT INTO terms (concept_id, position, lang, text, folded, status, gender, number, note)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, conceptID, i, t.Lang, t.Text, text.Key(t.Text), string(t.Status), t.Gender, t.Number, t.Note)
		if err != nil {
			return fmt.Errorf("term %q: %w", t.Text, err)
		}
		for j, f := range t.Forms {
			if _, err := tx.ExecContext(ctx, `INSERT INTO term_forms (term_id, position, text, gender, number) VALUES (?, ?, ?, ?, ?)`,
				tid, j, strings.TrimSpace(f.Text), f.Gender, f.Number); err != nil {
				return fmt.Errorf("form %q of %q: %w", f.Text, t.Text, err)
			}
		}
	}
	return nil
}

func insertConcept(ctx context.Context, tx *dbTx, c Concept, by int64) (int64, error) {
	at := now()
	id, err := insertID(ctx, tx, `INSERT INTO concepts (domain, definition, note, source, created_by, created_at, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.Domain, c.Definition, c.Note, c.Source, nullID(by), at, nullID(by), at)
	if err != nil {
		return 0, err
	}
	return id, insertTerms(ctx, tx, id, c.Terms)
}

// conceptLabel names a concept in the activity log: its first source term.
func conceptLabel(c *term.Concept) string {
	for _, t := range c.Terms {
		if text.IsLang(t.Lang, SourceLang) {
			return t.Text
		}
	}
	if len(c.Terms) > 0 {
		return c.Terms[0].Text
	}
	return ""
}

// CreateConcept stores a new concept in one transaction, recording who
// added it. A source term that already names a concept is refused with a
// *DuplicateTermError.
func (s *Store) CreateConcept(ctx context.Context, c Concept, by int64) (Concept, error) {
	if err := checkConcept(&c.Concept); err != nil {
		return Concept{}, fmt.Errorf("add concept: %w", err)
	}
	var id int64
	err := s.tx(ctx, func(tx *dbTx) error {
		other, term, err := conceptWithTerm(ctx, tx, sourceKeys(&c.Concept), 0)
		if err != nil {
			return err
		}
		if other != 0 {
			return &DuplicateTermError{Term: term, Concept: other}
		}
		if id, err = insertConcept(ctx, tx, c, by); err != nil {
			return err
		}
		if err := logActivity(ctx, tx, by, 0, "glossary-add", fmt.Sprintf("concept %d %s", id, conceptLabel(&c.Concept))); err != nil {
			return err
		}
		return bumpGlossary(ctx, tx)
	})
	if err != nil {
		return Concept{}, fmt.Errorf("add concept: %w", err)
	}
	return s.Concept(ctx, id)
}

// UpdateConcept replaces a concept's fields and terms in one transaction,
// recording who changed it.
func (s *Store) UpdateConcept(ctx context.Context, c Concept, by int64) (Concept, error) {
	if err := checkConcept(&c.Concept); err != nil {
		return Concept{}, fmt.Errorf("change concept %d: %w", c.ID, err)
	}
	err := s.tx(ctx, func(tx *dbTx) error {
		res, err := tx.ExecContext(ctx, `UPDATE concepts SET domain = ?, definition = ?, note = ?, source = ?, updated_by = ?, updated_at = ?
			WHERE id = ?`, c.Domain, c.Definition, c.Note, c.Source, nullID(by), now(), c.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("concept %d: %w", c.ID, ErrNotFound)
		}
		other, term, err := conceptWithTerm(ctx, tx, sourceKeys(&c.Concept), c.ID)
		if err != nil {
			return err
		}
		if other != 0 {
			return &DuplicateTermError{Term: term, Concept: other}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM terms WHERE concept_id = ?`, c.ID); err != nil {
			return err
		}
		if err := insertTerms(ctx, tx, c.ID, c.Terms); err != nil {
			return err
		}
		if err := logActivity(ctx, tx, by, 0, "glossary-change", fmt.Sprintf("concept %d %s", c.ID, conceptLabel(&c.Concept))); err != nil {
			return err
		}
		return bumpGlossary(ctx, tx)
	})
	if err != nil {
		return Concept{}, fmt.Errorf("change concept %d: %w", c.ID, err)
	}
	return s.Concept(ctx, c.ID)
}

// DeleteConcept deletes a concept and its terms, recording who did it.
func (s *Store) DeleteConcept(ctx context.Context, id int64, by int64) error {
	old, err := s.Concept(ctx, id)
	if err != nil {
		return fmt.Errorf("delete concept: %w", err)
	}
	err = s.tx(ctx, func(tx *dbTx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM concepts WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("concept %d: %w", id, ErrNotFound)
		}
		if err := logActivity(ctx, tx, by, 0, "glossary-delete", fmt.Sprintf("concept %d %s", id, conceptLabel(&old.Concept))); err != nil {
			return err
		}
		return bumpGlossary(ctx, tx)
	})
	if err != nil {
		return fmt.Errorf("delete concept %d: %w", id, err)
	}
	return nil
}

// ImportConcepts stores a glossary read from a file, all of it in one
// transaction or nothing. With ImportMerge an imported concept that shares
// a Chinese term with a stored one updates it: its fields where the import
// has them, its terms replaced by the imported ones plus the stored terms
// the import does not have; the other concepts are added. With
// ImportReplace the stored glossary is deleted first. Two imported concepts
// sharing a Chinese term are refused.
func (s *Store) ImportConcepts(ctx context.Context, cs []term.Concept, mode ImportMode, by int64) (ImportResult, error) {
	var res ImportResult
	if mode == "" {
		mode = ImportMerge
	}
	if mode != ImportMerge && mode != ImportReplace {
		return res, fmt.Errorf("import glossary: unknown mode %q", mode)
	}
	// An empty or header-only file is far more often a mistake (a failed
	// export, the wrong file) than a wish to delete the whole glossary.
	if mode == ImportReplace && len(cs) == 0 {
		return res, fmt.Errorf("import glossary: %w", ErrReplaceWithNothing)
	}
	cs = slices.Clone(cs)
	seen := map[string]int{}
	for i := range cs {
		cs[i].Terms = slices.Clone(cs[i].Terms)
		if err := checkConcept(&cs[i]); err != nil {
			return res, fmt.Errorf("import glossary: concept %d: %w", i+1, err)
		}
		for _, k := range sourceKeys(&cs[i]) {
			if j, ok := seen[k]; ok && j != i {
				return res, fmt.Errorf("import glossary: concept %d: %w: its Chinese term %q is also in concept %d", i+1, ErrInvalidConcept, k, j+1)
			}
			seen[k] = i
		}
	}
	err := s.tx(ctx, func(tx *dbTx) error {
		if mode == ImportReplace {
			r, err := tx.ExecContext(ctx, `DELETE FROM concepts`)
			if err != nil {
				return err
			}
			n, _ := r.RowsAffected()
			res.Deleted = int(n)
		}
		for i := range cs {
			c := &cs[i]
			id, _, err := conceptWithTerm(ctx, tx, sourceKeys(c), 0)
			if err != nil {
				return err
			}
			if id == 0 {
				if _, err := insertConcept(ctx, tx, Concept{Concept: *c}, by); err != nil {
					return fmt.Errorf("concept %d: %w", i+1, err)
				}
				res.Created++
				continue
			}
			old, err := concepts(ctx, tx, `WHERE c.id = ?`, id)
			if err != nil || len(old) != 1 {
				return fmt.Errorf("concept %d: %w", id, errors.Join(err, ErrNotFound))
			}
			merged := mergeConcept(old[0].Concept, *c)
			if _, err := tx.ExecContext(ctx, `UPDATE concepts SET domain = ?, note = ?, source = ?, updated_by = ?, updated_at = ? WHERE id = ?`,
				merged.Domain, merged.Note, merged.Source, nullID(by), now(), id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM terms WHERE concept_id = ?`, id); err != nil {
				return err
			}
			if err := insertTerms(ctx, tx, id, merged.Terms); err != nil {
				return fmt.Errorf("concept %d: %w", i+1, err)
			}
			res.Updated++
		}
		detail := fmt.Sprintf("%s: %d added, %d updated, %d deleted", mode, res.Created, res.Updated, res.Deleted)
		if err := logActivity(ctx, tx, by, 0, "glossary-import", detail); err != nil {
			return err
		}
		return bumpGlossary(ctx, tx)
	})
	if err != nil {
		return ImportResult{}, fmt.Errorf("import glossary: %w", err)
	}
	return res, nil
}

// mergeConcept is stored updated by imported: imported fields win when
// present, imported terms come first and stored terms the import lacks
// (same language and folded text) follow.
func mergeConcept(stored, imported term.Concept) term.Concept {
	out := stored
	if imported.Domain != "" {
		out.Domain = imported.Domain
	}
	if imported.Note != "" {
		out.Note = imported.Note
	}
	if imported.Source != "" {
		out.Source = imported.Source
	}
	have := map[string]bool{}
	out.Terms = slices.Clone(imported.Terms)
	for _, t := range imported.Terms {
		have[strings.ToLower(t.Lang)+"\x00"+text.Key(t.Text)] = true
	}
	for _, t := range stored.Terms {
		if !have[strings.ToLower(t.Lang)+"\x00"+text.Key(t.Text)] {
			out.Terms = append(out.Terms, t)
		}
	}
	return out
}

const conceptColumns = `c.id, c.domain, c.definition, c.note, c.source, coalesce(c.created_by, 0), c.created_at,
	coalesce(c.updated_by, 0), coalesce(u.display_name, ''), c.updated_at`

// concepts reads the concepts selected by where (on concepts c) with their
// terms and forms, ordered by id.
func concepts(ctx context.Context, q querier, where string, args ...any) ([]Concept, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+conceptColumns+` FROM concepts c
		LEFT JOIN users u ON u.id = c.updated_by `+where+` ORDER BY c.id`, args...)
	if err != nil {
		return nil, err
	}
	var out []Concept
	byID := map[int64]int{}
	for rows.Next() {
		var c Concept
		var created, updated string
		if err := rows.Scan(&c.ID, &c.Domain, &c.Definition, &c.Note, &c.Source, &c.CreatedBy, &created,
			&c.UpdatedBy, &c.UpdatedByName, &updated); err != nil {
			rows.Close()
			return nil, err
		}
		c.CreatedAt, c.UpdatedAt = parseTime(created), parseTime(updated)
		byID[c.ID] = len(out)
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	// One query for all terms and one for all forms: the glossary is read
	// whole to build the matcher, and per-concept queries would be slow.
	termWhere, termArgs := "", []any(nil)
	if len(out) < 500 {
		ids := make([]string, len(out))
		for i, c := range out {
			ids[i] = strconv.FormatInt(c.ID, 10)
		}
		termWhere = ` WHERE t.concept_id IN (` + strings.Join(ids, ",") + `)`
	}
	trows, err := q.QueryContext(ctx, `SELECT t.id, t.concept_id, t.lang, t.text, t.status, t.gender, t.number, t.note
		FROM terms t`+termWhere+` ORDER BY t.concept_id, t.position`, termArgs...)
	if err != nil {
		return nil, err
	}
	type ref struct{ c, t int }
	termAt := map[int64]ref{}
	for trows.Next() {
		var t term.Term
		var cid int64
		var status string
		if err := trows.Scan(&t.ID, &cid, &t.Lang, &t.Text, &status, &t.Gender, &t.Number, &t.Note); err != nil {
			trows.Close()
			return nil, err
		}
		t.Status = term.TermStatus(status)
		i, ok := byID[cid]
		if !ok {
			continue
		}
		termAt[t.ID] = ref{i, len(out[i].Terms)}
		out[i].Terms = append(out[i].Terms, t)
	}
	trows.Close()
	if err := trows.Err(); err != nil {
		return nil, err
	}
	frows, err := q.QueryContext(ctx, `SELECT term_id, text, gender, number FROM term_forms ORDER BY term_id, position`)
	if err != nil {
		return nil, err
	}
	defer frows.Close()
	for frows.Next() {
		var tid int64
		var f term.TermForm
		if err := frows.Scan(&tid, &f.Text, &f.Gender, &f.Number); err != nil {
			return nil, err
		}
		if r, ok := termAt[tid]; ok {
			t := &out[r.c].Terms[r.t]
			t.Forms = append(t.Forms, f)
		}
	}
	return out, frows.Err()
}

// Concepts returns the whole glossary, oldest concept first.
func (s *Store) Concepts(ctx context.Context) ([]Concept, error) {
	cs, err := concepts(ctx, s.r, "")
	if err != nil {
		return nil, fmt.Errorf("read glossary: %w", err)
	}
	return cs, nil
}

// TermbaseConcepts returns the whole glossary as plain termbase entries,
// without who made them: what matchers, exports and the aligner need.
func (s *Store) TermbaseConcepts(ctx context.Context) ([]term.Concept, error) {
	cs, err := s.Concepts(ctx)
	if err != nil {
		return nil, err
	}
	plain := make([]term.Concept, len(cs))
	for i := range cs {
		plain[i] = cs[i].Concept
	}
	return plain, nil
}

// Concept returns one concept.
func (s *Store) Concept(ctx context.Context, id int64) (Concept, error) {
	cs, err := concepts(ctx, s.r, `WHERE c.id = ?`, id)
	if err != nil {
		return Concept{}, fmt.Errorf("concept %d: %w", id, err)
	}
	if len(cs) == 0 {
		return Concept{}, fmt.Errorf("concept %d: %w", id, ErrNotFound)
	}
	return cs[0], nil
}

// Lookup returns the concepts with a term in any language that contains
// query, compared folded (case, accents, width: see text.Key), so
// "sur global", "ＳＵＲ　ＧＬＯＢＡＬ" and "Súr Global" all find Sur Global.
// Concepts with a term equal to the query come first, then those with a
// term starting with it, then the rest; at most limit (0: all).
func (s *Store) Lookup(ctx context.Context, query string, limit int) ([]Concept, error) {
	k := text.Key(query)
	if k == "" {
		return nil, nil
	}
	if limit <= 0 {
		limit = noLimit
	}
	// SQLite: ?1 and instr (PostgreSQL: $1 by the rebinding, instr from
	// its migrations).
	like := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(k)
	rows, err := s.r.QueryContext(ctx, `SELECT concept_id, min(CASE WHEN folded = ?1 THEN 0 WHEN folded LIKE ?2 ESCAPE '\' THEN 1 ELSE 2 END) AS rank
		FROM terms WHERE instr(folded, ?1) > 0 GROUP BY concept_id ORDER BY rank, concept_id LIMIT ?3`, k, like+"%", limit)
	if err != nil {
		return nil, fmt.Errorf("look up %q: %w", query, err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		var rank int
		if err := rows.Scan(&id, &rank); err != nil {
			rows.Close()
			return nil, fmt.Errorf("look up %q: %w", query, err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if len(ids) == 0 {
		return nil, rows.Err()
	}
	idList := make([]string, len(ids))
	for i, id := range ids {
		idList[i] = strconv.FormatInt(id, 10)
	}
	cs, err := concepts(ctx, s.r, `WHERE c.id IN (`+strings.Join(idList, ",")+`)`)
	if err != nil {
		return nil, fmt.Errorf("look up %q: %w", query, err)
	}
	pos := map[int64]int{}
	for i, id := range ids {
		pos[id] = i
	}
	slices.SortFunc(cs, func(a, b Concept) int { return pos[a.ID] - pos[b.ID] })
	return cs, nil
}

// GlossaryVersion is a counter every glossary write moves, in whichever
// process it happens.
func (s *Store) GlossaryVersion(ctx context.Context) (int64, error) {
	v, err := s.Setting(ctx, "glossary_version")
	if err != nil {
		return 0, err
	}
	n, _ := strconv.ParseInt(v, 10, 64)
	return n, nil
}

// SourceSegments returns the live segments of a document in order, or of
// every document when docID is 0 (for finding where terms occur).
func (s *Store) SourceSegments(ctx context.Context, docID int64) ([]Segment, error) {
	where, args := `WHERE s.retired_into IS NULL`, []any(nil)
	if docID != 0 {
		if _, err := s.Document(ctx, docID); err != nil {
			return nil, err
		}
		where += ` AND s.document_id = ?`
		args = append(args, docID)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+segmentColumns+` FROM segments s JOIN paragraphs p ON p.id = s.paragraph_id `+
		where+` ORDER BY s.document_id, s.position`, args...)
	if err != nil {
		return nil, fmt.Errorf("segments of document %d: %w", docID, err)
	}
	defer rows.Close()
	var out []Segment
	for rows.Next() {
		var seg Segment
		if err := scanSegment(rows, &seg); err != nil {
			return nil, fmt.Errorf("segments of document %d: %w", docID, err)
		}
		out = append(out, seg)
	}
	return out, rows.Err()
}

// TranslatedSource is a segment's source with its translation into one
// language: what the terminology check reads.
type TranslatedSource struct {
	SegmentID int64
	Source    string
	Text      string
}

// TranslatedSources returns the live segments of a document that have a
// non-empty translation into lang, with just what the terminology check
// needs.
func (s *Store) TranslatedSources(ctx context.Context, docID int64, lang string) ([]TranslatedSource, error) {
	if err := checkLanguage(ctx, s.r, lang, true); err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT s.id, s.source, t.text FROM segments s
		JOIN translations t ON t.segment_id = s.id AND t.lang = ?
		WHERE s.document_id = ? AND s.retired_into IS NULL AND t.text <> ''`, lang, docID)
	if err != nil {
		return nil, fmt.Errorf("translations of document %d: %w", docID, err)
	}
	defer rows.Close()
	var out []TranslatedSource
	for rows.Next() {
		var ts TranslatedSource
		if err := rows.Scan(&ts.SegmentID, &ts.Source, &ts.Text); err != nil {
			return nil, fmt.Errorf("translations of document %d: %w", docID, err)
		}
		out = append(out, ts)
	}
	return out, rows.Err()
}

func idList(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

// GlossaryActivity returns the glossary's changes, newest first, up to
// limit (0 for all): additions, changes, deletions and imports, with who
// made them.
func (s *Store) GlossaryActivity(ctx context.Context, limit int) ([]Event, error) {
	if limit <= 0 {
		limit = noLimit
	}
	rows, err := s.r.QueryContext(ctx, `SELECT a.at, coalesce(a.user_id, 0), coalesce(u.display_name, ''), a.action, a.detail
		FROM activity a LEFT JOIN users u ON u.id = a.user_id
		WHERE a.document_id IS NULL AND a.action LIKE 'glossary-%' ORDER BY a.at DESC, a.id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("glossary activity: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var at string
		if err := rows.Scan(&at, &e.UserID, &e.User, &e.Action, &e.Detail); err != nil {
			return nil, fmt.Errorf("glossary activity: %w", err)
		}
		e.At = parseTime(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

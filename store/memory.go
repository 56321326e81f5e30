package store

import (
	"context"

	"alinea/workflow"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"
)

// Memory is a named translation memory.
type Memory struct {
	ID        int64
	Name      string
	Units     int
	CreatedAt time.Time
}

// MemoryUnit is one unit of the translation memory: an imported unit of a
// named memory, or the live translation of a document's segment.
type MemoryUnit struct {
	ID         int64
	MemoryID   int64 // 0 for a live translation
	MemoryName string
	SegmentID  int64 // 0 for an imported unit
	DocumentID int64
	Document   string // the document's title
	Lang       string
	Source     string
	// Key is the normalized source when the writer knew it; "" means the
	// reader normalizes Source.
	Key        string
	Target     string
	Status     workflow.Status
	AuthorID   int64
	Author     string
	UpdatedAt  time.Time
	PrevSource string
	NextSource string
	Origin     string
}

// ErrMemoryName is returned for an empty memory name.
var ErrMemoryName = errors.New("a memory needs a name")

// Memory returns the memory called name.
func (s *Store) Memory(ctx context.Context, name string) (Memory, error) {
	var m Memory
	var at string
	err := s.r.QueryRowContext(ctx, `SELECT m.id, m.name, m.created_at, (SELECT count(*) FROM tm_units u WHERE u.memory_id = m.id)
		FROM tm_memories m WHERE m.name = ?`, name).Scan(&m.ID, &m.Name, &at, &m.Units)
	if errors.Is(err, sql.ErrNoRows) {
		return Memory{}, fmt.Errorf("memory %q: %w", name, ErrNotFound)
	}
	if err != nil {
		return Memory{}, fmt.Errorf("memory %q: %w", name, err)
	}
	m.CreatedAt = parseTime(at)
	return m, nil
}

// Memories lists the named memories with their unit counts, by name.
func (s *Store) Memories(ctx context.Context) ([]Memory, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT m.id, m.name, m.created_at, count(u.id)
		FROM tm_memories m LEFT JOIN tm_units u ON u.memory_id = m.id GROUP BY m.id ORDER BY m.name`+s.binary())
	if err != nil {
		return nil, fmt.Errorf("memories: %w", err)
	}
	defer rows.Close()
	var out []Memory
	for rows.Next() {
		var m Memory
		var at string
		if err := rows.Scan(&m.ID, &m.Name, &at, &m.Units); err != nil {
			return nil, fmt.Errorf("memories: %w", err)
		}
		m.CreatedAt = parseTime(at)
		out = append(out, m)
	}
	return out, rows.Err()
}

// LiveMemoryUnits counts the units that follow documents' translations.
func (s *Store) LiveMemoryUnits(ctx context.Context) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM tm_units WHERE segment_id IS NOT NULL`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count live memory units: %w", err)
	}
	return n, nil
}

// DeleteMemory deletes a named memory and its units in one transaction and
// returns how many units went.
func (s *Store) DeleteMemory(ctx context.Context, name string) (int, error) {
	var n int
	err := s.tx(ctx, func(tx *dbTx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM tm_memories WHERE name = ?`, name).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM tm_units WHERE memory_id = ?`, id)
		if err != nil {
			return err
		}
		n64, _ := res.RowsAffected()
		n = int(n64)
		_, err = tx.ExecContext(ctx, `DELETE FROM tm_memories WHERE id = ?`, id)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("delete memory %q: %w", name, err)
	}
	return n, nil
}

// MemoryImport is what AddMemoryUnits did.
type MemoryImport struct {
	Memory Memory
	Added  int
}

// AddMemoryUnits adds units to the memory called name (created when absent)
// in one transaction: when units yields an error nothing is stored. A
// unit's MemoryID, SegmentID and DocumentID are ignored.
func (s *Store) AddMemoryUnits(ctx context.Context, name string, by int64, units iter.Seq2[MemoryUnit, error]) (MemoryImport, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return MemoryImport{}, ErrMemoryName
	}
	var out MemoryImport
	err := s.tx(ctx, func(tx *dbTx) error {
		at := now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO tm_memories (name, created_at, created_by) VALUES (?, ?, ?)
			ON CONFLICT (name) DO NOTHING`, name, at, nullID(by)); err != nil {
			return err
		}
		var at2 string
		if err := tx.QueryRowContext(ctx, `SELECT id, name, created_at FROM tm_memories WHERE name = ?`, name).
			Scan(&out.Memory.ID, &out.Memory.Name, &at2); err != nil {
			return err
		}
		out.Memory.CreatedAt = parseTime(at2)
		ins, err := tx.PrepareContext(ctx, `INSERT INTO tm_units (memory_id, lang, source, source_key, target, status, author, updated_at, origin)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'memory')`)
		if err != nil {
			return err
		}
		defer ins.Close()
		for u, err := range units {
			if err != nil {
				return err
			}
			st := u.Status
			if !st.Valid() || st.Rank() < workflow.StatusTranslated.Rank() {
				st = workflow.StatusTranslated
			}
			when := at
			if !u.UpdatedAt.IsZero() {
				when = u.UpdatedAt.UTC().Format(timeLayout)
			}
			var key any
			if u.Key != "" && u.Key != u.Source {
				key = u.Key
			}
			if _, err := ins.ExecContext(ctx, out.Memory.ID, u.Lang, u.Source, key, u.Target, st, u.Author, when); err != nil {
				return err
			}
			out.Added++
		}
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM tm_units WHERE memory_id = ?`, out.Memory.ID).Scan(&out.Memory.Units)
	})
	if err != nil {
		return MemoryImport{}, fmt.Errorf("add units to memory %q: %w", name, err)
	}
	return out, nil
}

// MemoryPairs calls fn with the language, source and target of every unit of
// the memory called name, so an import can skip what it already holds.
func (s *Store) MemoryPairs(ctx context.Context, name string, fn func(lang, source, target string)) error {
	rows, err := s.r.QueryContext(ctx, `SELECT u.lang, u.source, u.target FROM tm_units u
		JOIN tm_memories m ON m.id = u.memory_id WHERE m.name = ?`, name)
	if err != nil {
		return fmt.Errorf("units of memory %q: %w", name, err)
	}
	defer rows.Close()
	for rows.Next() {
		var l, src, tgt string
		if err := rows.Scan(&l, &src, &tgt); err != nil {
			return fmt.Errorf("units of memory %q: %w", name, err)
		}
		fn(l, src, tgt)
	}
	return rows.Err()
}

// MemoryKeys calls fn with the id, source and stored key ("" when the source
// is to be normalized) of every unit in lang, and returns the position of the
// change log they reflect: changes after it are read with MemoryChanges.
func (s *Store) MemoryKeys(ctx context.Context, lang string, fn func(id int64, source, key string)) (int64, error) {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return 0, fmt.Errorf("memory keys (%s): %w", lang, err)
	}
	defer tx.Rollback()
	var head int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM tm_log`).Scan(&head); err != nil {
		return 0, fmt.Errorf("memory keys (%s): %w", lang, err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, CASE WHEN source_key IS NULL THEN source ELSE '' END, coalesce(source_key, '')
		FROM tm_units WHERE lang = ?`, lang)
	if err != nil {
		return 0, fmt.Errorf("memory keys (%s): %w", lang, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var src, key string
		if err := rows.Scan(&id, &src, &key); err != nil {
			return 0, fmt.Errorf("memory keys (%s): %w", lang, err)
		}
		fn(id, src, key)
	}
	return head, rows.Err()
}

// MemoryChange is a unit that changed: Deleted, or its current source.
type MemoryChange struct {
	UnitID  int64
	Deleted bool
	Source  string
	Key     string
}

// ErrLogPruned is returned by MemoryChanges when the changes asked for were
// pruned: the caller reloads everything.
var ErrLogPruned = errors.New("memory change log pruned")

// MemoryChanges returns the units of lang that changed after position since,
// and the position they bring the caller to.
func (s *Store) MemoryChanges(ctx context.Context, lang string, since int64) ([]MemoryChange, int64, error) {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, since, fmt.Errorf("memory changes: %w", err)
	}
	defer tx.Rollback()
	// max alone is read from the key; with min beside it, every entry.
	var head int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM tm_log`).Scan(&head); err != nil {
		return nil, since, fmt.Errorf("memory changes: %w", err)
	}
	if head <= since {
		return nil, since, nil
	}
	pruned, err := s.settingIn(ctx, tx, "tm_log_pruned")
	if err != nil {
		return nil, since, err
	}
	if pruned > since {
		return nil, since, ErrLogPruned
	}
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT l.unit_id, u.id IS NULL OR u.lang <> l.lang, coalesce(u.source, ''), coalesce(u.source_key, '')
		FROM tm_log l LEFT JOIN tm_units u ON u.id = l.unit_id
		WHERE l.seq > ? AND l.seq <= ? AND l.lang = ?`, since, head, lang)
	if err != nil {
		return nil, since, fmt.Errorf("memory changes: %w", err)
	}
	defer rows.Close()
	var out []MemoryChange
	for rows.Next() {
		var c MemoryChange
		if err := rows.Scan(&c.UnitID, &c.Deleted, &c.Source, &c.Key); err != nil {
			return nil, since, fmt.Errorf("memory changes: %w", err)
		}
		out = append(out, c)
	}
	return out, head, rows.Err()
}

func (s *Store) settingIn(ctx context.Context, q querier, key string) (int64, error) {
	var v int64
	err := q.QueryRowContext(ctx, `SELECT CAST(value AS INTEGER) FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, nil
}

// The change log keeps its last memoryLogKeep entries: a process that fell
// further behind rebuilds its index (ErrLogPruned). Saves trim it once
// memoryLogSlack more have gathered, so that a trim is rare and removes a
// bounded number of rows. Variables for the tests.
var (
	memoryLogKeep  int64 = 50000
	memoryLogSlack int64 = 5000
)

// PruneMemoryLog cuts the change log to its last keep entries once it holds
// more; processes that had not read that far reload. Saves do it on their
// own; imports and deletes, which log many changes at once, call it.
func (s *Store) PruneMemoryLog(ctx context.Context, keep int) error {
	err := s.tx(ctx, func(tx *dbTx) error { return trimMemoryLog(ctx, tx, int64(keep), 0) })
	if err != nil {
		return fmt.Errorf("prune memory log: %w", err)
	}
	return nil
}

// trimMemoryLog drops the log's entries but the last keep once it spans
// more than keep+slack positions. The last entry always stays, so that
// positions never start again from one.
func trimMemoryLog(ctx context.Context, tx *dbTx, keep, slack int64) error {
	keep = max(keep, 1)
	var lo, hi int64
	// Two subqueries, as each min or max alone is read from the key.
	if err := tx.QueryRowContext(ctx, `SELECT coalesce((SELECT min(seq) FROM tm_log), 0),
		coalesce((SELECT max(seq) FROM tm_log), 0)`).Scan(&lo, &hi); err != nil {
		return err
	}
	if hi-lo+1 <= keep+slack {
		return nil
	}
	cut := hi - keep
	if _, err := tx.ExecContext(ctx, `DELETE FROM tm_log WHERE seq <= ?`, cut); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('tm_log_pruned', ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, cut)
	return err
}

// refreshMemoryContext sets the neighbouring sources of the live units of
// the given segments and of the live segments just before and after them
// from the document as it now stands: merges and splits change them.
func refreshMemoryContext(ctx context.Context, tx *dbTx, segIDs ...int64) error {
	ids := make([]any, 0, len(segIDs)*3)
	for _, id := range segIDs {
		var prev, next int64
		err := tx.QueryRowContext(ctx, `SELECT
			coalesce((SELECT p.id FROM segments p WHERE p.document_id = s.document_id AND p.retired_into IS NULL
				AND p.position < s.position ORDER BY p.position DESC LIMIT 1), 0),
			coalesce((SELECT n.id FROM segments n WHERE n.document_id = s.document_id AND n.retired_into IS NULL
				AND n.position > s.position ORDER BY n.position LIMIT 1), 0)
			FROM segments s WHERE s.id = ?`, id).Scan(&prev, &next)
		if err != nil {
			return fmt.Errorf("neighbours of segment %d: %w", id, err)
		}
		ids = append(ids, id, prev, next)
	}
	if len(ids) == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE tm_units SET
		prev_source = coalesce((SELECT p.source FROM segments s JOIN segments p ON p.document_id = s.document_id
			WHERE s.id = tm_units.segment_id AND p.retired_into IS NULL AND p.position < s.position
			ORDER BY p.position DESC LIMIT 1), ''),
		next_source = coalesce((SELECT n.source FROM segments s JOIN segments n ON n.document_id = s.document_id
			WHERE s.id = tm_units.segment_id AND n.retired_into IS NULL AND n.position > s.position
			ORDER BY n.position LIMIT 1), '')
		WHERE segment_id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`, ids...)
	if err != nil {
		return fmt.Errorf("memory context of segments %v: %w", segIDs, err)
	}
	return nil
}

const memoryUnitColumns = `u.id, coalesce(u.memory_id, 0), coalesce(m.name, ''), coalesce(u.segment_id, 0), coalesce(u.document_id, 0),
	coalesce(d.title, ''), u.lang, u.source, coalesce(u.source_key, ''), u.target, u.status, coalesce(u.author_id, 0),
	coalesce(nullif(usr.display_name, ''), u.author), u.updated_at, u.prev_source, u.next_source, u.origin`

const memoryUnitJoins = ` FROM tm_units u LEFT JOIN tm_memories m ON m.id = u.memory_id
	LEFT JOIN documents d ON d.id = u.document_id LEFT JOIN users usr ON usr.id = u.author_id`

func scanMemoryUnit(row scanner, u *MemoryUnit) error {
	var at string
	if err := row.Scan(&u.ID, &u.MemoryID, &u.MemoryName, &u.SegmentID, &u.DocumentID, &u.Document, &u.Lang, &u.Source, &u.Key,
		&u.Target, &u.Status, &u.AuthorID, &u.Author, &at, &u.PrevSource, &u.NextSource, &u.Origin); err != nil {
		return err
	}
	u.UpdatedAt = parseTime(at)
	return nil
}

// MemoryUnits returns the units with the given ids (those that still exist),
// in no particular order.
func (s *Store) MemoryUnits(ctx context.Context, ids []int64) ([]MemoryUnit, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+memoryUnitColumns+memoryUnitJoins+
		` WHERE u.id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("memory units: %w", err)
	}
	defer rows.Close()
	var out []MemoryUnit
	for rows.Next() {
		var u MemoryUnit
		if err := scanMemoryUnit(rows, &u); err != nil {
			return nil, fmt.Errorf("memory units: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// EachMemoryUnit calls fn with every unit of the memory called name (every
// named memory and every live translation when name is ""), in lang when
// lang is not "", in order of id.
func (s *Store) EachMemoryUnit(ctx context.Context, name, lang string, fn func(MemoryUnit) error) error {
	q := `SELECT ` + memoryUnitColumns + memoryUnitJoins + ` WHERE 1 = 1`
	var args []any
	if name != "" {
		if _, err := s.Memory(ctx, name); err != nil {
			return err
		}
		q += ` AND m.name = ?`
		args = append(args, name)
	}
	if lang != "" {
		q += ` AND u.lang = ?`
		args = append(args, lang)
	}
	rows, err := s.r.QueryContext(ctx, q+` ORDER BY u.id`, args...)
	if err != nil {
		return fmt.Errorf("memory units: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var u MemoryUnit
		if err := scanMemoryUnit(rows, &u); err != nil {
			return fmt.Errorf("memory units: %w", err)
		}
		if err := fn(u); err != nil {
			return err
		}
	}
	return rows.Err()
}

// MemoryLanguages lists the target languages of the named memories' units.
func (s *Store) MemoryLanguages(ctx context.Context) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT DISTINCT lang FROM tm_units WHERE memory_id IS NOT NULL ORDER BY lang`)
	if err != nil {
		return nil, fmt.Errorf("memory languages: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// BulkSave is SaveTranslations for a bulk action on one document
// (pre-translation, propagation), recorded in the activity log in the same
// transaction: all of the saves or, on the first refusal, none.
func (s *Store) BulkSave(ctx context.Context, docID int64, saves []Save, userID int64, activity, detail string) ([]Translation, error) {
	var out []Translation
	err := s.tx(ctx, func(tx *dbTx) error {
		for _, sv := range saves {
			t, err := saveTranslation(ctx, tx, sv)
			if err != nil {
				return fmt.Errorf("segment %d (%s): %w", sv.SegmentID, sv.Lang, err)
			}
			out = append(out, t)
		}
		return logActivity(ctx, tx, userID, docID, activity, detail)
	})
	if err != nil {
		return nil, fmt.Errorf("save %d translations of document %d: %w", len(saves), docID, err)
	}
	return out, nil
}

// Neighbours returns the sources of the live segments before and after a
// segment in its document ("" at either end).
func (s *Store) Neighbours(ctx context.Context, segID int64) (prev, next string, err error) {
	err = s.r.QueryRowContext(ctx, `SELECT
		coalesce((SELECT p.source FROM segments p WHERE p.document_id = s.document_id AND p.retired_into IS NULL
			AND p.position < s.position ORDER BY p.position DESC LIMIT 1), ''),
		coalesce((SELECT n.source FROM segments n WHERE n.document_id = s.document_id AND n.retired_into IS NULL
			AND n.position > s.position ORDER BY n.position LIMIT 1), '')
		FROM segments s WHERE s.id = ?`, segID).Scan(&prev, &next)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", fmt.Errorf("segment %d: %w", segID, ErrNotFound)
	}
	if err != nil {
		return "", "", fmt.Errorf("neighbours of segment %d: %w", segID, err)
	}
	return prev, next, nil
}

// MemoryTargets calls fn with the id and target of every unit of the named
// memories in lang, in order of id.
func (s *Store) MemoryTargets(ctx context.Context, lang string, fn func(id int64, target string)) error {
	rows, err := s.r.QueryContext(ctx, `SELECT id, target FROM tm_units WHERE memory_id IS NOT NULL AND lang = ? ORDER BY id`, lang)
	if err != nil {
		return fmt.Errorf("memory targets (%s): %w", lang, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var t string
		if err := rows.Scan(&id, &t); err != nil {
			return fmt.Errorf("memory targets (%s): %w", lang, err)
		}
		fn(id, t)
	}
	return rows.Err()
}

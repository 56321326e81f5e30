package store

// Copying a whole workbench from one database to another (alinea copy-db),
// SQLite or PostgreSQL on either side, and checking that both hold the same
// rows.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// copyTable is a table that holds data. key is its primary key: rows are
// read, copied and hashed in its order.
type copyTable struct {
	name string
	key  []string
	// preset tables are filled by the migrations (languages, settings):
	// the destination's rows are replaced and do not make it non-empty.
	preset bool
	// refill tables are filled by triggers as other tables are copied
	// (the translation memory follows every revision): the destination's
	// rows are replaced by the source's, ids and all, once the tables the
	// triggers follow are copied.
	refill bool
	// selfRef is a column that refers to another row of the same table,
	// possibly a later one: it is filled in after every row is in.
	selfRef string
	// quiet tables' own triggers only keep a refill table current: on
	// PostgreSQL they are switched off while the table is copied (SQLite
	// cannot, and is fast enough without).
	quiet bool
	// optional tables exist in one dialect only; they are copied when
	// both databases have them and otherwise left to the destination's
	// triggers.
	optional bool
}

// copyTables lists every table the migrations create that holds data, each
// after the tables it refers to. A migration that adds a table adds it here:
// a copy refuses tables it does not know, and TestCopyKnowsEveryTable says
// which.
var copyTables = []copyTable{
	{name: "languages", key: []string{"code"}, preset: true},
	{name: "settings", key: []string{"key"}, preset: true},
	{name: "users", key: []string{"id"}},
	{name: "documents", key: []string{"id"}},
	{name: "paragraphs", key: []string{"id"}},
	{name: "segments", key: []string{"id"}, selfRef: "retired_into"},
	// Before translations: their triggers then find the key of each
	// translation's search rows and keep it (SQLite only).
	{name: "target_search_keys", key: []string{"id"}, optional: true},
	{name: "translations", key: []string{"segment_id", "lang"}},
	// Its triggers keep the live half of the memory (tm_units).
	{name: "revisions", key: []string{"id"}, quiet: true},
	{name: "sessions", key: []string{"token_hash"}},
	{name: "api_tokens", key: []string{"id"}},
	{name: "assignments", key: []string{"user_id", "document_id", "lang"}},
	{name: "signin_failures", key: []string{"id"}},
	{name: "activity", key: []string{"id"}},
	{name: "concepts", key: []string{"id"}},
	{name: "terms", key: []string{"id"}},
	{name: "term_forms", key: []string{"term_id", "position"}},
	{name: "alignments", key: []string{"id"}},
	{name: "alignment_sources", key: []string{"alignment_id", "idx"}},
	{name: "alignment_sentences", key: []string{"alignment_id", "idx"}},
	{name: "alignment_beads", key: []string{"alignment_id", "position"}},
	{name: "tm_memories", key: []string{"id"}},
	// Its triggers write the memory's change log (tm_log).
	{name: "tm_units", key: []string{"id"}, refill: true, quiet: true},
	// After tm_units, whose triggers log every unit copied.
	{name: "tm_log", key: []string{"seq"}, refill: true},
	{name: "qa_silenced", key: []string{"segment_id", "lang", "check_name", "finding"}},
	{name: "qa_disabled_checks", key: []string{"document_id", "check_name"}},
	{name: "comments", key: []string{"id"}},
	{name: "replace_batches", key: []string{"id"}},
	{name: "replace_changes", key: []string{"batch_id", "segment_id"}},
}

// derivedTable tells the tables a copy leaves out: the record of applied
// migrations (each database has its own), the search indexes and the
// counts, which the destination's triggers build from the rows copied.
func derivedTable(name string) bool {
	if name == "schema_migrations" || strings.HasPrefix(name, "sqlite_") {
		return true
	}
	// PostgreSQL: the queue of texts to index (search_pending), emptied by
	// every write transaction, and the indexed texts (source_search,
	// target_search). SQLite: the FTS5 tables of migrations 0003 and 0007
	// and their shadow tables (source_search_data, …).
	if name == "search_pending" {
		return true
	}
	// The counts and stamps of migration 0012, kept by triggers.
	switch name {
	case "document_totals", "status_totals", "language_stamps":
		return true
	}
	for _, p := range []string{"source_search", "target_search", "source_han", "target_han"} {
		if name == p || strings.HasPrefix(name, p+"_") && name != "target_search_keys" {
			return true
		}
	}
	return false
}

// TableSummary is what a copy compares per table: the number of rows and a
// SHA-256 of their values in key order, normalised so that SQLite and
// PostgreSQL hash the same rows the same.
type TableSummary struct {
	Table string
	Rows  int64
	Sum   string // hex
}

// CopyReport is what a copy did, table by table.
type CopyReport struct {
	Tables  []TableSummary
	Skipped []string // tables only one side has, left to the destination's triggers
}

// ErrNotEmpty is returned when the destination of a copy already holds data.
var ErrNotEmpty = errors.New("the destination database is not empty")

// MismatchError lists the tables whose rows differ between two databases.
type MismatchError struct {
	Diffs []TableDiff
}

// TableDiff is one table that differs.
type TableDiff struct {
	Table    string
	Src, Dst TableSummary
}

func (e *MismatchError) Error() string {
	var b strings.Builder
	b.WriteString("the copy differs from the source: ")
	for i, d := range e.Diffs {
		if i > 0 {
			b.WriteString("; ")
		}
		if d.Src.Rows != d.Dst.Rows {
			fmt.Fprintf(&b, "%s has %d rows, the source %d", d.Table, d.Dst.Rows, d.Src.Rows)
		} else {
			fmt.Fprintf(&b, "%s has the same %d rows but other values (checksum %.12s, the source %.12s)",
				d.Table, d.Dst.Rows, d.Dst.Sum, d.Src.Sum)
		}
	}
	return b.String()
}

// CopyTo copies every row of s into dst, which must be empty (as Open leaves
// a new database), in one transaction on dst: the tables in the order of
// their references, ids kept. Before it commits it reads the copy back and
// compares the count and checksum of every table with what it read from s;
// any difference rolls everything back. s is read in one transaction too,
// so a server may go on writing to it: the copy is what was committed when
// the copy began. progress, if not nil, is told each table as it is done.
func (s *Store) CopyTo(ctx context.Context, dst *Store, progress func(TableSummary)) (CopyReport, error) {
	var rep CopyReport
	if s == dst || s.Dialect() == dst.Dialect() && s.Path() == dst.Path() {
		return rep, fmt.Errorf("copy %s: the source and the destination are the same database", s.Path())
	}
	src, err := s.readSnapshot(ctx)
	if err != nil {
		return rep, fmt.Errorf("copy %s: %w", s.Path(), err)
	}
	defer src.Rollback()
	// dst.tx: on PostgreSQL it holds the lock every writer takes and fills
	// the search index from the rows queued by the copy before it commits.
	err = dst.tx(ctx, func(tx *dbTx) error {
		tables, skipped, err := copyPlan(ctx, s, src, dst, tx)
		if err != nil {
			return err
		}
		rep.Skipped = skipped
		if err := dst.checkEmpty(ctx, tx, tables); err != nil {
			return err
		}
		for _, t := range tables {
			if t.preset || t.refill {
				if _, err := tx.ExecContext(ctx, `DELETE FROM `+t.name); err != nil {
					return fmt.Errorf("copy %s: clear %s: %w", s.Path(), t.name, err)
				}
			}
			quiet := t.quiet && dst.Dialect() == "postgres"
			if quiet {
				// PostgreSQL: transactional, and the destination is
				// new, so no other writer misses the triggers.
				if _, err := tx.ExecContext(ctx, `ALTER TABLE `+t.name+` DISABLE TRIGGER USER`); err != nil {
					return fmt.Errorf("copy %s: table %s: %w", s.Path(), t.name, err)
				}
			}
			sum, err := copyRows(ctx, s, src, dst, tx, t)
			if err != nil {
				return fmt.Errorf("copy %s: table %s: %w", s.Path(), t.name, err)
			}
			if quiet {
				if _, err := tx.ExecContext(ctx, `ALTER TABLE `+t.name+` ENABLE TRIGGER USER`); err != nil {
					return fmt.Errorf("copy %s: table %s: %w", s.Path(), t.name, err)
				}
			}
			rep.Tables = append(rep.Tables, sum)
			if dst.Dialect() == "postgres" {
				// PostgreSQL: the triggers of the tables that follow
				// look rows up in this one, planned from statistics
				// that a new database does not have yet: without them,
				// each revision's trigger scans every segment.
				if _, err := tx.ExecContext(ctx, `ANALYZE `+t.name); err != nil {
					return fmt.Errorf("copy %s: analyze %s: %w", s.Path(), t.name, err)
				}
			}
			if progress != nil {
				progress(sum)
			}
		}
		// Read back after the last table: triggers of a later table could
		// have changed an earlier one.
		got := make([]TableSummary, 0, len(tables))
		for _, t := range tables {
			sum, err := dst.summarize(ctx, tx, t)
			if err != nil {
				return fmt.Errorf("check the copy: %w", err)
			}
			got = append(got, sum)
		}
		if err := compareSummaries(rep.Tables, got); err != nil {
			return err
		}
		return dst.resetSequences(ctx, tx, tables)
	})
	if err != nil {
		return rep, err
	}
	return rep, nil
}

// CompareWith reads every table of s and of other, each in one read
// transaction, and returns the summaries of s; a *MismatchError lists the
// tables whose count or checksum differ. Tables of one dialect only are
// left out.
func (s *Store) CompareWith(ctx context.Context, other *Store) ([]TableSummary, error) {
	a, err := s.readSnapshot(ctx)
	if err != nil {
		return nil, err
	}
	defer a.Rollback()
	b, err := other.readSnapshot(ctx)
	if err != nil {
		return nil, err
	}
	defer b.Rollback()
	tables, _, err := copyPlan(ctx, s, a, other, b)
	if err != nil {
		return nil, err
	}
	var mine, theirs []TableSummary
	for _, t := range tables {
		if t.optional {
			// A search index's keys: a database that was copied
			// from the other dialect numbered them itself.
			continue
		}
		x, err := s.summarize(ctx, a, t)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.Path(), err)
		}
		y, err := other.summarize(ctx, b, t)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", other.Path(), err)
		}
		mine, theirs = append(mine, x), append(theirs, y)
	}
	return mine, compareSummaries(mine, theirs)
}

func compareSummaries(src, dst []TableSummary) error {
	var diffs []TableDiff
	for i := range src {
		if src[i] != dst[i] {
			diffs = append(diffs, TableDiff{Table: src[i].Table, Src: src[i], Dst: dst[i]})
		}
	}
	if diffs != nil {
		return &MismatchError{Diffs: diffs}
	}
	return nil
}

// readSnapshot begins a transaction that sees one state of the database
// for all its reads.
func (s *Store) readSnapshot(ctx context.Context) (*dbTx, error) {
	if s.Dialect() == "postgres" {
		return s.r.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	}
	// SQLite: a read transaction in WAL mode sees the database as of its
	// first read until it ends.
	return s.r.BeginTx(ctx, nil)
}

// copyPlan checks that both databases hold the tables copyTables names, and
// no others than derived ones, and returns the tables to copy.
func copyPlan(ctx context.Context, a *Store, aq querier, b *Store, bq querier) ([]copyTable, []string, error) {
	at, err := a.tableNames(ctx, aq)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", a.Path(), err)
	}
	bt, err := b.tableNames(ctx, bq)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", b.Path(), err)
	}
	known := map[string]bool{}
	var tables []copyTable
	var skipped []string
	for _, t := range copyTables {
		known[t.name] = true
		inA, inB := at[t.name], bt[t.name]
		switch {
		case inA && inB:
			tables = append(tables, t)
		case t.optional:
			if inA || inB {
				skipped = append(skipped, t.name)
			}
		case !inA:
			return nil, nil, fmt.Errorf("%s has no table %s: is it an Alinea database?", a.Path(), t.name)
		default:
			return nil, nil, fmt.Errorf("%s has no table %s: is it an Alinea database?", b.Path(), t.name)
		}
	}
	for _, side := range []struct {
		st     *Store
		tables map[string]bool
	}{{a, at}, {b, bt}} {
		for name := range side.tables {
			if !known[name] && !derivedTable(name) {
				return nil, nil, fmt.Errorf("%s has a table %s that the copy does not know", side.st.Path(), name)
			}
		}
	}
	return tables, skipped, nil
}

// tableNames lists the tables of the database.
func (s *Store) tableNames(ctx context.Context, q querier) (map[string]bool, error) {
	query := `SELECT name FROM sqlite_master WHERE type = 'table'` // SQLite
	if s.Dialect() == "postgres" {
		query = `SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`
	}
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	defer rows.Close()
	names := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names[n] = true
	}
	return names, rows.Err()
}

// checkEmpty refuses a destination that holds anything the migrations did
// not put there.
func (s *Store) checkEmpty(ctx context.Context, q querier, tables []copyTable) error {
	var full []string
	for _, t := range tables {
		if t.preset {
			continue
		}
		var n int64
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM `+t.name).Scan(&n); err != nil {
			return fmt.Errorf("%s: count %s: %w", s.Path(), t.name, err)
		}
		if n > 0 {
			full = append(full, fmt.Sprintf("%s: %d rows", t.name, n))
		}
	}
	if full != nil {
		return fmt.Errorf("%w: %s holds data (%s); copy into a new, empty database", ErrNotEmpty, s.Path(), strings.Join(full, ", "))
	}
	return nil
}

// sortedColumns returns the column names of a table, sorted, and their
// database types. Rows are read and hashed with their columns in this order
// on both sides, whatever order the migrations of each dialect gave them.
func sortedColumns(ctx context.Context, q querier, table string) ([]string, []string, error) {
	rows, err := q.QueryContext(ctx, `SELECT * FROM `+table+` WHERE 1 = 0`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	cts, err := rows.ColumnTypes()
	if err != nil {
		return nil, nil, err
	}
	slices.SortFunc(cts, func(a, b *sql.ColumnType) int { return strings.Compare(a.Name(), b.Name()) })
	names, types := make([]string, len(cts)), make([]string, len(cts))
	for i, c := range cts {
		names[i], types[i] = c.Name(), strings.ToUpper(c.DatabaseTypeName())
	}
	return names, types, rows.Err()
}

// selectOrdered is the query that reads a table's columns in key order. Text
// keys are compared byte by byte on both sides (SQLite's BINARY; on
// PostgreSQL the "C" collation), so both read rows in the same order.
func (s *Store) selectOrdered(t copyTable, cols, types []string) string {
	order := make([]string, len(t.key))
	for i, k := range t.key {
		order[i] = k
		if j := slices.Index(cols, k); j >= 0 && s.Dialect() == "postgres" && isTextType(types[j]) {
			order[i] = k + ` COLLATE "C"`
		}
	}
	return `SELECT ` + strings.Join(cols, ", ") + ` FROM ` + t.name + ` ORDER BY ` + strings.Join(order, ", ")
}

func isTextType(t string) bool {
	return t == "TEXT" || t == "VARCHAR" || strings.HasPrefix(t, "CHAR") || t == "BPCHAR"
}

// maxParams bounds the parameters of one INSERT (SQLite allows 32766,
// PostgreSQL 65535) and maxBatch its rows.
const (
	maxParams = 16000
	maxBatch  = 500
)

// copyRows streams the rows of t from src into dst in batches of multi-row
// INSERTs and returns the summary of what it read. A self-referring column
// is filled in once every row is in: it may name a later row.
func copyRows(ctx context.Context, s *Store, src *dbTx, dst *Store, tx *dbTx, t copyTable) (TableSummary, error) {
	sum := TableSummary{Table: t.name}
	cols, types, err := sortedColumns(ctx, src, t.name)
	if err != nil {
		return sum, err
	}
	dcols, dtypes, err := sortedColumns(ctx, tx, t.name)
	if err != nil {
		return sum, err
	}
	if !slices.Equal(cols, dcols) {
		return sum, fmt.Errorf("the columns differ: %s has (%s), %s (%s)",
			s.Path(), strings.Join(cols, ", "), dst.Path(), strings.Join(dcols, ", "))
	}
	// The destination's type of each source column.
	into := make([]string, len(cols))
	for i, c := range cols {
		into[i] = dtypes[slices.Index(dcols, c)]
	}
	self := -1
	if t.selfRef != "" {
		self = slices.Index(cols, t.selfRef)
	}
	keyIdx := make([]int, len(t.key))
	for i, k := range t.key {
		if keyIdx[i] = slices.Index(cols, k); keyIdx[i] < 0 {
			return sum, fmt.Errorf("no key column %s", k)
		}
	}

	rows, err := src.QueryContext(ctx, s.selectOrdered(t, cols, types))
	if err != nil {
		return sum, err
	}
	defer rows.Close()
	per := min(maxBatch, maxParams/len(cols))
	var (
		h     = newRowHash()
		batch = make([]any, 0, per*len(cols))
		stmts = map[int]*dbStmt{}
		later [][]any // key values and the self-reference, for fix
	)
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	flush := func() error {
		n := len(batch) / len(cols)
		if n == 0 {
			return nil
		}
		st := stmts[n]
		if st == nil {
			st, err = tx.PrepareContext(ctx, dst.insertSQL(t.name, cols, n))
			if err != nil {
				return err
			}
			stmts[n] = st
		}
		if _, err := st.ExecContext(ctx, batch...); err != nil {
			return err
		}
		batch = batch[:0]
		return nil
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return sum, err
		}
		h.row(vals)
		sum.Rows++
		for i, v := range vals {
			v = convertValue(v, into[i])
			if i == self && v != nil {
				k := make([]any, 0, len(keyIdx)+1)
				for _, j := range keyIdx {
					k = append(k, convertValue(vals[j], into[j]))
				}
				later = append(later, append(k, v))
				v = nil
			}
			batch = append(batch, v)
		}
		if len(batch) == cap(batch) {
			if err := flush(); err != nil {
				return sum, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return sum, err
	}
	if err := flush(); err != nil {
		return sum, err
	}
	sum.Sum = h.sum()
	if len(later) == 0 {
		return sum, nil
	}
	where := make([]string, len(t.key))
	for i, k := range t.key {
		where[i] = k + " = ?"
	}
	st, err := tx.PrepareContext(ctx, `UPDATE `+t.name+` SET `+t.selfRef+` = ? WHERE `+strings.Join(where, " AND "))
	if err != nil {
		return sum, err
	}
	defer st.Close()
	for _, l := range later {
		args := append([]any{l[len(l)-1]}, l[:len(l)-1]...)
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

// insertSQL inserts n rows of cols into table, keeping the ids given.
func (s *Store) insertSQL(table string, cols []string, n int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ")")
	if s.Dialect() == "postgres" {
		// PostgreSQL: explicit values for identity columns; the
		// sequences are moved past them afterwards (resetSequences).
		b.WriteString(" OVERRIDING SYSTEM VALUE")
	}
	b.WriteString(" VALUES ")
	for r := 0; r < n; r++ {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range cols {
			if c > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('?')
		}
		b.WriteByte(')')
	}
	return b.String()
}

// convertValue turns a value read from one database into what the other
// database's column takes: PostgreSQL booleans are SQLite's 0 and 1.
func convertValue(v any, into string) any {
	switch x := v.(type) {
	case bool:
		if into == "BOOL" || into == "BOOLEAN" {
			return x
		}
		if x {
			return int64(1)
		}
		return int64(0)
	case int64:
		if into == "BOOL" || into == "BOOLEAN" {
			return x != 0
		}
	case []byte:
		if isTextType(into) {
			return string(x)
		}
	case time.Time:
		if isTextType(into) {
			return x.UTC().Format(timeLayout)
		}
	}
	return v
}

// summarize counts and hashes a table's rows in key order.
func (s *Store) summarize(ctx context.Context, q querier, t copyTable) (TableSummary, error) {
	sum := TableSummary{Table: t.name}
	sorted, stypes, err := sortedColumns(ctx, q, t.name)
	if err != nil {
		return sum, fmt.Errorf("table %s: %w", t.name, err)
	}
	rows, err := q.QueryContext(ctx, s.selectOrdered(t, sorted, stypes))
	if err != nil {
		return sum, fmt.Errorf("table %s: %w", t.name, err)
	}
	defer rows.Close()
	h := newRowHash()
	vals := make([]any, len(sorted))
	ptrs := make([]any, len(sorted))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return sum, fmt.Errorf("table %s: %w", t.name, err)
		}
		h.row(vals)
		sum.Rows++
	}
	if err := rows.Err(); err != nil {
		return sum, fmt.Errorf("table %s: %w", t.name, err)
	}
	sum.Sum = h.sum()
	return sum, nil
}

// rowHash hashes rows of values, each value normalised: integers and
// booleans as decimal integers, text and bytes as their bytes, times in the
// store's layout, NULL apart from everything else. Each value is tagged and
// length-prefixed, so no two different rows feed the same bytes.
type rowHash struct {
	h   hash.Hash
	buf bytes.Buffer
}

func newRowHash() *rowHash { return &rowHash{h: sha256.New()} }

// row hashes one row, its values in the order of the sorted column names.
func (r *rowHash) row(vals []any) {
	r.buf.Reset()
	var n [binary.MaxVarintLen64]byte
	put := func(tag byte, b []byte) {
		r.buf.WriteByte(tag)
		r.buf.Write(n[:binary.PutUvarint(n[:], uint64(len(b)))])
		r.buf.Write(b)
	}
	for _, v := range vals {
		switch x := v.(type) {
		case nil:
			r.buf.WriteByte('N')
		case int64:
			put('I', strconv.AppendInt(nil, x, 10))
		case bool:
			if x {
				put('I', []byte("1"))
			} else {
				put('I', []byte("0"))
			}
		case float64:
			if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
				put('I', strconv.AppendInt(nil, int64(x), 10))
			} else {
				put('F', strconv.AppendFloat(nil, x, 'g', -1, 64))
			}
		case string:
			put('S', []byte(x))
		case []byte:
			put('S', x)
		case time.Time:
			put('S', []byte(x.UTC().Format(timeLayout)))
		default:
			put('?', []byte(fmt.Sprint(x)))
		}
	}
	r.buf.WriteByte('\n')
	r.h.Write(r.buf.Bytes())
}

func (r *rowHash) sum() string { return hex.EncodeToString(r.h.Sum(nil)) }

// resetSequences moves every identity sequence past the ids copied, so the
// next row inserted gets a new id.
func (s *Store) resetSequences(ctx context.Context, tx *dbTx, tables []copyTable) error {
	if s.Dialect() != "postgres" {
		return nil // SQLite: INTEGER PRIMARY KEY takes the largest id plus one
	}
	for _, t := range tables {
		if len(t.key) != 1 {
			continue
		}
		var seq sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT pg_get_serial_sequence(?, ?)`, t.name, t.key[0]).Scan(&seq); err != nil {
			return fmt.Errorf("sequence of %s: %w", t.name, err)
		}
		if !seq.Valid {
			continue
		}
		if _, err := tx.ExecContext(ctx, `SELECT setval(?, (SELECT coalesce(max(`+t.key[0]+`), 0) + 1 FROM `+t.name+`), false)`, seq.String); err != nil {
			return fmt.Errorf("sequence of %s: %w", t.name, err)
		}
	}
	return nil
}

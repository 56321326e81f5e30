package store

import (
	"database/sql"
	"testing"
	"unicode"
	"unicode/utf8"

	"alinea/align/text"
)

// The concordance takes a trigram phrase match of folded texts for a
// substring match, without reading the texts again. That holds as long as
// FTS5's case folding joins no two characters that text.Key keeps apart;
// only characters with a case can be joined, so each of their folded forms
// is searched among all of them.
func TestTrigramFoldJoinsNothingKeyKeepsApart(t *testing.T) {
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	// The tokenizer of source_search and target_search (migration 0003).
	if _, err := db.Exec(`CREATE VIRTUAL TABLE t USING fts5 (text, tokenize = 'trigram')`); err != nil {
		t.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var keys []string
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if unicode.SimpleFold(r) == r {
			continue
		}
		k := text.Key(string(r))
		if utf8.RuneCountInString(k) != 1 || seen[k] {
			continue
		}
		seen[k] = true
		keys = append(keys, k)
		if _, err := tx.Exec(`INSERT INTO t (text) VALUES (?)`, "q"+k+"q"); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if len(keys) < 1000 {
		t.Fatalf("only %d folded characters with a case", len(keys))
	}
	for _, k := range keys {
		rows, err := db.Query(`SELECT text FROM t WHERE t MATCH ?`, `"q`+k+`q"`)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for rows.Next() {
			var got string
			if err := rows.Scan(&got); err != nil {
				t.Fatal(err)
			}
			if n++; got != "q"+k+"q" {
				t.Errorf("the trigram index finds %q (%U) in %q", k, []rune(k)[0], got)
			}
		}
		rows.Close()
		if n == 0 {
			t.Errorf("the trigram index does not find %q (%U)", k, []rune(k)[0])
		}
	}
}

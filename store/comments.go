package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"alinea/workflow"
)

// MaxCommentRunes bounds a comment; longer ones are refused.
const MaxCommentRunes = 4000

// ErrBadComment is returned (wrapped) for an empty comment or one longer
// than MaxCommentRunes.
var ErrBadComment = errors.New("invalid comment")

// Comment is one entry of a segment's thread in one target language.
type Comment struct {
	ID         int64
	SegmentID  int64
	Lang       string
	AuthorID   int64
	Author     string // display name
	Body       string
	CreatedAt  time.Time
	Rejection  bool // given with sending the translation back to draft
	Resolved   bool
	ResolvedAt time.Time
	ResolvedBy string
}

// NewComment is what AddComment needs.
type NewComment struct {
	SegmentID int64
	Lang      string
	AuthorID  int64
	Body      string
}

func checkComment(body string) (string, error) {
	body = strings.TrimSpace(body)
	if body == "" {
		return "", fmt.Errorf("%w: empty", ErrBadComment)
	}
	if !utf8.ValidString(body) || utf8.RuneCountInString(body) > MaxCommentRunes {
		return "", fmt.Errorf("%w: longer than %d characters", ErrBadComment, MaxCommentRunes)
	}
	return body, nil
}

// AddComment appends a comment to the thread of a live segment.
func (s *Store) AddComment(ctx context.Context, c NewComment) (Comment, error) {
	var id int64
	err := s.tx(ctx, func(tx *dbTx) error {
		var err error
		id, err = addComment(ctx, tx, c, false)
		return err
	})
	if err != nil {
		return Comment{}, fmt.Errorf("comment on segment %d (%s): %w", c.SegmentID, c.Lang, err)
	}
	return s.comment(ctx, id)
}

func addComment(ctx context.Context, tx *dbTx, c NewComment, rejection bool) (int64, error) {
	body, err := checkComment(c.Body)
	if err != nil {
		return 0, err
	}
	if err := checkLanguage(ctx, tx, c.Lang, true); err != nil {
		return 0, err
	}
	var retired sql.NullInt64
	err = tx.QueryRowContext(ctx, `SELECT retired_into FROM segments WHERE id = ?`, c.SegmentID).Scan(&retired)
	if errors.Is(err, sql.ErrNoRows) || retired.Valid {
		return 0, fmt.Errorf("segment %d: %w", c.SegmentID, ErrNotFound)
	}
	if err != nil {
		return 0, err
	}
	return insertID(ctx, tx, `INSERT INTO comments (segment_id, lang, author_id, body, created_at, rejection) VALUES (?, ?, ?, ?, ?, ?)`,
		c.SegmentID, c.Lang, nullID(c.AuthorID), body, now(), rejection)
}

const commentColumns = `c.id, c.segment_id, c.lang, coalesce(c.author_id, 0), coalesce(a.display_name, ''), c.body, c.created_at,
	c.rejection, coalesce(c.resolved_at, ''), coalesce(r.display_name, '')`

const commentFrom = ` FROM comments c LEFT JOIN users a ON a.id = c.author_id LEFT JOIN users r ON r.id = c.resolved_by `

func scanComment(row scanner, c *Comment) error {
	var at, resolved string
	if err := row.Scan(&c.ID, &c.SegmentID, &c.Lang, &c.AuthorID, &c.Author, &c.Body, &at, &c.Rejection, &resolved, &c.ResolvedBy); err != nil {
		return err
	}
	c.CreatedAt = parseTime(at)
	if resolved != "" {
		c.Resolved, c.ResolvedAt = true, parseTime(resolved)
	}
	return nil
}

func (s *Store) comment(ctx context.Context, id int64) (Comment, error) {
	var c Comment
	err := scanComment(s.r.QueryRowContext(ctx, `SELECT `+commentColumns+commentFrom+`WHERE c.id = ?`, id), &c)
	if errors.Is(err, sql.ErrNoRows) {
		return Comment{}, fmt.Errorf("comment %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Comment{}, fmt.Errorf("comment %d: %w", id, err)
	}
	return c, nil
}

// Comment returns one comment.
func (s *Store) Comment(ctx context.Context, id int64) (Comment, error) { return s.comment(ctx, id) }

// Comments returns the thread of a segment in one language, oldest first.
func (s *Store) Comments(ctx context.Context, segID int64, lang string) ([]Comment, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+commentColumns+commentFrom+`WHERE c.segment_id = ? AND c.lang = ? ORDER BY c.id`, segID, lang)
	if err != nil {
		return nil, fmt.Errorf("comments on segment %d (%s): %w", segID, lang, err)
	}
	defer rows.Close()
	out := []Comment{}
	for rows.Next() {
		var c Comment
		if err := scanComment(rows, &c); err != nil {
			return nil, fmt.Errorf("comments on segment %d (%s): %w", segID, lang, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ResolveComment marks a comment resolved (or open again).
func (s *Store) ResolveComment(ctx context.Context, id int64, resolved bool, by int64) (Comment, error) {
	var res sql.Result
	var err error
	if resolved {
		res, err = s.w.ExecContext(ctx, `UPDATE comments SET resolved_at = coalesce(resolved_at, ?), resolved_by = coalesce(resolved_by, ?) WHERE id = ?`, now(), nullID(by), id)
	} else {
		res, err = s.w.ExecContext(ctx, `UPDATE comments SET resolved_at = NULL, resolved_by = NULL WHERE id = ?`, id)
	}
	if err != nil {
		return Comment{}, fmt.Errorf("resolve comment %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Comment{}, fmt.Errorf("comment %d: %w", id, ErrNotFound)
	}
	return s.comment(ctx, id)
}

// CommentCount is the size of a thread.
type CommentCount struct {
	Open, All int
}

// CommentCounts counts the threads of some segments in one language, keyed
// by segment id; segments without comments are absent.
func (s *Store) CommentCounts(ctx context.Context, ids []int64, lang string) (map[int64]CommentCount, error) {
	out := map[int64]CommentCount{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.r.QueryContext(ctx, `SELECT segment_id, count(*) - count(resolved_at), count(*) FROM comments
		WHERE lang = ? AND segment_id IN (`+idList(ids)+`) GROUP BY segment_id`, lang)
	if err != nil {
		return nil, fmt.Errorf("comment counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var c CommentCount
		if err := rows.Scan(&id, &c.Open, &c.All); err != nil {
			return nil, fmt.Errorf("comment counts: %w", err)
		}
		out[id] = c
	}
	return out, rows.Err()
}

// OpenThreads counts, per document and language, the live segments with an
// open comment.
func (s *Store) OpenThreads(ctx context.Context) (map[int64]map[string]int, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT s.document_id, c.lang, count(DISTINCT c.segment_id)
		FROM comments c JOIN segments s ON s.id = c.segment_id
		WHERE c.resolved_at IS NULL AND s.retired_into IS NULL GROUP BY 1, 2`)
	if err != nil {
		return nil, fmt.Errorf("open comment threads: %w", err)
	}
	defer rows.Close()
	out := map[int64]map[string]int{}
	for rows.Next() {
		var doc int64
		var lang string
		var n int
		if err := rows.Scan(&doc, &lang, &n); err != nil {
			return nil, fmt.Errorf("open comment threads: %w", err)
		}
		if out[doc] == nil {
			out[doc] = map[string]int{}
		}
		out[doc][lang] = n
	}
	return out, rows.Err()
}

// Reject sends a translation back to draft with a reviewer's comment, in
// one transaction: the status change is a revision like any save (same
// text, version checked), and the comment opens or continues the thread.
func (s *Store) Reject(ctx context.Context, sv Save, comment string) (Translation, Comment, error) {
	var tr Translation
	var id int64
	err := s.tx(ctx, func(tx *dbTx) error {
		cur, err := translation(ctx, tx, sv.SegmentID, sv.Lang)
		if err != nil {
			return err
		}
		sv.Text, sv.Status = cur.Text, workflow.StatusDraft
		if tr, err = saveTranslation(ctx, tx, sv); err != nil {
			return err
		}
		id, err = addComment(ctx, tx, NewComment{SegmentID: sv.SegmentID, Lang: sv.Lang, AuthorID: sv.AuthorID, Body: comment}, true)
		return err
	})
	if err != nil {
		return Translation{}, Comment{}, fmt.Errorf("reject segment %d (%s): %w", sv.SegmentID, sv.Lang, err)
	}
	c, err := s.comment(ctx, id)
	return tr, c, err
}

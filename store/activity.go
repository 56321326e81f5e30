package store

import (
	"context"
	"fmt"
	"time"

	"alinea/workflow"
)

// Event is one entry of a document's activity log.
type Event struct {
	At       time.Time
	UserID   int64
	User     string // display name; "" for the system
	Action   string // import, assign, unassign, merge, split, …; "save" for a translation revision
	Detail   string
	Lang     string          // for saves
	Segment  int64           // for saves
	Version  int64           // for saves
	Status   workflow.Status // for saves
	Revision int64           // for saves
}

// logActivity records an event inside the caller's transaction, so the log
// never claims a change that was rolled back.
func logActivity(ctx context.Context, tx *dbTx, userID, docID int64, action, detail string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO activity (at, user_id, document_id, action, detail) VALUES (?, ?, ?, ?, ?)`,
		now(), nullID(userID), nullID(docID), action, detail)
	if err != nil {
		return fmt.Errorf("log %s: %w", action, err)
	}
	return nil
}

// Activity returns a document's log, newest first: the events recorded for
// it and every translation revision of its segments, up to limit entries
// (0 for all).
func (s *Store) Activity(ctx context.Context, docID int64, limit int) ([]Event, error) {
	if _, err := s.Document(ctx, docID); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = noLimit
	}
	rows, err := s.r.QueryContext(ctx, `SELECT at, uid, coalesce(u.display_name, ''), action, detail, lang, segment, version, status, revision FROM (
			SELECT a.at AS at, coalesce(a.user_id, 0) AS uid, a.action AS action, a.detail AS detail,
				'' AS lang, 0 AS segment, 0 AS version, '' AS status, 0 AS revision, a.id AS ord, 0 AS kind
			FROM activity a WHERE a.document_id = ?1
			UNION ALL
			SELECT r.created_at, coalesce(r.author_id, 0), 'save', r.origin, r.lang, r.segment_id, r.version, r.status, r.id, r.id, 1
			FROM revisions r JOIN segments s ON s.id = r.segment_id WHERE s.document_id = ?1
		) e LEFT JOIN users u ON u.id = e.uid
		ORDER BY at DESC, kind DESC, ord DESC LIMIT ?2`, docID, limit)
	if err != nil {
		return nil, fmt.Errorf("activity of document %d: %w", docID, err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var at string
		if err := rows.Scan(&at, &e.UserID, &e.User, &e.Action, &e.Detail, &e.Lang, &e.Segment, &e.Version, &e.Status, &e.Revision); err != nil {
			return nil, fmt.Errorf("activity of document %d: %w", docID, err)
		}
		e.At = parseTime(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// RowNumbers maps every segment of a document, merged-away ones included,
// to the row number a person sees in the editor: a live segment's position,
// and for a merged-away one the position of the segment that holds its text
// now. Logs and reports keep segment ids; people read these.
func (s *Store) RowNumbers(ctx context.Context, docID int64) (map[int64]int, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, position, coalesce(retired_into, 0) FROM segments WHERE document_id = ?`, docID)
	if err != nil {
		return nil, fmt.Errorf("row numbers of document %d: %w", docID, err)
	}
	defer rows.Close()
	pos := map[int64]int{}
	into := map[int64]int64{}
	for rows.Next() {
		var id, retired int64
		var p int
		if err := rows.Scan(&id, &p, &retired); err != nil {
			return nil, fmt.Errorf("row numbers of document %d: %w", docID, err)
		}
		if retired != 0 {
			into[id] = retired
		} else {
			pos[id] = p
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("row numbers of document %d: %w", docID, err)
	}
	for id, next := range into {
		// Follow merges to the live segment; a chain is at most as long as
		// the document.
		for range len(into) + 1 {
			if p, ok := pos[next]; ok {
				pos[id] = p
				break
			}
			n, ok := into[next]
			if !ok {
				break
			}
			next = n
		}
	}
	return pos, nil
}

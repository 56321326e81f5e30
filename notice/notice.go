// Package notice names the changes that servers sharing a database announce
// to each other, so that every open editor hears of them: the topics and
// payloads of the store's notices (store.Notify). A notice says what changed
// (ids, versions, a time), never the data itself; the receiver reads the rows.
//
// The web server announces what its requests change, one translation or
// segment at a time. Commands that change a document in bulk (apply,
// pre-translate, accepted alignments) announce the document as a whole,
// and each server's editors of it read what changed since.
package notice

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// The topics.
const (
	Saved    = "saved"    // SavedNotice: a translation was saved
	Segments = "segments" // SegmentsNotice: segments were merged or split
	Glossary = "glossary" // no payload: the glossary changed
	Document = "document" // DocumentNotice: translations of a document changed in bulk
)

// SavedNotice is the payload of Saved.
type SavedNotice struct {
	Doc     int64  `json:"doc"`
	Segment int64  `json:"segment"`
	Lang    string `json:"lang"`
	Version int64  `json:"version"`
}

// SegmentsNotice is the payload of Segments. It is also the data of the
// editors' segments event.
type SegmentsNotice struct {
	Doc      int64   `json:"document_id"`
	Segments []int64 `json:"segments"`
}

// DocumentNotice is the payload of Document: translations of Doc changed
// from Since on.
type DocumentNotice struct {
	Doc   int64     `json:"doc"`
	Since time.Time `json:"since"`
}

// Notifier sends notices; *store.Store is one.
type Notifier interface {
	Notify(ctx context.Context, topic string, payload []byte) error
}

// Timeout bounds the wait for the database to take a notice.
const Timeout = 5 * time.Second

// Send announces a change. It is sent even when ctx is over: the change is
// done.
func Send(ctx context.Context, n Notifier, topic string, payload any) error {
	data, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("notice %s: %w", topic, err)
	}
	nctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), Timeout)
	defer cancel()
	if err := n.Notify(nctx, topic, data); err != nil {
		return fmt.Errorf("notice %s: %w", topic, err)
	}
	return nil
}

// DocumentChanged announces that translations of doc changed from since on.
func DocumentChanged(ctx context.Context, n Notifier, doc int64, since time.Time) error {
	return Send(ctx, n, Document, DocumentNotice{Doc: doc, Since: since})
}

// GlossaryChanged announces that the glossary changed.
func GlossaryChanged(ctx context.Context, n Notifier) error {
	return Send(ctx, n, Glossary, struct{}{})
}

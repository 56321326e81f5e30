package main

import (
	"context"
	"fmt"
	"time"

	"alinea/notice"
	"alinea/store"
)

// announceDocument tells the editors open on doc, on every server sharing a
// PostgreSQL database, that its translations changed from since on. The
// change is made whether or not they hear of it (their saves still meet
// the version check), so a failure is a warning, not the command's error.
// On SQLite notices stay in one process, and editors see the change when
// they next load the page.
func announceDocument(ctx context.Context, std stdio, st *store.Store, doc int64, since time.Time) {
	if err := notice.DocumentChanged(ctx, st, doc, since); err != nil {
		fmt.Fprintf(std.err, "warning: open editors were not told: %v\n", err)
	}
}

// announceGlossary tells open editors that the glossary changed.
func announceGlossary(ctx context.Context, std stdio, st *store.Store) {
	if err := notice.GlossaryChanged(ctx, st); err != nil {
		fmt.Fprintf(std.err, "warning: open editors were not told: %v\n", err)
	}
}

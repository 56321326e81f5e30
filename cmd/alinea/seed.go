package main

import (
	"context"
	"fmt"

	"alinea/seeds"
	"alinea/store"
)

// seed loads the embedded seeds into a database that never had them.
func seed(ctx context.Context, st *store.Store, std stdio) error {
	got, err := seeds.Install(ctx, st)
	if err != nil {
		return err
	}
	if d := got.Document; d != nil {
		fmt.Fprintf(std.out, "Imported the seed document as document %d: %d paragraphs, %d segments.\n", d.ID, d.Paragraphs, d.Segments)
	}
	return nil
}

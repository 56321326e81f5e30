package seeds

import (
	"context"
	"errors"
	"fmt"

	"alinea/align"
	"alinea/store"
)

// seededKey marks a database that has received the seeds, so deleting the
// seed document later does not bring it back on the next start.
const seededKey = "seeded"

// Installed reports what Install loaded.
type Installed struct {
	Document *store.Document // nil when nothing was loaded
}

// Install loads the seeds into a database that never had them, in the
// transactions of the store's import functions.
func Install(ctx context.Context, st *store.Store) (Installed, error) {
	var out Installed
	done, err := st.Setting(ctx, seededKey)
	if err != nil || done != "" {
		return out, err
	}
	prep, err := align.Prepare(PolicyPaper, PolicyPaperLang)
	if err != nil {
		return out, fmt.Errorf("seed %s: %w", PolicyPaperFile, err)
	}
	doc, err := st.ImportDocument(ctx, store.FromPrepared(PolicyPaperTitle, PolicyPaperFile, PolicyPaperLang, prep), store.ImportOptions{})
	var dup *store.DuplicateError
	switch {
	case errors.As(err, &dup):
	case err != nil:
		return out, fmt.Errorf("seed: %w", err)
	default:
		out.Document = &doc
	}
	return out, st.SetSetting(ctx, seededKey, "1")
}

package seeds

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"alinea/docimport"
	"alinea/glossary"
	"alinea/store"
)

// seededKey marks a database that has received the seeds, so deleting the
// seed document later does not bring it back on the next start.
// glossarySeededKey does the same for the seed glossary, apart, because
// databases seeded before the glossary existed still need it once.
const (
	seededKey         = "seeded"
	glossarySeededKey = "seeded-glossary"
)

// Installed reports what Install loaded.
type Installed struct {
	Document *store.Document // nil when nothing was loaded
	Concepts int             // seed glossary concepts loaded
}

// Install loads the seeds into a database that never had them, in the
// transactions of the store's import functions.
func Install(ctx context.Context, st *store.Store) (Installed, error) {
	var out Installed
	n, err := installGlossary(ctx, st)
	if err != nil {
		return out, err
	}
	out.Concepts = n
	done, err := st.Setting(ctx, seededKey)
	if err != nil || done != "" {
		return out, err
	}
	doc, err := docimport.Import(ctx, st, docimport.Request{FileName: PolicyPaperFile, Title: PolicyPaperTitle, Lang: PolicyPaperLang}, PolicyPaper)
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

// installGlossary loads the seed glossary into a database that never had
// it, merged with whatever glossary it has.
func installGlossary(ctx context.Context, st *store.Store) (int, error) {
	done, err := st.Setting(ctx, glossarySeededKey)
	if err != nil || done != "" {
		return 0, err
	}
	res, err := glossary.New(st).Import(ctx, bytes.NewReader(Glossary), glossary.CSV, store.ImportMerge, 0)
	if err != nil {
		return 0, fmt.Errorf("seed %s: %w", GlossaryFile, err)
	}
	return res.Created + res.Updated, st.SetSetting(ctx, glossarySeededKey, "1")
}

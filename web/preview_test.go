package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"alinea/store"
	"alinea/workflow"
)

// TestPreviewAsExported: the preview reassembles the translation as the
// target documents are exported, highlights the segment asked for, marks
// the untranslated ones or leaves them out.
func TestPreviewAsExported(t *testing.T) {
	ta := newTestApp(t)
	i, rows := ta.sameParagraph()
	a, b := rows[i], rows[i+1]
	for _, s := range []struct {
		id   int64
		text string
	}{{a.ID, "Primera frase."}, {b.ID, "Segunda frase."}} {
		if _, err := ta.store.SaveTranslation(context.Background(), store.Save{SegmentID: s.id, Lang: "es", Text: s.text, Status: workflow.StatusTranslated}); err != nil {
			t.Fatal(err)
		}
	}
	status, body := ta.page(fmt.Sprintf("/documents/%d/preview/es?segment=%d", ta.doc.ID, b.ID))
	if status != 200 {
		t.Fatalf("preview: %d", status)
	}
	// One paragraph, joined with a space as in the exported text.
	want := fmt.Sprintf(`<span id="pv-%d" class="pv">Primera frase.</span> <span id="pv-%d" class="pv active">Segunda frase.</span>`, a.ID, b.ID)
	if !strings.Contains(body, want) {
		t.Errorf("the preview lacks %s", want)
	}
	if !strings.Contains(body, `class="pv untranslated marked"`) {
		t.Error("untranslated segments are not marked by default")
	}
	_, omit := ta.page(fmt.Sprintf("/documents/%d/preview/es?untranslated=omit", ta.doc.ID))
	if strings.Contains(omit, "untranslated") && strings.Contains(omit, `class="pv untranslated`) {
		t.Error("omit still shows untranslated segments")
	}
	if st, _ := ta.page(fmt.Sprintf("/documents/%d/preview/es?untranslated=bogus", ta.doc.ID)); st != 400 {
		t.Errorf("a bad choice: %d", st)
	}
	_, ed := ta.page(fmt.Sprintf("/documents/%d/edit/es", ta.doc.ID))
	if !strings.Contains(ed, fmt.Sprintf(`href="/documents/%d/preview/es" id="preview-link"`, ta.doc.ID)) {
		t.Error("the editor does not link to the preview")
	}
}

package web

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"alinea/store"
	"alinea/workflow"
)

// Inline codes show as chips beside the translation; Backspace removes a
// code whole, its chip is then marked missing, and a click puts it back.
func TestBrowserPlaceholderChips(t *testing.T) {
	ta := newTestApp(t)
	ids := ta.segmentIDs("es")
	if _, err := ta.store.SaveTranslation(context.Background(), store.Save{SegmentID: ids[0], Lang: "es",
		Text: "⟦1⟧Prefacio⟦/1⟧⟦2/⟧", Status: workflow.StatusTranslated, AuthorID: ta.admin.ID}); err != nil {
		t.Fatal(err)
	}
	ctx := newBrowser(t)
	signIn(t, ctx, ta, ta.admin.ID)
	area := row(ids[0]) + " textarea"
	chips := `Array.from(document.querySelectorAll("` + row(ids[0]) + ` .ph-chip")).map(c => c.textContent + (c.classList.contains("missing") ? "!" : "")).join(" ")`
	do(t, ctx,
		chromedp.Navigate(ta.srv.URL+fmt.Sprintf("/documents/%d/edit/es", ta.doc.ID)),
		chromedp.WaitVisible(chromedp.CSS(area)),
		waitFor(`document.querySelectorAll("`+row(ids[0])+` .ph-chip").length === 3`),
	)
	if got := eval[string](t, ctx, chips); got != "1 /1 2/" {
		t.Errorf("chips %q", got)
	}
	// The cursor after ⟦2/⟧ at the end: Backspace takes the whole code.
	do(t, ctx,
		chromedp.Focus(chromedp.CSS(area)),
		chromedp.Evaluate[chromedp.Void](`(() => { const a = document.querySelector("`+area+`"); a.setSelectionRange(a.value.length, a.value.length); })()`),
		chromedp.KeyEvent(kb.Backspace),
	)
	if v := eval[string](t, ctx, `document.querySelector("`+area+`").value`); v != "⟦1⟧Prefacio⟦/1⟧" {
		t.Fatalf("after Backspace: %q", v)
	}
	if got := eval[string](t, ctx, chips); got != "1 /1 2/!" {
		t.Errorf("chips after Backspace %q", got)
	}
	do(t, ctx,
		chromedp.Evaluate[chromedp.Void](`(() => { const a = document.querySelector("`+area+`"); a.setSelectionRange(3, 3); })()`),
		chromedp.Click(chromedp.CSS(row(ids[0])+" .ph-chip.missing")),
	)
	if v := eval[string](t, ctx, `document.querySelector("`+area+`").value`); v != "⟦1⟧⟦2/⟧Prefacio⟦/1⟧" {
		t.Errorf("after the click: %q", v)
	}
}

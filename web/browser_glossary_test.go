package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"alinea/store"
	"alinea/workflow"
)

// TestBrowserGlossaryInsert hovers a marked term in the Spanish editor and
// inserts its equivalent from the tooltip, then again with Alt+1 from the
// panel, and saves.
func TestBrowserGlossaryInsert(t *testing.T) {
	ta := newTestApp(t)
	ctx := newBrowser(t)
	signIn(t, ctx, ta, ta.admin.ID)
	mark := `mark.term[data-term="全球南方"]`
	do(t, ctx,
		chromedp.Navigate(ta.srv.URL+fmt.Sprintf("/documents/%d/edit/es", ta.doc.ID)),
		chromedp.WaitVisible(chromedp.CSS(mark)),
		chromedp.ScrollIntoView(chromedp.CSS(mark)),
	)
	segID := eval[string](t, ctx, `document.querySelector('`+mark+`').closest(".row").dataset.id`)
	ta2 := `document.querySelector("#seg-` + segID + ` textarea")`
	// The first line box of the mark: a term may wrap.
	x := eval[float64](t, ctx, `(() => { const r = document.querySelector('`+mark+`').getClientRects()[0]; return r.left + r.width / 2; })()`)
	y := eval[float64](t, ctx, `(() => { const r = document.querySelector('`+mark+`').getClientRects()[0]; return r.top + r.height / 2; })()`)
	do(t, ctx,
		chromedp.MouseEvent(chromedp.MouseMoved, x, y),
		waitFor(`!document.getElementById("term-tip").hidden && document.getElementById("term-tip").textContent.includes("Sur Global")`),
	)
	shoot(t, ctx, "editor-term-tip.png", "")
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`#term-tip button.insert[data-text="Sur Global"]`)),
		waitFor(ta2+`.value === "Sur Global"`),
	)
	// The panel numbers the row's equivalents; Alt+1 inserts the first at
	// the cursor.
	do(t, ctx,
		chromedp.Focus(chromedp.CSS("#seg-"+segID+" textarea")),
		waitFor(`document.getElementById("term-list").textContent.includes("Sur Global")`),
		chromedp.KeyEvent(" y "),
	)
	first := eval[string](t, ctx, `document.querySelector("#term-list button.insert").dataset.text`)
	do(t, ctx,
		chromedp.KeyEvent("1", chromedp.KeyModifiers(kb.ModifierAlt)),
		waitFor(ta2+`.value === "Sur Global y `+first+`"`),
		ctrl(kb.Enter),
		waitFor(`document.querySelector("#seg-`+segID+`").dataset.status === "translated"`),
	)
	id := int64(0)
	fmt.Sscan(segID, &id)
	tr, err := ta.store.Translation(context.Background(), id, "es")
	if err != nil || !strings.HasPrefix(tr.Text, "Sur Global y ") || tr.Status != workflow.StatusTranslated {
		t.Errorf("stored %+v %v", tr, err)
	}
}

// TestBrowserAddConcept selects a source string, adds it to the glossary
// from the editor's dialog (Alt+G) and finds it stored.
func TestBrowserAddConcept(t *testing.T) {
	ta := newTestApp(t)
	u, _ := ta.user("tom", store.RoleTranslator)
	ctx := newBrowser(t)
	signIn(t, ctx, ta, u.ID)
	ids := ta.segmentIDs("pt")
	src := fmt.Sprintf("#seg-%d .src", ids[1])
	do(t, ctx,
		chromedp.Navigate(ta.srv.URL+fmt.Sprintf("/documents/%d/edit/pt", ta.doc.ID)),
		chromedp.WaitVisible(chromedp.CSS(src)),
	)
	// Select the first two characters of the segment's source text.
	want := eval[string](t, ctx, `(() => {
		const el = document.querySelector("`+src+`");
		const node = document.createTreeWalker(el, NodeFilter.SHOW_TEXT).nextNode();
		const r = document.createRange();
		r.setStart(node, 0); r.setEnd(node, 2);
		const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(r);
		return r.toString();
	})()`)
	do(t, ctx,
		chromedp.KeyEvent("g", chromedp.KeyModifiers(kb.ModifierAlt)),
		waitFor(`document.getElementById("concept-dialog").open`),
		waitFor(`document.getElementById("concept-zh").value === "`+want+`"`),
		chromedp.SendKeys(chromedp.CSS("#concept-eq"), "termo novo"),
		chromedp.Click(chromedp.CSS("#concept-save")),
		waitFor(`!document.getElementById("concept-dialog").open`),
		waitFor(`document.getElementById("notice").textContent.includes("`+want+`")`),
	)
	cs, err := ta.store.Lookup(context.Background(), "termo novo", 0)
	if err != nil || len(cs) != 1 || cs[0].TermsIn("zh")[0].Text != want || cs[0].UpdatedBy != u.ID {
		t.Errorf("stored %+v %v", cs, err)
	}
}

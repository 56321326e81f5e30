package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"alinea/store"
	"alinea/workflow"
)

func TestBrowserRowShowsQAFindings(t *testing.T) {
	ta := newTestApp(t)
	ctx := newBrowser(t)
	signIn(t, ctx, ta, ta.admin.ID)
	rows, _, err := ta.store.Segments(context.Background(), ta.doc.ID, store.SegmentQuery{Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	year, next := rows[14], rows[16] // 1949年新中国成立…, 经过几代人…
	if !strings.HasPrefix(year.Source, "1949年") {
		t.Fatalf("row 15 is %q", year.Source)
	}
	editor := ta.srv.URL + fmt.Sprintf("/documents/%d/edit/en?from=15", ta.doc.ID)
	area := row(year.ID) + " textarea"
	findings := row(year.ID) + " ul.qa-findings"

	// Saving a wrong year: the save goes through and the row says what is
	// wrong at once.
	do(t, ctx,
		chromedp.Navigate(editor),
		chromedp.WaitVisible(chromedp.CSS(area)),
		chromedp.Click(chromedp.CSS(area)),
		chromedp.SendKeys(chromedp.CSS(area), "When the PRC was founded in 1950, exchanges were people-to-people."),
		ctrl(kb.Enter),
		waitFor(`document.querySelector("`+row(year.ID)+`").dataset.status === "translated"`),
		waitFor(`!!document.querySelector("`+findings+` li.qa-error[data-check=numbers]")`),
	)
	msg := eval[string](t, ctx, `document.querySelector("`+findings+` li").textContent`)
	if !strings.Contains(msg, "1949") {
		t.Errorf("finding says %q", msg)
	}
	// Pointing at it marks the year in the source, and only while pointed.
	marked := eval[string](t, ctx, `(() => {
		document.querySelector("`+findings+` li").dispatchEvent(new MouseEvent("mouseenter"));
		return Array.from(document.querySelectorAll("`+row(year.ID)+` .src mark.qa-mark")).map((m) => m.textContent).join("|");
	})()`)
	if marked != "1949" {
		t.Errorf("marked %q in the source, want 1949", marked)
	}
	src := eval[string](t, ctx, `(() => {
		document.querySelector("`+findings+` li").dispatchEvent(new MouseEvent("mouseleave"));
		const cell = document.querySelector("`+row(year.ID)+` .src");
		return cell.querySelectorAll("mark").length + ":" + cell.textContent;
	})()`)
	if src != "0:"+year.Source {
		t.Errorf("after leaving, the source cell is %q", src)
	}
	if tr, _ := ta.store.Translation(context.Background(), year.ID, "en"); tr.Status != workflow.StatusTranslated {
		t.Errorf("stored %+v", tr)
	}

	// A reviewer (here the admin) marks it as not an error: it goes away.
	do(t, ctx,
		chromedp.Click(chromedp.CSS(findings+" button.qa-silence")),
		waitFor(`document.querySelector("`+findings+`").hidden && document.querySelectorAll("`+findings+` li").length === 0`),
	)

	// Approving a text with an error asks; declining leaves it unapproved.
	asked := make(chan string, 1)
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*cdppage.EventJavascriptDialogOpening); ok {
			select {
			case asked <- e.Message:
			default:
			}
			// Commands may not run inside the listener: decline from
			// another goroutine.
			go chromedp.Call(ctx, cdppage.HandleJavaScriptDialog, cdppage.HandleJavaScriptDialogParams{Accept: false})
		}
	}); err != nil {
		t.Fatal(err)
	}
	nextArea := row(next.ID) + " textarea"
	do(t, ctx,
		chromedp.Click(chromedp.CSS(nextArea)),
		chromedp.SendKeys(chromedp.CSS(nextArea), "Through the efforts of generations, the friendship has taken root"),
		chromedp.KeyEvent(kb.Enter, chromedp.KeyModifiers(kb.ModifierCtrl|kb.ModifierAlt)),
		waitFor(`!!document.querySelector("`+row(next.ID)+` ul.qa-findings li.qa-error")`),
	)
	select {
	case m := <-asked:
		if !strings.Contains(m, "1") {
			t.Errorf("confirmation says %q", m)
		}
	default:
		t.Fatal("approving a text with errors did not ask")
	}
	if tr, _ := ta.store.Translation(context.Background(), next.ID, "en"); tr.Status == workflow.StatusApproved {
		t.Errorf("declined approval stored: %+v", tr)
	}
}

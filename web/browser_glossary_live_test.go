package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserGlossaryChangeMarksTermsAgain: a concept added by someone else
// is marked in an open editor's sources without a reload, and its
// equivalents are offered in the panel; deleting it takes the mark away.
func TestBrowserGlossaryChangeMarksTermsAgain(t *testing.T) {
	ta := newTestApp(t)
	ctx := newBrowser(t)
	signIn(t, ctx, ta, ta.admin.ID)
	ids := ta.segmentIDs("es")
	row := fmt.Sprintf("#seg-%d", ids[2])
	do(t, ctx,
		chromedp.Navigate(ta.srv.URL+fmt.Sprintf("/documents/%d/edit/es", ta.doc.ID)),
		chromedp.WaitVisible(chromedp.CSS(row+" .src")),
		waitFor(`document.getElementById("notice").dataset.live === "open"`),
	)
	// Two characters of the row's source that no term marks yet.
	term := eval[string](t, ctx, `(() => {
		const src = document.querySelector("`+row+` .src");
		const text = src.textContent;
		for (let i = 0; i + 2 <= text.length; i++) {
			const s = text.slice(i, i + 2);
			if (/^\p{Script=Han}{2}$/u.test(s) && ![...src.querySelectorAll("mark.term")].some((m) => m.textContent.includes(s))) return s;
		}
		return "";
	})()`)
	if term == "" {
		t.Fatal("no unmarked source text in the row")
	}
	resp, body := ta.do("POST", "/api/glossary/concepts", map[string]any{"terms": []map[string]any{
		{"lang": "zh", "text": term, "status": "preferred"},
		{"lang": "es", "text": "término vivo", "status": "preferred"},
	}})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	mark := row + ` mark.term[data-term="` + term + `"]`
	do(t, ctx,
		waitFor(`document.querySelector('`+mark+`') !== null`),
		chromedp.Click(chromedp.CSS(row+" textarea")),
		waitFor(`document.getElementById("term-list").textContent.includes("término vivo")`),
	)
	var c conceptJSON
	if err := json.Unmarshal(body, &c); err != nil || c.ID == 0 {
		t.Fatalf("created %s: %v", body, err)
	}
	if resp, body := ta.do("DELETE", fmt.Sprintf("/api/glossary/concepts/%d", c.ID), nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("delete: %d %s", resp.StatusCode, body)
	}
	do(t, ctx, waitFor(`document.querySelector('`+mark+`') === null`))
}

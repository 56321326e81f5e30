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

// TestEditorRepetitionMarks: a row is marked with its number of
// repetitions once its source recurs, here in a second copy of the
// document, and only then.
func TestEditorRepetitionMarks(t *testing.T) {
	ta := newTestApp(t)
	ids := ta.segmentIDs("es")
	path := fmt.Sprintf("/documents/%d/edit/es", ta.doc.ID)
	if _, body := ta.page(path, "Accept-Language", "en"); strings.Contains(body, `class="reps-mark"`) {
		t.Fatal("the seed alone repeats nothing, yet a row is marked")
	}
	importDuplicate(t, ta)
	importDuplicate(t, ta)
	_, body := ta.page(path, "Accept-Language", "en")
	row := func(body string, id int64) string {
		i := strings.Index(body, fmt.Sprintf(`id="seg-%d"`, id))
		if i < 0 {
			t.Fatalf("row %d not on the page", id)
		}
		j := strings.Index(body[i:], `<span class="actions">`)
		return body[i : i+j]
	}
	for _, id := range ids[:5] {
		if r := row(body, id); !strings.Contains(r, `data-reps="2"`) || !strings.Contains(r, ">×2 repetitions<") {
			t.Errorf("row %d: %s", id, r)
		}
	}
	for lang, want := range map[string]string{"es": ">×2 repeticiones<", "pt-BR": ">×2 repetições<", "zh-CN": ">×2 处重复<"} {
		if _, body := ta.page(path, "Accept-Language", lang); !strings.Contains(row(body, ids[0]), want) {
			t.Errorf("%s: no %q", lang, want)
		}
	}
	// The mark counts what the matches panel counts and propagation fills.
	var sm struct {
		Repetitions int `json:"repetitions"`
	}
	ta.getJSON(fmt.Sprintf("/api/segments/%d/matches/es", ids[3]), 200, &sm)
	if sm.Repetitions != 2 {
		t.Errorf("matches API counts %d repetitions", sm.Repetitions)
	}
}

// TestBrowserRepetitionPropagate: confirming a marked row gives its
// translation to the repetition in the other document, as a draft.
func TestBrowserRepetitionPropagate(t *testing.T) {
	ta := newTestApp(t)
	ids := ta.segmentIDs("es")
	ctx := context.Background()
	doc2 := importDuplicate(t, ta)
	rows, _, err := ta.store.Segments(ctx, doc2, store.SegmentQuery{Lang: "es"})
	if err != nil {
		t.Fatal(err)
	}
	seg := ids[4]
	bctx := newBrowser(t)
	signIn(t, bctx, ta, ta.admin.ID)
	sel := fmt.Sprintf("#seg-%d textarea", seg)
	do(t, bctx,
		chromedp.Navigate(ta.srv.URL+fmt.Sprintf("/documents/%d/edit/es", ta.doc.ID)),
		chromedp.WaitVisible(chromedp.CSS(sel)),
	)
	if mark := eval[string](t, bctx, fmt.Sprintf(`(document.querySelector("#seg-%d .reps-mark") || {}).textContent || ""`, seg)); mark != "×1 repetition" {
		t.Fatalf("mark %q", mark)
	}
	if on := eval[bool](t, bctx, `document.getElementById("match-propagate").checked`); !on {
		t.Fatal("propagation is not on by default")
	}
	do(t, bctx,
		chromedp.Focus(chromedp.CSS(sel)),
		chromedp.SendKeys(chromedp.CSS(sel), "Texto repetido"),
		ctrl(kb.Enter),
		waitFor(fmt.Sprintf(`document.querySelector("#seg-%d").dataset.status === "translated"`, seg)),
		waitFor(`document.getElementById("notice").textContent.includes("also given to 1 ")`),
	)
	tr, err := ta.store.Translation(ctx, rows[4].ID, "es")
	if err != nil || tr.Text != "Texto repetido" || tr.Status != workflow.StatusDraft {
		t.Fatalf("repetition in the copy: %+v %v", tr, err)
	}
}

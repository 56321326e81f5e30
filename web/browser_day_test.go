package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"alinea/store"
	"alinea/workflow"
)

// The editor over a translator's whole day: nothing typed is lost, nothing
// covers the row being worked on.

// TestBrowserEscWithChangedRow: Esc first closes the term tooltip and
// leaves the text alone; a second Esc goes back to the saved text but keeps
// what was typed in the browser, and Ctrl+Z brings it back, also after a
// reload, until the row is saved.
func TestBrowserEscWithChangedRow(t *testing.T) {
	ta := newTestApp(t)
	ctx := newBrowser(t)
	signIn(t, ctx, ta, ta.admin.ID)
	mark := `mark.term[data-term="全球南方"]`
	do(t, ctx,
		chromedp.Navigate(ta.srv.URL+fmt.Sprintf("/documents/%d/edit/es", ta.doc.ID)),
		chromedp.WaitVisible(chromedp.CSS(mark)),
	)
	segID := eval[string](t, ctx, `document.querySelector('`+mark+`').closest(".row").dataset.id`)
	sel := "#seg-" + segID + " textarea"
	key := `"alinea:unsaved:` + segID + `:es"`
	value := `document.querySelector("` + sel + `").value`
	do(t, ctx,
		chromedp.SendKeys(chromedp.CSS(sel), "Texto a medias"),
		// Focusing the term shows its tooltip; back in the target, Esc
		// closes the tooltip and nothing else.
		chromedp.Focus(chromedp.CSS(mark)),
		waitFor(`!document.getElementById("term-tip").hidden`),
		chromedp.Focus(chromedp.CSS(sel)),
		chromedp.KeyEvent(kb.Escape),
		waitFor(`document.getElementById("term-tip").hidden`),
	)
	if v := eval[string](t, ctx, value); v != "Texto a medias" {
		t.Fatalf("Esc with a tooltip open changed the text to %q", v)
	}
	// The row counts its source in characters and the target as typed.
	if c := eval[string](t, ctx, `document.querySelector("#seg-`+segID+` .seg-counts").textContent`); !strings.Contains(c, "target: 3 words, 12 chars") || strings.Contains(c, "source: 0") {
		t.Errorf("row counts %q", c)
	}
	do(t, ctx, chromedp.KeyEvent(kb.Escape), waitFor(value+` === ""`))
	if s := eval[string](t, ctx, `localStorage.getItem(`+key+`) || ""`); !strings.Contains(s, "Texto a medias") {
		t.Fatalf("Esc dropped the backup: %q", s)
	}
	if s := eval[string](t, ctx, `document.querySelector("#seg-`+segID+` .state").textContent`); !strings.Contains(s, "Ctrl+Z") {
		t.Errorf("Esc does not say how to undo: %q", s)
	}
	do(t, ctx, ctrl("z"), waitFor(value+` === "Texto a medias"`))

	// Esc again, reload: the text is not forced back into the row, but
	// Ctrl+Z still brings it back.
	do(t, ctx, chromedp.KeyEvent(kb.Escape), waitFor(value+` === ""`),
		chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(sel)))
	if v := eval[string](t, ctx, value); v != "" {
		t.Fatalf("after reload the reverted row shows %q", v)
	}
	do(t, ctx, chromedp.Focus(chromedp.CSS(sel)), ctrl("z"), waitFor(value+` === "Texto a medias"`),
		ctrl(kb.Enter), waitFor(`document.querySelector("#seg-`+segID+`").dataset.status === "translated"`),
		waitFor(`localStorage.getItem(`+key+`) === null`))
	var id int64
	fmt.Sscan(segID, &id)
	if tr, _ := ta.store.Translation(context.Background(), id, "es"); tr.Text != "Texto a medias" {
		t.Errorf("stored %+v", tr)
	}
}

// TestBrowserActiveRowNeverCovered walks down the first page with Ctrl+↓
// and checks after every step, by bounding boxes, that the active row is
// inside the view, near its middle, and that no panel of the dock (nor the
// tooltip) overlaps any row.
func TestBrowserActiveRowNeverCovered(t *testing.T) {
	ta := newTestApp(t)
	ctx := newBrowser(t)
	signIn(t, ctx, ta, ta.admin.ID)
	ids := ta.segmentIDs("es")
	do(t, ctx,
		chromedp.Navigate(ta.srv.URL+fmt.Sprintf("/documents/%d/edit/es?focus=%d", ta.doc.ID, ids[0])),
		chromedp.WaitVisible(chromedp.CSS(row(ids[0])+" textarea")),
		// A panel appended by another script must get the same treatment.
		chromedp.Evaluate[chromedp.Void](`(() => { const s = document.createElement("section"); s.id = "extra-panel";
			s.textContent = "x ".repeat(400); document.getElementById("dock").append(s); })()`),
	)
	check := `(() => {
		const active = document.activeElement.closest(".row");
		if (!active) return "no active row";
		const a = active.getBoundingClientRect();
		if (a.top < 0 || a.bottom > innerHeight) return "active row outside the view: " + a.top + ".." + a.bottom;
		const mid = (a.top + a.bottom) / 2;
		const rowsBox = document.getElementById("rows").getBoundingClientRect();
		const panels = Array.from(document.querySelectorAll("#dock > *:not([hidden]), #term-tip:not([hidden])"));
		for (const p of panels) {
			const b = p.getBoundingClientRect();
			if (b.width === 0 || b.height === 0) continue;
			if (b.left < rowsBox.right && b.right > rowsBox.left && b.top < rowsBox.bottom && b.bottom > rowsBox.top)
				return (p.id || p.className) + " overlaps the rows";
		}
		return "ok " + mid;
	})()`
	var mids []float64
	for i := 1; i < 30; i++ {
		do(t, ctx, ctrl(kb.ArrowDown), waitFor(`document.activeElement === document.querySelector("`+row(ids[i])+` textarea")`))
		got := eval[string](t, ctx, check)
		if !strings.HasPrefix(got, "ok ") {
			t.Fatalf("after %d steps: %s", i, got)
		}
		var m float64
		fmt.Sscan(strings.TrimPrefix(got, "ok "), &m)
		mids = append(mids, m)
	}
	// Once the page has scrolled, the active row stays near the middle.
	h := eval[float64](t, ctx, `innerHeight`)
	for i, m := range mids[15:] {
		if m < h*0.3 || m > h*0.7 {
			t.Errorf("step %d: the active row's middle is at %.0f of %.0f", i+16, m, h)
		}
	}
	// On a narrow screen the dock is a strip below the rows; still nothing
	// covers them.
	do(t, ctx, chromedp.Func(func(c context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(c, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 800, Height: 900, DeviceScaleFactor: 1})
		return err
	}))
	for i := 30; i < 36; i++ {
		do(t, ctx, ctrl(kb.ArrowDown), waitFor(`document.activeElement === document.querySelector("`+row(ids[i])+` textarea")`))
		if got := eval[string](t, ctx, check); !strings.HasPrefix(got, "ok ") {
			t.Fatalf("narrow, row %d: %s", i+1, got)
		}
	}
}

// TestBrowserGoToSegment: the go-to box finds a row on another page, a row
// of the same page without loading it, and the page list marks the page;
// Ctrl+↓ on the last row of a page saves it and opens the next page on its
// first row (the time it takes is logged).
func TestBrowserGoToSegment(t *testing.T) {
	ta := newTestApp(t)
	ctx := newBrowser(t)
	signIn(t, ctx, ta, ta.admin.ID)
	ids := ta.segmentIDs("es")
	if len(ids) < 201 {
		t.Fatalf("the seed has %d segments; the test needs three pages", len(ids))
	}
	active := func(i int) string {
		return `document.activeElement === document.querySelector("` + row(ids[i]) + ` textarea")`
	}
	do(t, ctx,
		chromedp.Navigate(ta.srv.URL+fmt.Sprintf("/documents/%d/edit/es", ta.doc.ID)),
		chromedp.WaitVisible(chromedp.CSS(row(ids[0])+" textarea")),
	)
	if n := eval[int](t, ctx, `document.querySelectorAll("#page-list a").length`); n != 3 {
		t.Errorf("the page list has %d pages, want 3", n)
	}
	do(t, ctx,
		ctrl("g"), waitFor(`document.activeElement.id === "goto"`),
		chromedp.SendKeys(chromedp.CSS("#goto"), "150"),
		andWaitForLoad(chromedp.KeyEvent(kb.Enter)),
		waitFor(active(149)),
	)
	if cur := eval[string](t, ctx, `document.querySelector("#page-list a[aria-current]").textContent`); cur != "2" {
		t.Errorf("the page list marks page %q, want 2", cur)
	}
	// The preview opens at the active row (a click: headless Chromium
	// holds back focus events of a page that never had input).
	do(t, ctx, chromedp.Click(chromedp.CSS(row(ids[149])+" textarea")))
	if h := eval[string](t, ctx, `document.getElementById("preview-link").href`); !strings.Contains(h, fmt.Sprintf("segment=%d#pv-%d", ids[149], ids[149])) {
		t.Errorf("preview link %q", h)
	}
	// A row of this page: no page load (a marker set on the window stays).
	do(t, ctx,
		chromedp.Evaluate[chromedp.Void](`window.samePage = true`),
		ctrl("g"), chromedp.SendKeys(chromedp.CSS("#goto"), "#160"), chromedp.KeyEvent(kb.Enter),
		waitFor(active(159)),
	)
	if !eval[bool](t, ctx, `window.samePage === true`) {
		t.Error("going to a row of the same page loaded the page again")
	}
	// Across the page boundary with a changed row.
	revs0, _ := ta.store.Revisions(context.Background(), ids[199], "es")
	do(t, ctx,
		ctrl("g"), chromedp.SendKeys(chromedp.CSS("#goto"), "200"), chromedp.KeyEvent(kb.Enter),
		waitFor(active(199)),
		chromedp.SendKeys(chromedp.CSS(row(ids[199])+" textarea"), "Última fila"),
		chromedp.Evaluate[chromedp.Void](`sessionStorage.setItem("t0", String(Date.now()))`),
		andWaitForLoad(ctrl(kb.ArrowDown)),
		waitFor(active(200)),
	)
	ms := eval[float64](t, ctx, `Date.now() - Number(sessionStorage.getItem("t0"))`)
	nav := eval[string](t, ctx, `(() => { const n = performance.getEntriesByType("navigation")[0];
		const t0 = Number(sessionStorage.getItem("t0"));
		return "row focused " + Math.round(performance.timeOrigin + n.domContentLoadedEventEnd - t0) + " ms after the key; " +
			"before the request " + Math.round(performance.timeOrigin - Number(sessionStorage.getItem("t0"))) + " ms, response " + Math.round(n.responseEnd) +
			" ms, scripts run " + Math.round(n.domContentLoadedEventEnd) + " ms, loaded " + Math.round(n.loadEventEnd) + " ms"; })()`)
	t.Logf("Ctrl+↓ across a page boundary, with a save: %.0f ms until the test saw it (%s)", ms, nav)
	// The page did not wait for the save: the new page repeats it and drops
	// the local backup once the server has the text.
	do(t, ctx, waitFor(fmt.Sprintf(`localStorage.getItem("alinea:unsaved:%d:es") === null`, ids[199])))
	if tr, _ := ta.store.Translation(context.Background(), ids[199], "es"); tr.Text != "Última fila" || tr.Status != workflow.StatusDraft {
		t.Errorf("the last row of the page was saved as %+v", tr)
	}
	if revs, _ := ta.store.Revisions(context.Background(), ids[199], "es"); len(revs) != len(revs0)+1 {
		t.Errorf("the save and its repetition left %d new revisions, want 1", len(revs)-len(revs0))
	}
	// Back across the boundary while someone else saved the row: the text
	// is not lost, it stays in the browser and the page says so.
	do(t, ctx, chromedp.SendKeys(chromedp.CSS(row(ids[200])+" textarea"), "Mía"))
	cur, _ := ta.store.Translation(context.Background(), ids[200], "es")
	if _, err := ta.store.SaveTranslation(context.Background(), store.Save{SegmentID: ids[200], Lang: "es", Text: "De otra mano",
		Status: workflow.StatusDraft, AuthorID: ta.admin.ID, BaseVersion: cur.Version}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx,
		andWaitForLoad(ctrl(kb.ArrowUp)),
		waitFor(active(199)),
		waitFor(fmt.Sprintf(`document.getElementById("notice").textContent.includes("#%d")`, 201)),
	)
	if s := eval[string](t, ctx, fmt.Sprintf(`localStorage.getItem("alinea:unsaved:%d:es") || ""`, ids[200])); !strings.Contains(s, "Mía") {
		t.Errorf("the refused text is not kept in the browser: %q", s)
	}
	if tr, _ := ta.store.Translation(context.Background(), ids[200], "es"); tr.Text != "De otra mano" {
		t.Errorf("the other save was overwritten: %+v", tr)
	}
	// A number that is no row is refused with a message.
	status := eval[float64](t, ctx, fmt.Sprintf(`fetch("/documents/%d/edit/es?at=9999").then(r => r.status)`, ta.doc.ID))
	if status != 404 {
		t.Errorf("going to #9999: %v, want 404", status)
	}
}

// TestBrowserUsersPageButtons: an admin sees the one-time password and
// disable buttons of every account without hovering anything, and they
// work: a new one-time password is shown, the account is disabled.
func TestBrowserUsersPageButtons(t *testing.T) {
	ta := newTestApp(t)
	ctx := newBrowser(t)
	signIn(t, ctx, ta, ta.admin.ID)
	ana, _ := ta.user("ana", store.RoleTranslator)
	form := fmt.Sprintf(`form[action="/admin/users/%d"]`, ana.ID)
	reset := form + ` input[value="reset"] ~ button`
	disable := form + ` input[value="disable"] ~ button`
	do(t, ctx, chromedp.Navigate(ta.srv.URL+"/admin/users"), chromedp.WaitReady(chromedp.CSS(reset)))
	for _, sel := range []string{reset, disable} {
		vis := eval[string](t, ctx, `(() => { const b = document.querySelector('`+sel+`'); const r = b.getBoundingClientRect();
			return getComputedStyle(b).visibility + " " + (r.width > 0 && r.height > 0); })()`)
		if vis != "visible true" {
			t.Errorf("%s: %s", sel, vis)
		}
	}
	do(t, ctx,
		andWaitForLoad(chromedp.Click(chromedp.CSS(reset))),
		chromedp.WaitVisible(chromedp.CSS(".banner code.token")),
	)
	pw := eval[string](t, ctx, `document.querySelector(".banner code.token").textContent`)
	if _, err := ta.store.Authenticate(context.Background(), "ana", pw); err != nil {
		t.Errorf("the one-time password shown does not sign in: %v", err)
	}
	do(t, ctx,
		andWaitForLoad(chromedp.Click(chromedp.CSS(disable))),
		chromedp.WaitVisible(chromedp.CSS(form+` input[value="enable"] ~ button`)),
	)
	if u, _ := ta.store.User(context.Background(), ana.ID); !u.Disabled {
		t.Error("the account is not disabled")
	}
}

// TestBrowserCommentThread: a translator comments on a row from the dock,
// the row counts its open comment, a reviewer in another browser sees the
// thread, answers, resolves it, and sends another translated row back to
// draft with a comment; the documents page and the filter count the open
// threads.
func TestBrowserCommentThread(t *testing.T) {
	ta := newTestApp(t)
	tina, _ := ta.user("tina", store.RoleTranslator)
	rita, _ := ta.user("rita", store.RoleReviewer)
	ctx := context.Background()
	if err := ta.store.Assign(ctx, store.Assignment{UserID: tina.ID, DocumentID: ta.doc.ID, Lang: "pt"}, ta.admin.ID); err != nil {
		t.Fatal(err)
	}
	ids := ta.segmentIDs("pt")
	done, err := ta.store.SaveTranslation(ctx, store.Save{SegmentID: ids[5], Lang: "pt", Text: "O mundo muda.", Status: workflow.StatusTranslated, AuthorID: tina.ID})
	if err != nil {
		t.Fatal(err)
	}
	tb := newBrowser(t)
	rb, cancel := chromedp.NewContext(tb, chromedp.WithNewBrowserContext())
	defer cancel()
	if err := chromedp.Do(rb); err != nil {
		t.Fatal(err)
	}
	signIn(t, tb, ta, tina.ID)
	signIn(t, rb, ta, rita.ID)
	editor := ta.srv.URL + fmt.Sprintf("/documents/%d/edit/pt", ta.doc.ID)
	sel := row(ids[2]) + " textarea"
	do(t, tb,
		chromedp.Navigate(editor),
		chromedp.WaitVisible(chromedp.CSS(sel)),
		chromedp.Click(chromedp.CSS(sel)),
		waitFor(`document.getElementById("comments-title").textContent.includes("3")`),
		chromedp.Click(chromedp.CSS(row(ids[2])+` button[data-action=comments]`)),
		waitFor(`document.activeElement.id === "comment-body"`),
		chromedp.SendKeys(chromedp.CSS("#comment-body"), "Mantenho «cooperação»?"),
		chromedp.Click(chromedp.CSS("#comment-add")),
		waitFor(`document.querySelectorAll("#comment-list .comment").length === 1`),
		waitFor(`!document.querySelector("`+row(ids[2])+` .comment-count").hidden`),
	)
	head := eval[string](t, tb, `document.querySelector("#comment-list .comment-head").textContent`)
	if !strings.Contains(head, "tina") || strings.Contains(head, "T") && strings.Contains(head, "Z") {
		t.Errorf("the comment head %q lacks the author or shows a raw time", head)
	}
	shoot(t, tb, "editor-comments.png", "")
	if c := eval[string](t, tb, `document.querySelector("`+row(ids[2])+` .comment-count").textContent`); c != "1 open comment" {
		t.Errorf("row badge %q", c)
	}
	// The documents page counts the open thread and links to the filter.
	do(t, rb, chromedp.Navigate(ta.srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("a.open-threads")))
	do(t, rb,
		andWaitForLoad(chromedp.Click(chromedp.CSS("a.open-threads"))),
		chromedp.WaitVisible(chromedp.CSS(sel)),
	)
	if n := eval[int](t, rb, `document.querySelectorAll("#rows .row").length`); n != 1 {
		t.Errorf("the filter shows %d rows, want the one with an open comment", n)
	}
	do(t, rb,
		chromedp.Click(chromedp.CSS(sel)),
		waitFor(`document.querySelectorAll("#comment-list .comment").length === 1`),
		chromedp.Click(chromedp.CSS(`#comment-list button[data-resolve="1"]`)),
		waitFor(`document.querySelector("#comment-list .comment.resolved") !== null`),
		waitFor(`document.querySelector("`+row(ids[2])+` .comment-count").hidden`),
	)
	if cs, _ := ta.store.Comments(ctx, ids[2], "pt"); len(cs) != 1 || !cs[0].Resolved || cs[0].ResolvedBy != "rita" {
		t.Errorf("stored thread %+v", cs)
	}
	// A rejection needs a comment, and carries it.
	other := row(ids[5]) + " textarea"
	do(t, rb,
		chromedp.Navigate(editor),
		chromedp.WaitVisible(chromedp.CSS(other)),
		waitFor(`document.getElementById("notice").dataset.live === "open"`),
		chromedp.Click(chromedp.CSS(other)),
		waitFor(`document.getElementById("comments-title").textContent.includes("6")`),
		chromedp.Click(chromedp.CSS("#comment-reject")),
		waitFor(`document.getElementById("comment-error").textContent !== ""`),
		chromedp.SendKeys(chromedp.CSS("#comment-body"), "Falta o sujeito."),
		chromedp.Click(chromedp.CSS("#comment-reject")),
		waitFor(`document.querySelector("#comment-list .comment.rejection") !== null`),
		waitFor(`document.querySelector("`+row(ids[5])+`").dataset.status === "draft"`),
	)
	tr, _ := ta.store.Translation(ctx, ids[5], "pt")
	if tr.Status != workflow.StatusDraft || tr.Text != done.Text || tr.Version != done.Version+1 {
		t.Errorf("after the rejection: %+v", tr)
	}
}

// TestBrowserFindAndReplace: Ctrl+H, a preview of every change, one left
// out, the rest replaced with one revision each (open rows follow), and the
// batch undone as one.
func TestBrowserFindAndReplace(t *testing.T) {
	ta := newTestApp(t)
	ctx := newBrowser(t)
	signIn(t, ctx, ta, ta.admin.ID)
	bg := context.Background()
	ids := ta.segmentIDs("es")
	texts := map[int64]string{ids[0]: "La Cooperación Sur-Sur.", ids[1]: "Más cooperación y cooperativas.", ids[2]: "Cooperación sin fin."}
	before := map[int64]store.Translation{}
	for id, text := range texts {
		tr, err := ta.store.SaveTranslation(bg, store.Save{SegmentID: id, Lang: "es", Text: text, Status: workflow.StatusTranslated})
		if err != nil {
			t.Fatal(err)
		}
		before[id] = tr
	}
	value := func(id int64) string { return `document.querySelector("` + row(id) + ` textarea").value` }
	do(t, ctx,
		chromedp.Navigate(ta.srv.URL+fmt.Sprintf("/documents/%d/edit/es?focus=%d", ta.doc.ID, ids[3])),
		chromedp.WaitVisible(chromedp.CSS(row(ids[3])+" textarea")),
		waitFor(`document.getElementById("notice").dataset.live === "open"`),
		ctrl("h"),
		waitFor(`document.getElementById("replace").open`),
		chromedp.SendKeys(chromedp.CSS("#replace-find"), "cooperación"),
		chromedp.SendKeys(chromedp.CSS("#replace-with"), "colaboración"),
		chromedp.Click(chromedp.CSS("#replace-word")),
		chromedp.Click(chromedp.CSS("#replace-preview")),
		waitFor(`document.querySelectorAll("#replace-changes li").length === 3`),
	)
	// Whole words: "cooperativas" is not a match; case is ignored.
	shoot(t, ctx, "editor-replace.png", "")
	if s := eval[string](t, ctx, `document.getElementById("replace-changes").textContent`); !strings.Contains(s, "colaboración y cooperativas") {
		t.Errorf("preview %q", s)
	}
	do(t, ctx,
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`#replace-changes input[data-segment="%d"]`, ids[2]))),
		chromedp.Click(chromedp.CSS("#replace-apply")),
		waitFor(`!document.getElementById("replace-done").hidden`),
		waitFor(value(ids[0])+` === "La colaboración Sur-Sur."`),
		waitFor(value(ids[1])+` === "Más colaboración y cooperativas."`),
	)
	for id, want := range map[int64]string{ids[0]: "La colaboración Sur-Sur.", ids[1]: "Más colaboración y cooperativas.", ids[2]: texts[ids[2]]} {
		tr, _ := ta.store.Translation(bg, id, "es")
		wantVersion := before[id].Version + 1
		if id == ids[2] {
			wantVersion--
		}
		if tr.Text != want || tr.Version != wantVersion || tr.Status != workflow.StatusTranslated {
			t.Errorf("segment %d after replace: %+v", id, tr)
		}
	}
	do(t, ctx,
		chromedp.Click(chromedp.CSS("#replace-undo")),
		waitFor(value(ids[0])+` === "La Cooperación Sur-Sur."`),
		waitFor(value(ids[1])+` === "Más cooperación y cooperativas."`),
	)
	for id, text := range texts {
		if tr, _ := ta.store.Translation(bg, id, "es"); tr.Text != text {
			t.Errorf("segment %d after undo: %q", id, tr.Text)
		}
	}
}

// TestBrowserLocalTime: times written in UTC by the server are shown in
// the reader's time zone and language, the UTC text kept as the title.
func TestBrowserLocalTime(t *testing.T) {
	ta := newTestApp(t)
	ids := ta.segmentIDs("es")
	if _, err := ta.store.SaveTranslation(context.Background(), store.Save{SegmentID: ids[0], Lang: "es", Text: "Prefacio", Status: workflow.StatusDraft}); err != nil {
		t.Fatal(err)
	}
	ctx := newBrowser(t)
	signIn(t, ctx, ta, ta.admin.ID)
	do(t, ctx,
		chromedp.Navigate(ta.srv.URL+fmt.Sprintf("/segments/%d/history/es", ids[0])),
		waitFor(`document.querySelector("time[data-local]") !== null`),
	)
	got := eval[string](t, ctx, `(() => { const el = document.querySelector("time[data-local]"); return el.textContent + "|" + el.title; })()`)
	shown, title, _ := strings.Cut(got, "|")
	if strings.Contains(shown, "UTC") || !strings.HasSuffix(title, "UTC") {
		t.Errorf("time shown %q, title %q", shown, title)
	}
}

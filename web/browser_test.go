package web

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"alinea/internal/testenv"
	"alinea/store"
	"alinea/workflow"
)

// The browser tests drive headless Chromium through the real pages: the
// script, the policy headers and the server together.

// browserPath finds Chromium, or returns "" when none is installed.
func browserPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// newBrowser starts a headless browser for the test, or skips the test when
// there is no browser to start.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests are skipped with -short")
	}
	path := browserPath()
	if path == "" {
		testenv.Missing(t, "Chromium is not installed (Debian package chromium); the browser tests need it")
	}
	dir, err := os.MkdirTemp("", "alinea-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
		// Chromium's helpers may still write there for a moment after it
		// exits.
		for range 50 {
			if os.RemoveAll(dir) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	// The first run starts the browser; it must not carry a timeout.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	return ctx
}

// do runs browser actions with a time limit, so a broken page fails the
// test instead of hanging it.
func do(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, actions...); err != nil {
		t.Fatal(err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(tctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// waitFor waits until the JavaScript expression is true.
func waitFor(js string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](js, chromedp.WithPollingTimeout(20*time.Second))
}

// andWaitForLoad runs an action that makes the page navigate and waits for
// the new page.
func andWaitForLoad(a chromedp.Action[chromedp.Void]) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Run(ctx, chromedp.WaitEvent(cdppage.LoadEventFired, nil, a))
		return err
	})
}

func ctrl(key string) chromedp.Action[chromedp.Void] {
	return chromedp.KeyEvent(key, chromedp.KeyModifiers(kb.ModifierCtrl))
}

func row(id int64) string { return fmt.Sprintf("#seg-%d", id) }

// signIn gives the browser context a session of the user, as if they had
// signed in (the sign-in form itself has a test of its own).
func signIn(t *testing.T, ctx context.Context, ta *testApp, userID int64) {
	t.Helper()
	token, err := ta.store.CreateSession(context.Background(), userID, "127.0.0.1", DefaultSessions)
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		httpOnly := true
		_, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: sessionCookie, Value: token,
			URL: ta.srv.URL, HTTPOnly: &httpOnly})
		return err
	}))
}

func TestBrowserTranslateConfirmReload(t *testing.T) {
	ta := newTestApp(t)
	ctx := newBrowser(t)
	signIn(t, ctx, ta, ta.admin.ID)
	ids := ta.segmentIDs("es")
	editor := ta.srv.URL + fmt.Sprintf("/documents/%d/edit/es", ta.doc.ID)
	first := row(ids[0]) + " textarea"

	do(t, ctx,
		chromedp.Navigate(editor),
		chromedp.WaitVisible(chromedp.CSS(first)),
		// The editor starts on the first segment to translate.
		waitFor(`document.activeElement === document.querySelector("`+first+`")`),
		chromedp.SendKeys(chromedp.CSS(first), "Prefacio"),
		ctrl(kb.Enter),
		waitFor(`document.querySelector("`+row(ids[0])+`").dataset.status === "translated"`),
		// Confirming moves on to the next segment to translate.
		waitFor(`document.activeElement === document.querySelector("`+row(ids[1])+` textarea")`),
		chromedp.Reload(),
		chromedp.WaitVisible(chromedp.CSS(first)),
	)
	if v := eval[string](t, ctx, `document.querySelector("`+first+`").value`); v != "Prefacio" {
		t.Errorf("after reload the translation is %q", v)
	}
	if c := eval[string](t, ctx, `document.querySelector("`+row(ids[0])+` .mark").className`); !strings.Contains(c, "st-translated") {
		t.Errorf("after reload the status mark is %q", c)
	}
	tr, err := ta.store.Translation(context.Background(), ids[0], "es")
	if err != nil || tr.Text != "Prefacio" || tr.Status != workflow.StatusTranslated {
		t.Errorf("stored %+v %v", tr, err)
	}

	// Leaving a row saves a draft; unsaved text survives a reload.
	second := row(ids[1]) + " textarea"
	do(t, ctx,
		chromedp.SendKeys(chromedp.CSS(second), "El mundo cambia."),
		ctrl(kb.ArrowDown),
		waitFor(`document.querySelector("`+row(ids[1])+`").dataset.status === "draft"`),
		chromedp.SendKeys(chromedp.CSS(row(ids[2])+" textarea"), "Sin guardar"),
	)
	if tr, _ := ta.store.Translation(context.Background(), ids[1], "es"); tr.Text != "El mundo cambia." || tr.Status != workflow.StatusDraft {
		t.Errorf("draft stored as %+v", tr)
	}
	stored := eval[string](t, ctx, `localStorage.getItem("alinea:unsaved:`+itoa(ids[2])+`:es") || ""`)
	if !strings.Contains(stored, "Sin guardar") {
		t.Fatalf("unsaved text not kept in the browser: %q", stored)
	}
	// Escape reverts to the saved text.
	do(t, ctx, chromedp.KeyEvent(kb.Escape))
	if v := eval[string](t, ctx, `document.querySelector("`+row(ids[2])+` textarea").value`); v != "" {
		t.Errorf("Esc left %q", v)
	}
}

func TestBrowserUnsavedTextSurvivesReload(t *testing.T) {
	ta := newTestApp(t)
	ctx := newBrowser(t)
	signIn(t, ctx, ta, ta.admin.ID)
	ids := ta.segmentIDs("pt")
	editor := ta.srv.URL + fmt.Sprintf("/documents/%d/edit/pt", ta.doc.ID)
	sel := row(ids[3]) + " textarea"
	do(t, ctx,
		chromedp.Navigate(editor),
		chromedp.WaitVisible(chromedp.CSS(sel)),
		chromedp.SendKeys(chromedp.CSS(sel), "Texto não salvo"),
	)
	// Open the editor again in another tab of the same profile, as after a
	// crash: the text was never saved, and comes back from the browser.
	again, cancel := chromedp.NewContext(ctx)
	defer cancel()
	// The first action on a new tab context must not run under a deadline:
	// cancelling that context would close the tab.
	if err := chromedp.Do(again); err != nil {
		t.Fatal(err)
	}
	do(t, again,
		chromedp.Navigate(editor),
		chromedp.WaitVisible(chromedp.CSS(sel)),
		waitFor(`document.querySelector("`+sel+`").value === "Texto não salvo"`),
		waitFor(`document.getElementById("notice").textContent.includes("1")`),
	)
	do(t, again, waitFor(`document.querySelector("`+row(ids[3])+`").classList.contains("unsaved")`))
	if tr, _ := ta.store.Translation(context.Background(), ids[3], "pt"); tr.Version != 0 {
		t.Errorf("the text was saved: %+v", tr)
	}
	// Saving it clears the kept copy.
	do(t, again, chromedp.Focus(chromedp.CSS(sel)), ctrl(kb.Enter),
		waitFor(`localStorage.getItem("alinea:unsaved:`+itoa(ids[3])+`:pt") === null`))
	if tr, _ := ta.store.Translation(context.Background(), ids[3], "pt"); tr.Text != "Texto não salvo" {
		t.Errorf("saved %+v", tr)
	}
}

func TestBrowserConflictShowsBothTexts(t *testing.T) {
	ta := newTestApp(t)
	alice := newBrowser(t)
	// Bob has a browser profile of his own: separate storage, same server.
	bob, cancel := chromedp.NewContext(alice, chromedp.WithNewBrowserContext())
	defer cancel()
	if err := chromedp.Do(bob); err != nil {
		t.Fatal(err)
	}
	a, _ := ta.user("alice", store.RoleReviewer)
	b, _ := ta.user("bob", store.RoleReviewer)
	signIn(t, alice, ta, a.ID)
	signIn(t, bob, ta, b.ID)
	ids := ta.segmentIDs("en")
	editor := ta.srv.URL + fmt.Sprintf("/documents/%d/edit/en", ta.doc.ID)
	sel := row(ids[4]) + " textarea"
	for _, ctx := range []context.Context{alice, bob} {
		do(t, ctx, chromedp.Navigate(editor), chromedp.WaitVisible(chromedp.CSS(sel)),
			// Wait for the live stream, so Alice hears of Bob's save.
			waitFor(`document.getElementById("notice").dataset.live === "open"`))
	}
	do(t, alice, chromedp.SendKeys(chromedp.CSS(sel), "Alice's version"))
	do(t, bob, chromedp.SendKeys(chromedp.CSS(sel), "Bob's version"), ctrl(kb.Enter),
		waitFor(`document.querySelector("`+row(ids[4])+`").dataset.status === "translated"`))
	// Alice is still typing: her row is flagged, not overwritten.
	do(t, alice, waitFor(`document.querySelector("`+row(ids[4])+`").classList.contains("stale")`))
	if v := eval[string](t, alice, `document.querySelector("`+sel+`").value`); v != "Alice's version" {
		t.Fatalf("Alice's text became %q", v)
	}
	do(t, alice, chromedp.Focus(chromedp.CSS(sel)), ctrl(kb.Enter), waitFor(`document.getElementById("conflict").open`))
	mine := eval[string](t, alice, `document.getElementById("conflict-mine").value`)
	theirs := eval[string](t, alice, `document.getElementById("conflict-theirs").textContent`)
	if mine != "Alice's version" || theirs != "Bob's version" {
		t.Errorf("conflict shows mine %q and theirs %q", mine, theirs)
	}
	if tr, _ := ta.store.Translation(context.Background(), ids[4], "en"); tr.Text != "Bob's version" {
		t.Fatalf("the conflict overwrote Bob's text: %q", tr.Text)
	}
	// Alice merges both by hand and keeps the result.
	do(t, alice,
		chromedp.SetValue(chromedp.CSS("#conflict-mine"), "Alice's and Bob's version"),
		chromedp.Click(chromedp.CSS("#conflict-keep")),
		waitFor(`!document.getElementById("conflict").open`),
		waitFor(`document.querySelector("`+row(ids[4])+`").dataset.version === "2"`),
	)
	tr, _ := ta.store.Translation(context.Background(), ids[4], "en")
	if tr.Text != "Alice's and Bob's version" || tr.Version != 2 {
		t.Errorf("after keeping: %+v", tr)
	}
	// Bob's open editor shows Alice's save without a reload.
	do(t, bob, waitFor(`document.querySelector("`+sel+`").value === "Alice's and Bob's version"`))
}

func TestBrowserSpanishInterface(t *testing.T) {
	ta := newTestApp(t)
	ctx := newBrowser(t)
	signIn(t, ctx, ta, ta.admin.ID)
	do(t, ctx,
		chromedp.Navigate(ta.srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS("h1")),
	)
	if h := eval[string](t, ctx, `document.querySelector("h1").textContent`); h != "Documents" {
		t.Fatalf("default heading %q", h)
	}
	do(t, ctx,
		andWaitForLoad(chromedp.Click(chromedp.CSS(`button[name="lang"][value="es"]`))),
		chromedp.WaitVisible(chromedp.CSS("h1")),
	)
	if h := eval[string](t, ctx, `document.querySelector("h1").textContent`); h != "Documentos" {
		t.Errorf("heading after switching to Spanish: %q", h)
	}
	ids := ta.segmentIDs("es")
	sel := row(ids[1]) + " textarea"
	do(t, ctx,
		chromedp.Navigate(ta.srv.URL+fmt.Sprintf("/documents/%d/edit/es", ta.doc.ID)),
		chromedp.WaitVisible(chromedp.CSS(sel)),
	)
	for js, want := range map[string]string{
		`document.querySelector("label[for=filter]").textContent`:         "Mostrar",
		`document.getElementById("left").textContent`:                     "Quedan 222 segmentos",
		`document.querySelector("` + row(ids[1]) + ` .mark").textContent`: "Nuevo",
	} {
		if got := eval[string](t, ctx, js); got != want {
			t.Errorf("%s = %q, want %q", js, got, want)
		}
	}
	// The script speaks Spanish too.
	do(t, ctx,
		chromedp.SendKeys(chromedp.CSS(sel), "Traducción"),
		ctrl(kb.Enter),
		waitFor(`document.getElementById("left").textContent === "Quedan 221 segmentos"`),
		waitFor(`document.querySelector("`+row(ids[1])+` .state").textContent === "Guardado"`),
	)
	if m := eval[string](t, ctx, `document.querySelector("`+row(ids[1])+` .mark").textContent`); m != "Traducido" {
		t.Errorf("status mark %q", m)
	}
	// The help overlay lists the shortcuts in Spanish.
	do(t, ctx, ctrl("/"), waitFor(`document.getElementById("help").open`))
	if txt := eval[string](t, ctx, `document.getElementById("help").textContent`); !strings.Contains(txt, "Intro") || !strings.Contains(txt, "Segmento siguiente") {
		t.Errorf("help: %q", txt)
	}
}

func TestBrowserMergeAndSplit(t *testing.T) {
	ta := newTestApp(t)
	ctx := newBrowser(t)
	signIn(t, ctx, ta, ta.admin.ID)
	i, rows := ta.sameParagraph()
	a, b := rows[i], rows[i+1]
	editor := ta.srv.URL + fmt.Sprintf("/documents/%d/edit/es", ta.doc.ID)
	do(t, ctx,
		chromedp.Navigate(editor),
		chromedp.WaitVisible(chromedp.CSS(row(a.ID)+" textarea")),
		chromedp.Focus(chromedp.CSS(row(a.ID)+" textarea")),
		andWaitForLoad(chromedp.KeyEvent("m", chromedp.KeyModifiers(kb.ModifierAlt))),
		chromedp.WaitVisible(chromedp.CSS(row(a.ID)+" .src")),
	)
	if src := eval[string](t, ctx, `document.querySelector("`+row(a.ID)+` .src").textContent`); src != a.Source+b.Source {
		t.Fatalf("after merge the row shows %q", src)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("`+row(b.ID)+`").length`); n != 0 {
		t.Error("the merged-away row is still shown")
	}
	// Split it back where b started: Alt+S, move the cursor, Enter.
	cut := len([]rune(a.Source)) // Chinese text: one UTF-16 unit per character
	do(t, ctx,
		chromedp.Focus(chromedp.CSS(row(a.ID)+" textarea")),
		chromedp.KeyEvent("s", chromedp.KeyModifiers(kb.ModifierAlt)),
		waitFor(`document.getElementById("split").open`),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.getElementById("split-source").setSelectionRange(%d, %d)`, cut, cut)),
		andWaitForLoad(chromedp.KeyEvent(kb.Enter)),
		chromedp.WaitVisible(chromedp.CSS(row(a.ID)+" .src")),
	)
	if src := eval[string](t, ctx, `document.querySelector("`+row(a.ID)+` .src").textContent`); src != a.Source {
		t.Errorf("after split the first part is %q", src)
	}
	next := eval[string](t, ctx, `document.querySelector("`+row(a.ID)+`").nextElementSibling.querySelector(".src").textContent`)
	if next != b.Source {
		t.Errorf("after split the second part is %q", next)
	}
	if got := len(ta.segmentIDs("es")); got != len(rows) {
		t.Errorf("%d segments after merge and split, want %d", got, len(rows))
	}
}

// TestBrowserTranslatorSignsIn signs in through the form as a translator,
// saves a translation in the assigned language, and is refused approval:
// the page offers no approve action, and the server refuses one sent anyway.
func TestBrowserTranslatorSignsIn(t *testing.T) {
	ta := newTestApp(t)
	ctx := newBrowser(t)
	tr, _ := ta.user("tina", store.RoleTranslator)
	if err := ta.store.Assign(context.Background(), store.Assignment{UserID: tr.ID, DocumentID: ta.doc.ID, Lang: "es"}, ta.admin.ID); err != nil {
		t.Fatal(err)
	}
	ids := ta.segmentIDs("es")
	editor := fmt.Sprintf("/documents/%d/edit/es", ta.doc.ID)
	do(t, ctx,
		chromedp.Navigate(ta.srv.URL+editor),
		chromedp.WaitVisible(chromedp.CSS(`input[name="login"]`)),
	)
	if u := eval[string](t, ctx, `location.pathname`); u != "/signin" {
		t.Fatalf("an anonymous visit went to %q, not the sign-in page", u)
	}
	do(t, ctx,
		chromedp.SendKeys(chromedp.CSS(`input[name="login"]`), "tina"),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "wrong password"),
		andWaitForLoad(chromedp.Submit(chromedp.CSS(`input[name="password"]`))),
		chromedp.WaitVisible(chromedp.CSS(`.notice.error`)),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "tina-password"),
		andWaitForLoad(chromedp.Submit(chromedp.CSS(`input[name="password"]`))),
		chromedp.WaitVisible(chromedp.CSS(row(ids[0])+" textarea")),
	)
	if u := eval[string](t, ctx, `location.pathname`); u != editor {
		t.Fatalf("after signing in the browser is at %q, not back at the editor", u)
	}
	first := row(ids[0]) + " textarea"
	do(t, ctx,
		chromedp.Focus(chromedp.CSS(first)),
		chromedp.SendKeys(chromedp.CSS(first), "Prefacio"),
		ctrl(kb.Enter),
		waitFor(`document.querySelector("`+row(ids[0])+`").dataset.status === "translated"`),
		// The approve shortcut is refused with a message, nothing saved.
		chromedp.Focus(chromedp.CSS(first)),
		chromedp.KeyEvent(kb.Enter, chromedp.KeyModifiers(kb.ModifierCtrl|kb.ModifierAlt)),
		waitFor(`document.getElementById("notice").textContent !== ""`),
	)
	if st := eval[string](t, ctx, `document.querySelector("`+row(ids[0])+`").dataset.status`); st != "translated" {
		t.Errorf("status after the approve shortcut: %q", st)
	}
	// A request made by hand from the page is refused by the server.
	status := eval[float64](t, ctx, fmt.Sprintf(`fetch("/api/segments/%d/translations/es", {method: "PUT",
		headers: {"Content-Type": "application/json"}, body: JSON.stringify({text: "Prefacio", status: "approved", version: 1})}).then(r => r.status)`, ids[0]))
	if status != 403 {
		t.Errorf("approving from the page: %v, want 403", status)
	}
	got, _ := ta.store.Translation(context.Background(), ids[0], "es")
	if got.Status != workflow.StatusTranslated || got.Author != "tina" {
		t.Errorf("stored %+v", got)
	}
}

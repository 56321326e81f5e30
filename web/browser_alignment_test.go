package web

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"alinea/workflow"
)

// TestBrowserAlignmentImportMoveAccept imports an English translation of the
// start of the seed document, moves a sentence with the keyboard, accepts and
// finds the translations as drafts in the editor.
func TestBrowserAlignmentImportMoveAccept(t *testing.T) {
	ta := newTestApp(t)
	ctx := newBrowser(t)
	signIn(t, ctx, ta, ta.admin.ID)
	file, err := filepath.Abs(seedStartEN)
	if err != nil {
		t.Fatal(err)
	}
	editor := ta.srv.URL + fmt.Sprintf("/documents/%d/edit/en", ta.doc.ID)
	do(t, ctx,
		chromedp.Navigate(editor),
		chromedp.WaitVisible(chromedp.CSS("#import-translation")),
		andWaitForLoad(chromedp.Click(chromedp.CSS("#import-translation"))),
		chromedp.WaitVisible(chromedp.CSS("#align-form")),
		waitFor(`document.getElementById("align-lang").value === "en"`),
	)
	// The translator says which rows the translation covers, by the label.
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`label[for="align-segments"]`)),
		waitFor(`document.activeElement === document.getElementById("align-segments")`),
		chromedp.SendKeys(chromedp.CSS("#align-segments"), "1-11"),
	)
	shoot(t, ctx, "alignments-form.png", "main")
	do(t, ctx,
		chromedp.SetUploadFiles(chromedp.CSS("#align-file"), []string{file}),
		andWaitForLoad(chromedp.Click(chromedp.CSS("#align-submit"))),
		chromedp.WaitVisible(chromedp.CSS("#b-4")),
	)
	if n := eval[int](t, ctx, `document.querySelectorAll("#b-4 .tgt p").length`); n != 2 {
		t.Fatalf("bead 5 has %d sentences, want 2", n)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll(".align-map a.pt").length`); n != 222 {
		t.Errorf("the map has %d points", n)
	}
	shoot(t, ctx, "alignment-top.png", "main .align-top")
	shoot(t, ctx, "alignment-bead.png", "#b-4")

	// Clicking a point of the map jumps to its bead.
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`.align-map a.pt[data-pos="6"]`)),
		waitFor(`document.activeElement === document.getElementById("b-6")`),
	)
	// Alt+↓ on bead 5 moves its last sentence to bead 6; the page comes
	// back with bead 6 focused.
	do(t, ctx,
		chromedp.Focus(chromedp.CSS("#b-4")),
		andWaitForLoad(chromedp.KeyEvent(kb.ArrowDown, chromedp.KeyModifiers(kb.ModifierAlt))),
		chromedp.WaitVisible(chromedp.CSS("#b-5")),
		waitFor(`document.activeElement === document.getElementById("b-5")`),
	)
	if n := eval[int](t, ctx, `document.querySelectorAll("#b-5 .tgt p").length`); n != 2 {
		t.Fatalf("after the move bead 6 has %d sentences, want 2", n)
	}
	if c := eval[string](t, ctx, `document.getElementById("b-5").className`); !strings.Contains(c, "reviewed") {
		t.Errorf("moved bead not marked reviewed: %q", c)
	}
	// Accept everything at or above 0.5.
	do(t, ctx,
		andWaitForLoad(chromedp.Click(chromedp.CSS("#accept-submit"))),
		chromedp.WaitVisible(chromedp.CSS("#report")),
	)
	shoot(t, ctx, "alignment-report.png", "#report")
	if txt := eval[string](t, ctx, `document.getElementById("report").textContent`); !strings.Contains(txt, "11 segments got a draft translation.") {
		t.Errorf("report: %s", txt)
	}
	ids := ta.segmentIDs("en")
	do(t, ctx,
		andWaitForLoad(chromedp.Click(chromedp.CSS("#report a.button"))),
		chromedp.WaitVisible(chromedp.CSS(row(ids[5])+" textarea")),
	)
	// The moved sentence now starts segment 6's translation.
	got := eval[string](t, ctx, `document.querySelector("`+row(ids[5])+` textarea").value`)
	if !strings.HasPrefix(got, "It implements the Global Development Initiative") || !strings.Contains(got, "As a developing country") {
		t.Errorf("segment 6 in the editor: %q", got)
	}
	if st := eval[string](t, ctx, `document.querySelector("`+row(ids[5])+`").dataset.status`); st != string(workflow.StatusDraft) {
		t.Errorf("segment 6 status %q", st)
	}
	if got := eval[string](t, ctx, `document.querySelector("`+row(ids[0])+` textarea").value`); got != "Preface" {
		t.Errorf("segment 1 in the editor: %q", got)
	}
}

// shoot saves a picture of the element sel in the directory named by
// ALINEA_SCREENSHOTS, when it is set, for a person to look at.
func shoot(t *testing.T, ctx context.Context, name, sel string) {
	t.Helper()
	dir := os.Getenv("ALINEA_SCREENSHOTS")
	if dir == "" {
		return
	}
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	shot := chromedp.Screenshot(chromedp.CSS(sel))
	if sel == "" {
		// What the window shows, for overlays such as tooltips.
		shot = chromedp.CaptureScreenshot()
	}
	png, err := chromedp.Run(tctx, shot)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

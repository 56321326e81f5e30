package web

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"alinea/store"
)

// TestBrowserExportAndImport goes from the editor to the export and import
// page as a translator, downloads with the menu's choices, and imports an
// edited XLIFF through the form.
func TestBrowserExportAndImport(t *testing.T) {
	ta := newTestApp(t)
	ctx := newBrowser(t)
	ids := exchangeFixture(t, ta)
	tr, _ := ta.user("tina", store.RoleTranslator)
	if err := ta.store.Assign(context.Background(), store.Assignment{UserID: tr.ID, DocumentID: ta.doc.ID, Lang: "es"}, ta.admin.ID); err != nil {
		t.Fatal(err)
	}
	signIn(t, ctx, ta, tr.ID)
	exchangePath := fmt.Sprintf("/documents/%d/exchange", ta.doc.ID)
	do(t, ctx,
		chromedp.Navigate(ta.srv.URL+fmt.Sprintf("/documents/%d/edit/es", ta.doc.ID)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="`+exchangePath+`"]`)),
		andWaitForLoad(chromedp.Click(chromedp.CSS(`a[href="`+exchangePath+`"]`))),
		chromedp.WaitVisible(chromedp.CSS(`#export-format`)),
		chromedp.SetValue(chromedp.CSS(`#export-format`), "csv"),
		chromedp.SetValue(chromedp.CSS(`#export-lang`), "es"),
		chromedp.SetValue(chromedp.CSS(`#export-status`), "reviewed"),
	)
	// What the menu's form would download, fetched from the page.
	got := eval[string](t, ctx, `(async () => {
		const f = document.querySelector(".exchange-export form");
		const r = await fetch(f.action + "?" + new URLSearchParams(new FormData(f)));
		return r.status + " " + r.headers.get("Content-Type") + " " + (await r.text());
	})()`)
	if !strings.HasPrefix(got, "200 text/csv") || !strings.Contains(got, "Texto ORIGINAL dos") || strings.Contains(got, "Texto ORIGINAL uno") {
		t.Errorf("download from the menu: %.300s", got)
	}
	if langs := eval[string](t, ctx, `[...document.querySelectorAll("#exchange-lang option")].map(o => o.value).join(",")`); langs != "es" {
		t.Errorf("a translator of es may import into %q", langs)
	}

	_, x := ta.export("format=xliff2&lang=es")
	file := filepath.Join(t.TempDir(), "es.xlf")
	if err := os.WriteFile(file, bytes.Replace(x, []byte("Texto ORIGINAL uno"), []byte("Texto EDITADO uno"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	do(t, ctx,
		chromedp.SetUploadFiles(chromedp.CSS(`#exchange-file`), []string{file}),
		andWaitForLoad(chromedp.Submit(chromedp.CSS(`#exchange-file`))),
		chromedp.WaitVisible(chromedp.CSS(`#import-applied`)),
	)
	if n := eval[string](t, ctx, `document.getElementById("import-applied").textContent`); n != "1" {
		t.Errorf("applied %q", n)
	}
	if cur, _ := ta.store.Translation(context.Background(), ids[0], "es"); cur.Text != "Texto EDITADO uno" || cur.AuthorID != tr.ID {
		t.Errorf("after the import: %+v", cur)
	}
}

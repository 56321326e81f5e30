package web

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// streams counts the live streams open on a document and language.
func (b *broker) streams(doc int64, lang string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs[liveKey{doc, lang}])
}

// streamSet is the set of the live streams open on a document and language.
func (b *broker) streamSet(doc int64, lang string) map[chan liveEvent]bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := map[chan liveEvent]bool{}
	for ch := range b.subs[liveKey{doc, lang}] {
		out[ch] = true
	}
	return out
}

// TestBrowserTabsShareOneStream opens the same editor in three tabs of one
// browser: they hold one event stream between them, the saves of others
// reach a tab that does not hold it, and when the tab holding the stream
// closes another one takes it over. (Checks run in the browser's first tab,
// opened last; the test browser does not answer for the other tabs once
// they are left behind.)
func TestBrowserTabsShareOneStream(t *testing.T) {
	ta := newTestApp(t)
	browser := newBrowser(t)
	signIn(t, browser, ta, ta.admin.ID)
	ids := ta.segmentIDs("es")
	editor := ta.srv.URL + fmt.Sprintf("/documents/%d/edit/es", ta.doc.ID)
	sel := row(ids[3]) + " textarea"
	var tabs []context.Context
	for range 2 {
		tab, cancel := chromedp.NewContext(browser)
		t.Cleanup(cancel)
		tabs = append(tabs, tab)
	}
	tabs = append(tabs, browser)
	for i, tab := range tabs {
		do(t, tab, chromedp.Navigate(editor), chromedp.WaitVisible(chromedp.CSS(sel)),
			waitFor(`document.getElementById("notice").dataset.live === "open"`))
		if n := ta.app.live.streams(ta.doc.ID, "es"); n != 1 {
			t.Errorf("%d tabs hold %d streams, want 1", i+1, n)
		}
	}
	save := func(text string, version int64) {
		resp, body := ta.do("PUT", fmt.Sprintf("/api/segments/%d/translations/es", ids[3]), map[string]any{"text": text, "version": version})
		if resp.StatusCode != 200 {
			t.Fatalf("save: %d %s", resp.StatusCode, body)
		}
	}
	save("Guardado desde fuera", 0)
	do(t, browser, waitFor(`document.querySelector("`+sel+`").value === "Guardado desde fuera"`))

	// The first tab took the stream; closing it hands it to another, which
	// opens a stream of its own.
	first := ta.app.live.streamSet(ta.doc.ID, "es")
	if err := chromedp.Cancel(tabs[0]); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		now := ta.app.live.streamSet(ta.doc.ID, "es")
		handed := len(now) == 1
		for ch := range now {
			handed = handed && !first[ch]
		}
		if handed {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the first tab closed: %d streams", len(now))
		}
		time.Sleep(50 * time.Millisecond)
	}
	save("Guardado otra vez", 1)
	do(t, browser, waitFor(`document.querySelector("`+sel+`").value === "Guardado otra vez"`))
}

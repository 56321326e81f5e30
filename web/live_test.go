package web

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"alinea/store"
	"alinea/workflow"
)

// TestLiveCatchUpAfterAGap: when the server may have missed notices (its
// connection to the database dropped), its editors are sent every save
// made since shortly before the gap, not older ones, and told to mark
// their glossary terms again.
func TestLiveCatchUpAfterAGap(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	ids := ta.segmentIDs("es")
	events, cancel := ta.app.live.subscribe(ta.doc.ID, "es")
	defer cancel()
	other, cancelOther := ta.app.live.subscribe(ta.doc.ID, "pt")
	defer cancelOther()

	save := func(seg int64, lang, text string) {
		t.Helper()
		if _, err := ta.store.SaveTranslation(ctx, store.Save{SegmentID: seg, Lang: lang, Text: text, Status: workflow.StatusDraft}); err != nil {
			t.Fatal(err)
		}
	}
	// Saved before the gap, and during it, with nobody told.
	save(ids[0], "es", "antes")
	time.Sleep(10 * time.Millisecond)
	gap := time.Now()
	save(ids[1], "es", "durante")
	// Since is when the server last heard from the database: saves up to a
	// margin before it are sent again.
	ta.app.relay(store.Notice{Missed: true, Since: gap.Add(catchUpMargin)})

	var saved []translationBody
	glossary := false
	for len(events) > 0 {
		ev := <-events
		switch ev.name {
		case "saved":
			var b translationBody
			if err := json.Unmarshal(ev.data, &b); err != nil {
				t.Fatal(err)
			}
			saved = append(saved, b)
		case "glossary":
			glossary = true
		default:
			t.Errorf("unexpected %s event", ev.name)
		}
	}
	if len(saved) != 1 || saved[0].ID != ids[1] || saved[0].Text != "durante" || saved[0].Version != 1 {
		t.Errorf("caught up with %+v, want only the save made during the gap", saved)
	}
	if !glossary {
		t.Error("the editors were not told to mark the glossary terms again")
	}
	// The Portuguese editor had nothing to catch up with but the glossary.
	if len(other) != 1 || (<-other).name != "glossary" {
		t.Errorf("the Portuguese editor got %d events", len(other))
	}
}

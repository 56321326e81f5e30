package web

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"alinea/notice"
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

// TestLiveRelaysABurstOnce: the notices of a burst of saves reach each
// editor once per segment, with the translation as it is now, whether the
// burst is read segment by segment or with the whole document; a merge
// notice between saves keeps its place.
func TestLiveRelaysABurstOnce(t *testing.T) {
	for _, n := range []int{3, relayOneByOne + 5} {
		t.Run(fmt.Sprint(n, " segments"), func(t *testing.T) {
			ta := newTestApp(t)
			ctx := context.Background()
			ids := ta.segmentIDs("es")[:n]
			events, cancel := ta.app.live.subscribe(ta.doc.ID, "es")
			defer cancel()
			var burst []store.Notice
			mk := func(topic string, v any) store.Notice {
				data, _ := json.Marshal(v)
				return store.Notice{Topic: topic, Payload: data}
			}
			for round := range 2 {
				for _, id := range ids {
					tr, err := ta.store.Translation(ctx, id, "es")
					if err != nil {
						t.Fatal(err)
					}
					tr, err = ta.store.SaveTranslation(ctx, store.Save{SegmentID: id, Lang: "es", Text: fmt.Sprintf("texto %d", round),
						Status: workflow.StatusDraft, BaseVersion: tr.Version})
					if err != nil {
						t.Fatal(err)
					}
					burst = append(burst, mk(notice.Saved, notice.SavedNotice{Doc: ta.doc.ID, Segment: id, Lang: "es", Version: tr.Version}))
					// Saves in a language nobody watches are not read.
					burst = append(burst, mk(notice.Saved, notice.SavedNotice{Doc: ta.doc.ID, Segment: id, Lang: "pt", Version: 1}))
				}
				if round == 0 {
					burst = append(burst, mk(notice.Segments, notice.SegmentsNotice{Doc: ta.doc.ID, Segments: ids[:1]}))
				}
			}
			ta.app.relay(burst...)
			var got []string
			seen := map[int64]int{}
			for len(events) > 0 {
				ev := <-events
				got = append(got, ev.name)
				if ev.name == "saved" {
					var b translationBody
					json.Unmarshal(ev.data, &b)
					seen[b.ID]++
					if b.Lang != "es" || b.Text != "texto 1" || b.Version != 2 {
						t.Errorf("sent %+v, want the second save", b)
					}
				}
			}
			// Each segment once before the merge notice and once after.
			if len(got) != 2*n+1 || got[n] != "segments" || len(seen) != n {
				t.Errorf("events %v for %d segments", got, len(seen))
			}
			for id, c := range seen {
				if c != 2 {
					t.Errorf("segment %d sent %d times, want twice (each side of the merge)", id, c)
				}
			}
		})
	}
}

// TestLiveDocumentNotice: a command that changed a document in bulk
// announces the document; its open editors are sent the translations
// changed since, in every language they watch, and nothing when nothing
// changed since.
func TestLiveDocumentNotice(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	ids := ta.segmentIDs("es")
	save := func(id int64, lang, text string) {
		t.Helper()
		tr, err := ta.store.Translation(ctx, id, lang)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ta.store.SaveTranslation(ctx, store.Save{SegmentID: id, Lang: lang, Text: text,
			Status: workflow.StatusDraft, BaseVersion: tr.Version}); err != nil {
			t.Fatal(err)
		}
	}
	es, cancelES := ta.app.live.subscribe(ta.doc.ID, "es")
	defer cancelES()
	pt, cancelPT := ta.app.live.subscribe(ta.doc.ID, "pt")
	defer cancelPT()
	relay := func(since time.Time) {
		payload, _ := json.Marshal(notice.DocumentNotice{Doc: ta.doc.ID, Since: since})
		ta.app.relay(store.Notice{Topic: notice.Document, Payload: payload})
	}
	sent := func(events <-chan liveEvent) []int64 {
		var got []int64
		for len(events) > 0 {
			ev := <-events
			var b translationBody
			json.Unmarshal(ev.data, &b)
			got = append(got, b.ID)
		}
		return got
	}
	since := time.Now()
	save(ids[1], "es", "después")
	save(ids[2], "pt", "depois")
	relay(since)
	if got := sent(es); len(got) != 1 || got[0] != ids[1] {
		t.Errorf("es editor was sent segments %v, want [%d]", got, ids[1])
	}
	if got := sent(pt); len(got) != 1 || got[0] != ids[2] {
		t.Errorf("pt editor was sent segments %v, want [%d]", got, ids[2])
	}
	relay(time.Now().Add(2 * catchUpMargin))
	if n := len(es) + len(pt); n != 0 {
		t.Errorf("%d events for a document unchanged since", n)
	}
}

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"alinea/internal/testenv"
	"alinea/notice"
	"alinea/store"
)

// TestCommandsAnnounce: a command run beside the servers on one PostgreSQL
// database tells their editors what it changed: the glossary after an
// import, the document after a pre-translation.
func TestCommandsAnnounce(t *testing.T) {
	dsn := testenv.PostgresDB(t)
	if code, _, errs := runCmd(t, "", "import", "--db", dsn, seedPath); code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	ctx := context.Background()
	st, err := store.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	docs, err := st.Documents(ctx)
	if err != nil || len(docs) != 1 {
		t.Fatalf("documents %v, %v", docs, err)
	}
	doc := docs[0].ID
	rows, _, err := st.Segments(ctx, doc, store.SegmentQuery{Lang: "es"})
	if err != nil || len(rows) == 0 {
		t.Fatalf("segments: %v", err)
	}
	l, err := st.Listen(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	next := func(topic string) store.Notice {
		t.Helper()
		for {
			select {
			case n := <-l.Notices():
				if n.Topic == topic {
					return n
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("no %s notice", topic)
			}
		}
	}

	dir := t.TempDir()
	csv := filepath.Join(dir, "g.csv")
	if err := os.WriteFile(csv, []byte("id,source,zh_preferred,es_preferred\n,test,拉美和加勒比,América Latina y el Caribe\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCmd(t, "", "glossary", "import", "--db", dsn, csv); code != 0 {
		t.Fatalf("glossary import: %d %s", code, errs)
	}
	next(notice.Glossary)

	tmx := filepath.Join(dir, "m.tmx")
	if err := os.WriteFile(tmx, fmt.Appendf(nil, `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="zh"/><body>
<tu><tuv xml:lang="zh"><seg>%s</seg></tuv><tuv xml:lang="es"><seg>Traducción anterior</seg></tuv></tu>
</body></tmx>`, rows[0].Source), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCmd(t, "", "tm", "import", "--db", dsn, tmx); code != 0 {
		t.Fatalf("tm import: %d %s", code, errs)
	}
	before := time.Now()
	if code, out, errs := runCmd(t, "", "pretranslate", "--db", dsn, "--doc", fmt.Sprint(doc), "--lang", "es"); code != 0 {
		t.Fatalf("pretranslate: %d %s %s", code, out, errs)
	}
	var dn notice.DocumentNotice
	if err := json.Unmarshal(next(notice.Document).Payload, &dn); err != nil {
		t.Fatal(err)
	}
	if dn.Doc != doc || dn.Since.After(time.Now()) || dn.Since.Before(before) {
		t.Errorf("document notice %+v, want document %d since the command began", dn, doc)
	}
}

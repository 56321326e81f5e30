package formats

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"alinea/internal/testenv"
	"alinea/workflow"
)

// The system Python with Debian's translate-toolkit reads our files as a
// second, independent implementation.
const toolkitScript = `
import json, sys
from translate.storage import tmx, xliff
kind, path = sys.argv[1], sys.argv[2]
store = (xliff.xlifffile if kind == "xliff" else tmx.tmxfile).parsefile(path)
out = []
for u in store.units:
    if kind == "xliff" and not u.istranslatable():
        continue
    out.append({"id": u.getid(), "source": str(u.source or ""), "target": str(u.target or "")})
json.dump(out, sys.stdout, ensure_ascii=False)
`

type toolkitUnit struct{ ID, Source, Target string }

func toolkitRead(t *testing.T, kind string, data []byte) []toolkitUnit {
	t.Helper()
	const py = "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		testenv.Missing(t, "%s is not installed (Debian package python3); the translate-toolkit check needs it", py)
	}
	if err := exec.Command(py, "-c", "import translate.storage.tmx, translate.storage.xliff").Run(); err != nil {
		testenv.Missing(t, "translate-toolkit is not installed for %s (Debian package translate-toolkit)", py)
	}
	path := writeTemp(t, "file."+kind, data)
	var stderr bytes.Buffer
	cmd := exec.Command(py, "-c", toolkitScript, kind, path)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("translate-toolkit: %v\n%s", err, stderr.String())
	}
	var units []toolkitUnit
	if err := json.Unmarshal(out, &units); err != nil {
		t.Fatalf("translate-toolkit output: %v\n%s", err, out)
	}
	return units
}

func TestToolkitReadsXLIFF12(t *testing.T) {
	units := seedUnits(t)
	var buf bytes.Buffer
	if err := WriteXLIFF12(&buf, seedHeader("es"), UnitsOf(units), ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	got := toolkitRead(t, "xliff", buf.Bytes())
	if len(got) != len(units) {
		t.Fatalf("translate-toolkit read %d units, we wrote %d", len(got), len(units))
	}
	for i, u := range units {
		es, _ := u.Target("es")
		g := got[i]
		// Its ids are "<original>\x04<trans-unit id>".
		if !strings.HasSuffix(g.ID, "\x04"+strconv.FormatInt(u.SegmentID, 10)) {
			t.Errorf("unit %d: toolkit read id %q", u.SegmentID, g.ID)
		}
		if g.Source != u.Source || g.Target != es.Text {
			t.Errorf("unit %d: toolkit read %q → %q, we wrote %q → %q", u.SegmentID, g.Source, g.Target, u.Source, es.Text)
		}
	}
}

func TestToolkitReadsTMX(t *testing.T) {
	units := seedUnits(t)
	var buf bytes.Buffer
	if err := WriteTMX(&buf, seedHeader(), UnitsOf(units), ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	got := toolkitRead(t, "tmx", buf.Bytes())
	// It keeps two languages per unit: the source and the first target.
	var want []toolkitUnit
	for _, u := range units {
		for _, tg := range u.Targets {
			if tg.Text != "" {
				want = append(want, toolkitUnit{ID: strconv.FormatInt(u.SegmentID, 10), Source: u.Source, Target: tg.Text})
				break
			}
		}
	}
	if len(got) != len(want) {
		t.Fatalf("translate-toolkit read %d units, we wrote %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("unit %d: toolkit read %q → %q, we wrote %q → %q", i, got[i].Source, got[i].Target, want[i].Source, want[i].Target)
		}
	}
}

// xliff2po takes every unit without approved="yes" for fuzzy: our finished
// translations must not come out fuzzy, our drafts must.
func TestToolkitXLIFF12NotFuzzy(t *testing.T) {
	tool := testenv.Tool(t, "xliff2po", "translate-toolkit")
	units := []Unit{
		{SegmentID: 1, Source: "一。", Targets: []Target{{Lang: "es", Text: "Uno.", Status: workflow.StatusTranslated, Version: 1}}},
		{SegmentID: 2, Source: "二。", Targets: []Target{{Lang: "es", Text: "Dos.", Status: workflow.StatusDraft, Version: 1}}},
		{SegmentID: 3, Source: "三。", Targets: []Target{{Lang: "es", Text: "Tres.", Status: workflow.StatusReviewed, Version: 2}}},
		{SegmentID: 4, Source: "四。", Targets: []Target{{Lang: "es", Text: "Cuatro.", Status: workflow.StatusApproved, Version: 3}}},
	}
	var buf bytes.Buffer
	if err := WriteXLIFF12(&buf, seedHeader("es"), UnitsOf(units), ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	in := writeTemp(t, "es.xlf", buf.Bytes())
	out := in + ".po"
	if b, err := exec.Command(tool, in, out).CombinedOutput(); err != nil {
		t.Fatalf("xliff2po: %v\n%s", err, b)
	}
	po, _ := os.ReadFile(out)
	entries := strings.Split(string(po), "\n\n")
	fuzzy := map[string]bool{}
	for _, e := range entries {
		for _, u := range units {
			if strings.Contains(e, `msgid "`+u.Source+`"`) {
				fuzzy[u.Source] = strings.Contains(e, "#, fuzzy")
			}
		}
	}
	want := map[string]bool{"一。": false, "二。": true, "三。": false, "四。": false}
	for src, f := range want {
		if got, ok := fuzzy[src]; !ok || got != f {
			t.Errorf("%s: fuzzy %v (found %v), want %v\n%s", src, got, ok, f, po)
		}
	}
}

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

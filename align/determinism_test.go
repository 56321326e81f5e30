package align

import (
	"path/filepath"
	"testing"
)

// The same texts must always get the same beads and the very same
// confidences: a review screen sorted by confidence, or a threshold right at
// a bead's value, would otherwise change from one import to the next.
func TestSameInputSameConfidences(t *testing.T) {
	dir := filepath.Join(alignDevDir(t), "zh-en", "dev")
	src := readLines(t, filepath.Join(dir, "mac-dev-001.zh"))
	tgt := readLines(t, filepath.Join(dir, "mac-dev-001.en"))
	opt := Options{SrcLang: "zh", TgtLang: "en"}
	first, err := Align(src, tgt, opt)
	if err != nil {
		t.Fatal(err)
	}
	for run := 1; run < 4; run++ {
		again, err := Align(src, tgt, opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(again) != len(first) {
			t.Fatalf("run %d: %d beads, first run %d", run, len(again), len(first))
		}
		for i := range first {
			if again[i].Confidence != first[i].Confidence {
				t.Fatalf("run %d, bead %d %v: confidence %.17g, first run %.17g", run, i, first[i], again[i].Confidence, first[i].Confidence)
			}
		}
	}
}

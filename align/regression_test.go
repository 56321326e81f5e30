package align

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"alinea/internal/testenv"
)

// Best OVERALL strict F1 reached on the development set (score.py, micro
// average); the test fails when a change loses more than regressionSlack.
const (
	bestZhEnF1      = 0.900 // with the shipped dictionary
	bestZhEsF1      = 0.964 // scored with --coarsen
	regressionSlack = 0.02
)

// TestDevRegression aligns the development set and scores it with the
// benchmark's own scorer.
func TestDevRegression(t *testing.T) {
	if testing.Short() {
		t.Skip("aligns the whole development set")
	}
	dev := alignDevDir(t)
	// The development set is scored by its own score.py.
	python := testenv.Tool(t, "python3", "python3")
	for _, set := range []struct {
		split, ext string
		opts       []string
		best       float64
	}{
		{"zh-en/dev", "en", nil, bestZhEnF1},
		{"zh-es/dev", "es", []string{"--coarsen"}, bestZhEsF1},
	} {
		t.Run(set.split, func(t *testing.T) {
			out := t.TempDir()
			for _, d := range devDocs(t, set.split, set.ext) {
				beads, err := Align(d.src, d.tgt, Options{SrcLang: "zh", TgtLang: set.ext})
				if err != nil {
					t.Fatal(err)
				}
				var sb strings.Builder
				for _, b := range beads {
					sb.WriteString(FormatBead(b, true) + "\n")
				}
				if err := os.WriteFile(filepath.Join(out, d.name+".align"), []byte(sb.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			args := append([]string{filepath.Join(dev, "score.py"), filepath.Join(dev, set.split), out,
				"--src-ext", "zh", "--tgt-ext", set.ext}, set.opts...)
			res, err := exec.Command(python, args...).CombinedOutput()
			if err != nil {
				t.Fatalf("score.py: %v\n%s", err, res)
			}
			f1 := overallStrictF1(t, string(res))
			t.Logf("OVERALL strict F1 %.3f (best %.3f)", f1, set.best)
			if f1 < set.best-regressionSlack {
				t.Errorf("OVERALL strict F1 %.3f, more than %.2f below the best %.3f\n%s", f1, regressionSlack, set.best, res)
			}
		})
	}
}

// overallStrictF1 reads the strict F1 from score.py's OVERALL line:
// "OVERALL(micro)  gold pred |  P  R  F1 |  P  R  F1".
func overallStrictF1(t *testing.T, out string) float64 {
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "OVERALL") {
			continue
		}
		parts := strings.Split(line, "|")
		if len(parts) < 3 {
			break
		}
		fields := strings.Fields(parts[1])
		if len(fields) != 3 {
			break
		}
		f, err := strconv.ParseFloat(fields[2], 64)
		if err != nil {
			break
		}
		return f
	}
	t.Fatalf("no OVERALL line in score.py output:\n%s", out)
	return 0
}

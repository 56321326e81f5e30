package testenv

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

func TestFinds(t *testing.T) {
	if lines := SeedLines(t); len(lines) < 100 || lines[0] != "前言" {
		t.Errorf("seed: %d lines, first %q", len(lines), lines[0])
	}
	for _, s := range []string{"tmx14.dtd", "xliff-core-1.2-strict.xsd", "xliff_core_2.0.xsd", "TBXcoreStructV03.rng", "informativeCopiesOf3rdPartySchemas/w3c/xml.xsd"} {
		Schema(t, s)
	}
}

// TestMissingFailsWhenRequired runs Missing in a child test process, with
// and without the variable, and reads how the child ended.
func TestMissingFailsWhenRequired(t *testing.T) {
	if os.Getenv("TESTDATA_CHILD") != "" {
		Missing(t, "child: a tool is missing")
		return
	}
	for _, tt := range []struct {
		require  string
		wantFail bool
	}{{"", false}, {"1", true}} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestMissingFailsWhenRequired$", "-test.v")
		cmd.Env = append(os.Environ(), "TESTDATA_CHILD=1", RequireAllEnv+"="+tt.require)
		out, err := cmd.CombinedOutput()
		failed := err != nil
		if failed != tt.wantFail {
			t.Errorf("%s=%q: failed %v, want %v\n%s", RequireAllEnv, tt.require, failed, tt.wantFail, out)
		}
		if !tt.wantFail && !strings.Contains(string(out), "--- SKIP") {
			t.Errorf("%s unset: the child did not skip\n%s", RequireAllEnv, out)
		}
	}
}

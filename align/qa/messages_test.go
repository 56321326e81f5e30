package qa

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Every message id the checks emit is listed in MessageIDs, which the
// locale tests hold against the locale files.
func TestMessageIDsListed(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	re := regexp.MustCompile(`"(QA[A-Za-z]+)"`)
	seen := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			seen[m[1]] = true
		}
	}
	for id := range seen {
		if !slices.Contains(MessageIDs, id) {
			t.Errorf("%s is emitted but not in MessageIDs", id)
		}
	}
	if len(seen) < 20 {
		t.Errorf("found only %d message ids in the sources", len(seen))
	}
}

package align

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"alinea/internal/testenv"
)

// alignDevDir is the alignment development set beside the repository.
func alignDevDir(t testing.TB) string {
	t.Helper()
	return testenv.DevData(t, "align-dev")
}

// devDoc is one document pair of the development set.
type devDoc struct {
	name     string
	src, tgt []string
}

func readLines(t testing.TB, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.TrimSuffix(string(data), "\n")
	if len(data) == 0 {
		return nil
	}
	return strings.Split(s, "\n")
}

func devDocs(t testing.TB, split, tgtExt string) []devDoc {
	dir := filepath.Join(alignDevDir(t), split)
	golds, err := filepath.Glob(filepath.Join(dir, "*.align"))
	if err != nil || len(golds) == 0 {
		t.Fatalf("no documents in %s", dir)
	}
	var docs []devDoc
	for _, g := range golds {
		base := strings.TrimSuffix(g, ".align")
		docs = append(docs, devDoc{
			name: filepath.Base(base),
			src:  readLines(t, base+".zh"),
			tgt:  readLines(t, base+"."+tgtExt),
		})
	}
	return docs
}

func BenchmarkAlignDev(b *testing.B) {
	en := devDocs(b, "zh-en/dev", "en")
	es := devDocs(b, "zh-es/dev", "es")
	b.ResetTimer()
	for it := 0; it < b.N; it++ {
		for _, d := range en {
			if _, err := Align(d.src, d.tgt, Options{SrcLang: "zh", TgtLang: "en"}); err != nil {
				b.Fatal(err)
			}
		}
		for _, d := range es {
			if _, err := Align(d.src, d.tgt, Options{SrcLang: "zh", TgtLang: "es"}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// largePair builds a long document pair from the development set by
// concatenating its documents (zh-en and zh-es alike: the aligner only sees
// sentences) until the source has n sentences, cut to n source and m target
// sentences. Cutting makes the ends not match, as in a partial translation.
func largePair(b testing.TB, n, m int) (src, tgt []string) {
	docs := append(devDocs(b, "zh-en/dev", "en"), devDocs(b, "zh-es/dev", "es")...)
	for len(src) < n || len(tgt) < m {
		for _, d := range docs {
			src = append(src, d.src...)
			tgt = append(tgt, d.tgt...)
		}
	}
	return src[:n], tgt[:m]
}

// BenchmarkAlignDevConcat aligns the development documents concatenated
// into one 10,000 × 12,000 pair: a harder case than one long book, since the
// length ratio jumps from one translation to the next.
func BenchmarkAlignDevConcat(b *testing.B) {
	src, tgt := largePair(b, 10000, 12000)
	b.ReportAllocs()
	b.ResetTimer()
	for it := 0; it < b.N; it++ {
		if _, err := Align(src, tgt, Options{SrcLang: "zh", TgtLang: "en"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAlignDevNoDict is BenchmarkAlignDev without the shipped
// dictionary: what the location of partial translations costs whole texts.
func BenchmarkAlignDevNoDict(b *testing.B) {
	en := devDocs(b, "zh-en/dev", "en")
	es := devDocs(b, "zh-es/dev", "es")
	b.ResetTimer()
	for it := 0; it < b.N; it++ {
		for _, d := range en {
			if _, err := Align(d.src, d.tgt, Options{SrcLang: "zh", TgtLang: "en", NoDict: true}); err != nil {
				b.Fatal(err)
			}
		}
		for _, d := range es {
			if _, err := Align(d.src, d.tgt, Options{SrcLang: "zh", TgtLang: "es"}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

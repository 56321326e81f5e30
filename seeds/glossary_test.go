package seeds_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"alinea/align/term"
	"alinea/align/text"
	"alinea/formats"
	"alinea/internal/testenv"
	"alinea/seeds"
)

func seedGlossary(t *testing.T) []term.Concept {
	t.Helper()
	cs, err := formats.ReadTermCSV(bytes.NewReader(seeds.Glossary))
	if err != nil {
		t.Fatalf("seed glossary: %v", err)
	}
	return cs
}

// TestSeedIsTestData: tests in packages that cannot import seeds read the
// seed document through internal/testenv; it must be the embedded one.
func TestSeedIsTestData(t *testing.T) {
	if !bytes.Equal(testenv.Seed(t), seeds.PolicyPaper) {
		t.Errorf("%s differs from seeds.PolicyPaper", testenv.SeedFile)
	}
}

func seedDocumentLines(tb testing.TB) []string {
	tb.Helper()
	var lines []string
	for _, l := range strings.Split(string(seeds.PolicyPaper), "\n") {
		if strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

func TestSeedGlossary(t *testing.T) {
	cs := seedGlossary(t)
	if len(cs) < 60 {
		t.Errorf("%d concepts, want at least 60", len(cs))
	}
	seen := map[string]bool{}
	for i, c := range cs {
		zh := c.TermsIn("zh")
		if len(zh) == 0 {
			t.Errorf("concept %d has no Chinese term", i+1)
			continue
		}
		if c.Domain == "" || c.Source == "" {
			t.Errorf("%s: domain %q, source %q", zh[0].Text, c.Domain, c.Source)
		}
		for _, z := range zh {
			if seen[z.Text] {
				t.Errorf("%s is in two concepts", z.Text)
			}
			seen[z.Text] = true
		}
		for _, lang := range []string{"es", "pt", "en"} {
			preferred := 0
			for _, tm := range c.TermsIn(lang) {
				if tm.Status == term.Preferred {
					preferred++
				}
				if lang != "en" && tm.Status != term.Forbidden && (tm.Gender == "" || tm.Number == "") {
					t.Errorf("%s: %s term %q lacks gender or number", zh[0].Text, lang, tm.Text)
				}
			}
			if preferred != 1 {
				t.Errorf("%s: %d preferred %s terms, want 1", zh[0].Text, preferred, lang)
			}
		}
	}
}

func TestSeedGlossaryTermsOccurInSeedDocument(t *testing.T) {
	doc := text.Key(strings.Join(seedDocumentLines(t), "\n"))
	for _, c := range seedGlossary(t) {
		for _, tm := range c.TermsIn("zh") {
			if !strings.Contains(doc, text.Key(tm.Text)) {
				t.Errorf("%s does not occur in the seed document", tm.Text)
			}
		}
	}
}

// TestSeedGlossaryLongestMatch checks that where the seed document says
// 中拉命运共同体 the matcher reports that concept, not the 命运共同体 inside it.
func TestSeedGlossaryLongestMatch(t *testing.T) {
	m := term.NewMatcher(seedGlossary(t), "zh")
	found := 0
	for _, line := range seedDocumentLines(t) {
		if !strings.Contains(text.Key(line), "中拉命运共同体") {
			continue
		}
		var terms []string
		for _, h := range m.Find(line) {
			terms = append(terms, h.Term)
			if h.Term == "中拉命运共同体" {
				found++
				if got := text.Key(line[h.Start:h.End]); got != "中拉命运共同体" {
					t.Errorf("hit covers %q", line[h.Start:h.End])
				}
			}
			if h.Term == "命运共同体" && strings.Contains(text.Key(line), "中拉命运共同体") && !strings.Contains(strings.ReplaceAll(text.Key(line), "中拉命运共同体", ""), "命运共同体") {
				t.Errorf("命运共同体 reported inside 中拉命运共同体 in %q", line)
			}
		}
		t.Logf("%s → %v", line, terms)
	}
	if found < 2 {
		t.Errorf("中拉命运共同体 found %d times, want the 2 places of the seed document", found)
	}
}

func TestSeedGlossaryRenderings(t *testing.T) {
	m := term.NewMatcher(seedGlossary(t), "zh")
	tests := []struct {
		zh         string
		es, pt, en string
	}{
		{"全球南方", "Sur Global", "Sul Global", "Global South"},
		{"中国—拉共体论坛", "Foro China-CELAC", "Fórum China-CELAC", "China-CELAC Forum"},
		{"拉美和加勒比国家共同体", "CELAC", "CELAC", "CELAC"},
		{"人类命运共同体", "comunidad de futuro compartido de la humanidad", "comunidade com um futuro compartilhado para a humanidade", "community with a shared future for mankind"},
		{"北斗卫星导航系统", "Sistema de Navegación por Satélite BeiDou", "Sistema de Navegação por Satélite BeiDou", "BeiDou Navigation Satellite System"},
	}
	for _, tt := range tests {
		hits := m.Find(tt.zh)
		if len(hits) != 1 || hits[0].End != len(tt.zh) {
			t.Errorf("%s: hits %v", tt.zh, hits)
			continue
		}
		c := m.ConceptOf(hits[0])
		for lang, want := range map[string]string{"es": tt.es, "pt": tt.pt, "en": tt.en} {
			if got := c.TermsIn(lang)[0].Text; got != want {
				t.Errorf("%s in %s: %q, want %q", tt.zh, lang, got, want)
			}
		}
	}
}

// TestSeedGlossaryChecksTranslation runs the terminology check with the seed
// glossary over a translated paragraph of the seed document.
func TestSeedGlossaryChecksTranslation(t *testing.T) {
	m := term.NewMatcher(seedGlossary(t), "zh")
	src := "作为发展中国家、全球南方的一员,中国始终同包括拉美和加勒比在内的全球南方同呼吸、共命运。"
	good := "Como país en desarrollo y miembro del Sur Global, China siempre ha compartido el destino del Sur Global, incluida América Latina y el Caribe."
	if ws := m.Check(src, good, "es"); len(ws) != 0 {
		t.Errorf("warnings for a good translation: %+v", ws)
	}
	bad := "Como nación en vías de desarrollo y miembro del Sur Global, China comparte el destino de la región."
	var kinds []string
	for _, w := range m.Check(src, bad, "es") {
		kinds = append(kinds, string(w.Kind)+" "+w.SourceTerm)
	}
	if strings.Join(kinds, ", ") != "missing 发展中国家, missing 拉美和加勒比" {
		t.Errorf("warnings = %v", kinds)
	}
}

// TestSeedGlossaryTBX exports the seed glossary as TBX, validates it
// against the TBX v3 core schema and reads it back unchanged.
func TestSeedGlossaryTBX(t *testing.T) {
	cs := seedGlossary(t)
	var b bytes.Buffer
	if err := formats.WriteTBX(&b, cs); err != nil {
		t.Fatal(err)
	}
	back, err := formats.ReadTBX(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, cs) {
		t.Error("seed glossary changed through TBX")
	}
	f := filepath.Join(t.TempDir(), "glossary.tbx")
	if err := os.WriteFile(f, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	testenv.XMLLint(t, "--relaxng", "TBXcoreStructV03.rng", f)
}

func BenchmarkAnnotateSeedDocument(b *testing.B) {
	cs, err := formats.ReadTermCSV(bytes.NewReader(seeds.Glossary))
	if err != nil {
		b.Fatal(err)
	}
	m := term.NewMatcher(cs, "zh")
	lines := seedDocumentLines(b)
	for b.Loop() {
		for _, l := range lines {
			m.Find(l)
		}
	}
}

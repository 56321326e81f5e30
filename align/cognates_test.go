package align

import (
	"strings"
	"testing"
)

func TestCognates(t *testing.T) {
	// Target units are stems of stemRunes letters, as the tokenizer cuts
	// them.
	for _, c := range []struct {
		en, es string
		want   bool
	}{
		{"discip", "discíp", true}, // disciple, discípulos
		{"spirit", "espíri", true}, // spirit, espíritu
		{"nation", "nación", true},
		{"christ", "cristo", true},
		{"glory", "gloria", true},
		{"prophe", "profet", true},
		{"temple", "templo", true},
		{"establ", "establ", true},
		{"come", "come", false}, // three letters but the vowel: too short
		{"sin", "sin", false},   // sin, sin (without)
		{"just", "justo", true},
		{"father", "padre", false},
	} {
		if got := cognates(cognateKey(c.en), cognateKey(c.es)); got != c.want {
			t.Errorf("%s ~ %s: %v (keys %q, %q), want %v", c.en, c.es, got, cognateKey(c.en), cognateKey(c.es), c.want)
		}
	}
}

func TestCognatePairs(t *testing.T) {
	pairs := [][2]string{{"d:門徒", "discip"}, {"d:門徒", "pupil"}, {"d:聖靈", "spirit"}, {"d:聖靈", "holy"}}
	tgt := [][]string{{"los", "discíp", "del", "espíri"}, {"discíp", "santo"}}
	got := cognatePairs(pairs, tgt)
	want := [][2]string{{"d:聖靈", "espíri"}, {"d:門徒", "discíp"}} // sorted
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("got %v, want %v", got, want)
	}
	src := [][]string{{"門"}}
	addPaired(src, []dictMark{{0, "d:門徒"}, {0, "d:聖靈"}, {0, "d:人"}}, got)
	if len(src[0]) != 3 || src[0][2] != "d:聖靈" {
		t.Errorf("after addPaired: %v", src[0])
	}
}

// TestDictionaryThroughCognates checks which dictionary each target gets,
// and that one glossing in English is read through cognates for Spanish and
// Portuguese alone.
func TestDictionaryThroughCognates(t *testing.T) {
	shipped, err := DefaultDictionary()
	if err != nil {
		t.Fatal(err)
	}
	own, err := LoadCEDICT(strings.NewReader("門徒 门徒 [men2 tu2] /disciple/follower/\n"))
	if err != nil {
		t.Fatal(err)
	}
	spanish := NewDictionary([]TermPair{{Zh: "門徒", Tgt: []string{"discípulo"}}}, "es")
	for _, c := range []struct {
		name  string
		opt   Options
		dict  *Dictionary
		pivot bool
	}{
		{"en", Options{TgtLang: "en"}, shipped, false},
		{"es", Options{TgtLang: "es"}, shipped, true},
		{"pt-BR", Options{TgtLang: "pt-BR"}, shipped, true},
		{"es, no dictionary", Options{TgtLang: "es", NoDict: true}, nil, false},
		{"es, own CEDICT", Options{TgtLang: "es", Dict: own}, own, true},
		{"en, own CEDICT", Options{TgtLang: "en", Dict: own}, own, false},
		{"es, Spanish glosses", Options{TgtLang: "es", Dict: spanish}, spanish, false},
		{"fr", Options{TgtLang: "fr"}, nil, false},
	} {
		opt, err := withDictionary(c.opt)
		if err != nil {
			t.Fatal(err)
		}
		if opt.Dict != c.dict || opt.pivot != c.pivot {
			t.Errorf("%s: dictionary %p, through cognates %v; want %p, %v", c.name, opt.Dict, opt.pivot, c.dict, c.pivot)
		}
	}
	// A CEDICT of one's own ties a Spanish text through cognates.
	src := []string{"門徒來了。", "他們走了。"}
	tgt := []string{"Vinieron los discípulos.", "Se fueron."}
	opt, _ := withDictionary(Options{SrcLang: "zh", TgtLang: "es", Dict: own})
	tk := tokenize(src, tgt, opt)
	if len(tk.dictPairs) != 1 || tk.dictPairs[0] != [2]string{"d:門徒", "discíp"} {
		t.Errorf("pairs %v, want [d:門徒 discíp]", tk.dictPairs)
	}
}

package align

import "testing"

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
	src := [][]string{{"門", "d:門徒", "d:聖靈", "d:人"}}
	dropUnpaired(src, got)
	if len(src[0]) != 3 || src[0][2] != "d:聖靈" {
		t.Errorf("after dropUnpaired: %v", src[0])
	}
}

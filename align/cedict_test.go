package align

import "testing"

func TestDefaultDictionary(t *testing.T) {
	d, err := DefaultDictionary()
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() < 100_000 {
		t.Errorf("%d headwords", d.Len())
	}
	for w, want := range map[string]string{"中国": "china", "傳統": "tradit", "传统": "tradit", "经济": "econom"} {
		if got := d.tokens(w); !contains(got, want) {
			t.Errorf("%s: %v, want %s among them", w, got, want)
		}
	}
	if d.has("中") {
		t.Error("single characters are not headwords")
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func BenchmarkLoadDefaultDictionary(b *testing.B) {
	for b.Loop() {
		if _, err := loadCompact(cedictData); err != nil {
			b.Fatal(err)
		}
	}
}

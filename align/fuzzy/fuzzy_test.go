package fuzzy

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func dp(a, b []rune) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev = cur
	}
	return prev[len(b)]
}

func TestNormalize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"  ＡＢＣ\t  def ", "abc def"},
		{"二〇二五年", "二〇二五年"},
		{"２０２５", "2025"},
		{"中\u3000文", "中 文"},
		{"", ""},
	} {
		if got := Normalize(c.in); got != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSimilarity(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want float64
	}{
		{"前言", "前言", 100},
		{"前言", "序言", 50},
		{"ABC", "abc", 100},
		{"第43章", "第143章", 80},
		{"", "", 100},
		{"中", "", 0},
	} {
		if got := Similarity(c.a, c.b); Round2(got) != c.want {
			t.Errorf("Similarity(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

var alphabet = []rune("的一是不了人我在有他這中大來上國個到說們為子和你地出道也時年得就那要下以生會自著去之過家學對可她里後小麼心多天而能好都然沒日於起還發成事只作當想看文無開手十用主行方又如前所本見經頭面公同三已老從動兩長abcXYZ 0123,。")

func randString(r *rand.Rand, n int, letters []rune) string {
	var b strings.Builder
	for range n {
		b.WriteRune(letters[r.IntN(len(letters))])
	}
	return b.String()
}

func mutate(r *rand.Rand, s string, edits int, letters []rune) string {
	rs := []rune(s)
	for range edits {
		switch op := r.IntN(3); {
		case op == 0 && len(rs) > 0:
			rs[r.IntN(len(rs))] = letters[r.IntN(len(letters))]
		case op == 1 && len(rs) > 0:
			i := r.IntN(len(rs))
			rs = append(rs[:i], rs[i+1:]...)
		default:
			i := r.IntN(len(rs) + 1)
			rs = slices.Insert(rs, i, letters[r.IntN(len(letters))])
		}
	}
	return string(rs)
}

func TestLevenshteinMatchesDP(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	small := alphabet[:6]
	for i := range 3000 {
		letters := alphabet
		if i%2 == 0 {
			letters = small
		}
		a := []rune(randString(r, r.IntN(200), letters))
		b := []rune(mutate(r, string(a), r.IntN(40), letters))
		if i%7 == 0 {
			b = []rune(randString(r, r.IntN(150), letters))
		}
		if got, want := Levenshtein(a, b), dp(a, b); got != want {
			t.Fatalf("Levenshtein(%q, %q) = %d, want %d", string(a), string(b), got, want)
		}
	}
}

func TestPatternCutoff(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	ix := NewIndex()
	for i := range 2000 {
		a := randString(r, 1+r.IntN(150), alphabet)
		b := mutate(r, a, r.IntN(60), alphabet)
		qa := ix.encode(a, true)
		qb := ix.encode(b, true)
		var p pattern
		p.reset(qa, ix.nAlpha)
		want := dp([]rune(a), []rune(b))
		limit := r.IntN(80)
		got := p.dist(qb, limit)
		if want <= limit && got != want || want > limit && got <= limit {
			t.Fatalf("case %d: dist with limit %d = %d, true distance %d", i, limit, got, want)
		}
	}
}

// exhaustive is the reference: every unit compared with the query.
func exhaustive(keys map[int64]string, q string, min float64, limit int) []Hit {
	var hits []Hit
	qr := []rune(q)
	for id, k := range keys {
		kr := []rune(k)
		l := max(len(qr), len(kr))
		if l == 0 {
			continue
		}
		d := Levenshtein(qr, kr) // checked against dp above
		if s := simOf(d, l); s >= min-1e-9 {
			hits = append(hits, Hit{ID: id, Similarity: s, Distance: d})
		}
	}
	return rank(hits, limit)
}

// TestIndexEqualsExhaustive is the property the index exists for: on random
// and near-duplicate sentences, with units added before and after Build and
// some removed, every search returns exactly what comparing the query with
// every unit returns.
func TestIndexEqualsExhaustive(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	letters := alphabet[:40]
	keys := map[int64]string{}
	ix := NewIndex()
	var base []string
	for i := range 60 {
		base = append(base, randString(r, 1+r.IntN(70), letters))
		if i%10 == 0 {
			base = append(base, randString(r, 1+r.IntN(6), letters))
		}
	}
	id := int64(0)
	add := func() {
		id++
		s := base[r.IntN(len(base))]
		if r.IntN(3) > 0 {
			s = mutate(r, s, r.IntN(1+len([]rune(s))/3), letters)
		}
		s = Normalize(s)
		keys[id] = s
		ix.Add(id, s)
	}
	check := func(stage string) {
		for i := range 60 {
			q := base[r.IntN(len(base))]
			switch i % 4 {
			case 1:
				q = mutate(r, q, r.IntN(1+len([]rune(q))/2), letters)
			case 2:
				q = randString(r, 1+r.IntN(6), letters)
			case 3:
				q = q + mutate(r, base[r.IntN(len(base))], 3, letters)
			}
			q = Normalize(q)
			for _, c := range []struct {
				min   float64
				limit int
			}{{50, 0}, {70, 10}, {50, 10}, {85, 0}, {33.3, 5}, {100, 0}} {
				got := ix.Search(q, c.min, c.limit)
				want := exhaustive(keys, q, c.min, c.limit)
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Fatalf("%s: Search(%q, %v, %d):\n got %v\nwant %v", stage, q, c.min, c.limit, got, want)
				}
			}
		}
	}
	for range 700 {
		add()
	}
	// Before the first Build: units replaced out of order, and removed.
	for range 40 {
		victim := 1 + r.Int64N(id)
		if r.IntN(2) == 0 {
			delete(keys, victim)
			ix.Remove(victim)
			continue
		}
		s := Normalize(mutate(r, base[r.IntN(len(base))], 2, letters))
		keys[victim] = s
		ix.Add(victim, s)
	}
	if ix.Len() != len(keys) {
		t.Fatalf("Len = %d before Build, want %d", ix.Len(), len(keys))
	}
	check("before Build")
	ix.Build()
	for range 100 {
		add()
	}
	for range 60 {
		victim := 1 + r.Int64N(id)
		delete(keys, victim)
		ix.Remove(victim)
	}
	if ix.Len() != len(keys) {
		t.Fatalf("Len = %d, want %d", ix.Len(), len(keys))
	}
	check("with tail")
	ix.Build()
	check("rebuilt")
}

func TestIndexBeforeBuild(t *testing.T) {
	ix := NewIndex()
	ix.Add(1, "前言")
	ix.Add(2, "序言")
	got := ix.Search("前言", 50, 10)
	if len(got) != 2 || got[0].ID != 1 || got[1].Similarity != 50 {
		t.Fatalf("Search before Build = %v", got)
	}
	if got := NewIndex().Search("前言", 50, 10); len(got) != 0 {
		t.Fatalf("empty index found %v", got)
	}
}

func TestNumberFix(t *testing.T) {
	for _, c := range []struct {
		query, source, target string
		want                  string
		ok                    bool
	}{
		// One value in three notations: nothing in the target changes.
		{"二〇二五年的计划", "2025年的计划", "el plan de 2025", "el plan de 2025", true},
		{"２０２５年的计划", "二〇二五年的计划", "el plan de 2025", "el plan de 2025", true},
		// A changed value is carried into the target.
		{"第43章", "第42章", "Capítulo 42", "Capítulo 43", true},
		{"二〇二六年的计划", "2025年的计划", "el plan de 2025", "el plan de 2026", true},
		{"第4章", "第３章", "Capítulo ３", "Capítulo ４", true},
		// Numerals with units are never rewritten.
		{"3万人", "30,000人", "30.000 personas", "", false},
		{"三十人", "二十人", "20 personas", "", false},
		// The target must hold the old value.
		{"釘三字架", "釘一字架", "crucifícale", "", false},
		// Something other than numbers differs.
		{"第43节", "第42章", "Capítulo 42", "", false},
		// Identical: nothing to fix.
		{"第42章", "第42章", "Capítulo 42", "", false},
	} {
		got, _, ok := NumberFix(c.query, c.source, c.target)
		if ok != c.ok || got != c.want {
			t.Errorf("NumberFix(%q, %q, %q) = %q, %v; want %q, %v", c.query, c.source, c.target, got, ok, c.want, c.ok)
		}
	}
}

func FuzzNumberFix(f *testing.F) {
	f.Add("第43章", "第42章", "Capítulo 42")
	f.Add("3万", "30,000", "30.000")
	f.Fuzz(func(t *testing.T, q, s, tg string) {
		NumberFix(q, s, tg)
	})
}

func TestContains(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	letters := alphabet[:30]
	ix := NewIndex()
	keys := map[int64]string{}
	for id := int64(1); id <= 400; id++ {
		keys[id] = randString(r, 1+r.IntN(30), letters)
		ix.Add(id, keys[id])
		if id == 300 {
			ix.Build()
		}
	}
	for range 200 {
		q := randString(r, 1+r.IntN(3), letters)
		var want []int64
		for id, k := range keys {
			if strings.Contains(k, q) {
				want = append(want, id)
			}
		}
		got := ix.Contains(q)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("Contains(%q) = %v, want %v", q, got, want)
		}
	}
}

package term

import (
	"fmt"
	"strings"
	"testing"

	"alinea/align/text"
)

func tm(lang, text string, st TermStatus, forms ...string) Term {
	t := Term{Lang: lang, Text: text, Status: st}
	for _, f := range forms {
		t.Forms = append(t.Forms, TermForm{Text: f})
	}
	return t
}

var checkGlossary = []Concept{
	{ID: 1, Terms: []Term{tm("zh", "全球南方", Preferred), tm("es", "Sur Global", Preferred), tm("pt", "Sul Global", Preferred), tm("en", "Global South", Preferred)}},
	{ID: 2, Terms: []Term{tm("zh", "发展中国家", Preferred), tm("es", "país en desarrollo", Preferred), tm("pt", "país em desenvolvimento", Preferred), tm("en", "developing country", Preferred)}},
	{ID: 3, Terms: []Term{tm("zh", "战略伙伴", Preferred), tm("es", "socio estratégico", Preferred, "socia estratégica"), tm("pt", "parceiro estratégico", Preferred, "parceira estratégica"), tm("en", "strategic partner", Preferred)}},
	{ID: 4, Terms: []Term{tm("zh", "一带一路", Preferred), tm("es", "la Franja y la Ruta", Preferred), tm("es", "Un Cinturón, Una Ruta", Forbidden), tm("en", "Belt and Road", Preferred), tm("en", "One Belt One Road", Forbidden)}},
	{ID: 5, Terms: []Term{tm("zh", "粮食安全", Preferred), tm("es", "seguridad alimentaria", Preferred), tm("en", "food security", Preferred)}},
	{ID: 6, Terms: []Term{tm("zh", "食品安全", Preferred), tm("es", "inocuidad de los alimentos", Preferred), tm("es", "inocuidad alimentaria", Admitted), tm("es", "seguridad alimentaria", Forbidden), tm("en", "food safety", Preferred), tm("en", "food security", Forbidden)}},
	{ID: 7, Terms: []Term{tm("zh", "核心利益", Preferred), tm("es", "intereses fundamentales", Preferred), tm("en", "core interests", Preferred)}},
	{ID: 8, Terms: []Term{tm("zh", "拉共体", Preferred), tm("zh", "拉美和加勒比国家共同体", Admitted), tm("es", "CELAC", Preferred), tm("es", "Comunidad de Estados Latinoamericanos y Caribeños", Admitted)}},
	{ID: 9, Terms: []Term{tm("zh", "命运共同体", Preferred), tm("es", "comunidad de futuro compartido", Preferred)}},
	{ID: 10, Terms: []Term{tm("zh", "人类命运共同体", Preferred), tm("es", "comunidad de futuro compartido de la humanidad", Preferred), tm("en", "community with a shared future for mankind", Preferred), tm("en", "community with a shared future for humanity", Admitted), tm("en", "community of common destiny", Forbidden)}},
	{ID: 11, Terms: []Term{tm("zh", "熊猫债", Preferred), tm("en", "panda bond", Preferred)}},
	{ID: 12, Terms: []Term{tm("zh", "中拉论坛", Preferred), tm("en", "China-CELAC Forum", Preferred)}},
}

// warn renders a warning compactly: kind, concept, the source text of its
// spans, and for forbidden ones the target text.
func warn(src, tgt string, w TermWarning) string {
	var spans []string
	for _, s := range w.Source {
		spans = append(spans, src[s.Start:s.End])
	}
	out := fmt.Sprintf("%s %d %s", w.Kind, w.ConceptID, strings.Join(spans, "+"))
	if w.Kind == TermForbidden {
		out += " [" + tgt[w.Target.Start:w.Target.End] + "]"
	}
	return out
}

func TestCheck(t *testing.T) {
	m := NewMatcher(checkGlossary, "zh")
	tests := []struct {
		name, src, tgt, lang string
		want                 []string
	}{
		{"present", "全球南方声势壮大", "El Sur Global crece", "es", nil},
		{"case and accents", "全球南方", "el sur global", "es", nil},
		{"missing", "全球南方声势壮大", "El Sur crece", "es", []string{"missing 1 全球南方"}},
		{"word boundary", "全球南方", "la Sur Globalización", "es", []string{"missing 1 全球南方"}},
		{"plural head", "发展中国家", "los países en desarrollo", "es", nil},
		{"plural without accents", "发展中国家", "los paises en desarrollo", "es", nil},
		{"only the head inflects", "发展中国家", "los países en desarrollos", "es", []string{"missing 2 发展中国家"}},
		{"pt plural", "发展中国家", "os países em desenvolvimento", "pt", nil},
		{"en plural", "发展中国家", "all developing countries", "en", nil},
		{"en modifier does not inflect", "发展中国家", "developings country", "en", []string{"missing 2 发展中国家"}},
		{"head phrase agrees", "战略伙伴", "son socios estratégicos", "es", nil},
		{"listed gender form", "战略伙伴", "es una socia estratégica", "es", nil},
		{"plural of a listed form", "战略伙伴", "son socias estratégicas", "es", nil},
		{"pt gender form plural", "战略伙伴", "são parceiras estratégicas", "pt", nil},
		{"stored plural found in singular", "核心利益", "su interés fundamental", "es", nil},
		{"admitted variant", "拉共体成员国", "los miembros de la Comunidad de Estados Latinoamericanos y Caribeños", "es", nil},
		{"forbidden only", "共建一带一路", "the One Belt One Road project", "en", []string{"missing 4 一带一路", "forbidden 4 一带一路 [One Belt One Road]"}},
		{"forbidden beside preferred", "共建一带一路", "the Belt and Road (not One Belt One Road)", "en", []string{"forbidden 4 一带一路 [One Belt One Road]"}},
		{"forbidden with punctuation", "一带一路", "la iniciativa «Un Cinturón, Una Ruta»", "es", []string{"missing 4 一带一路", "forbidden 4 一带一路 [Un Cinturón, Una Ruta]"}},
		{"forbidden of one is approved for another", "粮食安全和食品安全", "la seguridad alimentaria y la inocuidad de los alimentos", "es", nil},
		{"forbidden rendering alone", "保证食品安全", "garantizar la seguridad alimentaria", "es", []string{"missing 6 食品安全", "forbidden 6 食品安全 [seguridad alimentaria]"}},
		{"longest concept only", "携手迈向人类命运共同体", "hacia una comunidad de futuro compartido de la humanidad", "es", nil},
		{"admitted en", "人类命运共同体", "a community with a shared future for humanity", "en", nil},
		{"no equivalent in language", "熊猫债", "bonos panda", "es", nil},
		{"joined by other dash", "中拉论坛", "the China–CELAC Forum", "en", nil},
		{"joined by space", "中拉论坛", "the China CELAC Forum", "en", nil},
		{"not joined by a full stop", "中拉论坛", "China. CELAC Forum", "en", []string{"missing 12 中拉论坛"}},
		{"several hits one warning", "全球南方和全球南方", "nada", "es", []string{"missing 1 全球南方+全球南方"}},
		{"source order", "食品安全和全球南方", "nada", "es", []string{"missing 6 食品安全", "missing 1 全球南方"}},
		{"empty target", "全球南方", "  ", "es", nil},
		{"no term in source", "中方愿同拉方携手推进", "Texto", "es", nil},
		{"regional tag", "全球南方", "o Sul", "pt-BR", []string{"missing 1 全球南方"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, w := range m.Check(tt.src, tt.tgt, tt.lang) {
				got = append(got, warn(tt.src, tt.tgt, w))
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("Check(%q, %q, %s)\n got %q\nwant %q", tt.src, tt.tgt, tt.lang, got, tt.want)
			}
		})
	}
}

func TestCheckWarningFields(t *testing.T) {
	m := NewMatcher(checkGlossary, "zh")
	ws := m.Check("保证食品安全", "garantizar la seguridad alimentaria", "es")
	if len(ws) != 2 {
		t.Fatalf("warnings = %+v", ws)
	}
	miss, forb := ws[0], ws[1]
	if miss.Kind != TermMissing || miss.SourceTerm != "食品安全" || fmt.Sprint(miss.Expected) != "[inocuidad de los alimentos inocuidad alimentaria]" {
		t.Errorf("missing warning = %+v", miss)
	}
	if forb.Kind != TermForbidden || forb.Forbidden != "seguridad alimentaria" || forb.Target != (text.Span{Start: len("garantizar la "), End: len("garantizar la seguridad alimentaria")}) {
		t.Errorf("forbidden warning = %+v", forb)
	}
}

func TestFindTerm(t *testing.T) {
	tests := []struct {
		name, text string
		term       Term
		want       []string
	}{
		{"two places", "Sur Global y sur global", tm("es", "Sur Global", Preferred), []string{"Sur Global", "sur global"}},
		{"form and plural", "socia estratégica, socios estratégicos", tm("es", "socio estratégico", Preferred, "socia estratégica"), []string{"socios estratégicos", "socia estratégica"}},
		{"full-width target", "ＣＥＬＡＣ", tm("es", "CELAC", Preferred), []string{"ＣＥＬＡＣ"}},
		{"chinese substring", "构建人类命运共同体", tm("zh", "命运共同体", Preferred), []string{"命运共同体"}},
		{"apostrophe variants", "the National People’s Congress", tm("en", "National People's Congress", Preferred), []string{"National People’s Congress"}},
		{"inside a word", "subsocio estratégico", tm("es", "socio estratégico", Preferred), nil},
		{"unknown language: exact words", "los foros", tm("fr", "foro", Preferred), nil},
		{"empty term", "algo", tm("es", "  ", Preferred), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range FindTerm(tt.text, tt.term) {
				got = append(got, tt.text[s.Start:s.End])
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("FindTerm = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSameNumber(t *testing.T) {
	tests := []struct {
		lang, a, b string
		want       bool
	}{
		{"es", "país", "países", true},
		{"es", "nación", "naciones", true},
		{"es", "voz", "voces", true},
		{"es", "socio", "socios", true},
		{"es", "ley", "leyes", true},
		{"es", "crisis", "crisis", true},
		{"es", "estratégicos", "estratégico", true},
		{"es", "socio", "socia", false},
		{"es", "programa", "program", false},
		{"pt", "nação", "nações", true},
		{"pt", "pão", "pães", true},
		{"pt", "jovem", "jovens", true},
		{"pt", "nacional", "nacionais", true},
		{"pt", "papel", "papéis", true},
		{"pt", "barril", "barris", true},
		{"pt", "fóssil", "fósseis", true},
		{"pt", "mulher", "mulheres", true},
		{"en", "country", "countries", true},
		{"en", "partner", "partners", true},
		{"en", "box", "boxes", true},
		{"en", "chairman", "chairmen", true},
		{"en", "leaf", "leaves", true},
		{"en", "knife", "knives", true},
		{"en", "bond", "bonds", true},
		{"en", "bond", "bonded", false},
		{"fr", "pays", "payss", false},
		{"es", "g20", "g20s", false},
	}
	for _, tt := range tests {
		if got := sameNumber(tt.lang, text.Key(tt.a), text.Key(tt.b)); got != tt.want {
			t.Errorf("sameNumber(%s, %q, %q) = %v, want %v", tt.lang, tt.a, tt.b, got, tt.want)
		}
	}
}

func BenchmarkCheckSegment(b *testing.B) {
	m := NewMatcher(checkGlossary, "zh")
	src := "作为发展中国家、全球南方的一员,中国坚定维护核心利益,保证食品安全和粮食安全,推动构建人类命运共同体。"
	tgt := "Como país en desarrollo y miembro del Sur Global, China defiende sus intereses fundamentales, garantiza la inocuidad de los alimentos y la seguridad alimentaria, y promueve la construcción de una comunidad de futuro compartido de la humanidad."
	for b.Loop() {
		m.Check(src, tgt, "es")
	}
}

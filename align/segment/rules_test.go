package segment

import (
	"reflect"
	"strings"
	"testing"
)

func TestSplitChinese(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"full stops", "中国坚定奉行独立自主的和平外交政策。双方人民友好交往源远流长。",
			[]string{"中国坚定奉行独立自主的和平外交政策。", "双方人民友好交往源远流长。"}},
		{"question and exclamation", "为什么？因为如此！好。", []string{"为什么？", "因为如此！", "好。"}},
		{"half-width marks", "真的吗?是的!好的。", []string{"真的吗?", "是的!", "好的。"}},
		{"runs stay together", "真的吗？！不可能。。。再见。", []string{"真的吗？！", "不可能。。。", "再见。"}},
		{"ellipsis after a stop", "他走了。……我们也走吧。", []string{"他走了。……", "我们也走吧。"}},
		{"ellipsis alone does not split", "他说……我们走吧。", []string{"他说……我们走吧。"}},
		{"closing quote stays", "他说：“我们走吧。”大家都同意。", []string{"他说：“我们走吧。”", "大家都同意。"}},
		{"closing bracket stays", "合作（包括连云港）。此外，还有。", []string{"合作（包括连云港）。", "此外，还有。"}},
		{"nested closers", "他说：“《书》很好。”）然后走了。", []string{"他说：“《书》很好。”）", "然后走了。"}},
		{"never inside title marks", "支持《宣布拉美和加勒比为和平区的公告。附件》等文件。下一句。",
			[]string{"支持《宣布拉美和加勒比为和平区的公告。附件》等文件。", "下一句。"}},
		{"no split at semicolon or comma", "加强合作；深化交流，共同发展。", []string{"加强合作；深化交流，共同发展。"}},
		{"half-width stop after han", "这是第一句.这是第二句。", []string{"这是第一句.", "这是第二句。"}},
		{"decimal point is not a stop", "增长了3.5个百分点。", []string{"增长了3.5个百分点。"}},
		{"trailing text without stop", "第一句。没有句号", []string{"第一句。", "没有句号"}},
		{"no terminal at all", "前言", []string{"前言"}},
		{"empty", "", nil},
	}
	r, err := RulesFor("zh")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.Split(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Split(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			if strings.Join(got, "") != tt.in {
				t.Errorf("segments do not concatenate to the input")
			}
		})
	}
}

func TestSplitLatin(t *testing.T) {
	tests := []struct {
		lang, in string
		want     []string
	}{
		{"es", "El Sr. García llegó. La reunión empezó.", []string{"El Sr. García llegó. ", "La reunión empezó."}},
		{"es", "La Dra. Pérez habló con EE. UU. y con China. Luego se fue.", []string{"La Dra. Pérez habló con EE. UU. y con China. ", "Luego se fue."}},
		{"es", "Viajó a EE. UU. El viaje fue largo.", []string{"Viajó a EE. UU. ", "El viaje fue largo."}},
		{"es", "Hay muchos ejemplos, p. ej. el comercio. También hay otros.", []string{"Hay muchos ejemplos, p. ej. el comercio. ", "También hay otros."}},
		{"es", "Creció un 3.5 por ciento. ¿Y ahora? ¡Adelante!", []string{"Creció un 3.5 por ciento. ", "¿Y ahora? ", "¡Adelante!"}},
		{"es", "Lo escribió J. L. Borges. Nadie lo duda.", []string{"Lo escribió J. L. Borges. ", "Nadie lo duda."}},
		{"es", "Es el 1.º de mayo. Hay fiesta.", []string{"Es el 1.º de mayo. ", "Hay fiesta."}},
		{"pt", "O Sr. Silva chegou. A reunião começou.", []string{"O Sr. Silva chegou. ", "A reunião começou."}},
		{"pt", "Há vários casos, p. ex. o comércio. Também há outros.", []string{"Há vários casos, p. ex. o comércio. ", "Também há outros."}},
		{"pt", "Cresceu 2,5% em 2024. O ritmo manteve-se.", []string{"Cresceu 2,5% em 2024. ", "O ritmo manteve-se."}},
		{"en", "Dr. Smith met Mr. Jones. They talked.", []string{"Dr. Smith met Mr. Jones. ", "They talked."}},
		{"en", "The U.S. government agreed. China too.", []string{"The U.S. government agreed. ", "China too."}},
		{"en", "Growth was 3.5 percent. It was high.", []string{"Growth was 3.5 percent. ", "It was high."}},
		{"en", "It was written by J. R. R. Tolkien. Everyone knows.", []string{"It was written by J. R. R. Tolkien. ", "Everyone knows."}},
		{"en", "See e.g. chapter two. Then stop.", []string{"See e.g. chapter two. ", "Then stop."}},
		{"en", "He asked, \"Why?\" Nobody answered.", []string{"He asked, \"Why?\" ", "Nobody answered."}},
		{"en", "Apples, pears, etc. are fruit. Yes.", []string{"Apples, pears, etc. are fruit. ", "Yes."}},
		{"en", "Call No. 5 now. Thanks.", []string{"Call No. 5 now. ", "Thanks."}},
		{"en-GB", "One. Two.", []string{"One. ", "Two."}},
	}
	for _, tt := range tests {
		t.Run(tt.lang+" "+tt.in, func(t *testing.T) {
			r, err := RulesFor(tt.lang)
			if err != nil {
				t.Fatal(err)
			}
			got := r.Split(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Split(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRulesFor(t *testing.T) {
	for lang, name := range map[string]string{"zh": "Chinese", "zh-Hans": "Chinese", "zh-TW": "Chinese", "es": "Spanish",
		"es-MX": "Spanish", "pt-BR": "Portuguese", "en": "English", "fr": "Default"} {
		r, err := RulesFor(lang)
		if err != nil || r.Name != name {
			t.Errorf("RulesFor(%q) = %v, %v; want %s", lang, r, err, name)
		}
	}
	for _, bad := range []string{"", "x y", "zh_CN", "1234", "<script>", strings.Repeat("a", 40)} {
		if _, err := RulesFor(bad); err == nil {
			t.Errorf("RulesFor(%q) accepted an invalid code", bad)
		}
	}
}

func TestParseSRXErrors(t *testing.T) {
	tests := map[string]string{
		"malformed":       `<srx><body><languagerules>`,
		"bad regexp":      `<srx><body><languagerules><languagerule languagerulename="x"><rule><beforebreak>(</beforebreak></rule></languagerule></languagerules></body></srx>`,
		"unknown rule":    `<srx><body><maprules><languagemap languagepattern=".*" languagerulename="nope"/></maprules></body></srx>`,
		"bad language re": `<srx><body><languagerules><languagerule languagerulename="x"/></languagerules><maprules><languagemap languagepattern="(" languagerulename="x"/></maprules></body></srx>`,
	}
	for name, src := range tests {
		if _, err := ParseSRX(strings.NewReader(src)); err == nil {
			t.Errorf("%s: ParseSRX accepted %q", name, src)
		}
	}
}

func TestCustomSRX(t *testing.T) {
	// A project's own rules: break at Chinese semicolons too.
	src := `<srx xmlns="http://www.lisa.org/srx20" version="2.0"><body><languagerules>
	<languagerule languagerulename="zh-semicolon">
	<rule break="yes"><beforebreak>[。；]</beforebreak><afterbreak>.</afterbreak></rule>
	</languagerule></languagerules>
	<maprules><languagemap languagepattern="zh.*" languagerulename="zh-semicolon"/></maprules></body></srx>`
	set, err := ParseSRX(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	r, err := set.For("zh")
	if err != nil {
		t.Fatal(err)
	}
	got := r.Split("加强合作；深化交流。好")
	want := []string{"加强合作；", "深化交流。", "好"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if _, err := set.For("es"); err == nil {
		t.Error("a language no map covers should be an error")
	}
}

func TestFirstRunes(t *testing.T) {
	tests := []struct {
		pattern string
		in, out []rune
		nilSet  bool
	}{
		{pattern: `[。！？]+x`, in: []rune("。！？"), out: []rune("x.")},
		{pattern: `a*b`, in: []rune("ab"), out: []rune("c")},
		{pattern: `(?i)sr\.`, in: []rune("sS"), out: []rune("r")},
		{pattern: `\p{Han}\.`, in: []rune("中文"), out: []rune("a。")},
		{pattern: `\bDr\.`, nilSet: true},
		{pattern: `x*`, nilSet: true},
		{pattern: `(?:^|\s)A`, nilSet: true},
	}
	for _, tt := range tests {
		s := firstRunes(tt.pattern)
		if tt.nilSet {
			if s != nil {
				t.Errorf("firstRunes(%q) = %v, want nil", tt.pattern, s.ranges)
			}
			continue
		}
		if s == nil {
			t.Errorf("firstRunes(%q) = nil", tt.pattern)
			continue
		}
		for _, r := range tt.in {
			if !s.has(r) || !s.bytes[[]byte(string(r))[0]] {
				t.Errorf("firstRunes(%q) lacks %q", tt.pattern, r)
			}
		}
		for _, r := range tt.out {
			if s.has(r) {
				t.Errorf("firstRunes(%q) has %q", tt.pattern, r)
			}
		}
	}
}

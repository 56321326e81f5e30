package qa

import (
	"strings"
	"testing"
)

func TestParseChinese(t *testing.T) {
	cases := []struct {
		in   string
		want float64
		used int
	}{
		{"二〇二五", 2025, 4},
		{"一九四九年", 1949, 4},
		{"十四", 14, 2},
		{"十", 10, 1},
		{"十四五", 14, 2}, // 十四五规划: 14, then a 5 of its own
		{"二十一世纪", 21, 3},
		{"一百零五", 105, 4},
		{"一千二百三十四", 1234, 7},
		{"两千", 2000, 2},
		{"三万", 30000, 2},
		{"三万五千", 35000, 4},
		{"十二万", 120000, 3},
		{"一亿二千万", 120000000, 5},
		{"三万亿", 3e12, 3},
		{"五点五", 5.5, 3},
		{"一点二亿", 120000000, 4},
		{"三四个", 3, 1}, // an approximation: only the first digit reads as a number
		{"千方百计", 0, 0},
		{"七零八落", 7, 1},   // an idiom, not 708
		{"一九六几年", 1, 1},  // 196x: no year to compare
		{"二十两银子", 20, 2}, // twenty taels, not 22
		{"两千", 2000, 2},
		{"两个", 2, 1},
		{"二〇〇八", 2008, 4},
		{"百年", 0, 0},
		{"方", 0, 0},
	}
	for _, c := range cases {
		v, n := ParseChinese([]rune(c.in))
		if n != c.used || !sameValue(v, c.want) {
			t.Errorf("ParseChinese(%q) = %v, %d; want %v, %d", c.in, v, n, c.want, c.used)
		}
	}
}

func TestSourceNumbers(t *testing.T) {
	type num struct {
		text     string
		value    float64
		kind     NumKind
		required bool
	}
	cases := []struct {
		in   string
		want []num
	}{
		{"1949年新中国成立", []num{{"1949", 1949, NumYear, true}}},
		{"2025年", []num{{"2025", 2025, NumYear, true}}},
		{"二〇二五年", []num{{"二〇二五", 2025, NumYear, true}}},
		{"增长百分之五", []num{{"百分之五", 5, NumPercent, true}}},
		{"百分之三十五点五", []num{{"百分之三十五点五", 35.5, NumPercent, true}}},
		{"增长5%", []num{{"5%", 5, NumPercent, true}}},
		{"增长５％", []num{{"５％", 5, NumPercent, true}}},
		{"3万人", []num{{"3万", 30000, NumPlain, true}}},
		{"1.2亿美元", []num{{"1.2亿", 120000000, NumPlain, true}}},
		{"30,000人", []num{{"30,000", 30000, NumPlain, true}}},
		{"第三份文件", []num{{"第三", 3, NumOrdinal, true}}},
		{"第一部分 拉丁美洲", []num{{"第一", 1, NumSection, true}}},
		{"一、团结工程", []num{{"一", 1, NumSection, true}}},
		{"（十四）环保", []num{{"十四", 14, NumSection, true}}},
		{"二十国集团", []num{{"二十", 20, NumPlain, true}}},
		{"上世纪60年代后", []num{{"60", 60, NumDecade, true}}},
		{"12月10日电", []num{{"12", 12, NumMonth, true}, {"10", 10, NumPlain, true}}},
		{"共建“一带一路”", []num{{"一", 1, NumPlain, false}, {"一", 1, NumPlain, false}}},
		{"一个中国原则", []num{{"一", 1, NumPlain, false}}},
		{"五年规划", []num{{"五", 5, NumYear, true}}},
		{"三个领域", []num{{"三", 3, NumPlain, true}}},
		{"三方合作", []num{{"三", 3, NumPlain, false}}},
		{"十四五规划", []num{{"十四", 14, NumPlain, true}, {"五", 5, NumPlain, false}}},
		{"十分得意", []num{{"十", 10, NumPlain, false}}},
		{"十几遍", []num{{"十", 10, NumPlain, false}}},
		{"几十个", []num{{"十", 10, NumPlain, false}}},
		{"十年", []num{{"十", 10, NumYear, true}}},
		{"二十两银子", []num{{"二十", 20, NumPlain, true}, {"两", 2, NumPlain, false}}},
		{"第", nil},
		{"百分之", nil},
	}
	for _, c := range cases {
		got := SourceNumbers(c.in)
		if len(got) != len(c.want) {
			t.Errorf("SourceNumbers(%q) = %+v; want %d numbers", c.in, got, len(c.want))
			continue
		}
		for i, w := range c.want {
			g := got[i]
			text := c.in[g.Span.Start:g.Span.End]
			if !strings.HasSuffix(text, w.text) && !strings.HasPrefix(text, w.text) || !sameValue(g.Value, w.value) || g.Kind != w.kind || g.Required != w.required {
				t.Errorf("SourceNumbers(%q)[%d] = %q %v kind %d required %v; want %q %v kind %d required %v",
					c.in, i, text, g.Value, g.Kind, g.Required, w.text, w.value, w.kind, w.required)
			}
		}
	}
}

func TestTargetNumbers(t *testing.T) {
	cases := []struct {
		in, lang string
		want     float64 // one of the readings of some number
	}{
		{"30,000 people", "en", 30000},
		{"30 000 people", "en", 30000},
		{"30\u00a0000 personas", "es", 30000},
		{"30.000 personas", "es", 30000},
		{"30.000 pessoas", "pt", 30000},
		{"120 million dollars", "en", 120e6},
		{"1.2 billion yuan", "en", 1.2e9},
		{"120 millones de dólares", "es", 120e6},
		{"1,2 mil millones", "es", 1.2e9},
		{"120 milhões de dólares", "pt", 120e6},
		{"30 mil personas", "es", 30000},
		{"in 2025", "en", 2025},
		{"grew 5%", "en", 5},
		{"creció un 5 %", "es", 5},
		{"35,5 %", "es", 35.5},
		{"35.5%", "en", 35.5},
		{"the third paper", "en", 3},
		{"el tercer documento", "es", 3},
		{"a tercera edición", "es", 3},
		{"o terceiro documento", "pt", 3},
		{"the 3rd paper", "en", 3},
		{"el 3.º documento", "es", 3},
		{"Part I Latin America", "en", 1},
		{"Parte II", "es", 2},
		{"XIV. Environment", "en", 14},
		{"(n) Environmental protection", "en", 14},
		{"thirty-five", "en", 35},
		{"dos mil veinticinco", "es", 2025},
		{"December 10", "en", 12},
		{"10 de diciembre", "es", 12},
		{"the 1960s", "en", 1960},
		{"the G20", "en", 20},
		{"fourteen", "en", 14},
	}
	for _, c := range cases {
		found := false
		for _, n := range TargetNumbers(c.in, c.lang) {
			for _, v := range n.Values {
				if sameValue(v, c.want) {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("TargetNumbers(%q, %s) = %+v: no reading %v", c.in, c.lang, TargetNumbers(c.in, c.lang), c.want)
		}
	}
	// "I" the pronoun is no number.
	for _, n := range TargetNumbers("Then I said so", "en") {
		t.Errorf("pronoun read as a number: %+v", n)
	}
}

// TestNumbersCheck compares whole segments the way the check does.
func TestNumbersCheck(t *testing.T) {
	cases := []struct {
		src, tgt, lang string
		missing        []string // source texts reported missing
	}{
		{"1949年新中国成立。", "When the PRC was founded in 1949.", "en", nil},
		{"1949年新中国成立。", "When the PRC was founded in 1950.", "en", []string{"1949"}},
		{"二〇二五年", "2025", "en", nil},
		{"二〇二五年", "2024", "en", []string{"二〇二五"}},
		{"十四个国家", "fourteen countries", "en", nil},
		{"十四个国家", "14 países", "es", nil},
		{"十四个国家", "15 países", "es", []string{"十四"}},
		{"增长百分之五", "grew by 5%", "en", nil},
		{"增长百分之五", "creció un 5 %", "es", nil},
		{"增长百分之五", "cresceu cinco por cento", "pt", nil},
		{"增长百分之五", "grew by 6%", "en", []string{"百分之五"}},
		{"3万人", "30,000 people", "en", nil},
		{"3万人", "30 000 people", "en", nil},
		{"3万人", "30.000 personas", "es", nil},
		{"3万人", "30.000 pessoas", "pt", nil},
		{"3万人", "3,000 people", "en", []string{"3万"}},
		{"1.2亿美元", "120 million dollars", "en", nil},
		{"1.2亿美元", "120 millones de dólares", "es", nil},
		{"1.2亿美元", "120 milhões de dólares", "pt", nil},
		{"1.2亿美元", "12 million dollars", "en", []string{"1.2亿"}},
		{"2025年", "in 2025", "en", nil},
		{"第三份文件", "the third policy paper", "en", nil},
		{"第三份文件", "el tercer documento", "es", nil},
		{"第三份文件", "o terceiro documento", "pt", nil},
		{"第三份文件", "the second policy paper", "en", []string{"第三"}},
		{"第一部分 拉丁美洲", "Part I Latin America", "en", nil},
		{"第一部分 拉丁美洲", "Parte I América Latina", "es", nil},
		{"第二部分 中拉关系", "Part I China-LAC relations", "en", []string{"第二"}},
		{"上世纪60年代后", "after the 1960s", "en", nil},
		{"上世纪60年代后", "a partir de los años sesenta", "es", nil},
		{"（新华社北京12月10日电）", "(Xinhua, Beijing, December 10)", "en", nil},
		{"（新华社北京12月10日电）", "(Xinhua, Pekín, 10 de diciembre)", "es", nil},
		{"二十国集团", "the G20", "en", nil},
		{"共建“一带一路”", "the Belt and Road", "en", nil},
		{"十四五规划", "the 14th Five-Year Plan", "en", nil},
	}
	for _, c := range cases {
		fs := checkNumbers(Segment{Source: c.src, Target: c.tgt})
		var got []string
		for _, f := range fs {
			got = append(got, c.src[f.Source[0].Start:f.Source[0].End])
		}
		if strings.Join(got, "|") != strings.Join(c.missing, "|") {
			t.Errorf("%q → %q (%s): missing %q; want %q", c.src, c.tgt, c.lang, got, c.missing)
		}
	}
}

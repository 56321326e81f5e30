package qa

import (
	"testing"
	"unicode/utf8"

	"alinea/align/text"
)

// The parsers take any text: they must not panic, and what they report must
// lie inside the text.
func FuzzParseChinese(f *testing.F) {
	for _, s := range []string{"二〇二五", "十四五", "一千二百零五", "三万亿", "五点五亿", "零", "点", "十十", "两万两千"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rs := []rune(s)
		v, n := ParseChinese(rs)
		if n < 0 || n > len(rs) || v < 0 {
			t.Fatalf("ParseChinese(%q) = %v, %d", s, v, n)
		}
	})
}

func FuzzSourceNumbers(f *testing.F) {
	for _, s := range []string{"1949年新中国成立", "百分之三十五点五", "1.2亿", "第一部分", "（十四）", "30,000人", "第", "百分之", "５％"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prev := 0
		for _, n := range SourceNumbers(s) {
			if n.Span.Start < prev || n.Span.End <= n.Span.Start || n.Span.End > len(s) {
				t.Fatalf("SourceNumbers(%q): bad span %+v", s, n.Span)
			}
			prev = n.Span.End
		}
	})
}

func FuzzTargetNumbers(f *testing.F) {
	for _, s := range []string{"30,000 people", "1,2 mil millones", "Part IV.", "(a) b", "3.º", "thirty-five", "1.2.3", "30 000 000"} {
		f.Add(s, "en")
	}
	f.Fuzz(func(t *testing.T, s, lang string) {
		for _, n := range TargetNumbers(s, lang) {
			if n.Span.Start < 0 || n.Span.End < n.Span.Start || n.Span.End > len(s) {
				t.Fatalf("TargetNumbers(%q): bad span %+v", s, n.Span)
			}
		}
	})
}

// Every check over any pair of texts: spans inside their texts, on rune
// boundaries.
func FuzzChecks(f *testing.F) {
	f.Add("1949年新中国成立。", "The PRC was founded in 1950", false)
	f.Add("（一）“一带一路”", "（a） the the “Belt ", true)
	f.Add("详见https://x.org。", "see www.x.org  ,", false)
	f.Add("1949年新中国成立。", "⟦1⟧The PRC⟦/1⟧ was founded in 1950 ⟦2/⟧", false)
	f.Add("第三部分", "⟦1⟧Part ⟦2⟧III⟦/2⟧⟦/1⟧", true)
	f.Fuzz(func(t *testing.T, src, tgt string, heading bool) {
		seg := Segment{Position: 1, Source: src, Target: tgt, Heading: heading, Reference: "⟦1⟧a⟦/1⟧"}
		codes := text.Codes(tgt)
		for _, fs := range Check([]Segment{seg, seg}, Options{Lang: "es"}) {
			for _, fd := range fs {
				for _, sp := range fd.Source {
					inside(t, src, sp, fd)
				}
				for _, sp := range fd.Target {
					inside(t, tgt, sp, fd)
					if fd.Check == CheckInlineCodes {
						continue
					}
					for _, c := range codes {
						if c.Start < sp.Start && sp.Start < c.End || c.Start < sp.End && sp.End < c.End {
							t.Fatalf("%s: span %+v cuts the code %s of %q", fd.Message, sp, c, tgt)
						}
					}
				}
			}
		}
	})
}

func inside(t *testing.T, s string, sp Span, f Finding) {
	t.Helper()
	if sp.Start < 0 || sp.End < sp.Start || sp.End > len(s) {
		t.Fatalf("%s: span %+v outside %q", f.Message, sp, s)
	}
	if utf8.ValidString(s) && (!utf8.RuneStart(byteAt(s, sp.Start)) || !utf8.RuneStart(byteAt(s, sp.End))) {
		t.Fatalf("%s: span %+v splits a character of %q", f.Message, sp, s)
	}
}

func byteAt(s string, i int) byte {
	if i >= len(s) {
		return 0
	}
	return s[i]
}

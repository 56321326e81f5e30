package qa

import (
	"reflect"
	"strings"
	"testing"

	"alinea/align/text"
)

func TestCheckCodes(t *testing.T) {
	type want struct {
		msg    string
		target []string // the text each target span covers
	}
	cases := []struct {
		name, target, ref string
		want              []want
	}{
		{"no codes", "Plain text.", "", nil},
		{"well formed, no reference", "⟦1⟧Bold⟦/1⟧ and ⟦2/⟧ a mark ⟦3⟧⟦4⟧nested⟦/4⟧⟦/3⟧.", "", nil},
		{"same as reference", "⟦1⟧Negrita⟦/1⟧ y ⟦2/⟧.", "⟦1⟧Bold⟦/1⟧ and ⟦2/⟧.", nil},
		{"moved text, same order", "Y ⟦1⟧negrita⟦/1⟧ ⟦2/⟧", "⟦1⟧Bold⟦/1⟧ and ⟦2/⟧.", nil},
		{"not a code", "⟦not a code⟧ ⟦", "", nil},
		{"unclosed", "⟦1⟧Bold and more.", "", []want{{"QACodeUnclosed", []string{"⟦1⟧"}}}},
		{"unopened", "Bold⟦/1⟧ and more.", "", []want{{"QACodeUnopened", []string{"⟦/1⟧"}}}},
		{"closes first", "⟦/1⟧Bold⟦1⟧ text.", "", []want{{"QACodeCloseFirst", []string{"⟦/1⟧", "⟦1⟧"}}}},
		{"crossing", "⟦1⟧a ⟦2⟧b⟦/1⟧ c⟦/2⟧", "", []want{{"QACodeCrossing", []string{"⟦2⟧", "⟦/1⟧"}}}},
		{"twice", "⟦2/⟧ a ⟦2/⟧", "", []want{{"QACodeTwice", []string{"⟦2/⟧"}}}},
		{"twice, reference once", "⟦2/⟧ a ⟦2/⟧", "x ⟦2/⟧", []want{{"QACodeTwice", []string{"⟦2/⟧"}}}},
		{"lost pair", "Negrita y ⟦2/⟧.", "⟦1⟧Bold⟦/1⟧ and ⟦2/⟧.",
			[]want{{"QACodeMissing", nil}, {"QACodeMissing", nil}}},
		{"lost half", "⟦1⟧Negrita y ⟦2/⟧.", "⟦1⟧Bold⟦/1⟧ and ⟦2/⟧.",
			[]want{{"QACodeUnclosed", []string{"⟦1⟧"}}, {"QACodeMissing", nil}}},
		{"added", "⟦1⟧Negrita⟦/1⟧ y ⟦2/⟧ ⟦3/⟧.", "⟦1⟧Bold⟦/1⟧ and ⟦2/⟧.", []want{{"QACodeExtra", []string{"⟦3/⟧"}}}},
		{"all lost", "Negrita.", "⟦2/⟧ Bold", []want{{"QACodeMissing", nil}}},
		{"reordered", "⟦2/⟧ y ⟦1⟧negrita⟦/1⟧", "⟦1⟧Bold⟦/1⟧ and ⟦2/⟧.", []want{{"QACodeOrder", []string{"⟦2/⟧"}}}},
		{"pairs swapped", "⟦2⟧b⟦/2⟧ ⟦1⟧a⟦/1⟧", "⟦1⟧a⟦/1⟧ ⟦2⟧b⟦/2⟧", []want{{"QACodeOrder", []string{"⟦2⟧"}}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			seg := Segment{Source: "源文", Target: c.target, Reference: c.ref}
			var got []want
			for _, f := range checkCodes(seg) {
				if f.Check != CheckInlineCodes || f.Severity != Error || f.Args["Code"] == "" {
					t.Errorf("finding %+v: want an inline-codes error naming its code", f)
				}
				w := want{msg: f.Message}
				for _, sp := range f.Target {
					w.target = append(w.target, c.target[sp.Start:sp.End])
				}
				got = append(got, w)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("checkCodes(%q, ref %q) = %+v, want %+v", c.target, c.ref, got, c.want)
			}
		})
	}
}

// The check runs through Segment with the others, and can be switched off.
func TestCodesThroughSegment(t *testing.T) {
	seg := Segment{Source: "加粗文字。", Target: "⟦1⟧Bold text.", Reference: "⟦1⟧Bold⟦/1⟧ text."}
	fs := (*Document)(nil).Segment(seg, Options{Lang: "en"})
	if len(fs) != 2 || fs[0].Check != CheckInlineCodes {
		t.Fatalf("findings %+v: want the unclosed and the missing code", fs)
	}
	if fs := (*Document)(nil).Segment(seg, Options{Lang: "en", Checks: Set{CheckNumbers: true}}); len(fs) != 0 {
		t.Errorf("inline-codes off: findings %+v", fs)
	}
}

// Any translation and reference: spans inside the translation on codes,
// and a translation equal to its reference has no finding unless its own
// codes are ill-formed.
func FuzzCheckCodes(f *testing.F) {
	f.Add("⟦1⟧a⟦/1⟧ ⟦2/⟧", "⟦1⟧b⟦/1⟧ ⟦2/⟧")
	f.Add("⟦1⟧a ⟦2⟧b⟦/1⟧⟦/2⟧⟦/3⟧", "⟦3/⟧")
	f.Add("⟦/1⟧⟦1⟧⟦1⟧⟦x/⟧", "")
	f.Fuzz(func(t *testing.T, tgt, ref string) {
		seg := Segment{Source: "源", Target: tgt, Reference: ref}
		for _, fd := range checkCodes(seg) {
			for _, sp := range fd.Target {
				inside(t, tgt, sp, fd)
				if _, ok := text.NextCode(tgt[sp.Start:sp.End], 0); !ok {
					t.Fatalf("%s: span %q is not a code", fd.Message, tgt[sp.Start:sp.End])
				}
			}
		}
		self := Segment{Source: "源", Target: tgt, Reference: tgt}
		for _, fd := range checkCodes(self) {
			if strings.HasPrefix(fd.Message, "QACodeMissing") || fd.Message == "QACodeExtra" || fd.Message == "QACodeOrder" {
				t.Fatalf("%q against itself: %s", tgt, fd.Message)
			}
		}
	})
}

// The other checks read the translation without its codes and point into
// it with them.
func TestOtherChecksSeeThroughCodes(t *testing.T) {
	cases := []struct {
		source, target string
		want           []string // check: text of its first target span
	}{
		{"第三部分", "⟦1⟧Part III⟦/1⟧", nil},
		{"1949年新中国成立。", "⟦1⟧The PRC⟦/1⟧ was founded in 1949⟦2/⟧.", nil},
		{"1949年新中国成立。", "⟦1⟧the PRC⟦/1⟧ was founded in 1949⟦2/⟧.", []string{"capitalization:the"}},
		{"新中国成立。", "⟦1⟧The  PRC⟦/1⟧ was founded⟦2/⟧", []string{"end-punctuation:", "whitespace:  "}},
		{"新中国成立。", "The PRC was ⟦1⟧founded，⟦/1⟧ then.", []string{"punctuation-width:，"}},
	}
	for _, c := range cases {
		seg := Segment{Source: c.source, Target: c.target}
		var got []string
		for _, f := range (*Document)(nil).Segment(seg, Options{Lang: "en"}) {
			s := f.Check + ":"
			if len(f.Target) > 0 {
				s += c.target[f.Target[0].Start:f.Target[0].End]
			}
			got = append(got, s)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: %q, want %q", c.target, got, c.want)
		}
	}
}

package segment

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"alinea/align/text"
)

// FuzzPrepare checks the import front end on arbitrary bytes: it never
// panics, never yields text that is not valid UTF-8 or that holds a
// replacement character the input did not, and the segments of every
// paragraph concatenate to the paragraph.
func FuzzPrepare(f *testing.F) {
	for _, s := range []string{
		"前言\n\n当前世界百年未有之大变局加速演进。全球南方声势卓然壮大！\n",
		"加强合作等机制的\n\n作用,进一步完善。\n（一）高层交往\n",
		"他说：“我们走吧。”《书。名》好？！……",
		"El Sr. García llegó a EE. UU. el 3.5. ¿Y ahora? ¡Vamos!",
		"\xEF\xBB\xBFBOM text.",
		"\xFF\xFEa\x00b\x00",
		"\xD6\xD0\xCE\xC4",
		"bad \xC3\x28 utf8",
		"a\x00b",
		"",
	} {
		for _, lang := range []string{"zh", "es", "en"} {
			f.Add([]byte(s), lang)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, lang string) {
		if _, err := RulesFor(lang); err != nil {
			lang = "zh"
		}
		p, err := Prepare(data, lang)
		if err != nil {
			return
		}
		if !utf8.ValidString(p.Text) {
			t.Fatalf("decoded text is not valid UTF-8: %q", p.Text)
		}
		if strings.ContainsRune(p.Text, utf8.RuneError) && !bytes.Contains(data, []byte("\uFFFD")) && p.Encoding == text.UTF8 {
			t.Fatalf("replacement character appeared from nowhere in %q", data)
		}
		n := 0
		for _, para := range p.Paragraphs {
			if para.Text == "" {
				t.Fatal("empty paragraph")
			}
			if got := strings.Join(para.Segments, ""); got != para.Text {
				t.Fatalf("segments %q do not concatenate to %q", para.Segments, para.Text)
			}
			for _, s := range para.Segments {
				if s == "" {
					t.Fatalf("empty segment in %q", para.Text)
				}
			}
			n += len(para.Segments)
		}
		if n != p.Segments {
			t.Fatalf("Segments = %d, counted %d", p.Segments, n)
		}
	})
}

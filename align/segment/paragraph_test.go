package segment

import (
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"alinea/align/text"
	"alinea/internal/testenv"
)

func seedText(t testing.TB) string {
	t.Helper()
	s, _, err := text.Decode(testenv.Seed(t))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSeedParagraphs(t *testing.T) {
	text := seedText(t)
	paras, err := SplitParagraphs(text, "zh")
	if err != nil {
		t.Fatal(err)
	}
	segs := 0
	byText := map[string]Paragraph{}
	for i, p := range paras {
		segs += len(p.Segments)
		if got := strings.Join(p.Segments, ""); got != p.Text {
			t.Errorf("paragraph %d: segments concatenate to %q, not to %q", i+1, got, p.Text)
		}
		if p.Heading && len(p.Segments) != 1 {
			t.Errorf("heading %q has %d segments", p.Text, len(p.Segments))
		}
		byText[p.Text] = p
	}
	if len(paras) != 128 || segs != 222 {
		t.Fatalf("seed: %d paragraphs, %d segments; want 128, 222", len(paras), segs)
	}

	// The text survives, except for the line breaks between paragraphs.
	var joined strings.Builder
	for _, p := range paras {
		joined.WriteString(p.Text)
	}
	if strip(joined.String()) != strip(text) {
		t.Error("paragraph texts do not add up to the seed's text")
	}

	// The five hard line breaks are repaired: each cut lies inside one paragraph.
	for _, cut := range []string{"等机制的作用,", "、世界制造业大会", "促进中拉双方", "应用国际标准。", "、刑事和民商事"} {
		found := false
		for _, p := range paras {
			if strings.Contains(p.Text, cut) {
				found = true
			}
		}
		if !found {
			t.Errorf("no paragraph contains %q: the hard line break was not repaired", cut)
		}
	}

	headings := []string{"前言", "第一部分 拉丁美洲和加勒比—— 充满生机和希望的热土", "一、团结工程", "（一）高层交往",
		"（十四）环保、气候变化与减灾合作", "五、民心工程", "（新华社北京12月10日电）"}
	for _, h := range headings {
		if p, ok := byText[h]; !ok || !p.Heading {
			t.Errorf("%q is not a heading paragraph", h)
		}
	}
	nHead := 0
	for _, p := range paras {
		if p.Heading {
			nHead++
		}
	}
	if nHead != 54 {
		t.Errorf("%d headings, want 54", nHead)
	}
}

func strip(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\r' || r == '\t' || r == '\u3000' {
			return -1
		}
		return r
	}, s)
}

func TestSplitParagraphs(t *testing.T) {
	type para struct {
		text    string
		heading bool
	}
	tests := []struct {
		name, lang, in string
		want           []para
	}{
		{"crlf and indentation", "zh", "前言\r\n\r\n　　第一句。第二句。\r\n",
			[]para{{"前言", true}, {"第一句。第二句。", false}}},
		{"broken line across a blank line", "zh", "加强合作等机制的\n\n作用,进一步完善。\n",
			[]para{{"加强合作等机制的作用,进一步完善。", false}}},
		{"fragment before a heading stays", "zh", "这是没有结束的一段文字，后面是标题\n（二）标题\n内容。",
			[]para{{"这是没有结束的一段文字，后面是标题", false}, {"（二）标题", true}, {"内容。", false}}},
		{"colon ends a paragraph", "zh", "主要包括：\n一是加强合作。",
			[]para{{"主要包括：", false}, {"一是加强合作。", false}}},
		{"short title line", "zh", "中国对拉政策文件\n正文。", []para{{"中国对拉政策文件", true}, {"正文。", false}}},
		{"english wrapped block", "en",
			"Chapter 1\n\nThe first line of a paragraph that was\nwrapped at a fixed width by an editor\nand continues here. Then a second\nsentence follows on the same block.\n\nAnother paragraph that is also\nwrapped over several lines of\ntext, ending here.\n",
			[]para{{"Chapter 1", true},
				{"The first line of a paragraph that was wrapped at a fixed width by an editor and continues here. Then a second sentence follows on the same block.", false},
				{"Another paragraph that is also wrapped over several lines of text, ending here.", false}}},
		{"spanish numbered heading", "es", "I. Introducción\nEl texto empieza aquí.", []para{{"I. Introducción", true}, {"El texto empieza aquí.", false}}},
		{"only whitespace", "zh", " \n\u3000\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := SplitParagraphs(tt.in, tt.lang)
			if err != nil {
				t.Fatal(err)
			}
			var got []para
			for _, p := range ps {
				got = append(got, para{p.Text, p.Heading})
				if strings.Join(p.Segments, "") != p.Text {
					t.Errorf("segments of %q do not concatenate to it", p.Text)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
	if _, err := SplitParagraphs("x", "not a language"); err == nil {
		t.Error("an unknown language must be an error")
	}
}

func TestPrepare(t *testing.T) {
	p, err := Prepare(testenv.Seed(t), "zh")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Paragraphs) != 128 || p.Segments != 222 || p.Encoding != text.UTF8 || len(p.Hash) != 64 {
		t.Errorf("Prepare(seed) = %v, hash %q", p, p.Hash)
	}
	// The same text in another encoding is the same document.
	gbBytes, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(p.Text))
	if err != nil {
		t.Fatal(err)
	}
	q, err := Prepare(gbBytes, "zh")
	if err != nil {
		t.Fatal(err)
	}
	if q.Hash != p.Hash || q.Encoding != text.GB18030 {
		t.Errorf("GB18030 copy: hash %s encoding %s, want %s UTF-8 hash", q.Hash, q.Encoding, p.Hash)
	}
	if _, err := Prepare([]byte("  \n\n"), "zh"); err != ErrNoText {
		t.Errorf("blank input: err = %v, want ErrNoText", err)
	}
	if _, err := Prepare([]byte{0xFF, 0xFF, 0xFF}, "zh"); err == nil {
		t.Error("garbage input was accepted")
	}
}

func BenchmarkSegmentChinese(b *testing.B) {
	text := strings.Repeat(seedText(b)+"\n", 10)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := SplitParagraphs(text, "zh"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPrepareSeed(b *testing.B) {
	data := testenv.Seed(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Prepare(data, "zh"); err != nil {
			b.Fatal(err)
		}
	}
}

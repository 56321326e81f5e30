package text

import (
	"errors"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func utf16Bytes(s string, bigEndian bool) []byte {
	var out []byte
	if bigEndian {
		out = []byte{0xFE, 0xFF}
	} else {
		out = []byte{0xFF, 0xFE}
	}
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

func gb(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecode(t *testing.T) {
	const text = "全球南方声势卓然壮大。Sur Global 𠀀\n"
	tests := []struct {
		name string
		in   []byte
		want string
		enc  Encoding
	}{
		{"utf8", []byte(text), text, UTF8},
		{"utf8 bom", append([]byte{0xEF, 0xBB, 0xBF}, text...), text, UTF8},
		{"utf16le bom", utf16Bytes(text, false), text, UTF16LE},
		{"utf16be bom", utf16Bytes(text, true), text, UTF16BE},
		{"gb18030", gb(t, text), text, GB18030},
		{"gbk subset", gb(t, "中国对拉丁美洲和加勒比政策文件"), "中国对拉丁美洲和加勒比政策文件", GB18030},
		{"ascii", []byte("plain text\r\n"), "plain text\r\n", UTF8},
		{"empty", nil, "", UTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, enc, err := Decode(tt.in)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if got != tt.want || enc != tt.enc {
				t.Errorf("Decode = %q (%s), want %q (%s)", got, enc, tt.want, tt.enc)
			}
		})
	}
}

func TestDecodeRefuses(t *testing.T) {
	tests := []struct {
		name    string
		in      []byte
		offset  int
		problem DecodeProblem
	}{
		{"utf8 cut in a character", append([]byte("全球南方"), 0xE5, 0x8D, '!'), 12, BadByte},
		{"utf8 with bom and bad byte", append([]byte{0xEF, 0xBB, 0xBF, 'a', 'b'}, 0xFF), 5, BadByte},
		{"utf8 damaged late", append([]byte("中文政策"), 0xB8, 0xE4), 12, BadByte},
		{"invalid in both", []byte{'a', 0xFF}, 1, BadByte},
		{"nul", []byte("ab\x00c"), 2, ControlChar},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 0, NotText},
		{"nuls", []byte("ab\x00\x00c\x00\x00d"), 2, NotText},
		{"escape", []byte("中\x1b[31m"), 3, ControlChar},
		{"utf16 odd length", append(utf16Bytes("ab", false), 0x00), 6, OddLength},
		{"utf16 lone high", append(utf16Bytes("a", false), 0x00, 0xD8, 'b', 0x00), 4, LoneSurrogate},
		{"utf16 lone low", append(utf16Bytes("a", true), 0xDC, 0x00), 4, LoneSurrogate},
		{"utf16 control", utf16Bytes("a\x07", false), 4, ControlChar},
		{"neither utf8 nor gb18030", []byte{'a', 0x80, 'b'}, 1, BadByte},
		{"gb18030 trailing lead byte", append(gb(t, "中文"), 0x81), 4, BadByte},
		{"gb18030 bad trail byte", append(gb(t, "中文政策"), 0x81, 0x20), 8, BadByte},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Decode(tt.in)
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("Decode err = %v, want a *DecodeError", err)
			}
			if de.Offset != tt.offset || de.Problem != tt.problem {
				t.Errorf("got offset %d problem %s (%v), want %d %s", de.Offset, de.Problem, err, tt.offset, tt.problem)
			}
		})
	}
}

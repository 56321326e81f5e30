package docimport

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"alinea/align/segment"
	"alinea/align/text"
	"alinea/internal/testenv"
	"alinea/store"
)

func TestTitle(t *testing.T) {
	tests := []struct {
		asked, file, want string
		err               error
	}{
		{"", "report.zh.txt", "report", nil},
		{"  Informe  ", "report.txt", "Informe", nil},
		{"", ".txt", ".txt", nil},
		{"", "", "", nil},
		{strings.Repeat("题", MaxTitleRunes), "x.txt", strings.Repeat("题", MaxTitleRunes), nil},
		{strings.Repeat("题", MaxTitleRunes+1), "x.txt", "", ErrTitleTooLong},
		{"a\xffb", "x.txt", "", ErrBadTitle},
		{"a\x00b", "x.txt", "", ErrBadTitle},
	}
	for _, tt := range tests {
		got, err := Title(tt.asked, tt.file)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("Title(%.20q, %q) = %q, %v; want %q, %v", tt.asked, tt.file, got, err, tt.want, tt.err)
		}
	}
}

func TestFileName(t *testing.T) {
	for in, want := range map[string]string{
		"paper.txt":              "paper.txt",
		`C:\Users\ana\paper.txt`: "paper.txt",
		"../../etc/passwd":       "passwd",
		"/":                      "",
		"":                       "",
		"dir/\xffname.txt":       "name.txt",
		"文件/政策文件.zh.txt":         "政策文件.zh.txt",
	} {
		if got := FileName(in); got != want {
			t.Errorf("FileName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRead(t *testing.T) {
	if got, err := Read(bytes.NewReader(make([]byte, MaxBytes))); err != nil || len(got) != MaxBytes {
		t.Errorf("at the limit: %d bytes, %v", len(got), err)
	}
	if _, err := Read(bytes.NewReader(make([]byte, MaxBytes+1))); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the limit: %v", err)
	}
}

func TestImport(t *testing.T) {
	st, err := store.Open(testenv.DB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	// The seed document, read from the project (its package imports this
	// one).
	paper, err := os.ReadFile("../seeds/china-lac-policy-paper-2025.zh.txt")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		req  Request
		data []byte
		err  error // nil: imported
		dup  bool  // refused as a duplicate
	}{
		{"seed", Request{FileName: "dir/paper.zh.txt", Lang: "zh"}, paper, nil, false},
		{"seed again", Request{FileName: "paper.txt", Lang: "zh"}, paper, nil, true},
		{"seed again, allowed", Request{FileName: "paper.txt", Title: "Copia", Lang: "zh", AllowDuplicate: true}, paper, nil, false},
		{"no text", Request{FileName: "e.txt", Lang: "zh"}, []byte("\n \n"), segment.ErrNoText, false},
		{"bad bytes", Request{FileName: "b.txt", Lang: "zh"}, []byte{0xFF, 0xFE, 0x00, 0xD8}, &text.DecodeError{}, false},
		{"unknown language", Request{FileName: "x.txt", Lang: "x y"}, []byte("文本。"), ErrUnknownLanguage, false},
		{"too large", Request{FileName: "x.txt", Lang: "zh"}, make([]byte, MaxBytes+1), ErrTooLarge, false},
		{"title too long", Request{FileName: "x.txt", Title: strings.Repeat("x", MaxTitleRunes+1), Lang: "zh"}, []byte("文本。"), ErrTitleTooLong, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := st.Documents(ctx)
			doc, err := Import(ctx, st, tt.req, tt.data)
			var de *store.DuplicateError
			var decErr *text.DecodeError
			switch {
			case tt.dup:
				if !errors.As(err, &de) || de.Existing.ID != 1 {
					t.Fatalf("err = %v, want a duplicate of document 1", err)
				}
			case tt.err == nil:
				if err != nil || doc.Segments == 0 || doc.FileName != FileName(tt.req.FileName) {
					t.Fatalf("Import = %+v, %v", doc, err)
				}
				return
			case errors.As(tt.err, &decErr):
				if !errors.As(err, &decErr) {
					t.Fatalf("err = %v, want a DecodeError", err)
				}
			case !errors.Is(err, tt.err):
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if after, _ := st.Documents(ctx); len(after) != len(before) {
				t.Errorf("a refused import stored a document")
			}
		})
	}
	docs, _ := st.Documents(ctx)
	if len(docs) != 2 || docs[0].Title != "paper" || docs[1].Title != "Copia" {
		t.Errorf("documents = %+v", docs)
	}
}

func FuzzTitle(f *testing.F) {
	for _, s := range []string{"", "report.zh.txt", "a\xff", `C:\x\y.txt`, "..", "题目"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, asked, file string) {
		name := FileName(file)
		if !utf8.ValidString(name) || strings.ContainsAny(name, `/\`) {
			t.Fatalf("FileName(%q) = %q", file, name)
		}
		title, err := Title(asked, name)
		if err == nil && (!utf8.ValidString(title) || title == "" && name != "") {
			t.Fatalf("Title(%q, %q) = %q", asked, name, title)
		}
	})
}

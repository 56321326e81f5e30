package alignment

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"testing"
)

func TestParseRanges(t *testing.T) {
	tests := []struct {
		in   string
		want []Range
		bad  string // the range named in the error
	}{
		{"12-48, 77-120", []Range{{12, 48}, {77, 120}}, ""},
		{"5", []Range{{5, 5}}, ""},
		{" 3 - 9 ", []Range{{3, 9}}, ""},
		{"3 -9, 12 至 14", []Range{{3, 9}, {12, 14}}, ""},
		{"１２–４８，７７～１２０", []Range{{12, 48}, {77, 120}}, ""},
		{"12—48；7", []Range{{7, 7}, {12, 48}}, ""},
		{"12至48、50〜60", []Range{{12, 48}, {50, 60}}, ""},
		{"77-120 12-48", []Range{{12, 48}, {77, 120}}, ""},
		{"1-10, 5-20", []Range{{1, 20}}, ""},
		{"1-10,11-20", []Range{{1, 20}}, ""},
		{"1..4", []Range{{1, 4}}, ""},
		{"", nil, ""},
		{"0-4", nil, "0-4"},
		{"9-4", nil, "9-4"},
		{"a-b", nil, "a-b"},
		{"4-", nil, "4-"},
		{"-4", nil, "-4"},
		{"1-2-3", nil, "1-2-3"},
		{"99999999999999999999", nil, "99999999999999999999"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseRanges(tt.in)
			if tt.bad != "" {
				var re *RangeError
				if !errors.As(err, &re) || !errors.Is(err, ErrBadRange) || re.Range != tt.bad || re.Rows != 0 {
					t.Fatalf("ParseRanges(%q) = %v, %v; want a RangeError naming %q", tt.in, got, err, tt.bad)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("ParseRanges(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
			if again, err := ParseRanges(FormatRanges(got)); err != nil || !reflect.DeepEqual(again, got) {
				t.Errorf("%q read back as %v, %v", FormatRanges(got), again, err)
			}
		})
	}
}

func FuzzParseRanges(f *testing.F) {
	for _, s := range []string{"12-48, 77-120", "5", "１２–４８", "1-10,5-20", "a", "-", "1..", "至"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rs, err := ParseRanges(s)
		if err != nil {
			if !errors.Is(err, ErrBadRange) {
				t.Fatalf("%q: %v is not ErrBadRange", s, err)
			}
			return
		}
		for i, r := range rs {
			if r.From < 1 || r.To < r.From || i > 0 && r.From <= rs[i-1].To+1 {
				t.Fatalf("%q: ranges %v not in order and apart", s, rs)
			}
		}
	})
}

// TestImportGivenSegments imports the translation of the seed's first ten
// segments with the segments it covers given: it lands on them, and a
// range outside the document is refused before anything is stored.
func TestImportGivenSegments(t *testing.T) {
	st, doc := openSeeded(t)
	data, err := os.ReadFile("testdata/seed-first10.en.txt")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	a, err := Import(ctx, st, Request{DocumentID: doc.ID, Lang: "en", Data: data, Segments: []Range{{1, 10}}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"0+1:0+1", "1+1:1+1", "2+1:2+1", "3+1:3+1", "4+1:4+2", "5+1:6+1", "6+1:7+1", "7+1:8+1", "8+1:9+1", "9+1:10+1"}
	for i, w := range want {
		b := a.Beads[i]
		if got := fmt.Sprintf("%d+%d:%d+%d", b.SrcFirst, b.SrcCount, b.TgtFirst, b.TgtCount); got != w {
			t.Errorf("bead %d = %s (%.2f), want %s", i, got, b.Confidence, w)
		}
	}
	for _, b := range a.Beads[len(want):] {
		if b.TgtCount > 0 {
			t.Errorf("bead %+v outside the given segments", b)
		}
	}
	rows, err := st.RowNumbers(ctx, doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := TranslatedRows(a, rows); !reflect.DeepEqual(got, []Range{{1, 10}}) {
		t.Errorf("translated rows %v, want 1-10", got)
	}

	// The same translation said to cover segments 21-30 goes there: the
	// translator's word is taken.
	a, err = Import(ctx, st, Request{DocumentID: doc.ID, Lang: "en", Data: data, Segments: []Range{{21, 30}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range a.Beads {
		if b.TgtCount > 0 && (b.SrcFirst < 20 || b.SrcFirst+b.SrcCount > 30) {
			t.Errorf("bead %+v outside segments 21-30", b)
		}
	}

	before, err := st.Alignments(ctx, doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Import(ctx, st, Request{DocumentID: doc.ID, Lang: "en", Data: data, Segments: []Range{{1, 10}, {doc.Segments + 1, doc.Segments + 5}}})
	var re *RangeError
	if !errors.As(err, &re) || re.Rows != doc.Segments || re.Range != fmt.Sprintf("%d-%d", doc.Segments+1, doc.Segments+5) {
		t.Fatalf("err = %v, want a RangeError naming the range beyond row %d", err, doc.Segments)
	}
	after, err := st.Alignments(ctx, doc.ID)
	if err != nil || len(after) != len(before) {
		t.Errorf("alignments %d before, %d after (%v)", len(before), len(after), err)
	}
}

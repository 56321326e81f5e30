package web

import (
	"reflect"
	"strings"
	"testing"
)

func TestDiffTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"中拉关系", []string{"中", "拉", "关", "系"}},
		{"El mundo  cambia.", []string{"El", " ", "mundo", "  ", "cambia", "."}},
		{"don't re-use it", []string{"don't", " ", "re-use", " ", "it"}},
		{"2025年APEC会议", []string{"2025", "年", "APEC", "会", "议"}},
		{"ação, já", []string{"ação", ",", " ", "já"}},
		{"end-", []string{"end", "-"}},
	}
	for _, tt := range tests {
		if got := diffTokens(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("diffTokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWordDiff(t *testing.T) {
	tests := []struct {
		name, old, new string
		want           []diffOp
	}{
		{"same", "Hola mundo", "Hola mundo", []diffOp{{diffEqual, "Hola mundo"}}},
		{"from nothing", "", "Hola", []diffOp{{diffInsert, "Hola"}}},
		{"to nothing", "Hola", "", []diffOp{{diffDelete, "Hola"}}},
		{"word replaced", "El mundo vive cambios.", "El mundo vive grandes cambios.",
			[]diffOp{{diffEqual, "El mundo vive "}, {diffInsert, "grandes "}, {diffEqual, "cambios."}}},
		{"word changed, not letters", "the cat sat", "the car sat",
			[]diffOp{{diffEqual, "the "}, {diffDelete, "cat"}, {diffInsert, "car"}, {diffEqual, " sat"}}},
		{"chinese by character", "中国和拉美", "中国与拉美",
			[]diffOp{{diffEqual, "中国"}, {diffDelete, "和"}, {diffInsert, "与"}, {diffEqual, "拉美"}}},
		{"moved words", "a b c", "c b a", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wordDiff(tt.old, tt.new)
			if tt.want != nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Diff = %+v, want %+v", got, tt.want)
			}
			checkRebuilds(t, tt.old, tt.new, got)
		})
	}
}

// checkRebuilds verifies that the equal and deleted runs spell the old text
// and the equal and inserted runs the new one.
func checkRebuilds(t *testing.T, old, new string, ops []diffOp) {
	t.Helper()
	var o, n strings.Builder
	for _, op := range ops {
		if op.Kind != diffInsert {
			o.WriteString(op.Text)
		}
		if op.Kind != diffDelete {
			n.WriteString(op.Text)
		}
	}
	if o.String() != old || n.String() != new {
		t.Errorf("ops %+v rebuild %q → %q, want %q → %q", ops, o.String(), n.String(), old, new)
	}
}

func TestDiffHugeFallsBack(t *testing.T) {
	old := strings.Repeat("字", 3000)
	new := strings.Repeat("词", 3000)
	ops := wordDiff(old, new)
	if len(ops) != 2 || ops[0].Kind != diffDelete || ops[1].Kind != diffInsert {
		t.Errorf("%d ops", len(ops))
	}
}

func FuzzDiff(f *testing.F) {
	f.Add("El mundo vive cambios.", "El mundo vive grandes cambios.")
	f.Add("中国和拉美", "中国与拉美国家")
	f.Fuzz(func(t *testing.T, old, new string) {
		checkRebuilds(t, old, new, wordDiff(old, new))
	})
}

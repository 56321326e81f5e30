package align

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
		if got := DiffTokens(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("DiffTokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDiff(t *testing.T) {
	tests := []struct {
		name, old, new string
		want           []DiffOp
	}{
		{"same", "Hola mundo", "Hola mundo", []DiffOp{{DiffEqual, "Hola mundo"}}},
		{"from nothing", "", "Hola", []DiffOp{{DiffInsert, "Hola"}}},
		{"to nothing", "Hola", "", []DiffOp{{DiffDelete, "Hola"}}},
		{"word replaced", "El mundo vive cambios.", "El mundo vive grandes cambios.",
			[]DiffOp{{DiffEqual, "El mundo vive "}, {DiffInsert, "grandes "}, {DiffEqual, "cambios."}}},
		{"word changed, not letters", "the cat sat", "the car sat",
			[]DiffOp{{DiffEqual, "the "}, {DiffDelete, "cat"}, {DiffInsert, "car"}, {DiffEqual, " sat"}}},
		{"chinese by character", "中国和拉美", "中国与拉美",
			[]DiffOp{{DiffEqual, "中国"}, {DiffDelete, "和"}, {DiffInsert, "与"}, {DiffEqual, "拉美"}}},
		{"moved words", "a b c", "c b a", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Diff(tt.old, tt.new)
			if tt.want != nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Diff = %+v, want %+v", got, tt.want)
			}
			checkRebuilds(t, tt.old, tt.new, got)
		})
	}
}

// checkRebuilds verifies that the equal and deleted runs spell the old text
// and the equal and inserted runs the new one.
func checkRebuilds(t *testing.T, old, new string, ops []DiffOp) {
	t.Helper()
	var o, n strings.Builder
	for _, op := range ops {
		if op.Kind != DiffInsert {
			o.WriteString(op.Text)
		}
		if op.Kind != DiffDelete {
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
	ops := Diff(old, new)
	if len(ops) != 2 || ops[0].Kind != DiffDelete || ops[1].Kind != DiffInsert {
		t.Errorf("%d ops", len(ops))
	}
}

func FuzzDiff(f *testing.F) {
	f.Add("El mundo vive cambios.", "El mundo vive grandes cambios.")
	f.Add("中国和拉美", "中国与拉美国家")
	f.Fuzz(func(t *testing.T, old, new string) {
		checkRebuilds(t, old, new, Diff(old, new))
	})
}

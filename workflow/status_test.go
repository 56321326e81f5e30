package workflow

import (
	"strings"
	"testing"
)

func TestStatusOrder(t *testing.T) {
	for i, s := range Statuses {
		if s.Rank() != i || !s.Valid() {
			t.Errorf("%s ranks %d, valid %v", s, s.Rank(), s.Valid())
		}
		p, err := ParseStatus(" " + strings.ToUpper(string(s)) + " ")
		if err != nil || p != s {
			t.Errorf("ParseStatus(%s) = %q, %v", s, p, err)
		}
	}
	for _, bad := range []Status{"", "done", "New "} {
		if bad.Valid() || bad.Rank() != -1 {
			t.Errorf("%q is valid, rank %d", bad, bad.Rank())
		}
	}
	if _, err := ParseStatus("done"); err == nil {
		t.Error("ParseStatus accepted done")
	}
	tests := []struct {
		s, min Status
		want   bool
	}{
		{StatusDraft, "", true},
		{"x", "", true},
		{StatusDraft, StatusTranslated, false},
		{StatusApproved, StatusReviewed, true},
		{StatusNew, StatusNew, true},
		{"x", StatusNew, false},
	}
	for _, tt := range tests {
		if got := tt.s.AtLeast(tt.min); got != tt.want {
			t.Errorf("%q.AtLeast(%q) = %v, want %v", tt.s, tt.min, got, tt.want)
		}
	}
}

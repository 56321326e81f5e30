package text

import "testing"

func TestWordCount(t *testing.T) {
	tests := map[string]int{
		"":                              0,
		"全球南方":                          4,
		"Sur Global":                    2,
		"2008年中国政府发布":                   8,
		"don't stop, Lianyungang-based": 3,
		"China–CELAC":                   2,
		"（一）高层交往":                       5,
	}
	for in, want := range tests {
		if got := WordCount(in); got != want {
			t.Errorf("WordCount(%q) = %d, want %d", in, got, want)
		}
	}
}

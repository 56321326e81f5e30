package web

import (
	"encoding/json"
	"testing"
)

// TestJSONDecoderKeepsLoneSurrogates is why decodeJSON looks for lone
// surrogate escapes itself: encoding/json (Go 1.26, with or without
// GOEXPERIMENT=jsonv2) turns them into U+FFFD without an error. When this
// test fails, the decoder rejects them and hasLoneSurrogateEscape can go.
func TestJSONDecoderKeepsLoneSurrogates(t *testing.T) {
	for _, in := range []string{`"a\ud800b"`, `"a\udc00b"`, `"\ud800\u0041"`} {
		var s string
		if err := json.Unmarshal([]byte(in), &s); err != nil {
			t.Errorf("encoding/json now rejects %s (%v): drop hasLoneSurrogateEscape", in, err)
		}
	}
}

func TestHasLoneSurrogateEscape(t *testing.T) {
	tests := []struct {
		body string
		want bool
	}{
		{`{"text":"plain"}`, false},
		{`{"text":"\ud83d\ude00"}`, false},
		{`{"text":"\uD83D\uDE00"}`, false},
		{`{"text":"\u4e2d"}`, false},
		{`{"text":"\\ud800"}`, false}, // an escaped backslash, then text
		{`{"text":"a\ud800b"}`, true},
		{`{"text":"\ud800"}`, true},
		{`{"text":"\udc00"}`, true},
		{`{"text":"\ud800\u0041"}`, true},
		{`{"text":"\ude00\ud83d"}`, true},
		{`{"text":"\\\ud800"}`, true},
	}
	for _, tt := range tests {
		if got := hasLoneSurrogateEscape([]byte(tt.body)); got != tt.want {
			t.Errorf("hasLoneSurrogateEscape(%s) = %v, want %v", tt.body, got, tt.want)
		}
	}
}

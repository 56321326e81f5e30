package web

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// A request over the time limit is stopped with a message, not left to run.
func TestRequestTimeout(t *testing.T) {
	ta := newTestAppWith(t, Options{RequestTimeout: time.Nanosecond})
	for _, path := range []string{"/api/documents", "/"} {
		resp, body := ta.do("GET", path, nil)
		if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "took too long") {
			t.Errorf("%s: %d %.200s", path, resp.StatusCode, body)
		}
	}
}

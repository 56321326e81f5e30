package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"alinea/store"
)

func TestAPIAuthentication(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	u, token := ta.user("bot", store.RoleViewer)
	_, revoked := ta.user("old", store.RoleViewer)
	old, _ := ta.store.UserByLogin(ctx, "old")
	tokens, _ := ta.store.Tokens(ctx, old.ID)
	ta.store.RevokeToken(ctx, old.ID, tokens[0].ID)
	_, disabledTok := ta.user("gone", store.RoleViewer)
	gone, _ := ta.store.UserByLogin(ctx, "gone")
	ta.store.SetDisabled(ctx, gone.ID, true)

	tests := []struct {
		name   string
		header []string
		status int
	}{
		{"token", []string{"Authorization", "Bearer " + token}, 200},
		{"anonymous", nil, 401},
		{"not bearer", []string{"Authorization", "Basic " + token}, 401},
		{"unknown token", []string{"Authorization", "Bearer alinea_nope"}, 401},
		{"revoked token", []string{"Authorization", "Bearer " + revoked}, 401},
		{"disabled user", []string{"Authorization", "Bearer " + disabledTok}, 401},
		{"session cookie that does not exist", []string{"Cookie", sessionCookie + "=s_forged"}, 401},
	}
	anon := ta.as("")
	for _, tt := range tests {
		resp, body := anon.do("GET", "/api/documents", nil, tt.header...)
		if resp.StatusCode != tt.status {
			t.Errorf("%s: %d %s, want %d", tt.name, resp.StatusCode, body, tt.status)
		}
		if tt.status == 401 && (resp.Header.Get("WWW-Authenticate") == "" || !strings.Contains(string(body), `"error"`)) {
			t.Errorf("%s: 401 without WWW-Authenticate or JSON error: %v %s", tt.name, resp.Header, body)
		}
	}
	_ = u
}

func TestAPIRoles(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	_, viewer := ta.user("viewer", store.RoleViewer)
	tr, translator := ta.user("translator", store.RoleTranslator)
	_, reviewer := ta.user("reviewer", store.RoleReviewer)
	ta.store.Assign(ctx, store.Assignment{UserID: tr.ID, DocumentID: ta.doc.ID, Lang: "es"}, ta.admin.ID)
	ids := ta.segmentIDs("es")

	tests := []struct {
		who, token, lang, status string
		want                     int
	}{
		{"viewer", viewer, "es", "draft", 403},
		{"translator, assigned", translator, "es", "draft", 200},
		{"translator, assigned, translated", translator, "es", "translated", 200},
		{"translator, assigned, reviewed", translator, "es", "reviewed", 403},
		{"translator, assigned, approved", translator, "es", "approved", 403},
		{"translator, other language", translator, "pt", "draft", 403},
		{"reviewer", reviewer, "pt", "approved", 200},
		{"admin", ta.token, "en", "approved", 200},
	}
	for i, tt := range tests {
		seg := ids[10+i]
		resp, body := ta.as(tt.token).do("PUT", fmt.Sprintf("/api/segments/%d/translations/%s", seg, tt.lang),
			map[string]any{"text": "Texto", "status": tt.status, "version": 0})
		if resp.StatusCode != tt.want {
			t.Errorf("%s sets %s in %s: %d %s, want %d", tt.who, tt.status, tt.lang, resp.StatusCode, body, tt.want)
		}
	}
	// Everyone reads.
	for _, tok := range []string{viewer, translator, reviewer} {
		if resp, _ := ta.as(tok).do("GET", fmt.Sprintf("/api/segments/%d/translations/es/revisions", ids[11]), nil); resp.StatusCode != 200 {
			t.Errorf("reading history: %d", resp.StatusCode)
		}
	}
	// The author of a save is the user who made it.
	revs, _ := ta.store.Revisions(ctx, ids[11], "es")
	if len(revs) != 1 || revs[0].Author != "translator" {
		t.Errorf("revisions = %+v", revs)
	}
}

func TestCrossOriginAndHeaders(t *testing.T) {
	ta := newTestApp(t)
	seg := ta.segmentIDs("es")[1]
	url := fmt.Sprintf("/api/segments/%d/translations/es", seg)
	body := map[string]any{"text": "x", "version": 0}
	resp, _ := ta.do("PUT", url, body, "Sec-Fetch-Site", "cross-site", "Origin", "http://evil.example")
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site PUT: %d", resp.StatusCode)
	}
	resp, _ = ta.do("PUT", url, body, "Origin", "http://evil.example")
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("PUT with a foreign Origin: %d", resp.StatusCode)
	}
	resp, _ = ta.do("PUT", url, body, "Sec-Fetch-Site", "same-origin")
	if resp.StatusCode != http.StatusOK {
		t.Errorf("same-origin PUT: %d", resp.StatusCode)
	}
	resp, _ = ta.do("GET", "/api/documents", nil, "Sec-Fetch-Site", "cross-site")
	if resp.StatusCode != http.StatusOK {
		t.Errorf("cross-site GET (safe): %d", resp.StatusCode)
	}
	h := resp.Header
	csp := h.Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self'", "frame-ancestors 'none'", "default-src 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP allows inline code: %q", csp)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
		t.Errorf("headers = %v", h)
	}
	// Nothing was saved by the refused requests: exactly one revision.
	revs, _ := ta.store.Revisions(context.Background(), seg, "es")
	if len(revs) != 1 {
		t.Errorf("%d revisions, want 1", len(revs))
	}
}

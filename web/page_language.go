package web

import (
	"net/http"
	"strings"
	"time"
)

// languageSwitch remembers the interface language a user picks, in the
// cookie the translator middleware reads.
type languageSwitch struct {
	responder
}

func (h languageSwitch) set(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, badParam("lang", ""))
		return
	}
	code := r.PostFormValue("lang")
	loc := h.tr.byCode(code)
	if loc == nil {
		h.fail(w, r, failure(http.StatusBadRequest, "ErrUnknownInterfaceLanguage", map[string]any{"Lang": code}))
		return
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: loc.Code, Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
	http.Redirect(w, r, localPath(r.PostFormValue("back")), http.StatusSeeOther)
}

// localPath returns back when it is a path on this site, else the home page,
// so the switcher cannot be used to send people elsewhere.
func localPath(back string) string {
	if !strings.HasPrefix(back, "/") || strings.HasPrefix(back, "//") || strings.HasPrefix(back, `/\`) ||
		strings.ContainsAny(back, "\r\n") {
		return "/"
	}
	return back
}

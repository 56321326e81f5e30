package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"
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
// so a link cannot use a redirect to send people elsewhere. Browsers drop
// tabs and line breaks from URLs and read a backslash as a slash, so
// "/\t/evil.example" or "/\\evil.example" would leave the site: the check
// runs on what a browser would see, and refuses backslashes outright.
func localPath(back string) string {
	seen := strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, back)
	if seen == "" || seen[0] != '/' || strings.HasPrefix(seen, "//") || strings.Contains(seen, `\`) {
		return "/"
	}
	u, err := url.Parse(seen)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") ||
		strings.HasPrefix(u.Path, "//") || strings.Contains(u.Path, `\`) {
		return "/"
	}
	return seen
}

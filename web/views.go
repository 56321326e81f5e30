package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"golang.org/x/text/message"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// views holds the parsed page templates and the static assets.
type views struct {
	pages  map[string]*template.Template
	assets map[string]asset
}

type asset struct {
	body  []byte
	ctype string
	hash  string
}

func newViews() (*views, error) {
	v := &views{pages: map[string]*template.Template{}, assets: map[string]asset{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ctype := mime.TypeByExtension(path.Ext(p))
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		v.assets[path.Base(p)] = asset{body: b, ctype: ctype, hash: hex.EncodeToString(sum[:6])}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load assets: %w", err)
	}
	funcs := template.FuncMap{
		// asset names a static file with its content hash, so browsers may
		// cache it for good and still get a new version after a release.
		"asset": func(name string) (string, error) {
			a, ok := v.assets[name]
			if !ok {
				return "", fmt.Errorf("no asset %q", name)
			}
			return "/static/" + name + "?v=" + a.hash, nil
		},
		"add": func(a, b int) int { return a + b },
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		base := path.Base(n)
		if base == "layout.html" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", n)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", base, err)
		}
		v.pages[strings.TrimSuffix(base, ".html")] = t
	}
	return v, nil
}

// render writes a page. It renders into a buffer first, so a template error
// becomes a clean 500 instead of half a page.
func (v *views) render(w http.ResponseWriter, status int, name string, data any) error {
	t, ok := v.pages[name]
	if !ok {
		return fmt.Errorf("no page template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// serveAsset serves an embedded static file; with the matching ?v= hash it
// may be cached for a year.
func (v *views) serveAsset(w http.ResponseWriter, r *http.Request) {
	a, ok := v.assets[chi.URLParam(r, "name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", a.ctype)
	if r.URL.Query().Get("v") == a.hash {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	w.Header().Set("ETag", `"`+a.hash+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
}

// page is what every page template gets: the interface language, the
// message functions and the language switcher.
type page struct {
	loc     *Locale
	printer *message.Printer
	UI      string // the interface language code, for <html lang>
	Here    string // this page's URL, where the language switcher returns
	Title   string
	Locales []localeChoice
	User    *signedIn // nil on the sign-in page
}

type localeChoice struct {
	Code, Name string
	Current    bool
}

func (rs responder) newPage(r *http.Request) *page {
	loc := rs.tr.of(r)
	p := &page{loc: loc, printer: message.NewPrinter(loc.Tag), UI: loc.Code, Here: r.URL.RequestURI(), User: currentUser(r)}
	for i := range rs.tr.tags {
		l := rs.tr.locale(i)
		p.Locales = append(p.Locales, localeChoice{Code: l.Code, Name: l.T("LanguageNameSelf", nil), Current: l.Code == loc.Code})
	}
	return p
}

// T renders message id; kv are pairs of template field names and values.
func (p *page) T(id string, kv ...any) string { return p.loc.T(id, pairs(kv)) }

// N renders message id in the plural form for count, which the message
// reads as .Count (formatted for the language).
func (p *page) N(id string, count int, kv ...any) string {
	data := pairs(kv)
	data["Count"] = p.Num(count)
	return p.loc.N(id, count, data)
}

// Num formats an integer the way the interface language writes numbers.
func (p *page) Num(n int) string { return p.printer.Sprint(n) }

func pairs(kv []any) map[string]any {
	m := make(map[string]any, len(kv)/2+1)
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			m[k] = kv[i+1]
		}
	}
	return m
}

// langName is the name of a corpus language in the interface language.
func (p *page) LangName(code string) string {
	id := langNameIDs[code]
	if id == "" {
		return code
	}
	return p.T(id)
}

var langNameIDs = map[string]string{"zh": "LangNameZh", "es": "LangNameEs", "pt": "LangNamePt", "en": "LangNameEn"}

// LangWord is a language's name as it reads inside a sentence: Spanish and
// Portuguese write it in lower case there ("traducciones al español"),
// English does not.
func (p *page) LangWord(code string) string {
	id := langWordIDs[code]
	if id == "" {
		return code
	}
	return p.T(id)
}

var langWordIDs = map[string]string{"zh": "LangWordZh", "es": "LangWordEs", "pt": "LangWordPt", "en": "LangWordEn"}

// StatusName is the label of a translation status.
func (p *page) StatusName(st any) string {
	if id := statusIDs[fmt.Sprint(st)]; id != "" {
		return p.T(id)
	}
	return fmt.Sprint(st)
}

var statusIDs = map[string]string{
	"new": "StatusNew", "draft": "StatusDraft", "translated": "StatusTranslated",
	"reviewed": "StatusReviewed", "approved": "StatusApproved",
}

// errorPage is the data of the HTML error page.
type errorPage struct {
	*page
	Status  int
	Message string
}

// renderError writes the localized HTML error page.
func (rs responder) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	p := rs.newPage(r)
	p.Title = p.T("ErrorTitle")
	if err := rs.views.render(w, status, "error", errorPage{page: p, Status: status, Message: msg}); err != nil {
		rs.log.Error("render error page", "err", err)
		http.Error(w, msg, status)
	}
}

// FilterName is the label of an editor filter.
func (p *page) FilterName(f any) string {
	if id := filterIDs[fmt.Sprint(f)]; id != "" {
		return p.T(id)
	}
	return fmt.Sprint(f)
}

var filterIDs = map[string]string{
	"all": "FilterAll", "untranslated": "FilterUntranslated", "draft": "FilterDraft",
	"translated": "FilterTranslated", "reviewed": "FilterReviewed", "approved": "FilterApproved",
	"warnings": "FilterWarnings", "qa-errors": "FilterQAErrors", "comments": "FilterComments",
}

// OriginName says how a revision came to be.
func (p *page) OriginName(origin string) string {
	if id := originIDs[origin]; id != "" {
		return p.T(id)
	}
	return origin
}

var originIDs = map[string]string{
	"edit": "OriginEdit", "restore": "OriginRestore", "merge": "OriginMerge", "replace": "OriginReplace",
	"split": "OriginSplit", "import": "OriginImport", "align": "OriginAlign",
}

// Time shows a moment in UTC to the minute: the workbench's users work in
// many time zones, and one clock avoids confusion in shared logs.
func (p *page) Time(t time.Time) string { return t.UTC().Format("2006-01-02 15:04") + " UTC" }

// ISO is a moment for a datetime attribute.
func (p *page) ISO(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// RoleName is the label of a role.
func (p *page) RoleName(r any) string {
	if id := roleIDs[fmt.Sprint(r)]; id != "" {
		return p.T(id)
	}
	return fmt.Sprint(r)
}

var roleIDs = map[string]string{"admin": "RoleAdmin", "reviewer": "RoleReviewer", "translator": "RoleTranslator", "viewer": "RoleViewer"}

// ActionName is the label of an activity log entry.
func (p *page) ActionName(a string) string {
	if id := actionIDs[a]; id != "" {
		return p.T(id)
	}
	return a
}

var actionIDs = map[string]string{
	"save": "ActionSave", "import": "ActionImport", "assign": "ActionAssign", "unassign": "ActionUnassign",
	"merge": "ActionMerge", "split": "ActionSplit",
	"align": "ActionAlign", "align-accept": "ActionAlignAccept", "exchange-import": "ActionExchangeImport",
	"zh-tag":       "ActionZhTag",
	"glossary-add": "GlossaryActionAdd", "glossary-change": "GlossaryActionChange",
	"glossary-delete": "GlossaryActionDelete", "glossary-import": "GlossaryActionImport",
	"replace": "ActionReplace", "replace-undo": "ActionReplaceUndo",
}

// DomainName is a glossary subject field in the interface language; the
// fields of the seed glossary have names in every language, others are
// shown as they were entered.
func (p *page) DomainName(d string) string {
	if id := domainIDs[strings.ToLower(strings.TrimSpace(d))]; id != "" {
		return p.T(id)
	}
	return d
}

var domainIDs = map[string]string{
	"agriculture":                 "DomainAgriculture",
	"culture and education":       "DomainCultureAndEducation",
	"customs":                     "DomainCustoms",
	"development":                 "DomainDevelopment",
	"diplomacy":                   "DomainDiplomacy",
	"economy":                     "DomainEconomy",
	"energy":                      "DomainEnergy",
	"environment":                 "DomainEnvironment",
	"finance":                     "DomainFinance",
	"geography":                   "DomainGeography",
	"governance":                  "DomainGovernance",
	"international organizations": "DomainInternationalOrganizations",
	"media":                       "DomainMedia",
	"science and technology":      "DomainScienceAndTechnology",
	"security":                    "DomainSecurity",
	"social affairs":              "DomainSocialAffairs",
	"trade":                       "DomainTrade",
}

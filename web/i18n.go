package web

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"alinea/locales"
)

// langCookie remembers the interface language a user picked.
const langCookie = "alinea_lang"

// translator holds the message bundle and the languages the interface speaks.
type translator struct {
	bundle  *i18n.Bundle
	tags    []language.Tag // index 0 is the default
	matcher language.Matcher
}

func newTranslator() (*translator, error) {
	def := language.Make(locales.Default)
	b := i18n.NewBundle(def)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	files, err := fs.Glob(locales.FS, "*.toml")
	if err != nil {
		return nil, fmt.Errorf("load locales: %w", err)
	}
	tags := []language.Tag{def}
	for _, f := range files {
		mf, err := b.LoadMessageFileFS(locales.FS, f)
		if err != nil {
			return nil, fmt.Errorf("load locale %s: %w", f, err)
		}
		if mf.Tag != def {
			tags = append(tags, mf.Tag)
		}
	}
	return &translator{bundle: b, tags: tags, matcher: language.NewMatcher(tags)}, nil
}

// Locale is the interface language of one request.
type Locale struct {
	Tag  language.Tag
	Code string // as in the locale file names: en, es, pt, zh-Hans
	loc  *i18n.Localizer
}

// pick chooses the interface language: an explicit choice (the cookie) first,
// then the browser's Accept-Language, then the default. It uses the index the
// matcher returns, not the tag it returns, which may carry extensions.
func (t *translator) pick(r *http.Request) *Locale {
	var prefs []language.Tag
	if c, err := r.Cookie(langCookie); err == nil {
		if tag, err := language.Parse(c.Value); err == nil {
			prefs = append(prefs, tag)
		}
	}
	if al := r.Header.Get("Accept-Language"); al != "" {
		if tags, _, err := language.ParseAcceptLanguage(al); err == nil {
			prefs = append(prefs, tags...)
		}
	}
	idx := 0
	if len(prefs) > 0 {
		if _, i, conf := t.matcher.Match(prefs...); conf != language.No {
			idx = i
		}
	}
	return t.locale(idx)
}

func (t *translator) locale(idx int) *Locale {
	tag := t.tags[idx]
	return &Locale{Tag: tag, Code: tag.String(), loc: i18n.NewLocalizer(t.bundle, tag.String())}
}

// byCode returns the locale with the given file code, or nil.
func (t *translator) byCode(code string) *Locale {
	for i, tag := range t.tags {
		if strings.EqualFold(tag.String(), code) {
			return t.locale(i)
		}
	}
	return nil
}

// T renders message id with data (a map or struct with the template fields).
func (l *Locale) T(id string, data any) string {
	s, err := l.loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if err != nil {
		// A missing id is a bug the locale tests catch; show the id rather
		// than nothing.
		return id
	}
	return s
}

// N renders message id in the plural form for count; data may use .Count.
func (l *Locale) N(id string, count int, data map[string]any) string {
	if data == nil {
		data = map[string]any{}
	}
	if _, ok := data["Count"]; !ok {
		data["Count"] = count
	}
	s, err := l.loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
	if err != nil {
		return id
	}
	return s
}

type localeKey struct{}

func (t *translator) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l := t.pick(r)
		w.Header().Add("Vary", "Accept-Language, Cookie")
		w.Header().Set("Content-Language", l.Code)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), localeKey{}, l)))
	})
}

// of returns the request's locale, chosen once by the middleware.
func (t *translator) of(r *http.Request) *Locale {
	if l, ok := r.Context().Value(localeKey{}).(*Locale); ok {
		return l
	}
	return t.pick(r)
}

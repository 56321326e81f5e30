package quality

import (
	"fmt"
	"io/fs"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"alinea/locales"
)

// Messages returns a function that writes findings' messages in an
// interface language (en, es, pt, zh-Hans), for the command line and
// reports; the web renders them with the request's locale instead.
func Messages(lang string) (func(f Finding) string, error) {
	b := i18n.NewBundle(language.Make(locales.Default))
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	files, err := fs.Glob(locales.FS, "*.toml")
	if err != nil {
		return nil, fmt.Errorf("load locales: %w", err)
	}
	for _, f := range files {
		if _, err := b.LoadMessageFileFS(locales.FS, f); err != nil {
			return nil, fmt.Errorf("load locale %s: %w", f, err)
		}
	}
	loc := i18n.NewLocalizer(b, lang, locales.Default)
	return func(f Finding) string {
		s, err := loc.Localize(&i18n.LocalizeConfig{MessageID: f.Message, TemplateData: f.Args})
		if err != nil {
			return f.Message
		}
		return s
	}, nil
}

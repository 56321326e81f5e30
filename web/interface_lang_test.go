package web

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"alinea/store"
	"alinea/workflow"
)

// TestTemplateTextGoesThroughMessages: the words of the templates come from
// the message files, and so must their punctuation and numbers: a colon is
// "：" in Chinese, and a count needs a plural form. What is left of a
// template once its actions, scripts, key caps and tags are taken out has
// neither.
func TestTemplateTextGoesThroughMessages(t *testing.T) {
	files, _ := filepath.Glob("templates/*.html")
	if len(files) == 0 {
		t.Fatal("no templates")
	}
	strip := []*regexp.Regexp{
		regexp.MustCompile(`(?s)\{\{.*?\}\}`),
		regexp.MustCompile(`(?s)<script.*?</script>`),
		regexp.MustCompile(`(?s)<kbd>.*?</kbd>`),
		regexp.MustCompile(`(?s)<[^>]*>`),
	}
	bad := regexp.MustCompile(`[:：\p{Nd}]`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			text := line
			for _, re := range strip {
				text = re.ReplaceAllString(text, "\x00")
			}
			for _, piece := range strings.Split(text, "\x00") {
				if bad.MatchString(piece) {
					t.Errorf("%s:%d: %q is written in the template, not taken from the message files", f, i+1, strings.TrimSpace(piece))
				}
			}
		}
	}
}

// TestLocaleConventions: Chinese messages use full-width colons; Spanish
// and Portuguese write language names in lower case inside sentences; the
// Portuguese is Brazilian throughout, like the glossary; "new" reads as a
// state in Chinese, not as the verb.
func TestLocaleConventions(t *testing.T) {
	files := localeFiles(t)
	texts := func(v any) []string {
		switch x := v.(type) {
		case string:
			return []string{x}
		case map[string]any:
			var out []string
			for _, f := range x {
				out = append(out, fmt.Sprint(f))
			}
			return out
		}
		return nil
	}
	// An ASCII colon next to Chinese text, or ending a label; the example
	// of an HTTP header is quoted and exempt.
	asciiColon := regexp.MustCompile(`\p{Han}\s*:|:\s*\p{Han}|:$|:\s*\{\{`)
	for id, v := range files["zh-Hans"] {
		for _, s := range texts(v) {
			if asciiColon.MatchString(strings.ReplaceAll(s, "Authorization: Bearer", "")) {
				t.Errorf("zh-Hans %s uses an ASCII colon: %q", id, s)
			}
		}
	}
	european := regexp.MustCompile(`(?i)\b(ficheiros?|ecrã|utilizador(es|a)?|registos?|palavra-passe|equipas?|telemóvel|transferir|descarregar|num|numa|nuns|numas|facto|acç|óptim|direcç|selecç|actua|objecto|contacto|iniciar sessão|inicie a sessão|está a \p{L}+r|estão a \p{L}+r)\b`)
	for id, v := range files["pt"] {
		for _, s := range texts(v) {
			if m := european.FindString(s); m != "" {
				t.Errorf("pt %s uses the European form %q: %q", id, m, s)
			}
		}
	}
	for _, lang := range []string{"es", "pt"} {
		for _, id := range langWordIDs {
			s, _ := files[lang][id].(string)
			if s == "" || strings.ToLower(s[:1]) != s[:1] {
				t.Errorf("%s %s = %q, want a lower-case name for use inside sentences", lang, id, s)
			}
		}
	}
	if s := files["zh-Hans"]["StatusNew"]; s != "未翻译" {
		t.Errorf("zh-Hans StatusNew = %q, want 未翻译", s)
	}
}

// TestInterfaceLanguageOnPages: the Spanish pages use the lower-case
// language name inside a sentence, translated subject fields, and the HTML
// export labels statuses in the reader's language.
func TestInterfaceLanguageOnPages(t *testing.T) {
	ta := newTestApp(t)
	ids := ta.segmentIDs("es")
	if _, err := ta.store.SaveTranslation(context.Background(), store.Save{SegmentID: ids[0], Lang: "es", Text: "Prefacio", Status: workflow.StatusTranslated}); err != nil {
		t.Fatal(err)
	}
	es := []string{"Cookie", langCookie + "=es"}
	_, hist := ta.page(itoaPath("/segments/%d/history/es", ids[0]), es...)
	if !strings.Contains(hist, "(español)") {
		t.Error("the Spanish history title does not name the language in lower case")
	}
	_, gl := ta.page("/glossary", es...)
	if !strings.Contains(gl, `<span class="domain">Diplomacia</span>`) {
		t.Error("the glossary shows subject fields untranslated")
	}
	// The log of glossary changes speaks Spanish too (the seed is an import).
	if !strings.Contains(gl, "añadidos") || strings.Contains(gl, " added, ") {
		t.Error("the glossary log shows its details untranslated")
	}
	_, zh := ta.page("/glossary", "Cookie", langCookie+"=zh-Hans")
	if strings.Contains(zh, "Definition:") || strings.Contains(zh, "定义:") {
		t.Error("the Chinese glossary has an ASCII colon")
	}
	_, body := ta.do("GET", itoaPath("/documents/%d/export?format=html&lang=es&show_status=1", ta.doc.ID), nil, es...)
	if !strings.Contains(string(body), `<span class="status">Traducido</span>`) {
		t.Error("the HTML export does not label statuses in Spanish")
	}
}

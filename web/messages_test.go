package web

import (
	"alinea/quality"

	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"alinea/locales"
)

// localeFiles reads every message file: language → id → text (a string, or
// a map of plural forms).
func localeFiles(t *testing.T) map[string]map[string]any {
	t.Helper()
	files, err := fs.Glob(locales.FS, "*.toml")
	if err != nil || len(files) != 4 {
		t.Fatalf("locale files %v: %v", files, err)
	}
	out := map[string]map[string]any{}
	for _, f := range files {
		b, err := fs.ReadFile(locales.FS, f)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]any{}
		if err := toml.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[strings.TrimSuffix(f, ".toml")] = m
	}
	return out
}

var fieldRe = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

// fields returns the template fields a message uses, over all its forms.
func fields(v any) []string {
	var texts []string
	switch x := v.(type) {
	case string:
		texts = []string{x}
	case map[string]any:
		for _, f := range x {
			if s, ok := f.(string); ok {
				texts = append(texts, s)
			}
		}
	}
	set := map[string]bool{}
	for _, s := range texts {
		for _, m := range fieldRe.FindAllStringSubmatch(s, -1) {
			set[m[1]] = true
		}
	}
	var out []string
	for f := range set {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

func TestLocaleFilesAgree(t *testing.T) {
	files := localeFiles(t)
	en := files["en"]
	for lang, msgs := range files {
		for id := range en {
			if _, ok := msgs[id]; !ok {
				t.Errorf("%s.toml lacks %s", lang, id)
			}
		}
		for id, v := range msgs {
			ev, ok := en[id]
			if !ok {
				t.Errorf("%s.toml has %s, which en.toml lacks", lang, id)
				continue
			}
			// Every translation uses the same fields; a plural one may leave
			// out .Count, as Chinese does with nothing to inflect.
			if got, want := fields(v), fields(ev); !slices.Equal(got, want) {
				t.Errorf("%s %s uses fields %v, en uses %v", lang, id, got, want)
			}
			switch x := v.(type) {
			case string:
				if strings.TrimSpace(x) == "" {
					t.Errorf("%s %s is empty", lang, id)
				}
				if _, plural := ev.(map[string]any); plural {
					t.Errorf("%s %s is not plural in %s", id, lang, lang)
				}
			case map[string]any:
				var forms []string
				for f := range x {
					forms = append(forms, f)
				}
				sort.Strings(forms)
				want := []string{"one", "other"}
				if lang == "zh-Hans" {
					want = []string{"other"}
				}
				if !slices.Equal(forms, want) {
					t.Errorf("%s %s has plural forms %v, want %v", lang, id, forms, want)
				}
			default:
				t.Errorf("%s %s is a %T", lang, id, v)
			}
		}
	}
}

// usedIDs collects the message ids the templates, the Go code and the
// script use.
func usedIDs(t *testing.T) (ids map[string][]string, scriptIDs []string) {
	t.Helper()
	ids = map[string][]string{}
	use := func(id, where string) { ids[id] = append(ids[id], where) }

	tmplRe := regexp.MustCompile(`\.(?:T|N)\s+"(\w+)"`)
	tmpls, _ := filepath.Glob("templates/*.html")
	for _, f := range tmpls {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range tmplRe.FindAllStringSubmatch(string(b), -1) {
			use(m[1], f)
		}
	}
	if len(tmpls) == 0 {
		t.Fatal("no templates found")
	}

	// Go: string literals given to the functions that take message ids,
	// and those returned by functions whose name ends in ID.
	// The argument that is the message id, by function name.
	idArg := map[string]int{"failure": 1, "T": 0, "N": 0, "loadByID": 2, "failAuth": 3}
	idRe := regexp.MustCompile(`^[A-Z][A-Za-z0-9]+$`)
	gos, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	for _, f := range gos {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		lit := func(e ast.Expr) {
			if bl, ok := e.(*ast.BasicLit); ok && bl.Kind == token.STRING {
				if s, err := strconv.Unquote(bl.Value); err == nil && idRe.MatchString(s) {
					use(s, fset.Position(bl.Pos()).String())
				}
			}
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CallExpr:
				name := ""
				switch fn := x.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				}
				if i, ok := idArg[name]; ok && i < len(x.Args) {
					lit(x.Args[i])
				}
			case *ast.FuncDecl:
				if strings.HasSuffix(x.Name.Name, "ID") && x.Body != nil {
					ast.Inspect(x.Body, func(n ast.Node) bool {
						if r, ok := n.(*ast.ReturnStmt); ok {
							for _, e := range r.Results {
								lit(e)
							}
						}
						return true
					})
				}
			}
			return true
		})
	}
	// Ids picked at run time from tables.
	for _, table := range []map[string]string{langNameIDs, langWordIDs, domainIDs, statusIDs, filterIDs, originIDs, roleIDs, actionIDs} {
		for _, id := range table {
			use(id, "id table")
		}
	}
	for _, m := range scriptMessageList {
		use(m.id, "scriptMessageList")
	}
	for _, id := range append(replaceMessages, replacePlurals...) {
		use(id, "replaceMessages")
	}
	for _, id := range commentMessages {
		use(id, "commentMessages")
	}
	for _, id := range quality.MessageIDs() {
		use(id, "quality findings")
	}

	// The script: t("Id") and tn("Id", n).
	jsRe := regexp.MustCompile(`\btn?\(\s*"(\w+)"\s*[,)]`)
	b, err := os.ReadFile("static/editor.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range jsRe.FindAllStringSubmatch(string(b), -1) {
		scriptIDs = append(scriptIDs, m[1])
	}
	if len(scriptIDs) == 0 {
		t.Fatal("found no messages in editor.js")
	}
	return ids, scriptIDs
}

func TestUsedMessagesExist(t *testing.T) {
	files := localeFiles(t)
	ids, scriptIDs := usedIDs(t)
	for id, where := range ids {
		for lang, msgs := range files {
			if _, ok := msgs[id]; !ok {
				t.Errorf("%s (used in %s) is missing from %s.toml", id, where[0], lang)
			}
		}
	}
	sent := map[string]bool{}
	for _, m := range scriptMessageList {
		sent[m.id] = true
		_, plural := files["en"][m.id].(map[string]any)
		if plural != m.plural {
			t.Errorf("scriptMessageList says %s plural=%v, en.toml disagrees", m.id, m.plural)
		}
	}
	for _, id := range scriptIDs {
		if !sent[id] {
			t.Errorf("editor.js uses %s, which the page does not send (scriptMessageList)", id)
		}
	}
	// The script builds status labels from the status names.
	for _, id := range statusIDs {
		if !sent[id] {
			t.Errorf("editor.js shows %s, which the page does not send", id)
		}
	}
	// And nothing in the files is left over.
	for id := range files["en"] {
		if _, ok := ids[id]; !ok {
			t.Errorf("%s is in the locale files but never used", id)
		}
	}
}

func TestEveryLocaleRendersEveryPage(t *testing.T) {
	ta := newTestApp(t)
	seg := ta.segmentIDs("es")[0]
	paths := []string{"/", itoaPath("/documents/%d/edit/es", ta.doc.ID), itoaPath("/documents/%d/compare", ta.doc.ID), itoaPath("/segments/%d/history/pt", seg), "/missing"}
	for _, lang := range []string{"en", "es", "pt", "zh-Hans"} {
		for _, p := range paths {
			_, body := ta.page(p, "Cookie", langCookie+"="+lang)
			// A missing message shows its id; ids are CamelCase words.
			if m := regexp.MustCompile(`>\s*((?:[A-Z][a-z]+){2,})\s*<`).FindStringSubmatch(body); m != nil {
				t.Errorf("%s %s shows the bare id %s", lang, p, m[1])
			}
			if !strings.Contains(body, `<html lang="`+lang+`">`) {
				t.Errorf("%s %s: wrong html lang", lang, p)
			}
		}
	}
}

func itoaPath(format string, id int64) string {
	return strings.Replace(format, "%d", itoa(id), 1)
}

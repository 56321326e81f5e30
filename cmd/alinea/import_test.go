package main

import (
	"alinea/internal/testenv"
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"alinea/docimport"
	"alinea/store"
	"alinea/web"
)

// startWeb serves the workbench on a new database at path, with an
// administrator whose API token it returns.
func startWeb(t *testing.T, path string) (*store.Store, *httptest.Server, string) {
	t.Helper()
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	admin, err := st.CreateUser(ctx, store.NewUser{Login: "admin", Role: store.RoleAdmin, Password: "admin password"})
	if err != nil {
		t.Fatal(err)
	}
	token, _, err := st.CreateToken(ctx, admin.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	app, err := web.New(st, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app)
	t.Cleanup(func() {
		app.Close()
		srv.Close()
		st.Close()
	})
	return st, srv, token
}

// TestImportSameInCLIAndWeb imports the same files with alinea import and
// through the upload page, each into a database of its own, and checks that
// both import the same documents and refuse the same files.
func TestImportSameInCLIAndWeb(t *testing.T) {
	dir := t.TempDir()
	cliDB := filepath.Join(dir, "cli.db")
	st, srv, token := startWeb(t, filepath.Join(dir, "web.db"))
	ctx := context.Background()
	upload := func(name string, content []byte, title string, dup bool) int {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(content)
		if title != "" {
			mw.WriteField("title", title)
		}
		if dup {
			mw.WriteField("allow_duplicate", "1")
		}
		mw.Close()
		req, _ := http.NewRequest("POST", srv.URL+"/documents", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Authorization", "Bearer "+token)
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}

	seed, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	gbk := []byte{0xD6, 0xD0, 0xCE, 0xC4, 0xA1, 0xA3, '\n'} // 中文。 in GB18030
	tests := []struct {
		name    string
		file    string
		content []byte
		title   string
		dup     bool
		ok      bool
		web     int    // the upload's status
		cli     string // what the command says
	}{
		{"seed", "paper.zh.txt", seed, "", false, true, 303, "document 1"},
		{"seed again", "copy.txt", seed, "", false, false, 409, "already imported as document 1"},
		{"seed again, allowed", "copy.txt", seed, "Copia", true, true, 303, "document 2"},
		{"GB18030", "gbk.txt", gbk, "", false, true, 303, "document 3"},
		{"not text", "bin.txt", []byte{0xFF, 0xFE, 0x00, 0xD8, 'x'}, "", false, false, 400, "import bin.txt"},
		{"only spaces", "empty.txt", []byte(" \n\t\n"), "", false, false, 400, "no text"},
		{"title too long", "t.txt", []byte("新的文本。"), strings.Repeat("题", docimport.MaxTitleRunes+1), false, false, 400, "title longer than 300"},
		{"too large", "big.txt", bytes.Repeat([]byte("字"), docimport.MaxBytes/3+1), "", false, false, 413, "larger than 32 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tt.file)
			if err := os.WriteFile(path, tt.content, 0o644); err != nil {
				t.Fatal(err)
			}
			args := []string{"import", "--db", cliDB}
			if tt.title != "" {
				args = append(args, "--title", tt.title)
			}
			if tt.dup {
				args = append(args, "--allow-duplicate")
			}
			code, out, errs := runCmd(t, "", append(args, path)...)
			if (code == 0) != (tt.ok || strings.Contains(tt.cli, "already imported")) || !strings.Contains(out+errs, tt.cli) {
				t.Errorf("alinea import: exit %d, %q %q; want %q", code, out, errs, tt.cli)
			}
			if got := upload(tt.file, tt.content, tt.title, tt.dup); got != tt.web {
				t.Errorf("upload: %d, want %d", got, tt.web)
			}
		})
	}

	cli, err := store.Open(cliDB)
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	fromCLI, err := cli.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fromWeb, err := st.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(fromCLI) != 3 || len(fromWeb) != len(fromCLI) {
		t.Fatalf("%d documents from the command line, %d from the web", len(fromCLI), len(fromWeb))
	}
	for i, c := range fromCLI {
		w := fromWeb[i]
		if c.Title != w.Title || c.FileName != w.FileName || c.Hash != w.Hash || c.Encoding != w.Encoding ||
			c.Paragraphs != w.Paragraphs || c.Segments != w.Segments || c.SourceLang != w.SourceLang {
			t.Errorf("document %d differs:\n cli %+v\n web %+v", i+1, c, w)
		}
	}
}

// TestGlossarySameInCLIAndWeb exports the glossary with alinea glossary
// export and from the API, and imports the same refused file both ways.
func TestGlossarySameInCLIAndWeb(t *testing.T) {
	db := testenv.DB(t)
	st, srv, token := startWeb(t, db)
	if code, _, errs := runCmd(t, "", "glossary", "import", "--db", db, "../../seeds/glossary.csv"); code != 0 {
		t.Fatal(errs)
	}
	get := func(method, path string, body []byte) (int, []byte) {
		req, _ := http.NewRequest(method, srv.URL+path, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	for _, f := range []string{"csv", "tbx"} {
		code, out, errs := runCmd(t, "", "glossary", "export", "--db", db, "--format", f)
		status, body := get("GET", "/api/glossary/export?format="+f, nil)
		if code != 0 || status != 200 || out != string(body) {
			t.Errorf("%s: command exit %d (%s), API %d; same output: %v", f, code, errs, status, out == string(body))
		}
	}
	bad := []byte("id,domain,zh_preferred,es_preferred\nx,diplomacy,全球南方,Sur Global\n")
	path := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(path, bad, 0o644)
	code, _, errs := runCmd(t, "", "glossary", "import", "--db", db, "--replace", path)
	status, body := get("POST", "/api/glossary/import?format=csv&mode=replace", bad)
	if code != 1 || status != 400 {
		t.Errorf("bad file: command exit %d (%s), API %d (%s)", code, errs, status, body)
	}
	if cs, _ := st.Concepts(context.Background()); len(cs) < 60 {
		t.Errorf("a refused file changed the glossary: %d concepts", len(cs))
	}
}

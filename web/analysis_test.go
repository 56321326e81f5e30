package web

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"alinea/align/segment"
	"alinea/seeds"
	"alinea/store"
	"alinea/tm"
)

// TestAnalysisPage: the analysis page shows the tm service's counts per
// band, in the reader's language, and is linked from the editor and the
// documents page.
func TestAnalysisPage(t *testing.T) {
	ta := newTestApp(t)
	ids := ta.segmentIDs("es")
	memoryFromSegments(t, ta, ids[:3])
	_, viewer := ta.user("vera", store.RoleViewer)
	// A document that repeats a paragraph and changes one character of a
	// sentence the memory knows.
	para := strings.SplitN(string(seeds.PolicyPaper), "\n\n", 4)[2]
	variant := strings.Replace(para, "世界", "全球", 1)
	p, err := segment.Prepare([]byte("前言\n\n"+para+"\n\n"+para+"\n\n"+variant+"\n\n这是一句全新的话。\n"), "zh")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := ta.store.ImportDocument(context.Background(), store.NewDocument{Title: "样本", SourceLang: "zh",
		Hash: p.Hash, Encoding: string(p.Encoding), Paragraphs: p.Paragraphs}, store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := tm.New(ta.store).Analyze(context.Background(), doc.ID, "es")
	if err != nil {
		t.Fatal(err)
	}
	// The seed repeats sentences and the memory covers three segments: the
	// page has something in more than the "new" row to show.
	if want.Repetitions.Segments == 0 || want.Bands[tm.BandNew].Segments == 0 || want.Bands[tm.BandNew].Segments+want.Bands[tm.BandExact].Segments+want.Bands[tm.BandContext].Segments == want.Total.Segments {
		t.Fatalf("fixture too plain: %+v", want)
	}

	path := fmt.Sprintf("/documents/%d/analysis/es", doc.ID)
	status, body := ta.as(viewer).page(path, "Accept-Language", "en")
	if status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, status, body)
	}
	row := regexp.MustCompile(`<tr data-band="([^"]+)"><th scope="row">[^<]*</th><td class="num">([\d,]+)</td><td class="num">([\d,]+)</td>`)
	got := map[string][2]string{}
	for _, m := range row.FindAllStringSubmatch(body, -1) {
		got[m[1]] = [2]string{m[2], m[3]}
	}
	num := func(n int) string { return fmt.Sprintf("%d", n) }
	commas := func(n int) string { // English digit grouping
		s := num(n)
		for i := len(s) - 3; i > 0; i -= 3 {
			s = s[:i] + "," + s[i:]
		}
		return s
	}
	check := func(band string, c tm.Count) {
		if g := got[band]; g != [2]string{commas(c.Segments), commas(c.Characters)} {
			t.Errorf("band %s: page shows %v, service counts %+v", band, g, c)
		}
	}
	for _, b := range tm.Bands {
		check(string(b), want.Bands[b])
	}
	check("repetitions", want.Repetitions)
	check("total", want.Total)
	if len(got) != len(tm.Bands)+2 {
		t.Errorf("rows %v", got)
	}
	for _, s := range []string{"Memory analysis", "101% (context match)", "No match (new)", "Repetitions", "100.0%"} {
		if !strings.Contains(body, s) {
			t.Errorf("page lacks %q", s)
		}
	}

	for lang, words := range map[string][]string{
		"es":    {"Análisis con la memoria", "Sin coincidencia (nuevo)", "Repeticiones", "100,0 %"},
		"pt-BR": {"Análise com a memória", "Sem correspondência (novo)", "Repetições"},
		"zh-CN": {"记忆库分析", "无匹配（新内容）", "重复", "合计"},
	} {
		status, body := ta.as(viewer).page(path, "Accept-Language", lang)
		if status != http.StatusOK {
			t.Fatalf("%s: %d", lang, status)
		}
		for _, w := range words {
			if !strings.Contains(body, w) {
				t.Errorf("%s page lacks %q", lang, w)
			}
		}
	}

	// Linked from the editor and from each language on the documents page.
	for _, p := range []string{fmt.Sprintf("/documents/%d/edit/es", doc.ID), "/"} {
		if _, body := ta.as(viewer).page(p); !strings.Contains(body, `href="`+path+`"`) {
			t.Errorf("%s does not link the analysis", p)
		}
	}
	if status, _ := ta.as(viewer).page(fmt.Sprintf("/documents/%d/analysis/fr", ta.doc.ID)); status != http.StatusBadRequest {
		t.Errorf("unknown language: %d", status)
	}
	if status, _ := ta.as(viewer).page("/documents/999999/analysis/es"); status != http.StatusNotFound {
		t.Errorf("unknown document: %d", status)
	}
}

// TestAnalysisPageLargeDocument: a document of more than 2,000 segments is
// analysed in the background; the page says how far it has come and
// reloads itself, then shows the counts.
func TestAnalysisPageLargeDocument(t *testing.T) {
	ta := newTestApp(t)
	doc := bigDocument(t, ta, 2100)
	want, err := tm.New(ta.store).Analyze(context.Background(), doc.ID, "es")
	if err != nil {
		t.Fatal(err)
	}
	en := message.NewPrinter(language.English)
	path := fmt.Sprintf("/documents/%d/analysis/es", doc.ID)
	status, body := ta.page(path, "Accept-Language", "en")
	if status != http.StatusOK || !strings.Contains(body, `id="analysis-running"`) ||
		!strings.Contains(body, `http-equiv="refresh"`) || !strings.Contains(body, "of 2,100 segments") ||
		strings.Contains(body, `id="analysis"`) {
		t.Fatalf("first view of a large document's analysis: %d %s", status, body)
	}
	for range 600 {
		time.Sleep(50 * time.Millisecond)
		if status, body = ta.page(path, "Accept-Language", "en"); status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, status, body)
		}
		if strings.Contains(body, `id="analysis"`) {
			if strings.Contains(body, `http-equiv="refresh"`) {
				t.Error("the finished analysis reloads itself")
			}
			total := fmt.Sprintf(`<tr data-band="total"><th scope="row">Total</th><td class="num">2,100</td><td class="num">%s</td>`,
				en.Sprintf("%d", want.Total.Characters))
			if !strings.Contains(body, total) {
				t.Errorf("finished analysis without %s:\n%s", total, body)
			}
			return
		}
	}
	t.Fatal("the analysis never finished")
}

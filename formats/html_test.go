package formats

import (
	"archive/zip"
	"bytes"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"alinea/workflow"
)

// TestBilingualHTMLShowsMarkupAsText: markup in any text of the document
// reaches the page only as text.
func TestBilingualHTMLShowsMarkupAsText(t *testing.T) {
	payloads := []string{
		`<script>alert(1)</script>`,
		`"onmouseover=alert(2) x="`,
		`javascript:alert(3)`,
		`<img src=x onerror=alert(4)>`,
		`</td></tr></table><iframe src="//evil.example">`,
	}
	h := seedHeader("es", `en" onclick="alert(5)`)
	h.Title = payloads[0] + payloads[1]
	h.FileName = payloads[2] + payloads[3] + ".txt"
	h.Tool = payloads[4]
	units := []Unit{
		{SegmentID: 1, Paragraph: 1, Heading: true, Source: payloads[0], Targets: []Target{{Lang: "es", Text: payloads[1], Status: workflow.StatusDraft}}},
		{SegmentID: 2, Paragraph: 2, Source: payloads[2], Targets: []Target{{Lang: "es", Text: payloads[3], Status: workflow.StatusApproved}, {Lang: `en" onclick="alert(5)`, Text: payloads[4], Status: workflow.StatusNew}}},
	}
	var buf bytes.Buffer
	if err := WriteBilingualHTML(&buf, h, UnitsOf(units), ExportOptions{ShowStatus: true}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	var text strings.Builder
	z := html.NewTokenizer(strings.NewReader(page))
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		tok := z.Token()
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			switch tok.Data {
			case "script", "img", "iframe", "link", "object", "embed", "a", "base", "form":
				t.Errorf("page has a <%s> element", tok.Data)
			}
			for _, a := range tok.Attr {
				if strings.HasPrefix(a.Key, "on") || a.Key == "src" || a.Key == "href" || a.Key == "x" {
					t.Errorf("<%s> has attribute %s=%q", tok.Data, a.Key, a.Val)
				}
			}
		case html.TextToken:
			text.WriteString(tok.Data)
		}
	}
	for _, p := range payloads {
		if !strings.Contains(text.String(), p) {
			t.Errorf("payload %q is not shown as text", p)
		}
	}
	for _, ext := range []string{"http:", "https:", "url(", "@import", "//evil"} {
		if strings.Contains(strings.Replace(page, "//evil.example", "", -1), ext) {
			t.Errorf("page refers to something outside itself: %q", ext)
		}
	}
}

func TestBilingualHTMLLayout(t *testing.T) {
	units := seedUnits(t)
	var buf bytes.Buffer
	if err := WriteBilingualHTML(&buf, seedHeader(), UnitsOf(units), ExportOptions{MinStatus: workflow.StatusReviewed, ShowStatus: true}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{`<html lang="zh-Hans">`, `@media print`, `<th lang="pt">Português (pt)</th>`, `class="para heading"`, `<span class="status">approved</span>`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(page, `<span class="status">draft</span>`) {
		t.Error("a draft is shown although the filter asks for reviewed")
	}
}

func TestRegistry(t *testing.T) {
	units := seedUnits(t)[:20]
	for _, name := range FormatNames() {
		f, ok := LookupFormat(strings.ToUpper(name))
		if !ok || f.Name != name || f.ContentType == "" || !strings.HasPrefix(f.Ext, ".") || f.Label == "" {
			t.Fatalf("LookupFormat(%q) = %+v, %v", name, f, ok)
		}
		langs := allLangs
		if f.OneLang {
			langs = []string{"pt"}
		}
		var buf bytes.Buffer
		if err := f.Write(&buf, seedHeader(langs...), UnitsOf(units), ExportOptions{}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if buf.Len() == 0 {
			t.Errorf("%s wrote nothing", name)
		}
		if f.Read != nil {
			im, err := f.Read(&buf)
			if err != nil || len(im.Units) == 0 {
				t.Errorf("%s read back: %v", name, err)
			}
		}
		if f.OneLang {
			if err := f.Write(&bytes.Buffer{}, seedHeader(), UnitsOf(units), ExportOptions{}); err == nil {
				t.Errorf("%s accepted three languages", name)
			}
		}
	}
	if _, ok := LookupFormat("pdf"); ok {
		t.Error("unknown format found")
	}
}

func TestFileName(t *testing.T) {
	f, _ := LookupFormat("xliff2")
	d, _ := LookupFormat("docx")
	td, _ := LookupFormat("target-docx")
	cases := []struct {
		h    Header
		f    Format
		want string
	}{
		{Header{Title: "Policy paper: China/LAC 2025", TargetLangs: []string{"es"}}, f, "Policy-paper-China-LAC-2025.es.xlf"},
		{Header{Title: "中国对拉政策文件", TargetLangs: []string{"es", "pt"}}, d, "中国对拉政策文件.es-pt.docx"},
		{Header{FileName: `C:\docs\..\paper.zh.txt`, TargetLangs: []string{"en"}}, td, "paper-zh.en.target.docx"},
		{Header{DocID: 4, Title: "../../\"<>", TargetLangs: []string{"pt"}}, f, "document-4.pt.xlf"},
	}
	for _, c := range cases {
		if got := FileName(c.h, c.f); got != c.want {
			t.Errorf("FileName(%+v) = %q, want %q", c.h, got, c.want)
		}
	}
}

func TestImportFormatFor(t *testing.T) {
	for name, ok := range map[string]bool{"a.XLF": true, "b.xliff": true, "c.tmx": true, "d.csv": true, "e.tsv": true, "f.docx": false, "g": false} {
		if _, got := ImportFormatFor(name); got != ok {
			t.Errorf("ImportFormatFor(%q) = %v", name, got)
		}
	}
}

func TestWriteZip(t *testing.T) {
	units := seedUnits(t)
	f, _ := LookupFormat("xliff2")
	var buf bytes.Buffer
	calls := 0
	err := WriteZip(&buf, f, seedHeader(), func() Units { calls++; return UnitsOf(units) }, ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, zf := range zr.File {
		names = append(names, zf.Name)
		rc, _ := zf.Open()
		im, err := ReadXLIFF(rc)
		rc.Close()
		if err != nil || len(im.Units) != len(units) || len(im.Header.TargetLangs) != 1 {
			t.Errorf("%s: %v", zf.Name, err)
		}
	}
	want := []string{"中国对拉丁美洲和加勒比政策文件-2025-全文.es.xlf", "中国对拉丁美洲和加勒比政策文件-2025-全文.pt.xlf", "中国对拉丁美洲和加勒比政策文件-2025-全文.en.xlf"}
	if !reflect.DeepEqual(names, want) || calls != 3 {
		t.Errorf("zip holds %q after %d calls", names, calls)
	}
}

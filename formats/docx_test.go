package formats

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"alinea/workflow"
)

// docxParts unzips a DOCX and checks that every part is well-formed XML.
func docxParts(t *testing.T, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		d := xml.NewDecoder(bytes.NewReader(b))
		for {
			_, err := d.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed: %v", f.Name, err)
			}
		}
		parts[f.Name] = string(b)
	}
	for _, need := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/settings.xml", "docProps/core.xml", "word/_rels/document.xml.rels"} {
		if _, ok := parts[need]; !ok {
			t.Errorf("package lacks %s", need)
		}
	}
	return parts
}

func TestBilingualDOCX(t *testing.T) {
	units := seedUnits(t)
	units[2].Targets[0].Text += "\x01 ctrl"
	var buf bytes.Buffer
	if err := WriteBilingualDOCX(&buf, seedHeader(), UnitsOf(units), ExportOptions{ShowStatus: true}); err != nil {
		t.Fatal(err)
	}
	doc := docxParts(t, buf.Bytes())["word/document.xml"]
	for _, want := range []string{
		`w:eastAsia="SimSun"`, `<w:lang w:val="zh-CN" w:eastAsia="zh-CN"/>`,
		`<w:pStyle w:val="Heading2"/>`, `<w:tblHeader/>`, `w:orient="landscape"`,
		`Português (pt)`, `&lt;2025&gt;`, `𠮷`, ">draft<", ">approved<",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if rows := strings.Count(doc, "<w:tr>"); rows != len(units)+1 {
		t.Errorf("%d rows, want %d segments and a header", rows, len(units))
	}
}

func TestTargetDocuments(t *testing.T) {
	units := seedUnits(t)
	h := seedHeader("es")
	cases := []struct {
		name   string
		opt    ExportOptions
		has    []string
		hasNot []string
	}{
		{"omit", ExportOptions{}, []string{"[102] El documento <2025>"}, []string{"前言", "[zh:"}},
		{"source", ExportOptions{Untranslated: KeepSource}, []string{"前言\n"}, []string{"[zh:"}},
		{"mark", ExportOptions{Untranslated: MarkUntranslated}, []string{"[zh: 前言]"}, nil},
		{"approved only", ExportOptions{MinStatus: workflow.StatusApproved, Untranslated: MarkUntranslated}, []string{"[zh: 当前世界百年未有之大变局"}, []string{"[102]"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteTargetText(&buf, h, UnitsOf(units), c.opt); err != nil {
				t.Fatal(err)
			}
			txt := buf.String()
			for _, s := range c.has {
				if !strings.Contains(txt, s) {
					t.Errorf("text lacks %q", s)
				}
			}
			for _, s := range c.hasNot {
				if strings.Contains(txt, s) {
					t.Errorf("text has %q", s)
				}
			}
			// Paragraphs: as many blocks as source paragraphs with text.
			paras := strings.Count(strings.TrimSpace(txt), "\n\n") + 1
			if max := units[len(units)-1].Paragraph; paras > max {
				t.Errorf("%d paragraphs, more than the source's %d", paras, max)
			}
		})
	}
}

func TestTargetMarkdownEscapes(t *testing.T) {
	units := []Unit{
		{SegmentID: 1, Paragraph: 1, Heading: true, Source: "标题", Targets: []Target{{Lang: "en", Text: "# Title *bold*", Status: workflow.StatusTranslated}}},
		{SegmentID: 2, Paragraph: 2, Source: "一。", Targets: []Target{{Lang: "en", Text: "- 1. <script>alert(1)</script> [link](javascript:x) &amp;", Status: workflow.StatusTranslated}}},
		{SegmentID: 3, Paragraph: 2, Source: "二。", Targets: []Target{{Lang: "en", Text: "Second_sentence.", Status: workflow.StatusDraft}}},
		{SegmentID: 4, Paragraph: 3, Source: "三。", Targets: []Target{{Lang: "en", Status: workflow.StatusNew}}},
	}
	var buf bytes.Buffer
	if err := WriteTargetMarkdown(&buf, seedHeader("en"), UnitsOf(units), ExportOptions{Untranslated: MarkUntranslated}); err != nil {
		t.Fatal(err)
	}
	want := "# \\# Title \\*bold\\*\n\n\\- 1. \\<script\\>alert(1)\\</script\\> \\[link\\](javascript:x) \\&amp; Second\\_sentence.\n\n\\[zh: 三。\\]\n"
	if got := buf.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestNeedsSpace(t *testing.T) {
	cases := []struct {
		a, b string
		want bool
	}{
		{"Hola.", "Adiós.", true},
		{"中文。", "第二句。", false},
		{"Hola.", "中文。", true},
		{"a ", "b", false},
	}
	for _, c := range cases {
		if got := needsSpace(c.a, c.b); got != c.want {
			t.Errorf("needsSpace(%q, %q) = %v", c.a, c.b, got)
		}
	}
}

// TestDOCXInLibreOffice converts the bilingual and the target DOCX to PDF in
// one LibreOffice run and looks for sample text in both.
func TestDOCXInLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("LibreOffice conversion is slow; skipped in -short mode")
	}
	soffice := needProgram(t, "soffice", "libreoffice-writer-nogui")
	pdftotext := needProgram(t, "pdftotext", "poppler-utils")
	units := seedUnits(t)
	dir := t.TempDir()
	var bi, tg bytes.Buffer
	if err := WriteBilingualDOCX(&bi, seedHeader(), UnitsOf(units), ExportOptions{ShowStatus: true}); err != nil {
		t.Fatal(err)
	}
	if err := WriteTargetDOCX(&tg, seedHeader("pt"), UnitsOf(units), ExportOptions{Untranslated: MarkUntranslated}); err != nil {
		t.Fatal(err)
	}
	biPath, tgPath := filepath.Join(dir, "bilingual.docx"), filepath.Join(dir, "target.docx")
	os.WriteFile(biPath, bi.Bytes(), 0o644)
	os.WriteFile(tgPath, tg.Bytes(), 0o644)
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--norestore", "--convert-to", "pdf", "--outdir", dir, biPath, tgPath)
	done := make(chan struct{})
	time.AfterFunc(3*time.Minute, func() {
		select {
		case <-done:
		default:
			cmd.Process.Kill()
		}
	})
	out, err := cmd.CombinedOutput()
	close(done)
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	text := func(pdf string) string {
		out, err := exec.Command(pdftotext, "-layout", filepath.Join(dir, pdf), "-").Output()
		if err != nil {
			t.Fatalf("pdftotext %s: %v", pdf, err)
		}
		return string(out)
	}
	biText := text("bilingual.pdf")
	for _, want := range []string{"全球南方", "前言", "Español (es)", "Português (pt)", "[102] El documento <2025>", "approved"} {
		if !strings.Contains(biText, want) {
			t.Errorf("bilingual PDF lacks %q", want)
		}
	}
	tgText := text("target.pdf")
	for _, want := range []string{"[101] O documento <2025>", "[103]", "中国坚定奉行"} {
		if !strings.Contains(tgText, want) {
			t.Errorf("target PDF lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("bilingual PDF text starts:\n%.1500s\ntarget PDF text starts:\n%.1500s", biText, tgText)
	}
}

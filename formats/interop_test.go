package formats

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/simplifiedchinese"

	"alinea/align/term"
	"alinea/align/text"
	"alinea/internal/testenv"
	"alinea/workflow"
)

// Files as other tools write them: spreadsheets in the encoding of their
// system, translate-toolkit, OmegaT, Okapi, Trados, memoQ and Matecat.

func utf16LE(s string, bom bool) []byte {
	var b []byte
	if bom {
		b = append(b, 0xFF, 0xFE)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func gb18030(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDelimitedEncodings(t *testing.T) {
	const csvText = "id,paragraph,heading,source,es,es_status,es_version\r\n1,1,yes,前言,Prefacio,translated,0\r\n2,2,,中国与拉美𠮷。,China y America Latina.,,\r\n"
	tsvText := strings.ReplaceAll(csvText, ",", "\t")
	cases := []struct {
		name string
		read func([]byte) (*Import, error)
		data []byte
	}{
		{"csv utf-8", csvRead, []byte(csvText)},
		{"csv utf-8 bom", csvRead, append([]byte(utf8BOM), csvText...)},
		{"csv gb18030 (Excel, Chinese Windows)", csvRead, gb18030(t, csvText)},
		{"csv utf-16le bom", csvRead, utf16LE(csvText, true)},
		{"tsv utf-16le bom (Excel Unicode Text)", tsvRead, utf16LE(tsvText, true)},
		{"tsv gb18030", tsvRead, gb18030(t, tsvText)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			im, err := c.read(c.data)
			if err != nil {
				t.Fatal(err)
			}
			if len(im.Units) != 2 {
				t.Fatalf("%d units, want 2", len(im.Units))
			}
			u := im.Units[1]
			if u.Source != "中国与拉美𠮷。" || u.Targets[0].Text != "China y America Latina." || u.SegmentID != 2 {
				t.Errorf("unit 2 = %q %q %d", u.Source, u.Targets[0].Text, u.SegmentID)
			}
			if im.Units[0].Source != "前言" || !im.Units[0].Heading {
				t.Errorf("unit 1 = %+v", im.Units[0])
			}
		})
	}
}

func csvRead(b []byte) (*Import, error) { return ReadCSV(bytes.NewReader(b)) }
func tsvRead(b []byte) (*Import, error) { return ReadTSV(bytes.NewReader(b)) }

func TestDelimitedRefusesWhatIsNotText(t *testing.T) {
	head := "id,source,es\r\n"
	cases := []struct {
		name   string
		data   []byte
		offset int
		want   string
	}{
		// Valid UTF-8 Chinese, then a byte that is neither UTF-8 nor GB18030.
		{"stray byte in utf-8", []byte(head + "1,前言前言,Prefacio\xFF\r\n"), len(head + "1,前言前言,Prefacio"), "byte"},
		{"lone surrogate in utf-16", append(utf16LE(head+"1,", true), 0x00, 0xD8, 'a', 0), 2 + 2*len(head+"1,"), "surrogate"},
		{"odd utf-16", append(utf16LE(head, true), 'x'), -1, "odd"},
		{"NUL", []byte(head + "1,a\x00b,c\r\n"), len(head) + 3, "U+0000"},
		{"binary with NULs", []byte(head + "1,a\x00\x00\x00\x00b,c\r\n"), len(head) + 3, "binary"},
		{"PNG", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), -1, "not text"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			im, err := ReadCSV(bytes.NewReader(c.data))
			if err == nil {
				t.Fatalf("read %+v, want an error", im)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not say %q", err, c.want)
			}
			var de *text.DecodeError
			if c.offset >= 0 && errors.As(err, &de) && de.Offset != c.offset {
				t.Errorf("offset %d, want %d (%v)", de.Offset, c.offset, err)
			}
			if c.offset >= 0 && !strings.Contains(err.Error(), "byte ") {
				t.Errorf("error %q names no byte offset", err)
			}
		})
	}
	if _, err := ReadCSV(bytes.NewReader([]byte("\x89PNG\r\n\x1a\n\x00\x00"))); !errors.Is(err, ErrNotText) || strings.Contains(err.Error(), "GB18030") {
		t.Errorf("PNG: %v, want ErrNotText without an encoding name", err)
	}
}

func TestTMXSourceIsTheChineseVariant(t *testing.T) {
	cases := []struct{ name, tmx, source, lang, text string }{
		{"header says en (translate-toolkit)", `<tmx version="1.4"><header srclang="en" creationtool="Translate Toolkit"/><body>
<tu><tuv xml:lang="zh-CN"><seg>前言</seg></tuv><tuv xml:lang="es"><seg>Prefacio</seg></tuv></tu></body></tmx>`, "前言", "es", "Prefacio"},
		{"target first, header *all*", `<tmx version="1.4"><header srclang="*all*"/><body>
<tu><tuv xml:lang="pt-BR"><seg>Prefácio</seg></tuv><tuv xml:lang="zh-Hans"><seg>前言</seg></tuv></tu></body></tmx>`, "前言", "pt", "Prefácio"},
		{"OmegaT, upper-case tags", `<tmx version="1.4"><header creationtool="OmegaT" o-tmf="OmegaT TMX" srclang="ZH-CN" adminlang="EN-US" datatype="plaintext" segtype="sentence"/><body>
<tu><tuv lang="ES"><seg>Prefacio</seg></tuv><tuv lang="ZH-CN"><seg>前言</seg></tuv></tu></body></tmx>`, "前言", "es", "Prefacio"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			im, err := ReadTMX(strings.NewReader(c.tmx))
			if err != nil {
				t.Fatal(err)
			}
			if len(im.Units) != 1 || im.Units[0].Source != c.source || len(im.Units[0].Targets) != 1 {
				t.Fatalf("units %+v", im.Units)
			}
			if tg := im.Units[0].Targets[0]; tg.Lang != c.lang || tg.Text != c.text {
				t.Errorf("target %+v, want %s %q", tg, c.lang, c.text)
			}
		})
	}
}

// TestFilesOfOtherTools reads the samples in testdata/interop, written by
// hand from the documented formats of OmegaT, Okapi Rainbow, Trados,
// memoQ and Matecat, and compares the units with the .want file next to
// each: id, source, language, text and status, tab-separated.
func TestFilesOfOtherTools(t *testing.T) {
	wants, _ := filepath.Glob("testdata/interop/*.want")
	if len(wants) < 5 {
		t.Fatalf("%d samples in testdata/interop", len(wants))
	}
	for _, want := range wants {
		name := strings.TrimSuffix(want, ".want")
		t.Run(filepath.Base(name), func(t *testing.T) {
			read, ok := ImportFormatFor(name)
			if !ok {
				t.Fatalf("no reader for %s", name)
			}
			f, err := os.Open(name)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			im, err := read(f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, u := range im.Units {
				for _, tg := range u.Targets {
					got = append(got, strings.Join([]string{u.ID, u.Source, tg.Lang, tg.Text, string(tg.Status)}, "\t"))
				}
			}
			wb, _ := os.ReadFile(want)
			exp := strings.Split(strings.TrimRight(string(wb), "\n"), "\n")
			if strings.Join(got, "\n") != strings.Join(exp, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(exp, "\n"))
			}
		})
	}
}

// Line breaks inside a cell come back as they went out, CRLF or LF, so
// applying an unchanged export changes nothing.
func TestDelimitedKeepLineBreaks(t *testing.T) {
	texts := []string{"uno\r\ndos", "uno\ndos", "uno\rdos", "\"cita\"\r\n, coma\ttab", "=1\r\n"}
	for _, tc := range []struct {
		name  string
		write WriteFunc
		read  func([]byte) (*Import, error)
	}{{"csv", WriteCSV, csvRead}, {"tsv", WriteTSV, tsvRead}} {
		var units []Unit
		for i, s := range texts {
			units = append(units, Unit{SegmentID: int64(i + 1), Source: "源\r\n" + s, Targets: []Target{{Lang: "es", Text: s, Status: workflow.StatusTranslated, Version: 1}}})
		}
		var buf bytes.Buffer
		if err := tc.write(&buf, seedHeader("es"), UnitsOf(units), ExportOptions{}); err != nil {
			t.Fatal(err)
		}
		im, err := tc.read(buf.Bytes())
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(im.Units) != len(texts) {
			t.Fatalf("%s: %d units", tc.name, len(im.Units))
		}
		for i, u := range im.Units {
			if u.Targets[0].Text != texts[i] || u.Source != "源\r\n"+texts[i] {
				t.Errorf("%s: %q / %q, want %q", tc.name, u.Source, u.Targets[0].Text, texts[i])
			}
		}
	}
	// A spreadsheet writes LF inside cells and CRLF between records.
	im, err := csvRead([]byte("id,source,es\r\n1,\"一\n二\",\"uno\r\ndos\"\r\n"))
	if err != nil || im.Units[0].Source != "一\n二" || im.Units[0].Targets[0].Text != "uno\r\ndos" {
		t.Errorf("spreadsheet cells: %+v, %v", im, err)
	}
}

// TBX 2008 (<martif>) as termbases export it: TBX-Basic with <tig>,
// TBX-Default with <ntig>/<termGrp>, and translate-toolkit's csv2tbx.
func TestReadTBX2008(t *testing.T) {
	basic := `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>termbase</p></sourceDesc></fileDesc>
<encodingDesc><p type="XCSURI">TBXBasicXCSV02.xcs</p></encodingDesc></martifHeader><text><body>
<termEntry id="c1"><descrip type="subjectField">diplomacy</descrip>
<langSet xml:lang="zh"><tig><term>拉共体</term><termNote type="partOfSpeech">noun</termNote><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig></langSet>
<langSet xml:lang="es"><tig><term>CELAC</term><termNote type="partOfSpeech">noun</termNote><termNote type="grammaticalGender">feminine</termNote></tig>
<tig><term>Comunidad de Estados Latinoamericanos y Caribeños</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig></langSet>
</termEntry></body></text></martif>`
	def := `<martif type="TBX-Default" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></martifHeader><text><body>
<termEntry id="e7"><langSet xml:lang="zh-CN"><ntig><termGrp><term>一带一路</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termGrp><descrip type="context">共建“一带一路”</descrip></ntig></langSet>
<langSet xml:lang="en-US"><ntig><termGrp><term>Belt and Road</term><termNote type="grammaticalNumber">singular</termNote></termGrp></ntig></langSet></termEntry>
</body></text></martif>`
	cs, err := ReadTBX(strings.NewReader(basic))
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].Domain != "diplomacy" || len(cs[0].Terms) != 3 {
		t.Fatalf("basic: %+v", cs)
	}
	if tm := cs[0].Terms[1]; tm.Lang != "es" || tm.Text != "CELAC" || tm.Gender != "feminine" || tm.Status != term.Admitted {
		t.Errorf("basic es term: %+v", tm)
	}
	if tm := cs[0].Terms[0]; tm.Text != "拉共体" || tm.Status != term.Preferred {
		t.Errorf("basic zh term: %+v", tm)
	}
	cs, err = ReadTBX(strings.NewReader(def))
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || len(cs[0].Terms) != 2 || cs[0].Terms[0].Text != "一带一路" || cs[0].Terms[0].Status != term.Preferred ||
		cs[0].Terms[1].Text != "Belt and Road" || cs[0].Terms[1].Number != "singular" {
		t.Errorf("default: %+v", cs)
	}
}

func TestReadToolkitTBX(t *testing.T) {
	tool := testenv.Tool(t, "csv2tbx", "translate-toolkit")
	in := writeTemp(t, "g.csv", []byte("\"source\",\"target\"\n\"拉共体\",\"CELAC\"\n\"一带一路\",\"Franja y la Ruta\"\n"))
	out := in + ".tbx"
	if b, err := exec.Command(tool, in, out).CombinedOutput(); err != nil {
		t.Fatalf("csv2tbx: %v\n%s", err, b)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cs, err := ReadTBX(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 || len(cs[0].Terms) != 2 || cs[0].Terms[0].Text != "拉共体" || cs[0].Terms[1].Text != "CELAC" || cs[1].Terms[1].Text != "Franja y la Ruta" {
		t.Errorf("csv2tbx: %+v", cs)
	}
}

// The TBX 2008 export reads back to the same concepts, and is a <martif>.
func TestTBX2008RoundTrip(t *testing.T) {
	cs := []term.Concept{{ID: 3, Domain: "diplomacia", Terms: []term.Term{
		{ID: 7, Lang: "zh", Text: "拉共体", Status: term.Preferred},
		{ID: 8, Lang: "es", Text: "CELAC", Status: term.Admitted, Gender: "feminine",
			Forms: []term.TermForm{{Text: "CELACs", Number: "plural"}}},
	}}}
	var buf bytes.Buffer
	if err := WriteTBX2008(&buf, cs); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `<martif type="TBX-Basic"`) || !strings.Contains(buf.String(), "<tig ") {
		t.Fatalf("not TBX 2008:\n%s", buf.String())
	}
	got, err := ReadTBX(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || len(got[0].Terms) != 2 || got[0].Terms[1].Text != "CELAC" || len(got[0].Terms[1].Forms) != 1 || got[0].Domain != "diplomacia" {
		t.Errorf("read back: %+v", got)
	}
}

// Readers never replace a character: a form feed in a cell comes through
// as it is (the store decides whether it may be saved), and XML that
// holds a character XML forbids is refused with its line.
func TestReadersKeepOrRefuseControlCharacters(t *testing.T) {
	im, err := csvRead([]byte("id,source,es\r\n1,前言,Pre\ffacio\r\n"))
	if err != nil || im.Units[0].Targets[0].Text != "Pre\ffacio" {
		t.Errorf("csv: %+v, %v", im, err)
	}
	_, err = ReadXLIFF(strings.NewReader("<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file target-language=\"es\"><body>\n<trans-unit id=\"1\"><source>前言</source><target>Pre&#xC;facio</target></trans-unit></body></file></xliff>"))
	if err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("xliff with U+000C: %v", err)
	}
	_, err = ReadTMX(strings.NewReader("<tmx version=\"1.4\"><header srclang=\"zh\"/><body>\n<tu><tuv xml:lang=\"zh\"><seg>前言</seg></tuv><tuv xml:lang=\"es\"><seg>Pre\ffacio</seg></tuv></tu></body></tmx>"))
	if err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("tmx with U+000C: %v", err)
	}
}

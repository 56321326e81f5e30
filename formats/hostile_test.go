package formats

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"alinea/workflow"
)

var xmlReaders = []struct {
	name string
	read func(io.Reader) (*Import, error)
	root string // an opening that makes the file look like the format
}{
	{"tmx", ReadTMX, `<tmx version="1.4"><header srclang="zh-CN"/><body>`},
	{"xliff2", ReadXLIFF, `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh" trgLang="es"><file id="f">`},
	{"xliff12", ReadXLIFF, `<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file original="f" source-language="zh" target-language="es" datatype="plaintext"><body>`},
}

// TestHostileXML: entity tricks, huge attributes, deep nesting and huge
// files are refused by every XML reader, with bounded memory.
func TestHostileXML(t *testing.T) {
	laughs := `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>`
	external := `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`
	cases := []struct {
		name string
		make func(root string) io.Reader
		want string
	}{
		{"billion laughs", func(root string) io.Reader { return strings.NewReader(laughs + root + "&lol2;") }, "entity declarations"},
		{"external entity", func(root string) io.Reader { return strings.NewReader(external + root + "&xxe;") }, "entity declarations"},
		{"undeclared entity", func(root string) io.Reader { return strings.NewReader(root + "&xxe;") }, "invalid character entity"},
		{"external DTD subset with parameter entity", func(root string) io.Reader {
			return strings.NewReader(`<!DOCTYPE x SYSTEM "http://example.invalid/x.dtd" [<!ENTITY % p SYSTEM "http://example.invalid/p">%p;]>` + root)
		}, "entity declarations"},
		{"huge attribute", func(root string) io.Reader {
			return strings.NewReader(root + `<a b="` + strings.Repeat("x", MaxXMLAttrBytes+1) + `"/>`)
		}, "longer than"},
		{"many attributes", func(root string) io.Reader {
			var b strings.Builder
			b.WriteString(root + "<a")
			for i := range MaxXMLAttrs + 1 {
				b.WriteString(" a" + strings.Repeat("x", i) + `="1"`)
			}
			b.WriteString("/>")
			return strings.NewReader(b.String())
		}, "more than"},
		{"deep nesting", func(root string) io.Reader {
			return strings.NewReader(root + strings.Repeat("<a>", MaxXMLDepth+1))
		}, "nested deeper"},
		{"huge file", func(root string) io.Reader {
			return io.MultiReader(strings.NewReader(root+"<!-- "), repeatReader(' '))
		}, "larger than"},
		{"other encoding", func(root string) io.Reader {
			return strings.NewReader(`<?xml version="1.0" encoding="GB2312"?>` + root)
		}, "only UTF-8"},
	}
	for _, r := range xmlReaders {
		for _, c := range cases {
			t.Run(r.name+"/"+c.name, func(t *testing.T) {
				im, err := r.read(c.make(r.root))
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Errorf("read gave %v, %v; want an error saying %q", im, err, c.want)
				}
				if c.name == "huge file" && !errors.Is(err, ErrTooLarge) {
					t.Errorf("err = %v, want ErrTooLarge", err)
				}
			})
		}
	}
}

// TestMalformedNamesThePlace: a broken file is refused with the line or
// element at fault.
func TestMalformedNamesThePlace(t *testing.T) {
	cases := []struct {
		name string
		read func(io.Reader) (*Import, error)
		in   string
		want string
	}{
		{"tmx unclosed", ReadTMX, "<tmx>\n<body>\n<tu>\n<tuv xml:lang=\"zh\"><seg>a</seg></tuv>\n</body>", "line 5"},
		{"tmx truncated", ReadTMX, "<tmx>\n<body>\n<tu>", "line 3"},
		{"tmx tuv without lang", ReadTMX, "<tmx><body><tu>\n<tuv><seg>a</seg></tuv></tu></body></tmx>", "line 2: <tuv> has no xml:lang"},
		{"tmx bad version prop", ReadTMX, "<tmx><body><tu><tuv xml:lang=\"es\">\n<prop type=\"x-alinea-version\">two</prop><seg>a</seg></tuv></tu></body></tmx>", `line 2: prop x-alinea-version "two"`},
		{"tmx bad status prop", ReadTMX, "<tmx><body><tu><tuv xml:lang=\"es\">\n<prop type=\"x-alinea-status\">done</prop><seg>a</seg></tuv></tu></body></tmx>", `line 2: prop x-alinea-status: unknown status "done"`},
		{"tmx wrong root", ReadTMX, "<xliff/>", "root element is <xliff>, not <tmx>"},
		{"not xml", ReadTMX, "hello", "no XML element"},
		{"xliff2 bad state", ReadXLIFF, "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"zh\" trgLang=\"es\"><file id=\"f\"><unit id=\"u\">\n<segment state=\"done\"><source>a</source></segment></unit></file></xliff>", `line 2: <segment>: state "done"`},
		{"xliff2 bad version", ReadXLIFF, "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" xmlns:alinea=\"urn:alinea\" version=\"2.0\"><file id=\"f\">\n<unit id=\"u\" alinea:version=\"-1\"></unit></file></xliff>", `line 2: <unit> attribute version="-1"`},
		{"xliff2 bad cp", ReadXLIFF, "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\"><file id=\"f\"><unit id=\"u\"><segment><source>\n<cp hex=\"zz\"/></source></segment></unit></file></xliff>", `line 2: <cp hex="zz">`},
		{"xliff12 mismatched tags", ReadXLIFF, "<xliff version=\"1.2\"><file><body>\n<trans-unit id=\"1\"><source>a</target></trans-unit></body></file></xliff>", "line 2"},
		{"xliff12 bad context", ReadXLIFF, "<xliff version=\"1.2\"><file><body><trans-unit id=\"1\"><source>a</source>\n<context-group><context context-type=\"x-alinea-segment\">abc</context></context-group></trans-unit></body></file></xliff>", `line 2: context x-alinea-segment "abc"`},
		{"xliff unknown version", ReadXLIFF, `<xliff version="3.0"/>`, `neither 1.2 nor 2.x`},
		{"csv ragged", ReadCSV, "id,paragraph,heading,source,es\n1,1,,a,b\n2,1,,a\n", "line 3"},
		{"csv bad status", ReadCSV, "id,source,es,es_status\n1,a,b,fine\n", `line 2: column es_status: unknown status "fine"`},
		{"csv bad id", ReadCSV, "id,source,es\nx1,a,b\n", `line 2: id "x1"`},
		{"csv no source", ReadCSV, "id,es\n1,a\n", `no "source" column`},
		{"csv no language", ReadCSV, "id,source,notes\n1,a,b\n", "no target language column"},
		{"csv empty", ReadCSV, "", "empty"},
		{"csv bare quote", ReadCSV, "id,source,es\n1,a \"b\" c,d\n", "line 2"},
		{"tsv bad version", ReadTSV, "id\tsource\tpt\tpt_version\n1\ta\tb\tv2\n", `line 2: pt_version "v2"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := c.read(strings.NewReader(c.in))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want one saying %q", err, c.want)
			}
		})
	}
}

// TestForeignFiles reads files as other tools write them: no ids of ours,
// inline codes, several segments per unit, languages with regions.
func TestForeignFiles(t *testing.T) {
	cases := []struct {
		name string
		read func(io.Reader) (*Import, error)
		in   string
		want []ImportedUnit
	}{
		{"xliff2 multi-segment", ReadXLIFF, `<?xml version="1.0"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:mtc="urn:oasis:names:tc:xliff:matches:2.0" version="2.1" srcLang="zh-Hans" trgLang="es-ES">
<file id="f1"><notes><note>n</note></notes>
<unit id="u1"><mtc:matches><mtc:match ref="#s1"><source>x</source><target>y</target></mtc:match></mtc:matches>
<originalData><data id="d1">&lt;b&gt;</data></originalData>
<segment id="s1" state="translated"><source>中国<pc id="1" dataRefStart="d1">政府</pc>。</source><target>El <pc id="1">Gobierno</pc> chino.</target></segment>
<ignorable><source> </source></ignorable>
<segment id="s2"><source>第二句<ph id="2"/>。</source></segment>
</unit></file></xliff>`, []ImportedUnit{
			{ID: "u1/s1", Line: 6, Unit: Unit{Source: "中国⟦1⟧政府⟦/1⟧。", Targets: []Target{{Lang: "es", Text: "El ⟦1⟧Gobierno⟦/1⟧ chino.", Status: workflow.StatusTranslated}}}},
			{ID: "u1/s2", Line: 8, Unit: Unit{Source: "第二句⟦2/⟧。", Targets: []Target{{Lang: "es", Status: workflow.StatusNew}}}},
		}},
		{"xliff12 inline codes", ReadXLIFF, `<?xml version="1.0"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="a.docx" source-language="zh-CN" target-language="pt-BR" datatype="x-docx"><body>
<group id="g"><trans-unit id="tu1"><source>中国<bpt id="1">&lt;b&gt;</bpt>政府<ept id="1">&lt;/b&gt;</ept><x id="2"/></source>
<seg-source><mrk mtype="seg" mid="1">中国政府</mrk></seg-source>
<target state="signed-off"><g id="g1">Governo</g> chinês<ph id="3">{1}</ph></target>
<alt-trans><target>outro</target></alt-trans><note>nota</note></trans-unit></group>
<trans-unit id="tu2" approved="yes"><source>二</source><target>dois</target></trans-unit>
<trans-unit id="tu3"><source>三</source><target>três</target></trans-unit>
<trans-unit id="tu4"><source>四</source><target state="needs-translation"></target></trans-unit>
</body></file></xliff>`, []ImportedUnit{
			{ID: "tu1", Line: 4, Unit: Unit{Source: "中国政府", Targets: []Target{{Lang: "pt", Text: "⟦g1⟧Governo⟦/g1⟧ chinês⟦3/⟧", Status: workflow.StatusReviewed}}}},
			{ID: "tu2", Line: 8, Unit: Unit{Source: "二", Targets: []Target{{Lang: "pt", Text: "dois", Status: workflow.StatusTranslated}}}},
			{ID: "tu3", Line: 9, Unit: Unit{Source: "三", Targets: []Target{{Lang: "pt", Text: "três", Status: workflow.StatusTranslated}}}},
			{ID: "tu4", Line: 10, Unit: Unit{Source: "四", Targets: []Target{{Lang: "pt", Status: workflow.StatusNew}}}},
		}},
		{"tmx from another tool", ReadTMX, `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="X" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en-US" srclang="ZH-CN" datatype="plaintext"/>
<body>
<tu tuid="a1"><note>n</note><tuv xml:lang="en-US"><seg>The <bpt i="1">&lt;b&gt;</bpt>government<ept i="1">&lt;/b&gt;</ept></seg></tuv>
<tuv lang="zh-Hans"><seg>政<hi>府</hi><ph>{0}</ph></seg></tuv><tuv xml:lang="es-419"><seg>El gobierno</seg></tuv><tuv xml:lang="es-ES"><seg>second es</seg></tuv></tu>
</body></tmx>`, []ImportedUnit{
			{ID: "a1", Line: 4, Unit: Unit{Source: "政⟦1⟧府⟦/1⟧⟦2/⟧", Targets: []Target{{Lang: "en", Text: "The ⟦1⟧government⟦/1⟧", Status: workflow.StatusTranslated}, {Lang: "es", Text: "El gobierno", Status: workflow.StatusTranslated}}}},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			im, err := c.read(strings.NewReader(c.in))
			if err != nil {
				t.Fatal(err)
			}
			if !equalImported(im.Units, c.want) {
				t.Errorf("got\n%+v\nwant\n%+v", im.Units, c.want)
			}
			if im.Header.SourceLang != "zh" {
				t.Errorf("source language %q", im.Header.SourceLang)
			}
		})
	}
}

func equalImported(a, b []ImportedUnit) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.ID != y.ID || x.Line != y.Line || x.Source != y.Source || x.SegmentID != y.SegmentID || len(x.Targets) != len(y.Targets) {
			return false
		}
		for j := range x.Targets {
			if x.Targets[j] != y.Targets[j] {
				return false
			}
		}
	}
	return true
}

func TestCSVFormulaGuard(t *testing.T) {
	texts := []string{"=SUM(A1)", "+1", "-dash", "@cmd", "'=quoted", "''+two", "'plain", "normal", "\tTab"}
	var units []Unit
	for i, s := range texts {
		units = append(units, Unit{SegmentID: int64(i + 1), Paragraph: 1, Source: s, Targets: []Target{{Lang: "es", Text: s, Status: workflow.StatusDraft, Version: 1}}})
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, seedHeader("es"), UnitsOf(units), ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(buf.String(), "\r\n")[1:] {
		if line == "" {
			continue
		}
		cells := strings.Split(line, ",")
		if c := strings.TrimPrefix(cells[3], `"`); c != "" && strings.ContainsRune("=+-@\t", rune(c[0])) {
			t.Errorf("cell %q would run as a formula", cells[3])
		}
	}
	if !strings.HasPrefix(buf.String(), "\uFEFFid,paragraph,heading,source,es,es_status,es_version\r\n") {
		t.Errorf("header row: %q", strings.SplitN(buf.String(), "\n", 2)[0])
	}
	im, err := ReadCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	diffUnits(t, plainUnits(im), units)
}

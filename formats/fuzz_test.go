package formats

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"alinea/workflow"
)

// Fuzz targets for every reader: garbage gives an error, never a panic, and
// whatever a reader accepts is made of valid values.

func seedWritten(f *testing.F, write WriteFunc, langs ...string) {
	units := []Unit{
		{SegmentID: 1, Paragraph: 1, Heading: true, Source: "前言", Targets: []Target{{Lang: langs[0], Text: "Prefacio & <x>", Status: workflow.StatusApproved, Version: 3}}},
		{SegmentID: 2, Paragraph: 2, Source: "中国。\t\"𠮷\"", Targets: []Target{{Lang: langs[0], Status: workflow.StatusNew}}},
		{SegmentID: 3, Paragraph: 2, Source: "=1+1", Targets: []Target{{Lang: langs[0], Text: "-x\x01", Status: workflow.StatusDraft, Version: 1}}},
	}
	var buf bytes.Buffer
	if err := write(&buf, seedHeader(langs...), UnitsOf(units), ExportOptions{}); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
}

func checkImport(t *testing.T, im *Import, err error) {
	if err != nil {
		if im != nil {
			t.Errorf("both a result and an error: %v", err)
		}
		return
	}
	for _, u := range im.Units {
		for _, tg := range u.Targets {
			if !tg.Status.Valid() {
				t.Errorf("unit %q: invalid status %q", u.ID, tg.Status)
			}
			if tg.Version < 0 {
				t.Errorf("unit %q: negative version", u.ID)
			}
		}
		if u.Paragraph < 0 || u.SegmentID < 0 {
			t.Errorf("unit %q: negative numbers", u.ID)
		}
	}
}

func FuzzReadTMX(f *testing.F) {
	seedWritten(f, WriteTMX, "es", "pt")
	f.Add([]byte(`<tmx><header srclang="en"/><body><tu><tuv xml:lang="es"><seg>a<it pos="begin" x="1"/>b<hi x="2">c</hi></seg></tuv><tuv xml:lang="zh-CN"><seg>中</seg></tuv></tu></body></tmx>`))
	f.Add([]byte(`<tmx><header srclang="*all*"/><body><tu><tuv xml:lang="zh"><seg>a<bpt>b</bpt><hi>c</hi></seg></tuv></tu></body></tmx>`))
	f.Add([]byte(`<tmx><body><tu><tuv xml:lang="es"><prop type="x-alinea-version">99999999999999999999</prop><seg/></tuv></tu></body></tmx>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		im, err := ReadTMX(bytes.NewReader(data))
		checkImport(t, im, err)
	})
}

func FuzzReadXLIFF(f *testing.F) {
	seedWritten(f, WriteXLIFF2, "es")
	seedWritten(f, WriteXLIFF12, "pt")
	for _, name := range []string{"okapi-rainbow.xlf", "trados.sdlxliff", "memoq.mqxliff", "matecat.xlf"} {
		if b, err := os.ReadFile("testdata/interop/" + name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`<xliff version="2.0"><file id="f"><unit id="u"><segment state="final" subState="alinea:new"><source>a<cp hex="1"/></source><target>b</target></segment><segment/></unit></file></xliff>`))
	f.Add([]byte(`<xliff version="1.2"><file target-language="es"><body><group><trans-unit id="1" approved="yes"><source>a</source><target state="x-foo">b<g>c</g></target></trans-unit></group></body></file></xliff>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		im, err := ReadXLIFF(bytes.NewReader(data))
		checkImport(t, im, err)
	})
}

func FuzzReadCSV(f *testing.F) {
	seedWritten(f, WriteCSV, "es", "pt", "en")
	seedWritten(f, WriteTSV, "en")
	f.Add([]byte("source,es\n\"a\"\"b\",c\n"))
	f.Add([]byte("id\tsource\tes-ES_status\tes-ES\n1\ta\tdraft\tb\n"))
	f.Add([]byte("\xff\xfes\x00o\x00u\x00r\x00c\x00e\x00\t\x00e\x00s\x00\n\x00"))
	f.Add([]byte("source,es\r\n\xc7\xb0\xd1\xd4,\"a\r\nb\"\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		im, err := ReadCSV(bytes.NewReader(data))
		checkImport(t, im, err)
		im, err = ReadTSV(bytes.NewReader(data))
		checkImport(t, im, err)
	})
}

func FuzzReadDOCXText(f *testing.F) {
	var buf bytes.Buffer
	units := []Unit{{SegmentID: 1, Paragraph: 1, Heading: true, Source: "前言", Targets: []Target{{Lang: "es", Text: "Prefacio", Status: workflow.StatusApproved}}}}
	if err := WriteTargetDOCX(&buf, seedHeader("es"), UnitsOf(units), ExportOptions{}); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add(makeZip(f, "word/document.xml", testDocument, "word/styles.xml", testStyles))
	f.Add(makeZip(f, "_rels/.rels", `<Relationships><Relationship Type="x/officeDocument" Target="/../../doc.xml"/></Relationships>`, "doc.xml", "<w:p/>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, err := ReadDOCXText(bytes.NewReader(data), int64(len(data)))
		if err == nil {
			for _, p := range ps {
				if p.Text == "" || p.Level < 0 || p.Level > 9 {
					t.Errorf("bad paragraph %+v", p)
				}
			}
		}
	})
}

func FuzzReadHTMLText(f *testing.F) {
	var buf bytes.Buffer
	units := []Unit{{SegmentID: 1, Paragraph: 1, Source: "前言", Targets: []Target{{Lang: "es", Text: "<b>x</b>", Status: workflow.StatusApproved}}}}
	if err := WriteBilingualHTML(&buf, seedHeader("es"), UnitsOf(units), ExportOptions{}); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.String())
	f.Add("<h1>a</h1><p>b<br>c</p><script>x</script><nav><nav></nav>d</nav>e<pre>f\n g</pre>")
	f.Add("<meta charset=\"gbk\"><p>\xd6\xd0\xb9\xfa</p>")
	f.Fuzz(func(t *testing.T, s string) {
		ps, err := ReadHTMLText(strings.NewReader(s))
		if err == nil {
			for _, p := range ps {
				if p.Text == "" || p.Text != strings.TrimSpace(p.Text) {
					t.Errorf("untrimmed or empty paragraph %q", p.Text)
				}
			}
		}
	})
}

package formats

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// makeZip builds a zip from name/content pairs.
func makeZip(t testing.TB, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(parts); i += 2 {
		f, err := zw.Create(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(f, parts[i+1])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const testStyles = `<?xml version="1.0"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:styleId="Ttulo1"><w:name w:val="heading 1"/></w:style>
<w:style w:type="paragraph" w:styleId="Mine"><w:name w:val="My heading"/><w:basedOn w:val="Ttulo1"/></w:style>
<w:style w:type="paragraph" w:styleId="Outline"><w:name w:val="Outline"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="LoopA"><w:name w:val="A"/><w:basedOn w:val="LoopB"/></w:style>
<w:style w:type="paragraph" w:styleId="LoopB"><w:name w:val="B"/><w:basedOn w:val="LoopA"/></w:style>
</w:styles>`

const testDocument = `<?xml version="1.0"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><w:body>
<w:p><w:pPr><w:pStyle w:val="Ttulo1"/><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>Prefacio</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">El mundo </w:t></w:r><w:del><w:r><w:delText>viejo </w:delText></w:r></w:del><w:ins><w:r><w:t>cambia</w:t></w:r></w:ins><w:r><w:tab/><w:t>rápido</w:t><w:br/><w:t>&amp; bien.</w:t></w:r></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:t>Campo</w:t></w:r>
<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>caja</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><w:t>caja vieja</w:t></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Mine"/></w:pPr><w:r><w:t>Parte uno</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Outline"/></w:pPr><w:r><w:t>Sección</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="LoopA"/></w:pPr><w:r><w:t>Bucle</w:t></w:r></w:p>
<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>Nivel</w:t></w:r></w:p>
<w:p></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Celda</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:t>Fin.</w:t></w:r></w:p>
<w:sectPr/></w:body></w:document>`

func TestReadDOCXText(t *testing.T) {
	data := makeZip(t, "word/document.xml", testDocument, "word/styles.xml", testStyles)
	got, err := ReadDOCXText(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	want := []Paragraph{
		{Text: "Prefacio", Heading: true, Level: 1},
		{Text: "El mundo cambia\trápido\n& bien."},
		{Text: "Campo"},
		{Text: "Parte uno", Heading: true, Level: 1},
		{Text: "Sección", Heading: true, Level: 3},
		{Text: "Bucle"},
		{Text: "Nivel", Heading: true, Level: 2},
		{Text: "Celda", InTable: true},
		{Text: "Fin."},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%+v\nwant\n%+v", got, want)
	}
}

// TestReadDOCXTextOfOurTarget reads back a target document we wrote.
func TestReadDOCXTextOfOurTarget(t *testing.T) {
	units := seedUnits(t)
	var docx, txt bytes.Buffer
	h := seedHeader("es")
	opt := ExportOptions{Untranslated: KeepSource}
	if err := WriteTargetDOCX(&docx, h, UnitsOf(units), opt); err != nil {
		t.Fatal(err)
	}
	if err := WriteTargetText(&txt, h, UnitsOf(units), opt); err != nil {
		t.Fatal(err)
	}
	ps, err := ReadDOCXText(bytes.NewReader(docx.Bytes()), int64(docx.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range ps {
		got = append(got, p.Text)
	}
	want := strings.Split(strings.TrimSpace(txt.String()), "\n\n")
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("read %d paragraphs, wrote %d; first: %q vs %q", len(got), len(want), got[0], want[0])
	}
	if !ps[0].Heading || ps[1].Heading {
		t.Errorf("headings not kept: %+v %+v", ps[0], ps[1])
	}
}

func TestReadDOCXTextRefuses(t *testing.T) {
	// A part that claims to unpack to more than the limit.
	var claims bytes.Buffer
	zw := zip.NewWriter(&claims)
	w, _ := zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Store, CompressedSize64: 1, UncompressedSize64: MaxXMLBytes + 1})
	w.Write([]byte("<"))
	zw.Close()

	// A part that claims 100 bytes but inflates to much more.
	var lies bytes.Buffer
	zw = zip.NewWriter(&lies)
	var deflated bytes.Buffer
	fw, _ := flate.NewWriter(&deflated, flate.BestSpeed)
	io.WriteString(fw, `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>`)
	fw.Write(bytes.Repeat([]byte(" "), 4<<20))
	fw.Close()
	w, _ = zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate, CompressedSize64: uint64(deflated.Len()), UncompressedSize64: 100})
	w.Write(deflated.Bytes())
	zw.Close()

	cases := []struct {
		name string
		data []byte
		size int64
		want string
	}{
		{"not a zip", []byte("hello"), 5, "not a DOCX"},
		{"no document", makeZip(t, "a.txt", "x"), 0, "no word/document.xml"},
		{"broken xml", makeZip(t, "word/document.xml", "<w:document>\n<w:body>\n</w:document>"), 0, "line 3"},
		{"claims too much", claims.Bytes(), 0, "unpacks to"},
		{"inflates more than it claims", lies.Bytes(), 0, "not a valid zip"},
		{"upload too big", []byte("x"), MaxDOCXBytes + 1, "larger than"},
		{"entity", makeZip(t, "word/document.xml", `<!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>`), 0, "entity"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			size := c.size
			if size == 0 {
				size = int64(len(c.data))
			}
			_, err := ReadDOCXText(bytes.NewReader(c.data), size)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want one saying %q", err, c.want)
			}
		})
	}
}

func TestReadHTMLText(t *testing.T) {
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(`<html><head><meta charset="gbk"><title>标题</title></head><body><p>中国政府</p></body></html>`)
	cases := []struct {
		name, in string
		want     []Paragraph
	}{
		{"blocks and headings", `<!DOCTYPE html><html><head><title>T</title><style>p{}</style></head><body>
<h1>Política de China</h1><p>Primer   párrafo
 con <b>negrita</b> y <a href="x">enlace</a>.</p><p>Segundo<br>línea &amp; más</p>
<ul><li>uno</li><li>dos</li></ul><h2>Parte <span>dos</span></h2>Texto suelto</body></html>`, []Paragraph{
			{Text: "Política de China", Heading: true, Level: 1},
			{Text: "Primer párrafo con negrita y enlace."},
			{Text: "Segundo\nlínea & más"},
			{Text: "uno"}, {Text: "dos"},
			{Text: "Parte dos", Heading: true, Level: 2},
			{Text: "Texto suelto"},
		}},
		{"scripts and chrome dropped", `<nav><a>Inicio</a></nav><script>var p = "<p>no</p>";</script><p>Sí</p><noscript><p>no</p></noscript><footer><p>pie</p></footer><template><p>no</p></template>`,
			[]Paragraph{{Text: "Sí"}}},
		{"chinese line breaks", "<p>中国同拉美\n和加勒比地区\n虽然相距遥远, but\nfar</p>", []Paragraph{{Text: "中国同拉美和加勒比地区虽然相距遥远, but far"}}},
		{"tables and pre", "<table><tr><td>a</td><td>b</td></tr></table><pre>x\n  y</pre>", []Paragraph{{Text: "a", InTable: true}, {Text: "b", InTable: true}, {Text: "x\ny"}}},
		{"unclosed", "<p>uno<p>dos<div>tres", []Paragraph{{Text: "uno"}, {Text: "dos"}, {Text: "tres"}}},
		{"gbk", gbk, []Paragraph{{Text: "中国政府"}}},
		{"empty", "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ReadHTMLText(strings.NewReader(c.in))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got\n%+v\nwant\n%+v", got, c.want)
			}
		})
	}
}

// TestReadHTMLTextOfOurPage reads our own bilingual page back.
func TestReadHTMLTextOfOurPage(t *testing.T) {
	units := seedUnits(t)
	var buf bytes.Buffer
	if err := WriteBilingualHTML(&buf, seedHeader("es"), UnitsOf(units[:5]), ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	ps, err := ReadHTMLText(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, p := range ps {
		texts = append(texts, p.Text)
	}
	joined := strings.Join(texts, "\n")
	for _, u := range units[:5] {
		if !strings.Contains(joined, u.Source) {
			t.Errorf("source %q not read back", u.Source)
		}
	}
}

func TestReadHTMLTextTooLarge(t *testing.T) {
	r := io.MultiReader(strings.NewReader("<p>"), io.LimitReader(repeatReader('a'), MaxHTMLBytes+1))
	_, err := ReadHTMLText(r)
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
}

// repeatReader is an endless stream of one byte.
type repeatReader byte

func (c repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(c)
	}
	return len(p), nil
}

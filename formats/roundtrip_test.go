package formats

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	"alinea/workflow"
)

// only keeps the named languages of each unit, and drops units for which
// drop returns true.
func project(units []Unit, langs []string, filled bool) []Unit {
	var out []Unit
	for _, u := range units {
		v := u
		v.Targets = nil
		for _, l := range langs {
			t, _ := u.Target(l)
			if filled && t.Text == "" {
				continue
			}
			v.Targets = append(v.Targets, t)
		}
		if filled && len(v.Targets) == 0 {
			continue
		}
		out = append(out, v)
	}
	return out
}

func plainUnits(im *Import) []Unit {
	out := make([]Unit, len(im.Units))
	for i, u := range im.Units {
		out[i] = u.Unit
	}
	return out
}

func diffUnits(t *testing.T, got, want []Unit) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("read %d units, want %d", len(got), len(want))
	}
	bad := 0
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("unit %d:\n got %+v\nwant %+v", i, got[i], want[i])
			if bad++; bad > 3 {
				t.FailNow()
			}
		}
	}
}

// edit replaces one translation's text in the written file, as a
// translator's tool would, and records the change in want.
func edit(t *testing.T, file []byte, want []Unit, i int, lang, newText string, escape func(string) string) []byte {
	t.Helper()
	tg := &want[i].Targets[0]
	for j := range want[i].Targets {
		if want[i].Targets[j].Lang == lang {
			tg = &want[i].Targets[j]
		}
	}
	old := escape(tg.Text)
	if tg.Text == "" || bytes.Count(file, []byte(old)) != 1 {
		t.Fatalf("unit %d: text %q to edit is not in the file exactly once", i, tg.Text)
	}
	tg.Text = newText
	return bytes.Replace(file, []byte(old), []byte(escape(newText)), 1)
}

func xmlEsc(s string) string {
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	xmlEscape(w, s, escText)
	w.Flush()
	return b.String()
}

func TestRoundTrip(t *testing.T) {
	units := seedUnits(t)
	const newText = "Texto editado & <revisado> \"nuevo\" 𝄞"
	cases := []struct {
		name  string
		langs []string
		write func(*bytes.Buffer, Header, Units) error
		read  func(*bytes.Buffer) (*Import, error)
		// filled: the format only carries translations that have text.
		filled bool
		esc    func(string) string
	}{
		{"xliff2", []string{"es"}, wr(WriteXLIFF2), ReadXLIFFBuf, false, xmlEsc},
		{"xliff12", []string{"pt"}, wr(WriteXLIFF12), ReadXLIFFBuf, false, xmlEsc},
		{"tmx", allLangs, wr(WriteTMX), func(b *bytes.Buffer) (*Import, error) { return ReadTMX(b) }, true, xmlEsc},
		{"csv", allLangs, wr(WriteCSV), func(b *bytes.Buffer) (*Import, error) { return ReadCSV(b) }, false, csvEsc},
		{"tsv", []string{"en", "es"}, wr(WriteTSV), func(b *bytes.Buffer) (*Import, error) { return ReadTSV(b) }, false, csvEsc},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := c.write(&buf, seedHeader(c.langs...), UnitsOf(units)); err != nil {
				t.Fatal(err)
			}
			want := project(units, c.langs, c.filled)
			// Edit the target of a unit that has one in the first language.
			i := 0
			for want[i].Targets[0].Text == "" || want[i].Targets[0].Lang != c.langs[0] {
				i++
			}
			file := edit(t, buf.Bytes(), want, i, c.langs[0], newText, c.esc)
			im, err := c.read(bytes.NewBuffer(file))
			if err != nil {
				t.Fatal(err)
			}
			diffUnits(t, plainUnits(im), want)
			h := im.Header
			if h.SourceLang != "zh" || !reflect.DeepEqual(h.TargetLangs, c.langs) && c.name != "tmx" {
				t.Errorf("header read back as %+v", h)
			}
			if (h.DocID != 7 || h.Title != seedHeader().Title) && c.name != "csv" && c.name != "tsv" {
				t.Errorf("header read back as %+v", h)
			}
		})
	}
}

func csvEsc(s string) string {
	if strings.ContainsAny(s, "\",\n\t") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

func wr(f func(w io.Writer, h Header, u Units, o ExportOptions) error) func(*bytes.Buffer, Header, Units) error {
	return func(b *bytes.Buffer, h Header, u Units) error { return f(b, h, u, ExportOptions{}) }
}

func ReadXLIFFBuf(b *bytes.Buffer) (*Import, error) { return ReadXLIFF(b) }

// TestXLIFFStateChanges: states changed by another tool win over ours.
func TestXLIFFStateChanges(t *testing.T) {
	u := []Unit{{SegmentID: 1, Paragraph: 1, Source: "中文", Targets: []Target{{Lang: "es", Text: "hola", Status: workflow.StatusDraft, Version: 2}}}}
	cases := []struct {
		name, from, to string
		write          func(*bytes.Buffer, Header, Units) error
		want           workflow.Status
	}{
		{"xliff2 confirmed", `state="initial"`, `state="translated"`, wr(WriteXLIFF2), workflow.StatusTranslated},
		{"xliff2 final", `state="initial"`, `state="final"`, wr(WriteXLIFF2), workflow.StatusApproved},
		{"xliff2 substate dropped", ` subState="alinea:draft"`, ``, wr(WriteXLIFF2), workflow.StatusDraft},
		{"xliff2 unchanged", `x`, `x`, wr(WriteXLIFF2), workflow.StatusDraft},
		{"xliff12 signed off", `state="needs-review-translation"`, `state="signed-off"`, wr(WriteXLIFF12), workflow.StatusReviewed},
		{"xliff12 confirmed (approved=yes)", `<trans-unit id="1"`, `<trans-unit approved="yes" id="1"`, wr(WriteXLIFF12), workflow.StatusTranslated},
		{"xliff12 final", `state="needs-review-translation"`, `state="final"`, wr(WriteXLIFF12), workflow.StatusApproved},
		{"xliff12 state removed", ` state="needs-review-translation"`, ``, wr(WriteXLIFF12), workflow.StatusTranslated},
		{"xliff12 unchanged", `x`, `x`, wr(WriteXLIFF12), workflow.StatusDraft},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := c.write(&buf, seedHeader("es"), UnitsOf(u)); err != nil {
				t.Fatal(err)
			}
			file := strings.Replace(buf.String(), c.from, c.to, 1)
			im, err := ReadXLIFF(strings.NewReader(file))
			if err != nil {
				t.Fatal(err)
			}
			if len(im.Units) != 1 {
				t.Fatalf("%d units", len(im.Units))
			}
			got := im.Units[0].Targets[0]
			if got.Status != c.want || got.Version != 2 || got.Text != "hola" {
				t.Errorf("got %+v, want status %s", got, c.want)
			}
		})
	}
}

func TestXLIFF2KeepsControlCharacters(t *testing.T) {
	u := []Unit{{SegmentID: 9, Paragraph: 1, Source: "a\x01b\x1fc", Targets: []Target{{Lang: "en", Text: "x\x02y\uFFFE", Status: workflow.StatusTranslated, Version: 1}}}}
	var buf bytes.Buffer
	if err := WriteXLIFF2(&buf, seedHeader("en"), UnitsOf(u), ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `<cp hex="0001"/>`) || !strings.Contains(buf.String(), `<cp hex="FFFE"/>`) {
		t.Fatalf("no <cp> in\n%s", buf.String())
	}
	im, err := ReadXLIFF(&buf)
	if err != nil {
		t.Fatal(err)
	}
	diffUnits(t, plainUnits(im), u)
}

func TestFilters(t *testing.T) {
	units := seedUnits(t)
	for _, min := range []workflow.Status{workflow.StatusTranslated, workflow.StatusReviewed, workflow.StatusApproved} {
		t.Run(string(min), func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteXLIFF2(&buf, seedHeader("es"), UnitsOf(units), ExportOptions{MinStatus: min}); err != nil {
				t.Fatal(err)
			}
			im, err := ReadXLIFF(&buf)
			if err != nil {
				t.Fatal(err)
			}
			want := 0
			for _, u := range units {
				if tg, _ := u.Target("es"); tg.Text != "" && tg.Status.AtLeast(min) {
					want++
				}
			}
			if len(im.Units) != want || want == 0 {
				t.Fatalf("%d units at least %s, want %d", len(im.Units), min, want)
			}
			for _, u := range im.Units {
				if !u.Targets[0].Status.AtLeast(min) {
					t.Errorf("unit %d has status %s below %s", u.SegmentID, u.Targets[0].Status, min)
				}
			}
			// CSV over all languages keeps a unit when any language passes
			// and blanks the others.
			buf.Reset()
			if err := WriteCSV(&buf, seedHeader(), UnitsOf(units), ExportOptions{MinStatus: min}); err != nil {
				t.Fatal(err)
			}
			im, err = ReadCSV(&buf)
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range im.Units {
				any := false
				for _, tg := range u.Targets {
					if tg.Text != "" {
						any = true
						if !tg.Status.AtLeast(min) {
							t.Errorf("csv unit %d %s status %s below %s", u.SegmentID, tg.Lang, tg.Status, min)
						}
					}
				}
				if !any {
					t.Errorf("csv unit %d has no translation at least %s", u.SegmentID, min)
				}
			}
		})
	}
}

func TestOneLanguageFormatsRefuseSeveral(t *testing.T) {
	for _, f := range []func(io.Writer, Header, Units, ExportOptions) error{WriteXLIFF2, WriteXLIFF12} {
		err := f(&bytes.Buffer{}, seedHeader(), UnitsOf(nil), ExportOptions{})
		if err == nil || !strings.Contains(err.Error(), "one target language") {
			t.Errorf("err = %v", err)
		}
	}
}

func TestWriterReportsSourceError(t *testing.T) {
	failing := func(yield func(Unit, error) bool) {
		if yield(Unit{SegmentID: 1, Source: "一"}, nil) {
			yield(Unit{}, fmt.Errorf("database gone"))
		}
	}
	err := WriteTMX(&bytes.Buffer{}, seedHeader(), failing, ExportOptions{})
	if err == nil || !strings.Contains(err.Error(), "database gone") {
		t.Errorf("err = %v", err)
	}
}

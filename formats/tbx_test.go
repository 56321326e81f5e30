package formats

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"alinea/align/term"
)

// glossarySample covers every field the termbase keeps, in the canonical
// order (terms grouped by language), with text that needs escaping.
func glossarySample() []term.Concept {
	return []term.Concept{
		{
			ID: 7, Domain: "diplomacy", Note: "Grouping of developing countries.\r\nSee also 南南合作.",
			Source: "Official translations <MFA & Xinhua>",
			Terms: []term.Term{
				{ID: 70, Lang: "zh", Text: "全球南方", Status: term.Preferred},
				{ID: 71, Lang: "es", Text: "Sur Global", Status: term.Preferred, Gender: "masculine", Number: "singular", Note: "con mayúsculas"},
				{ID: 72, Lang: "pt", Text: "Sul Global", Status: term.Preferred, Gender: "masculine", Number: "singular"},
				{ID: 73, Lang: "en", Text: "Global South", Status: term.Preferred},
				{ID: 74, Lang: "en", Text: "Third World", Status: term.Forbidden, Note: "dated; \"loaded\""},
			},
		},
		{
			ID: 8, Domain: "diplomacy",
			Terms: []term.Term{
				{ID: 80, Lang: "zh", Text: "战略伙伴", Status: term.Preferred},
				{ID: 81, Lang: "zh", Text: "战略伙伴方", Status: term.Admitted},
				{ID: 82, Lang: "es", Text: "socio estratégico", Status: term.Preferred, Gender: "masculine", Number: "singular",
					Forms: []term.TermForm{
						{Text: "socia estratégica", Gender: "feminine", Number: "singular"},
						{Text: "socios estratégicos", Gender: "masculine", Number: "plural"},
					}},
				{ID: 83, Lang: "pt-BR", Text: "parceiro estratégico", Status: term.Admitted, Gender: "masculine", Number: "singular",
					Forms: []term.TermForm{{Text: "parceira estratégica", Gender: "feminine"}}},
			},
		},
		{
			// Unsaved values: no ids anywhere.
			Terms: []term.Term{
				{Lang: "zh", Text: "熊猫债", Status: term.Preferred},
				{Lang: "en", Text: "panda bond", Status: term.Preferred, Forms: []term.TermForm{{Text: "panda bonds", Number: "plural"}}},
				{Lang: "en", Text: "Panda-Anleihe", Status: term.Forbidden},
			},
		},
	}
}

func writeTBXString(t *testing.T, cs []term.Concept) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteTBX(&b, cs); err != nil {
		t.Fatalf("WriteTBX: %v", err)
	}
	return b.String()
}

func TestTBXRoundTrip(t *testing.T) {
	for _, cs := range [][]term.Concept{glossarySample(), nil} {
		out := writeTBXString(t, cs)
		got, err := ReadTBX(strings.NewReader(out))
		if err != nil {
			t.Fatalf("ReadTBX: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(got, cs) {
			t.Errorf("round trip changed the concepts\n got %#v\nwant %#v\n%s", got, cs, out)
		}
	}
}

func TestTBXFormRepresentation(t *testing.T) {
	out := writeTBXString(t, glossarySample()[1:2])
	for _, want := range []string{
		`<termSec id="t82-f1">`,
		`<termNote type="termType">variant</termNote>`,
		`<ref type="crossReference" target="t82">socio estratégico</ref>`,
		`<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>`,
		`<langSec xml:lang="pt-BR">`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s", want)
		}
	}
}

func TestTBXGroupsLanguages(t *testing.T) {
	cs := []term.Concept{{ID: 1, Terms: []term.Term{
		{Lang: "zh", Text: "甲", Status: term.Preferred},
		{Lang: "en", Text: "a", Status: term.Preferred},
		{Lang: "zh", Text: "乙", Status: term.Admitted},
	}}}
	got, err := ReadTBX(strings.NewReader(writeTBXString(t, cs)))
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, tm := range got[0].Terms {
		texts = append(texts, tm.Text)
	}
	if strings.Join(texts, " ") != "甲 乙 a" {
		t.Errorf("terms come back as %v, want grouped by language", texts)
	}
}

func TestTBXValidatesAgainstSchema(t *testing.T) {
	for name, cs := range map[string][]term.Concept{"sample": glossarySample(), "empty": nil} {
		f := filepath.Join(t.TempDir(), name+".tbx")
		if err := os.WriteFile(f, []byte(writeTBXString(t, cs)), 0o644); err != nil {
			t.Fatal(err)
		}
		xmllint(t, "--relaxng", "TBXcoreStructV03.rng", f)
	}
}

func TestWriteTBXRefuses(t *testing.T) {
	ok := func() term.Concept {
		return term.Concept{ID: 1, Terms: []term.Term{{ID: 1, Lang: "zh", Text: "词", Status: term.Preferred}}}
	}
	tests := []struct {
		name   string
		change func(cs []term.Concept) []term.Concept
		want   string
	}{
		{"no terms", func(cs []term.Concept) []term.Concept { cs[0].Terms = nil; return cs }, "no terms"},
		{"bad language", func(cs []term.Concept) []term.Concept { cs[0].Terms[0].Lang = "zh Hans"; return cs }, "not a language tag"},
		{"empty term", func(cs []term.Concept) []term.Concept { cs[0].Terms[0].Text = " "; return cs }, "empty term"},
		{"unknown status", func(cs []term.Concept) []term.Concept { cs[0].Terms[0].Status = "maybe"; return cs }, "unknown status"},
		{"duplicate concept id", func(cs []term.Concept) []term.Concept {
			c := ok()
			c.Terms[0].ID = 2
			return append(cs, c)
		}, "id used twice"},
		{"duplicate term id", func(cs []term.Concept) []term.Concept {
			c := ok()
			c.ID = 2
			return append(cs, c)
		}, "term id 1 used twice"},
		{"control character", func(cs []term.Concept) []term.Concept { cs[0].Note = "a\x01b"; return cs }, "U+0001"},
		{"invalid utf-8", func(cs []term.Concept) []term.Concept { cs[0].Terms[0].Text = "a\xffb"; return cs }, "invalid UTF-8"},
		{"empty form", func(cs []term.Concept) []term.Concept {
			cs[0].Terms[0].Forms = []term.TermForm{{Text: ""}}
			return cs
		}, "empty form"},
		{"negative id", func(cs []term.Concept) []term.Concept { cs[0].ID = -3; return cs }, "negative id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			err := WriteTBX(&b, tt.change([]term.Concept{ok()}))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
			if b.Len() != 0 {
				t.Errorf("wrote %d bytes before refusing", b.Len())
			}
		})
	}
}

const tbxHead = `<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
<text><body>
`

const tbxTail = "\n</body></text></tbx>\n"

func TestReadTBXRefuses(t *testing.T) {
	entry := func(inner string) string {
		return tbxHead + `<conceptEntry id="c1">` + inner + `</conceptEntry>` + tbxTail
	}
	tests := []struct {
		name, in, want string
	}{
		{"empty file", "", "not a TBX file"},
		{"not xml", "hello", "line 1: text before any element: not a TBX file"},
		{"broken xml", entry(`<langSec xml:lang="en"><termSec><term>a</termSec></langSec>`), "line 5"},
		{"other root", `<tmx version="1.4"/>`, "root element <tmx> is not <tbx>"},
		{"other namespace", `<tbx xmlns="urn:example" type="TBX-Basic" style="dca"/>`, "namespace"},
		{"dct style", `<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dct"/>`, "dct"},
		{"langSec without lang", entry("\n<langSec><termSec><term>a</term></termSec></langSec>"), "line 6: <langSec> without xml:lang"},
		{"termSec without term", entry("\n<langSec xml:lang=\"en\">\n<termSec><note>x</note></termSec></langSec>"), "line 7: <termSec> without <term>"},
		{"empty term", entry(`<langSec xml:lang="en"><termSec><term> </term></termSec></langSec>`), "empty <term>"},
		{"two terms", entry(`<langSec xml:lang="en"><termSec><term>a</term><term>b</term></termSec></langSec>`), "two <term>s"},
		{"unknown status", entry(`<langSec xml:lang="en"><termSec><term>a</term><termNote type="administrativeStatus">great</termNote></termSec></langSec>`), `unknown administrativeStatus "great"`},
		{"concept without terms", entry(`<note>only a note</note>`), "has no terms"},
		{"entity declaration", `<!DOCTYPE tbx [<!ENTITY x "y">]><tbx/>`, "entity declarations"},
		{"unknown entity", entry(`<langSec xml:lang="en"><termSec><term>&x;</term></termSec></langSec>`), "line 5"},
		{"content after root", tbxHead + tbxTail + "<tbx/>", "after the root"},
		{"unclosed", tbxHead + `<conceptEntry id="c1"><langSec xml:lang="en">`, "line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs, err := ReadTBX(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
			if cs != nil {
				t.Errorf("returned %d concepts with the error", len(cs))
			}
		})
	}
}

// TestReadTBXForeign reads the kind of TBX-Basic another tool writes:
// groups, transactions, inline markup, no namespace prefix games, statuses
// beyond the three, a variant pointing at its main term.
func TestReadTBXForeign(t *testing.T) {
	in := tbxHead + `
<conceptEntry id="C-0042">
  <descripGrp><descrip type="subjectField">finance</descrip><admin type="source">not the concept's</admin></descripGrp>
  <adminGrp><admin type="source">ISO</admin><note>about the source</note></adminGrp>
  <descrip type="definition">A bond issued in China by a foreign issuer.</descrip>
  <transacGrp><transac type="transactionType">origination</transac><date>2024-01-01</date></transacGrp>
  <langSec xml:lang="en">
    <termSec id="en1">
      <term>panda <hi type="italics">bond</hi></term>
      <termNoteGrp><termNote type="administrativeStatus">standardizedTerm-admn-sts</termNote><note>grp</note></termNoteGrp>
      <termNote type="partOfSpeech">noun</termNote>
    </termSec>
    <termSec id="en2">
      <term>panda bonds</term>
      <termNote type="termType">variant</termNote>
      <termNote type="grammaticalNumber">plural</termNote>
      <ref type="crossReference" target="en1">panda bond</ref>
    </termSec>
    <termSec>
      <term>dim sum bond</term>
      <termNote type="administrativeStatus">notRecommendedTerm-admn-sts</termNote>
    </termSec>
    <termSec><term>yuan bond</term></termSec>
  </langSec>
  <langSec xml:lang="zh-Hans"><termSec><term>熊猫债</term><ext:flag xmlns:ext="urn:x">ignored</ext:flag></termSec></langSec>
</conceptEntry>` + tbxTail
	got, err := ReadTBX(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []term.Concept{{
		Domain: "finance", Source: "ISO", Note: "A bond issued in China by a foreign issuer.",
		Terms: []term.Term{
			{Lang: "en", Text: "panda bond", Status: term.Preferred, Forms: []term.TermForm{{Text: "panda bonds", Number: "plural"}}},
			{Lang: "en", Text: "dim sum bond", Status: term.Forbidden},
			{Lang: "en", Text: "yuan bond", Status: term.Admitted},
			{Lang: "zh-Hans", Text: "熊猫债", Status: term.Admitted},
		},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %#v\nwant %#v", got, want)
	}
}

func FuzzReadTBX(f *testing.F) {
	var b bytes.Buffer
	if err := WriteTBX(&b, glossarySample()); err != nil {
		f.Fatal(err)
	}
	f.Add(b.String())
	f.Add(tbxHead + `<conceptEntry id="c1"><langSec xml:lang="en"><termSec id="t1"><term>a</term></termSec><termSec id="t2"><term>b</term><termNote type="termType">variant</termNote><ref type="crossReference" target="t1"/></termSec></langSec></conceptEntry>` + tbxTail)
	f.Add(`<martif/>`)
	f.Add(`<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body><conceptEntry id="c9"><langSec xml:lang="x"><termSec><term>&amp;&#x1F600;</term></termSec></langSec></conceptEntry></body></text></tbx>`)
	f.Fuzz(func(t *testing.T, in string) {
		cs, err := ReadTBX(strings.NewReader(in))
		if err != nil {
			if cs != nil {
				t.Fatalf("concepts returned with error %v", err)
			}
			return
		}
		// What was read and can be written must read back the same.
		var out bytes.Buffer
		if WriteTBX(&out, cs) != nil {
			return
		}
		again, err := ReadTBX(&out)
		if err != nil {
			t.Fatalf("rereading own output: %v\n%s", err, out.String())
		}
		if !reflect.DeepEqual(again, cs) {
			t.Fatalf("not stable:\n%#v\n%#v", cs, again)
		}
	})
}

package formats

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"alinea/align/term"
)

// termCSVSample is glossarySample plus what only CSV needs escaping for. CSV
// turns CR LF inside a cell into LF, so the sample has none.
func termCSVSample() []term.Concept {
	cs := glossarySample()
	cs[0].Note = "Grouping of developing countries.\nSee also 南南合作."
	return append(cs, term.Concept{
		ID: 12, Domain: "trade; finance", Note: `quotes " and commas, too`,
		Terms: []term.Term{
			{ID: 120, Lang: "es", Text: "joven científico", Status: term.Preferred, Gender: "masculine", Number: "singular"},
			{ID: 121, Lang: "es", Text: "científico joven", Status: term.Admitted, Gender: "masculine", Number: "singular",
				Note: "orden [raro]; evítese = mejor", Forms: []term.TermForm{{Text: "científica joven", Gender: "feminine", Number: "singular"}}},
			{ID: 122, Lang: "pt", Text: "jovem cientista", Status: term.Preferred, Gender: "common", Number: "singular",
				Forms: []term.TermForm{{Text: "jovens cientistas", Number: "plural"}}},
			{ID: 123, Lang: "en", Text: "A|B [test] \\ C", Status: term.Forbidden, Number: "mass"},
			{ID: 124, Lang: "ja", Text: "若手科学者", Status: term.Preferred},
		},
	})
}

func writeTermCSVString(t *testing.T, cs []term.Concept) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteTermCSV(&b, cs); err != nil {
		t.Fatalf("WriteTermCSV: %v", err)
	}
	return b.String()
}

func TestTermCSVRoundTrip(t *testing.T) {
	cs := termCSVSample()
	out := writeTermCSVString(t, cs)
	got, err := ReadTermCSV(strings.NewReader(out))
	if err != nil {
		t.Fatalf("ReadTermCSV: %v\n%s", err, out)
	}
	if !reflect.DeepEqual(got, cs) {
		t.Errorf("round trip changed the concepts\n got %#v\nwant %#v\n%s", got, cs, out)
	}
}

func TestTermCSVLayout(t *testing.T) {
	cs := []term.Concept{{ID: 3, Domain: "diplomacy", Terms: []term.Term{
		{Lang: "zh", Text: "战略伙伴", Status: term.Preferred},
		{ID: 9, Lang: "es", Text: "socio estratégico", Status: term.Preferred, Gender: "masculine", Number: "singular",
			Forms: []term.TermForm{{Text: "socia estratégica", Gender: "feminine", Number: "singular"}}},
		{Lang: "es", Text: "aliado", Status: term.Admitted, Forms: []term.TermForm{{Text: "aliada", Gender: "feminine"}}},
	}}}
	want := "id,domain,note,source," +
		"zh_preferred,zh_admitted,zh_forbidden,zh_forms," +
		"es_preferred,es_admitted,es_forbidden,es_forms," +
		"pt_preferred,pt_admitted,pt_forbidden,pt_forms," +
		"en_preferred,en_admitted,en_forbidden,en_forms\n" +
		"3,diplomacy,,,战略伙伴,,,,socio estratégico [masculine; singular; id=9],aliado,," +
		"socia estratégica [feminine; singular] | aliada [feminine; of=aliado],,,,,,,,\n"
	if got := writeTermCSVString(t, cs); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestReadTermCSVLenient(t *testing.T) {
	in := "\ufeffzh, es ,es_variants,note,en_forms,en_preferred\n" +
		"全球南方, Sur Global [masculine] ,Sur global,  nota  ,,Global South\n" +
		"\n" +
		"熊猫债,bono panda,,,panda bonds [plural],panda bond\n"
	got, err := ReadTermCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []term.Concept{
		{Note: "nota", Terms: []term.Term{
			{Lang: "zh", Text: "全球南方", Status: term.Preferred},
			{Lang: "es", Text: "Sur Global", Status: term.Preferred, Gender: "masculine"},
			{Lang: "es", Text: "Sur global", Status: term.Admitted},
			{Lang: "en", Text: "Global South", Status: term.Preferred},
		}},
		{Terms: []term.Term{
			{Lang: "zh", Text: "熊猫债", Status: term.Preferred},
			{Lang: "es", Text: "bono panda", Status: term.Preferred},
			{Lang: "en", Text: "panda bond", Status: term.Preferred, Forms: []term.TermForm{{Text: "panda bonds", Number: "plural"}}},
		}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %#v\nwant %#v", got, want)
	}
}

func TestReadTermCSVRefuses(t *testing.T) {
	const h = "id,zh_preferred,es_preferred,es_forms\n"
	tests := []struct {
		name, in, want string
	}{
		{"empty file", "", "no header row"},
		{"unknown column", "id,zh_preferred,es_pref\n", `line 1, column 3: unknown column "es_pref"`},
		{"bad language", "zh_preferred,e s_preferred\n", `"e s" is not a language tag`},
		{"repeated column", "zh,zh_preferred\n", "repeats"},
		{"no term column", "id,note\n", "names no term column"},
		{"short row", h + "1,全球南方\n", "line 2"},
		{"bad id", h + "x1,全球南方,,\n", `line 2, column id: id "x1"`},
		{"negative id", h + "-4,全球南方,,\n", "line 2, column id"},
		{"unclosed bracket", h + "1,全球南方,Sur Global [masculine,\n", "line 2, column es_preferred: item 1 \"Sur Global\": [ without ]"},
		{"unknown attribute", h + "1,全球南方,Sur Global [masc],\n", `unknown attribute "masc"`},
		{"unknown key", h + "1,全球南方,Sur Global [genre=m],\n", `unknown attribute "genre"`},
		{"text after bracket", h + "1,全球南方,Sur [masculine] Global,\n", `text "Global" after ]`},
		{"empty item", h + "1,全球南方,a || b,\n", "item 2: empty term"},
		{"trailing bar", h + "1,全球南方,a |,\n", "empty term after |"},
		{"attributes only", h + "1,全球南方,[masculine],\n", "item 1: empty term"},
		{"bad term id", h + "1,全球南方,a [id=0],\n", `id "0"`},
		{"form of unknown term", h + "2,全球南方,Sur Global,Sures [of=Sur]\n", `line 2, column es_forms: form "Sures" of "Sur"`},
		{"form without term", h + "2,全球南方,,Sures\n", "no es term"},
		{"of outside forms", h + "2,全球南方,Sur [of=x],\n", "of= belongs in the es_forms column"},
		{"form with id", h + "2,全球南方,Sur,Sures [id=4]\n", "forms have no id"},
		{"row without terms", h + "5,,,\n", "line 2: no term in any language"},
		{"bad quoting", h + "1,\"全球南方,,\n", "line 2"},
		{"later line", h + "1,全球南方,,\n\n3,x,y [bad],\n", "line 4"},
		{"not utf-8", h + "1,\xc8\xab\xc7\xf2,,\n", "line 2, column zh_preferred: invalid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs, err := ReadTermCSV(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
			if cs != nil {
				t.Errorf("returned %d concepts with the error", len(cs))
			}
		})
	}
}

func TestWriteTermCSVRefuses(t *testing.T) {
	base := func() term.Concept {
		return term.Concept{ID: 1, Terms: []term.Term{{Lang: "es", Text: "a", Status: term.Preferred}}}
	}
	tests := []struct {
		name   string
		change func(c *term.Concept)
		want   string
	}{
		{"no terms", func(c *term.Concept) { c.Terms = nil }, "no terms"},
		{"language with underscore", func(c *term.Concept) { c.Terms[0].Lang = "zh_CN" }, "cannot name a column"},
		{"empty term", func(c *term.Concept) { c.Terms[0].Text = "" }, "empty term"},
		{"bad status", func(c *term.Concept) { c.Terms[0].Status = "" }, "unknown status"},
		{"empty form", func(c *term.Concept) { c.Terms[0].Forms = []term.TermForm{{}} }, "empty form"},
		{"ambiguous form owner", func(c *term.Concept) {
			c.Terms[0].Forms = []term.TermForm{{Text: "as"}}
			c.Terms = append(c.Terms, term.Term{Lang: "es", Text: "a", Status: term.Admitted})
		}, "same text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base()
			tt.change(&c)
			var b bytes.Buffer
			err := WriteTermCSV(&b, []term.Concept{c})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
			if b.Len() != 0 {
				t.Errorf("wrote %d bytes before refusing", b.Len())
			}
		})
	}
}

func FuzzReadTermCSV(f *testing.F) {
	var b bytes.Buffer
	if err := WriteTermCSV(&b, termCSVSample()); err != nil {
		f.Fatal(err)
	}
	f.Add(b.String())
	f.Add("zh,es,es_forms\n全球南方,Sur Global [masculine; note=a\\;b],Sures [of=Sur Global]\n")
	f.Add("id,zh\n1,\"a\nb\"\n")
	f.Add("en_preferred\nx [gender=\\]]\n")
	f.Fuzz(func(t *testing.T, in string) {
		cs, err := ReadTermCSV(strings.NewReader(in))
		if err != nil {
			if cs != nil {
				t.Fatalf("concepts returned with error %v", err)
			}
			return
		}
		var out bytes.Buffer
		if WriteTermCSV(&out, cs) != nil {
			return
		}
		again, err := ReadTermCSV(&out)
		if err != nil {
			t.Fatalf("rereading own output: %v\n%s", err, out.String())
		}
		if !reflect.DeepEqual(again, cs) {
			t.Fatalf("not stable:\n%#v\n%#v\n%s", cs, again, out.String())
		}
	})
}

// TestTermCSVNeutralisesFormulas writes cells that a spreadsheet would run
// as formulas with a leading apostrophe, as document CSV does, and reads
// them back as they were.
func TestTermCSVNeutralisesFormulas(t *testing.T) {
	cs := []term.Concept{{ID: 4, Domain: "@SUM(A1:A9)", Note: `=HYPERLINK("http://evil.example","clic")`, Source: "+1 555",
		Terms: []term.Term{
			{Lang: "zh", Text: "主义", Status: term.Preferred},
			{Lang: "es", Text: "-ismo", Status: term.Preferred},
			{Lang: "pt", Text: "'=já citado", Status: term.Preferred},
		}}}
	out := writeTermCSVString(t, cs)
	rows := strings.Split(strings.TrimSpace(out), "\n")
	for _, want := range []string{`'@SUM(A1:A9)`, `"'=HYPERLINK(""http://evil.example"",""clic"")"`, `'+1 555`, `'-ismo`, `''=já citado`} {
		if !strings.Contains(rows[1], ","+want+",") {
			t.Errorf("no cell %s in %s", want, rows[1])
		}
	}
	got, err := ReadTermCSV(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, cs) {
		t.Errorf("round trip changed the concepts\n got %#v\nwant %#v", got, cs)
	}
}

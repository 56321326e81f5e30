package formats

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"alinea/internal/testenv"
	"alinea/workflow"
)

func TestPlaceholders(t *testing.T) {
	s := "⟦1⟧Bold⟦/1⟧ text⟦fn.2/⟧ ⟦not a code⟧ ⟦"
	want := []Placeholder{{"1", 'o'}, {"1", 'c'}, {"fn.2", 's'}}
	if got := Placeholders(s); !reflect.DeepEqual(got, want) {
		t.Errorf("Placeholders = %+v", got)
	}
	if got := StripPlaceholders(s); got != "Bold text ⟦not a code⟧ ⟦" {
		t.Errorf("StripPlaceholders = %q", got)
	}
}

func TestComparePlaceholders(t *testing.T) {
	src := "⟦1⟧中国⟦/1⟧政府⟦2/⟧。"
	for _, c := range []struct {
		target string
		want   []PlaceholderProblem
	}{
		{"⟦1⟧China⟦/1⟧ government⟦2/⟧.", nil},
		{"China government⟦2/⟧.", []PlaceholderProblem{{"missing", Placeholder{"1", 'o'}}, {"missing", Placeholder{"1", 'c'}}}},
		{"⟦1⟧China⟦/1⟧⟦2/⟧⟦2/⟧⟦3/⟧", []PlaceholderProblem{{"extra", Placeholder{"2", 's'}}, {"extra", Placeholder{"3", 's'}}}},
		{"⟦2/⟧⟦1⟧China⟦/1⟧", []PlaceholderProblem{{"order", Placeholder{"2", 's'}}}},
	} {
		if got := ComparePlaceholders(src, c.target); !reflect.DeepEqual(got, c.want) {
			t.Errorf("ComparePlaceholders(%q) = %+v, want %+v", c.target, got, c.want)
		}
	}
	if got := ComparePlaceholders("plain", "plain"); got != nil {
		t.Errorf("no codes: %+v", got)
	}
}

// A translation with inline codes goes out as codes in XLIFF 1.2, 2.0 and
// TMX (valid against their schemas) and comes back as the same
// placeholders; documents for reading leave them out.
func TestPlaceholdersRoundTrip(t *testing.T) {
	text := "El ⟦1⟧Gobierno⟦/1⟧ chino⟦fn2/⟧ & ⟦3⟧suelto"
	units := []Unit{{SegmentID: 1, Paragraph: 1, Source: "中国政府。", Targets: []Target{{Lang: "es", Text: text, Status: workflow.StatusTranslated, Version: 2}}}}
	for _, c := range []struct {
		name, kind, schema string
		write              WriteFunc
		read               func(*bytes.Buffer) (*Import, error)
	}{
		{"xliff12", "--schema", "xliff-core-1.2-strict.xsd", WriteXLIFF12, func(b *bytes.Buffer) (*Import, error) { return ReadXLIFF(b) }},
		{"xliff2", "--schema", "xliff_core_2.0.xsd", WriteXLIFF2, func(b *bytes.Buffer) (*Import, error) { return ReadXLIFF(b) }},
		{"tmx", "--dtdvalid", "tmx14.dtd", WriteTMX, func(b *bytes.Buffer) (*Import, error) { return ReadTMX(b) }},
		{"csv", "", "", WriteCSV, func(b *bytes.Buffer) (*Import, error) { return ReadCSV(b) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := c.write(&buf, seedHeader("es"), UnitsOf(units), ExportOptions{}); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(buf.String(), "⟦") && c.name != "csv" {
				t.Errorf("placeholders written as text:\n%s", buf.String())
			}
			if c.schema != "" {
				testenv.XMLLint(t, c.kind, c.schema, writeTemp(t, "f."+c.name, buf.Bytes()))
			}
			im, err := c.read(&buf)
			if err != nil {
				t.Fatal(err)
			}
			want := text
			if c.name == "tmx" {
				// TMX numbers its codes: an id that is not a number is
				// replaced by the code's position.
				want = strings.Replace(text, "fn2", "3", 1)
			}
			if got := im.Units[0].Targets[0].Text; got != want {
				t.Errorf("read back %q, want %q", got, want)
			}
		})
	}
	for _, w := range []WriteFunc{WriteBilingualHTML, WriteTargetText, WriteTargetMarkdown} {
		var buf bytes.Buffer
		if err := w(&buf, seedHeader("es"), UnitsOf(units), ExportOptions{}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), "⟦") || !strings.Contains(buf.String(), "Gobierno") {
			t.Errorf("placeholders in a document for reading:\n%s", buf.String())
		}
	}
}

package formats

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"alinea/internal/testenv"
	"alinea/workflow"
)

// needProgram is the path of an installed program, or the test skips (fails
// under ALINEA_REQUIRE_ALL) naming the Debian package that has it.
func needProgram(t *testing.T, name, debianPackage string) string {
	t.Helper()
	return testenv.Tool(t, name, debianPackage)
}

// xmllint validates file against one of the official schemas in testdata;
// kind is "--dtdvalid" or "--schema".
func xmllint(t *testing.T, kind, schema, file string) {
	t.Helper()
	testenv.XMLLint(t, kind, schema, file)
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSchemaValid(t *testing.T) {
	units := seedUnits(t)
	// A control character XML cannot hold, in one target.
	units[5].Targets[0].Text += " \x01bell"
	cases := []struct {
		name, file, kind, schema string
		write                    func(*bytes.Buffer, Header, ExportOptions) error
		langs                    []string
		opt                      ExportOptions
	}{
		{"tmx all", "a.tmx", "--dtdvalid", "tmx14.dtd", nil, allLangs, ExportOptions{}},
		{"tmx approved", "b.tmx", "--dtdvalid", "tmx14.dtd", nil, allLangs, ExportOptions{MinStatus: workflow.StatusApproved}},
		{"xliff2 es", "a.xlf", "--schema", "xliff_core_2.0.xsd", nil, []string{"es"}, ExportOptions{}},
		{"xliff2 en reviewed", "b.xlf", "--schema", "xliff_core_2.0.xsd", nil, []string{"en"}, ExportOptions{MinStatus: workflow.StatusReviewed}},
		{"xliff12 pt", "c.xlf", "--schema", "xliff-core-1.2-strict.xsd", nil, []string{"pt"}, ExportOptions{}},
		{"xliff12 es translated", "d.xlf", "--schema", "xliff-core-1.2-strict.xsd", nil, []string{"es"}, ExportOptions{MinStatus: workflow.StatusTranslated}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			h := seedHeader(c.langs...)
			var err error
			switch filepath.Ext(c.file) {
			case ".tmx":
				err = WriteTMX(&buf, h, UnitsOf(units), c.opt)
			default:
				if c.schema == "xliff_core_2.0.xsd" {
					err = WriteXLIFF2(&buf, h, UnitsOf(units), c.opt)
				} else {
					err = WriteXLIFF12(&buf, h, UnitsOf(units), c.opt)
				}
			}
			if err != nil {
				t.Fatal(err)
			}
			xmllint(t, c.kind, c.schema, writeTemp(t, c.file, buf.Bytes()))
		})
	}
}

// TestEmptyExportsValid: a filter that leaves nothing still gives valid
// files that read back empty.
func TestEmptyExportsValid(t *testing.T) {
	cases := []struct {
		file, kind, schema string
		write              WriteFunc
	}{
		{"e.tmx", "--dtdvalid", "tmx14.dtd", WriteTMX},
		{"e2.xlf", "--schema", "xliff_core_2.0.xsd", WriteXLIFF2},
		{"e12.xlf", "--schema", "xliff-core-1.2-strict.xsd", WriteXLIFF12},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			var buf bytes.Buffer
			if err := c.write(&buf, seedHeader("es"), UnitsOf(nil), ExportOptions{MinStatus: workflow.StatusApproved}); err != nil {
				t.Fatal(err)
			}
			read := ReadXLIFF
			if c.kind == "--dtdvalid" {
				read = ReadTMX
			}
			im, err := read(bytes.NewReader(buf.Bytes()))
			if err != nil || len(im.Units) != 0 {
				t.Errorf("read back: %v, %v", im, err)
			}
			xmllint(t, c.kind, c.schema, writeTemp(t, c.file, buf.Bytes()))
		})
	}
}

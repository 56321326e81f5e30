package formats

import (
	"bufio"
	"strings"
	"testing"

	"alinea/workflow"
)

func TestXMLEscape(t *testing.T) {
	cases := []struct {
		in   string
		mode escMode
		want string
	}{
		{`a & b < c > d "e" 'f'`, escText, `a &amp; b &lt; c &gt; d "e" 'f'`},
		{`a & "b"`, escAttr, `a &amp; &quot;b&quot;`},
		{"l1\nl2\tt\r", escText, "l1\nl2\tt&#xD;"},
		{"l1\nl2\tt\r", escAttr, "l1&#xA;l2&#x9;t&#xD;"},
		{"bell\x07 nul\x00", escText, "bell\uFFFD nul\uFFFD"},
		{"bell\x07 \uFFFE", escTextCP, `bell<cp hex="0007"/> <cp hex="FFFE"/>`},
		{"bad \xff byte", escTextCP, "bad \uFFFD byte"},
		{"中文 𠮷 🌎", escText, "中文 𠮷 🌎"},
		{"", escText, ""},
	}
	for _, c := range cases {
		var b strings.Builder
		w := bufio.NewWriter(&b)
		xmlEscape(w, c.in, c.mode)
		w.Flush()
		if b.String() != c.want {
			t.Errorf("xmlEscape(%q, %d) = %q, want %q", c.in, c.mode, b.String(), c.want)
		}
	}
}

func TestNormalizeLang(t *testing.T) {
	cases := map[string]string{
		"zh-CN": "zh", "zh_Hans": "zh", "ZH-TW": "zh", "zho": "zh", "es-ES": "es", "es-419": "es",
		"pt-BR": "pt", "por": "pt", "en-US": "en", " en ": "en", "fr": "fr", "": "",
	}
	for in, want := range cases {
		if got := NormalizeLang(in); got != want {
			t.Errorf("NormalizeLang(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseUntranslated(t *testing.T) {
	for in, want := range map[string]Untranslated{"": OmitUntranslated, "omit": OmitUntranslated, "source": KeepSource, "MARK": MarkUntranslated} {
		if got, err := ParseUntranslated(in); err != nil || got != want {
			t.Errorf("ParseUntranslated(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseUntranslated("hide"); err == nil {
		t.Error("accepted hide")
	}
}

// TestStatusMappings: every status survives both XLIFF versions unchanged,
// and states from other tools map as documented.
func TestStatusMappings(t *testing.T) {
	for _, s := range workflow.Statuses {
		text := "x"
		if s == workflow.StatusNew {
			text = ""
		}
		if got, err := statusFromXLIFF2(xliff2State(s), "alinea:"+string(s), text != ""); err != nil || got != s {
			t.Errorf("xliff2 %s came back as %s (%v)", s, got, err)
		}
		if got := statusFromXLIFF12(s, xliff12State(s, text), map[bool]string{true: "yes"}[xliff12Approved(s, text)], text); got != s {
			t.Errorf("xliff12 %s came back as %s", s, got)
		}
	}
	v2 := []struct {
		state, sub string
		text       bool
		want       workflow.Status
	}{
		{"", "", false, workflow.StatusNew},
		{"initial", "", true, workflow.StatusDraft},
		{"translated", "alinea:draft", true, workflow.StatusTranslated},
		{"final", "other:x", true, workflow.StatusApproved},
		{"reviewed", "", true, workflow.StatusReviewed},
		{"initial", "alinea:new", true, workflow.StatusDraft},
		{"initial", "alinea:new", false, workflow.StatusNew},
	}
	for _, c := range v2 {
		if got, _ := statusFromXLIFF2(c.state, c.sub, c.text); got != c.want {
			t.Errorf("xliff2 %q/%q = %s, want %s", c.state, c.sub, got, c.want)
		}
	}
	v12 := []struct {
		ours     workflow.Status
		state    string
		approved string
		text     string
		want     workflow.Status
	}{
		{"", "", "", "", workflow.StatusNew},
		{"", "", "", "hola", workflow.StatusTranslated},
		{"", "new", "", "hola", workflow.StatusDraft},
		{"", "needs-review-l10n", "", "hola", workflow.StatusDraft},
		{"", "x-custom", "", "hola", workflow.StatusTranslated},
		// translate-toolkit: approved="yes" is not fuzzy, "no" is fuzzy.
		{"", "translated", "yes", "hola", workflow.StatusTranslated},
		{"", "", "yes", "hola", workflow.StatusTranslated},
		{"", "needs-review-translation", "yes", "hola", workflow.StatusTranslated},
		{"", "", "no", "hola", workflow.StatusDraft},
		{"", "", "yes", "", workflow.StatusNew},
		{"", "final", "yes", "hola", workflow.StatusApproved},
		{workflow.StatusReviewed, "final", "", "hola", workflow.StatusApproved},
		{workflow.StatusReviewed, "signed-off", "yes", "hola", workflow.StatusReviewed},
		{workflow.StatusApproved, "final", "yes", "hola", workflow.StatusApproved},
		{workflow.StatusNew, "", "", "hola", workflow.StatusTranslated},
	}
	for _, c := range v12 {
		if got := statusFromXLIFF12(c.ours, c.state, c.approved, c.text); got != c.want {
			t.Errorf("xliff12 %q/%q/%v/%q = %s, want %s", c.ours, c.state, c.approved, c.text, got, c.want)
		}
	}
}

func TestNewWithTextReadsAsDraft(t *testing.T) {
	im, err := ReadCSV(strings.NewReader("id,source,es,es_status,pt,pt_status\n1,a,b,new,,new\n"))
	if err != nil {
		t.Fatal(err)
	}
	if es, pt := im.Units[0].Targets[0], im.Units[0].Targets[1]; es.Status != workflow.StatusDraft || pt.Status != workflow.StatusNew {
		t.Errorf("es %s, pt %s; want draft, new", es.Status, pt.Status)
	}
	im, err = ReadTMX(strings.NewReader(`<tmx><header srclang="zh"/><body><tu><tuv xml:lang="zh"><seg>a</seg></tuv><tuv xml:lang="es"><prop type="x-alinea-status">new</prop><seg>b</seg></tuv></tu></body></tmx>`))
	if err != nil {
		t.Fatal(err)
	}
	if es := im.Units[0].Targets[0]; es.Status != workflow.StatusDraft {
		t.Errorf("tmx es %s, want draft", es.Status)
	}
}

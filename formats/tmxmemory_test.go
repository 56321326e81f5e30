package formats

import (
	"errors"
	"strings"
	"testing"
)

func TestScanTMX(t *testing.T) {
	const in = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en-US" creationtool="x"><prop type="x">y</prop></header><body>
<tu creationid="ana" creationdate="20240102T030405Z">
  <tuv xml:lang="es-ES"><seg>Prólogo</seg></tuv>
  <tuv xml:lang="zh-TW"><seg>前<bpt i="1">&lt;b&gt;</bpt>言<ept i="1">&lt;/b&gt;</ept></seg></tuv>
  <tuv xml:lang="pt-BR" changeid="rui"><seg>Prefácio</seg></tuv>
  <tuv xml:lang="es"><seg>Segundo</seg></tuv>
</tu>
<tu><tuv xml:lang="en"><seg>no chinese</seg></tuv></tu>
<tu><tuv lang="zh-Hans"><seg>中文</seg></tuv><tuv xml:lang="zh-CN"><seg>again</seg></tuv></tu>
</body></tmx>`
	var got []MemoryUnit
	err := ScanTMX(strings.NewReader(in), func(u *MemoryUnit) error {
		got = append(got, *u)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("%d units, want 3", len(got))
	}
	u := got[0]
	if u.Source != "前言" || len(u.Targets) != 2 || u.Targets[0].Lang != "es" || u.Targets[0].Text != "Prólogo" ||
		u.Targets[0].Author != "ana" || u.Targets[0].Date.Year() != 2024 || u.Targets[1].Lang != "pt" || u.Targets[1].Author != "rui" {
		t.Errorf("unit 1 = %+v", u)
	}
	if got[1].Source != "" || len(got[1].Targets) != 1 {
		t.Errorf("unit 2 = %+v", got[1])
	}
	if got[2].Source != "中文" || len(got[2].Targets) != 0 {
		t.Errorf("unit 3 = %+v", got[2])
	}
	stop := errors.New("enough")
	if err := ScanTMX(strings.NewReader(in), func(*MemoryUnit) error { return stop }); err != stop {
		t.Errorf("fn's error came back as %v", err)
	}
	for _, bad := range []string{`<xliff/>`, `<tmx><body><tu><tuv><seg>x</seg></tuv></tu></body></tmx>`, `<tmx><body><tu>`} {
		if err := ScanTMX(strings.NewReader(bad), func(*MemoryUnit) error { return nil }); err == nil {
			t.Errorf("ScanTMX(%q) accepted it", bad)
		}
	}
}

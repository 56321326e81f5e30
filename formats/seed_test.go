package formats

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"alinea/internal/testenv"
	"alinea/workflow"
)

var testTime = time.Date(2025, 12, 10, 9, 30, 0, 0, time.UTC)

var allLangs = []string{"es", "pt", "en"}

func seedHeader(langs ...string) Header {
	if len(langs) == 0 {
		langs = allLangs
	}
	return Header{
		DocID:       7,
		Title:       "中国对拉丁美洲和加勒比政策文件 & <2025> \"全文\"",
		FileName:    "china-lac-policy-paper-2025.zh.txt",
		SourceLang:  "zh",
		TargetLangs: langs,
		Exported:    testTime,
		Tool:        "Alinea",
		ToolVersion: "0.1.0",
	}
}

// seedUnits makes units from the seed document: each non-empty line is a
// paragraph, split into sentences after 。！？; short lines without final
// punctuation are headings. Targets are made-up but plausible text with the
// characters that need escaping and one outside the BMP.
func seedUnits(t testing.TB) []Unit {
	t.Helper()
	data := testenv.Seed(t)
	var units []Unit
	para := 0
	for line := range strings.Lines(strings.TrimPrefix(string(data), "\uFEFF")) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		para++
		last, _ := utf8.DecodeLastRuneInString(line)
		heading := utf8.RuneCountInString(line) <= 40 && !strings.ContainsRune("。！？；：", last)
		for _, s := range splitSentences(line) {
			units = append(units, makeUnit(int64(len(units)+101), para, heading, s, len(units)))
		}
	}
	// One source with characters that need escaping, and one outside the BMP.
	units[3].Source += " & <b>“引号”</b> \"x\" 𠮷"
	return units
}

func splitSentences(line string) []string {
	var out []string
	start := 0
	rs := []rune(line)
	for i, r := range rs {
		if strings.ContainsRune("。！？", r) {
			j := i + 1
			for j < len(rs) && strings.ContainsRune("”’）", rs[j]) {
				j++
			}
			if s := strings.TrimSpace(string(rs[start:j])); s != "" {
				out = append(out, s)
			}
			start = j
		}
	}
	if s := strings.TrimSpace(string(rs[min(start, len(rs)):])); s != "" {
		out = append(out, s)
	}
	return out
}

var sampleText = map[string][]string{
	"es": {
		"China y América Latina y el Caribe profundizan su cooperación en comercio & inversión.",
		"El documento <2025> habla del \"Sur Global\" 🌎 y de la asociación integral.",
		"Ambas partes promoverán el desarrollo común y el beneficio mutuo.",
	},
	"pt": {
		"A China e a América Latina e o Caribe aprofundam a cooperação em comércio & investimento.",
		"O documento <2025> fala do \"Sul Global\" 🌎 e da parceria abrangente.",
		"Ambas as partes promoverão o desenvolvimento comum e o benefício mútuo.",
	},
	"en": {
		"China and Latin America and the Caribbean deepen cooperation in trade & investment.",
		"The <2025> paper speaks of the \"Global South\" 🌎 and the comprehensive partnership.",
		"Both sides will promote common development and mutual benefit.",
	},
}

func makeUnit(id int64, para int, heading bool, src string, i int) Unit {
	u := Unit{SegmentID: id, Paragraph: para, Heading: heading, Source: src}
	for li, l := range allLangs {
		st := workflow.Statuses[(i+li)%len(workflow.Statuses)]
		text := fmt.Sprintf("[%d] %s", id, sampleText[l][(i+li)%3])
		if st == workflow.StatusNew {
			text = ""
		}
		u.Targets = append(u.Targets, Target{Lang: l, Text: text, Status: st, Version: (i + li) % 4})
	}
	return u
}

// manyUnits yields n synthetic units reusing one value, as a store cursor would.
func manyUnits(n int) Units {
	return func(yield func(Unit, error) bool) {
		u := Unit{Targets: make([]Target, 3)}
		src := "中拉双方将继续深化贸易、投资、金融和基础设施等领域合作，推动构建中拉命运共同体。"
		for i := range n {
			u.SegmentID = int64(i + 1)
			u.Paragraph = i/4 + 1
			u.Heading = i%40 == 0
			u.Source = src
			for li, l := range allLangs {
				u.Targets[li] = Target{Lang: l, Text: sampleText[l][i%3], Status: workflow.Statuses[(i+li)%5], Version: i % 7}
			}
			if !yield(u, nil) {
				return
			}
		}
	}
}

package qa

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	alntext "alinea/align/text"
)

// cleanSeed reads correct translations of the seed's first segments: 80
// in English and Spanish, 48 in Portuguese.
func cleanSeed(t testing.TB, lang string) []Segment {
	t.Helper()
	f, err := os.Open("testdata/seed-clean.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	col := map[string]int{"en": 2, "es": 3, "pt": 4}[lang]
	var segs []Segment
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 5 {
			t.Fatalf("testdata line %q: want 5 columns", sc.Text())
		}
		if cols[col] == "" {
			continue // not translated into this language
		}
		segs = append(segs, Segment{ID: int64(len(segs) + 1), Position: len(segs) + 1,
			Heading: cols[0] == "1", Source: cols[1], Target: cols[col]})
	}
	return segs
}

// An injector puts one error of its kind into segment i of a copy of the
// document; it returns false when the segment cannot carry that error.
type injector struct {
	check  string
	inject func(segs []Segment, i int, lang string) bool
}

var injectors = []injector{
	{CheckNumbers, func(segs []Segment, i int, lang string) bool {
		s := &segs[i]
		req := false
		for _, n := range SourceNumbers(s.Source) {
			req = req || n.Required
		}
		if !req {
			return false
		}
		// Change the number that renders a required source number: a
		// digit, a word or a Roman numeral.
		for _, n := range TargetNumbers(s.Target, lang) {
			renders := false
			for _, sn := range SourceNumbers(s.Source) {
				renders = renders || sn.Required && hasValue([]targetNumber{n}, sn)
			}
			if !renders {
				continue
			}
			text := s.Target[n.Span.Start:n.Span.End]
			var repl string
			switch {
			case text[0] >= '0' && text[0] <= '9':
				last := strings.LastIndexFunc(text, unicode.IsDigit)
				repl = text[:last] + string('0'+(text[last]-'0'+1)%10) + text[last+1:]
			case alntext.RomanValue(text) > 0:
				repl = text + "I"
			case len(text) == 1:
				repl = string(text[0] + 1) // (a) → (b)
			default:
				repl = map[string]string{"en": "ninth", "es": "noveno", "pt": "nono"}[lang]
			}
			s.Target = s.Target[:n.Span.Start] + repl + s.Target[n.Span.End:]
			return true
		}
		return false
	}},
	{CheckEndPunctuation, func(segs []Segment, i int, lang string) bool {
		s := &segs[i]
		if s.Heading {
			s.Target += "."
			return true
		}
		s.Target = strings.TrimRight(s.Target, ".")
		return true
	}},
	{CheckBrackets, func(segs []Segment, i int, lang string) bool {
		s := &segs[i]
		if k := strings.LastIndex(s.Target, ")"); k > 3 {
			s.Target = s.Target[:k] + s.Target[k+1:]
			return true
		}
		return insertAtWord(s, 2, "(")
	}},
	{CheckQuotes, func(segs []Segment, i int, lang string) bool {
		s := &segs[i]
		for _, q := range []string{"”", "»"} {
			if k := strings.LastIndex(s.Target, q); k >= 0 {
				s.Target = s.Target[:k] + s.Target[k+len(q):]
				return true
			}
		}
		return insertAtWord(s, 2, "“")
	}},
	{CheckPunctuationWidth, func(segs []Segment, i int, lang string) bool {
		s := &segs[i]
		if k := strings.Index(s.Target, ","); k >= 0 {
			s.Target = s.Target[:k] + "，" + s.Target[k+1:]
			return true
		}
		if strings.HasSuffix(s.Target, ".") {
			s.Target = strings.TrimSuffix(s.Target, ".") + "。"
			return true
		}
		s.Target = strings.Replace(s.Target, " ", "：", 1)
		return strings.Contains(s.Target, "：")
	}},
	{CheckWhitespace, func(segs []Segment, i int, lang string) bool {
		s := &segs[i]
		switch i % 3 {
		case 0:
			return insertAtWord(s, 1, " ")
		case 1:
			if k := strings.Index(s.Target, ","); k > 0 {
				s.Target = s.Target[:k] + " " + s.Target[k:]
				return true
			}
			s.Target += " "
		default:
			s.Target = " " + s.Target
		}
		return true
	}},
	{CheckUntranslated, func(segs []Segment, i int, lang string) bool {
		s := &segs[i]
		if i%2 == 0 {
			s.Target = s.Source
			return true
		}
		// The translation of the last clause replaced by its Chinese.
		src := []rune(s.Source)
		k := strings.LastIndex(s.Target, ",")
		if k < 0 || len(src) < 6 {
			s.Target = s.Source
			return true
		}
		s.Target = s.Target[:k+1] + " " + string(src[len(src)-6:])
		return true
	}},
	{CheckRepeatedWord, func(segs []Segment, i int, lang string) bool {
		s := &segs[i]
		words := strings.Fields(s.Target)
		for k := 1; k < len(words); k++ {
			w := strings.TrimFunc(words[k], func(r rune) bool { return !unicode.IsLetter(r) })
			if w == words[k] && len(w) > 1 {
				words = append(words[:k+1], words[k:]...)
				s.Target = strings.Join(words, " ")
				return true
			}
		}
		return false
	}},
	{CheckInconsistentTarget, func(segs []Segment, i int, lang string) bool {
		// The same source again later, translated differently.
		j := (i + len(segs)/2) % len(segs)
		if segs[j].Target == segs[i].Target {
			return false
		}
		segs[j].Source = segs[i].Source
		segs[j].Heading = segs[i].Heading
		return true
	}},
	{CheckInconsistentSource, func(segs []Segment, i int, lang string) bool {
		// A translation pasted again for another source.
		j := (i + len(segs)/2) % len(segs)
		if segs[j].Source == segs[i].Source {
			return false
		}
		segs[i].Target = segs[j].Target
		return true
	}},
	{CheckLength, func(segs []Segment, i int, lang string) bool {
		s := &segs[i]
		if letters(s.Source) < 20 {
			return false
		}
		if i%2 == 0 {
			// Cut to the first few words.
			words := strings.Fields(s.Target)
			s.Target = strings.Join(words[:max(2, len(words)/5)], " ") + "."
		} else {
			// The translations of the following sentences pasted after
			// it, doubling it at least.
			own := len(s.Target)
			for k := 1; k < len(segs) && len(s.Target) < 2*own; k++ {
				if next := segs[(i+k)%len(segs)]; !next.Heading {
					s.Target += " " + next.Target
				}
			}
		}
		return true
	}},
	{CheckURLs, func(segs []Segment, i int, lang string) bool {
		s := &segs[i]
		if s.Heading {
			return false
		}
		s.Source = "详见https://www.gov.cn/zhengce/2025/a.html," + s.Source
		s.Target = "See https://www.gov.cn/zhengce/2024/a.html; " + lowerFirst(s.Target)
		return true
	}},
	{CheckCapitalization, func(segs []Segment, i int, lang string) bool {
		s := &segs[i]
		r, _ := utf8.DecodeRuneInString(s.Target)
		first, _, _ := strings.Cut(s.Target, " ")
		if !unicode.IsUpper(r) || alntext.RomanValue(strings.TrimSuffix(first, ".")) > 0 {
			return false // "II." numbers a heading; "iI." is no error of case
		}
		s.Target = lowerFirst(s.Target)
		return true
	}},
	{CheckInlineCodes, func(segs []Segment, i int, lang string) bool {
		// The document carries codes (codedSeed); one is lost, moved,
		// doubled or left unclosed, or two pairs cross.
		s := &segs[i]
		if !strings.Contains(s.Target, "⟦/1⟧") {
			return false
		}
		switch i % 5 {
		case 0:
			s.Target = strings.Replace(s.Target, "⟦/1⟧", "", 1)
		case 1:
			s.Target = "⟦2/⟧" + strings.Replace(s.Target, "⟦2/⟧", "", 1)
		case 2:
			s.Target = strings.Replace(s.Target, "⟦2/⟧", "⟦2/⟧ ⟦2/⟧", 1)
		case 3:
			s.Target = strings.Replace(s.Target, "⟦2/⟧", "", 1)
		default:
			s.Target = strings.Replace(strings.Replace(s.Target, "⟦/1⟧", "", 1), "⟦2/⟧", "⟦3⟧⟦/1⟧⟦/3⟧", 1)
		}
		return true
	}},
}

// codedSeed is segs as a file with inline codes brings them in: the first
// word of each translation in a pair of codes, a code standing alone
// before its final punctuation, and the translation as imported its
// reference.
func codedSeed(segs []Segment) []Segment {
	out := append([]Segment(nil), segs...)
	for i := range out {
		s := &out[i]
		word, rest, ok := strings.Cut(s.Target, " ")
		if !ok {
			continue
		}
		body := strings.TrimRightFunc(rest, unicode.IsPunct)
		s.Target = "⟦1⟧" + word + "⟦/1⟧ " + body + "⟦2/⟧" + rest[len(body):]
		s.Reference = s.Target
	}
	return out
}

func lowerFirst(s string) string {
	r, w := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[w:]
}

// insertAtWord puts text before the k-th word of the translation.
func insertAtWord(s *Segment, k int, text string) bool {
	words := strings.SplitAfter(s.Target, " ")
	if len(words) <= k {
		return false
	}
	words[k] = text + words[k]
	s.Target = strings.Join(words, "")
	return true
}

// seededResult is the outcome of the benchmark for one language.
type seededResult struct {
	segments, falsePositives int
	// codedFalsePositives are the findings on the correct segments once
	// they carry inline codes.
	codedFalsePositives int
	fpByCheck           map[string]int
	seeded, detected    map[string]int
	missed              []string
}

func runSeeded(t testing.TB, lang string) seededResult {
	clean := cleanSeed(t, lang)
	res := seededResult{segments: len(clean), fpByCheck: map[string]int{}, seeded: map[string]int{}, detected: map[string]int{}}
	for i, fs := range Check(clean, Options{Lang: lang}) {
		for _, f := range fs {
			res.falsePositives++
			res.fpByCheck[f.Check]++
			res.missed = append(res.missed, fmt.Sprintf("false positive row %d: %s %v", i+1, f.Message, f.Args))
		}
	}
	coded := codedSeed(clean)
	for i, fs := range Check(coded, Options{Lang: lang}) {
		for _, f := range fs {
			res.codedFalsePositives++
			res.fpByCheck[f.Check]++
			res.missed = append(res.missed, fmt.Sprintf("false positive with codes row %d: %s %v", i+1, f.Message, f.Args))
		}
	}
	for _, inj := range injectors {
		for i := range clean {
			segs := append([]Segment(nil), clean...)
			if inj.check == CheckInlineCodes {
				segs = append(segs[:0], coded...)
			}
			if !inj.inject(segs, i, lang) {
				continue
			}
			res.seeded[inj.check]++
			found := false
			for _, f := range Check(segs, Options{Lang: lang})[i] {
				if f.Check == inj.check {
					found = true
				}
			}
			if found {
				res.detected[inj.check]++
			} else {
				res.missed = append(res.missed, fmt.Sprintf("missed %s row %d: %q", inj.check, i+1, segs[i].Target))
			}
		}
	}
	return res
}

// TestSeededErrors injects every kind of error into every segment that can
// carry it, in correct English, Spanish and Portuguese translations of the
// seed, and measures what the checks find: at least 95 % of the errors of
// each kind, and at most one finding per 100 correct segments.
func TestSeededErrors(t *testing.T) {
	for _, lang := range []string{"en", "es", "pt"} {
		res := runSeeded(t, lang)
		total, found := 0, 0
		for _, inj := range injectors {
			n, d := res.seeded[inj.check], res.detected[inj.check]
			total += n
			found += d
			if n == 0 {
				t.Errorf("%s: no %s error could be seeded", lang, inj.check)
				continue
			}
			if float64(d) < 0.95*float64(n) {
				t.Errorf("%s: %s found %d of %d seeded errors", lang, inj.check, d, n)
			}
			t.Logf("%s %-20s %3d/%3d", lang, inj.check, d, n)
		}
		fpRate := 100 * float64(res.falsePositives) / float64(res.segments)
		t.Logf("%s: detected %d of %d seeded errors (%.1f %%); %d findings on %d correct segments (%.2f per 100)",
			lang, found, total, 100*float64(found)/float64(total), res.falsePositives, res.segments, fpRate)
		codedRate := 100 * float64(res.codedFalsePositives) / float64(res.segments)
		t.Logf("%s: %d findings on the same segments with inline codes (%.2f per 100)", lang, res.codedFalsePositives, codedRate)
		if fpRate > 1 || codedRate > 1 {
			t.Errorf("%s: %.2f false positives per 100 correct segments, %.2f with codes (%v)", lang, fpRate, codedRate, res.fpByCheck)
		}
		if t.Failed() {
			for _, m := range res.missed {
				t.Log(lang, m)
			}
		}
	}
}

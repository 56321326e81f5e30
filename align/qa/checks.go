package qa

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// --- numbers

func checkNumbers(seg Segment) []Finding {
	src := SourceNumbers(seg.Source)
	if len(src) == 0 {
		return nil
	}
	var tgt []targetNumber
	var out []Finding
	for _, n := range src {
		if !n.Required {
			continue
		}
		if tgt == nil {
			tgt = TargetNumbers(seg.Target, "")
			if tgt == nil {
				tgt = []targetNumber{}
			}
		}
		if !hasValue(tgt, n) {
			out = append(out, Finding{Check: CheckNumbers, Severity: Error, Message: "QANumberMissing",
				Args:   map[string]any{"Number": seg.Source[n.Span.Start:n.Span.End], "Value": formatValue(n.Value)},
				Source: []Span{n.Span}})
		}
	}
	return out
}

func hasValue(tgt []targetNumber, n Number) bool {
	want := []float64{n.Value}
	switch n.Kind {
	case NumDecade:
		if n.Value < 100 {
			want = append(want, 1900+n.Value, 2000+n.Value)
		}
	case NumPercent:
		want = append(want, n.Value/100)
	}
	for _, t := range tgt {
		for _, v := range t.Values {
			for _, w := range want {
				if sameValue(v, w) {
					return true
				}
			}
		}
	}
	return false
}

func sameValue(a, b float64) bool {
	if a == b {
		return true
	}
	return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

// formatValue writes a value without exponent and without a needless
// fraction: 120000000, 35.5.
func formatValue(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// --- end punctuation

// closers are skipped when reading how a text ends: 。” ends with 。.
const closers = "”’\"'»）)」』】]›"

// endOf says how a text ends: '.', '?', '!', ':', ';', ',', '…' or 0 for no
// punctuation, and the span of that punctuation.
func endOf(s string) (rune, Span) {
	t := strings.TrimRightFunc(s, unicode.IsSpace)
	for t != "" {
		r, w := utf8.DecodeLastRuneInString(t)
		if !strings.ContainsRune(closers, r) {
			break
		}
		t = t[:len(t)-w]
	}
	if strings.HasSuffix(t, "...") {
		return '…', Span{len(t) - 3, len(t)}
	}
	r, w := utf8.DecodeLastRuneInString(t)
	span := Span{len(t) - w, len(t)}
	switch r {
	case '。', '．', '.', '｡':
		return '.', span
	case '？', '?':
		return '?', span
	case '！', '!':
		return '!', span
	case '：', ':':
		return ':', span
	case '；', ';':
		return ';', span
	case '，', ',', '、':
		return ',', span
	case '…', '⋯':
		return '…', span
	}
	return 0, Span{len(t), len(t)}
}

func checkEndPunctuation(seg Segment) []Finding {
	se, ss := endOf(seg.Source)
	te, ts := endOf(seg.Target)
	if se == te || se == '…' && te == '.' {
		return nil
	}
	f := Finding{Check: CheckEndPunctuation, Severity: Error, Source: []Span{ss}, Target: []Span{ts},
		Args: map[string]any{"Expected": string(se), "Found": string(te)}}
	switch {
	case se == 0:
		if seg.Heading || te == '.' {
			f.Severity, f.Message = Warning, "QAEndHeadingPunct"
		} else {
			return nil
		}
	case te == 0:
		f.Message = "QAEndMissing"
	default:
		f.Message = "QAEndDifferent"
		// A colon for a full stop, or an exclamation for either, changes
		// the tone rather than the sense.
		if (se == ':' || se == ';') && te == '.' || se == '.' && (te == ':' || te == ';') ||
			se == '.' && te == '!' || se == '!' && te == '.' {
			f.Severity = Warning
		}
	}
	return []Finding{f}
}

// --- brackets and quotes

// bracket tells the family of a bracket (round, square, curly) and whether
// it opens; family -1 for anything else.
func bracket(r rune) (family int, open bool) {
	switch r {
	case '(', '（':
		return 0, true
	case ')', '）':
		return 0, false
	case '[', '【', '〔', '［':
		return 1, true
	case ']', '】', '〕', '］':
		return 1, false
	case '{', '｛':
		return 2, true
	case '}', '｝':
		return 2, false
	}
	return -1, false
}

// hasBracket is a fast look for any bracket: full-width ones start with
// the bytes E3 or EF.
func hasBracket(s string) bool {
	if strings.ContainsAny(s, "()[]{}") {
		return true
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == 0xE3 || c == 0xEF {
			r, _ := utf8.DecodeRuneInString(s[i:])
			if fam, _ := bracket(r); fam >= 0 {
				return true
			}
		}
	}
	return false
}

// bracketBalance returns, per family, opens minus closes, and the spans of
// the brackets that have no partner.
func bracketBalance(s string) ([3]int, []Span) {
	var net [3]int
	var stack [3][]Span
	var stray []Span
	if !hasBracket(s) {
		return net, nil
	}
	listMarker := leadingMarkerEnd(s)
	for i, r := range s {
		fam, open := bracket(r)
		if fam < 0 || i < listMarker {
			continue
		}
		sp := Span{i, i + utf8.RuneLen(r)}
		if open {
			net[fam]++
			stack[fam] = append(stack[fam], sp)
			continue
		}
		net[fam]--
		if n := len(stack[fam]); n > 0 {
			stack[fam] = stack[fam][:n-1]
		} else {
			stray = append(stray, sp)
		}
	}
	for _, st := range stack {
		stray = append(stray, st...)
	}
	return net, stray
}

// leadingMarkerEnd is the end of a list marker such as "a)" or "1)" that
// opens a text, whose bracket has no partner by design; 0 when none.
func leadingMarkerEnd(s string) int {
	t := strings.TrimLeft(s, " ")
	lead := len(s) - len(t)
	for i, r := range t {
		if i > 4 {
			return 0
		}
		if r == ')' {
			if i == 0 {
				return 0
			}
			return lead + i + 1
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return 0
		}
	}
	return 0
}

func checkBrackets(seg Segment) []Finding {
	sn, _ := bracketBalance(seg.Source)
	tn, stray := bracketBalance(seg.Target)
	if tn == sn && (len(stray) == 0 || sn != [3]int{}) {
		return nil
	}
	if len(stray) == 0 {
		return nil
	}
	return []Finding{{Check: CheckBrackets, Severity: Error, Message: "QABracketsUnbalanced", Target: stray}}
}

// quoteBalance counts how many quotation marks lack a partner: curly and
// angle ones by opening and closing, straight double ones by parity; spans
// are those without a partner.
func quoteBalance(s string) (int, []Span) {
	net := 0
	var open []Span
	var stray []Span
	var straight []Span
	for i, r := range s {
		sp := Span{i, i + utf8.RuneLen(r)}
		switch r {
		case '“', '«', '「', '『', '‹', '„':
			net++
			open = append(open, sp)
		case '”', '»', '」', '』', '›':
			net--
			if len(open) > 0 {
				open = open[:len(open)-1]
			} else {
				stray = append(stray, sp)
			}
		case '"':
			straight = append(straight, sp)
		}
	}
	stray = append(stray, open...)
	unpaired := len(stray)
	if len(straight)%2 == 1 {
		stray = append(stray, straight[len(straight)-1])
		unpaired++
	}
	return unpaired, stray
}

func hasQuotes(s string) bool {
	return strings.ContainsAny(s, "“”«»\"‘’'「」")
}

// mayQuote is a fast look for anything quoteBalance counts or hasQuotes
// sees: ASCII quotes, or the lead bytes of “”‘’‹›„ (E2), «» (C2) and
// 「」『』 (E3).
func mayQuote(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"', '\'', 0xE2, 0xC2, 0xE3:
			return true
		}
	}
	return false
}

func checkQuotes(seg Segment) []Finding {
	if !mayQuote(seg.Source) && !mayQuote(seg.Target) {
		return nil
	}
	var out []Finding
	sn, _ := quoteBalance(seg.Source)
	tn, stray := quoteBalance(seg.Target)
	if tn > sn && len(stray) > 0 {
		out = append(out, Finding{Check: CheckQuotes, Severity: Error, Message: "QAQuotesUnbalanced", Target: stray})
	}
	// A quotation or a title of the source with nothing that marks it in
	// the translation.
	// A quoted set phrase (“一带一路”) is often rendered as a capitalised
	// name (the Belt and Road) rather than quoted: that counts as marked.
	if q := pairSpans(seg.Source, '“', '”'); len(q) > 0 && !hasQuotes(seg.Target) && !hasInnerCapital(seg.Target) {
		out = append(out, Finding{Check: CheckQuotes, Severity: Warning, Message: "QAQuoteNoCounterpart", Source: q})
	}
	if t := pairSpans(seg.Source, '《', '》'); len(t) > 0 && !hasQuotes(seg.Target) && !hasInnerCapital(seg.Target) {
		out = append(out, Finding{Check: CheckQuotes, Severity: Warning, Message: "QATitleNoCounterpart", Source: t})
	}
	return out
}

func pairSpans(s string, open, close rune) []Span {
	var out []Span
	start := -1
	for i, r := range s {
		switch r {
		case open:
			start = i
		case close:
			if start >= 0 {
				out = append(out, Span{start, i + utf8.RuneLen(r)})
				start = -1
			}
		}
	}
	return out
}

// hasInnerCapital finds a capitalised word after the first, as a title
// rendered without quotes has.
func hasInnerCapital(s string) bool {
	first := true
	prev := ' '
	for _, r := range s {
		if unicode.IsUpper(r) && !unicode.IsLetter(prev) {
			if !first {
				return true
			}
		}
		if unicode.IsLetter(r) {
			first = false
		}
		prev = r
	}
	return false
}

// --- full-width punctuation

func isWide(r rune) bool {
	switch {
	case r >= 0xFF01 && r <= 0xFF0F, r >= 0xFF1A && r <= 0xFF20, r >= 0xFF3B && r <= 0xFF40, r >= 0xFF5B && r <= 0xFF65:
		return true // full-width ASCII punctuation
	case r >= 0x3000 && r <= 0x3003, r >= 0x3008 && r <= 0x3011, r >= 0x3014 && r <= 0x301F:
		return true // ideographic space, 、。〃, 〈〉《》「」『』【】, 〔〕…
	}
	return false
}

func checkWidth(seg Segment) []Finding {
	var spans []Span
	var chars []string
	for i, r := range seg.Target {
		if isWide(r) {
			spans = append(spans, Span{i, i + utf8.RuneLen(r)})
			if len(chars) < 8 && !containsStr(chars, string(r)) {
				chars = append(chars, string(r))
			}
		}
	}
	if len(spans) == 0 {
		return nil
	}
	return []Finding{{Check: CheckPunctuationWidth, Severity: Error, Message: "QAFullWidth",
		Args: map[string]any{"Chars": strings.Join(chars, " ")}, Target: spans}}
}

func containsStr(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// --- white space

func isBlank(r rune) bool { return r == ' ' || r == '\t' || r == '\u00a0' || r == '\u3000' }

func checkWhitespace(seg Segment, lang string) []Finding {
	t := seg.Target
	var out []Finding
	var edges []Span
	if trimmed := strings.TrimLeftFunc(t, unicode.IsSpace); len(trimmed) < len(t) {
		edges = append(edges, Span{0, len(t) - len(trimmed)})
	}
	if trimmed := strings.TrimRightFunc(t, unicode.IsSpace); len(trimmed) < len(t) {
		edges = append(edges, Span{len(trimmed), len(t)})
	}
	if len(edges) > 0 {
		out = append(out, Finding{Check: CheckWhitespace, Severity: Warning, Message: "QASpaceEdges", Target: edges})
	}
	body := strings.TrimRightFunc(t, unicode.IsSpace)
	start := len(t) - len(strings.TrimLeftFunc(t, unicode.IsSpace))
	var doubles, before []Span
	runStart, runLen := -1, 0
	for i, r := range body {
		if i < start {
			continue
		}
		if isBlank(r) {
			if runLen == 0 {
				runStart = i
			}
			runLen++
			continue
		}
		if runLen >= 2 {
			doubles = append(doubles, Span{runStart, i})
		}
		if runLen >= 1 && strings.ContainsRune(",.;:，；：。", r) || runLen >= 1 && lang == "en" && (r == '?' || r == '!') {
			// "..." after a space is an ellipsis, not a stray full stop.
			if !(r == '.' && strings.HasPrefix(body[i:], "...")) && !digitAt(body, i+1) {
				before = append(before, Span{runStart, i + utf8.RuneLen(r)})
			}
		}
		runLen = 0
	}
	if len(doubles) > 0 {
		out = append(out, Finding{Check: CheckWhitespace, Severity: Warning, Message: "QASpaceDouble", Target: doubles})
	}
	if len(before) > 0 {
		out = append(out, Finding{Check: CheckWhitespace, Severity: Warning, Message: "QASpaceBeforePunct", Target: before})
	}
	return out
}

// --- untranslated

func isHan(r rune) bool { return r >= 0x2E80 && unicode.Is(unicode.Han, r) }

func checkUntranslated(seg Segment) []Finding {
	src, tgt := strings.TrimSpace(seg.Source), strings.TrimSpace(seg.Target)
	if src == tgt && strings.IndexFunc(src, func(r rune) bool { return isHan(r) || unicode.IsLetter(r) }) >= 0 {
		return []Finding{{Check: CheckUntranslated, Severity: Error, Message: "QASameAsSource",
			Source: whole(seg.Source), Target: whole(seg.Target)}}
	}
	var spans []Span
	for i, r := range seg.Target {
		if !isHan(r) {
			continue
		}
		w := utf8.RuneLen(r)
		if n := len(spans); n > 0 && spans[n-1].End == i {
			spans[n-1].End = i + w
		} else {
			spans = append(spans, Span{i, i + w})
		}
	}
	if len(spans) == 0 {
		return nil
	}
	return []Finding{{Check: CheckUntranslated, Severity: Error, Message: "QAChineseLeft", Target: spans}}
}

// --- repeated words

// legitimateRepeats are words a sentence may say twice in a row ("that that
// matters", "had had").
var legitimateRepeats = map[string]bool{"that": true, "had": true}

func checkRepeated(seg Segment, lang string) []Finding {
	var out []Finding
	t := seg.Target
	prevStart, prevEnd := -1, -1
	for i := 0; i < len(t); {
		r, w := utf8.DecodeRuneInString(t[i:])
		if !unicode.IsLetter(r) {
			i += w
			continue
		}
		j := i
		for j < len(t) {
			r2, w2 := utf8.DecodeRuneInString(t[j:])
			if !unicode.IsLetter(r2) && r2 != '\'' && r2 != '’' && r2 != '-' {
				break
			}
			j += w2
		}
		// A hyphen belongs to the word only between letters: one-China.
		for j > i && (t[j-1] == '-' || t[j-1] == '\'') {
			j--
		}
		if prevStart >= 0 && prevEnd-prevStart == j-i && onlySpaces(t[prevEnd:i]) && strings.EqualFold(t[prevStart:prevEnd], t[i:j]) &&
			!legitimateRepeats[strings.ToLower(t[i:j])] && !isHan(r) {
			out = append(out, Finding{Check: CheckRepeatedWord, Severity: Warning, Message: "QARepeatedWord",
				Args: map[string]any{"Word": t[i:j]}, Target: []Span{{prevStart, j}}})
		}
		prevStart, prevEnd = i, j
		i = j
	}
	return out
}

func onlySpaces(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !isBlank(r) {
			return false
		}
	}
	return true
}

// --- URLs, e-mail addresses, hashtags

// links returns the URLs, e-mail addresses and hashtags of a text.
func links(s string) ([]string, []Span) {
	if strings.IndexAny(s, "/@#") < 0 && !strings.Contains(s, "www.") && !strings.Contains(s, "WWW.") {
		return nil, nil
	}
	var items []string
	var spans []Span
	for i := 0; i < len(s); {
		rest := s[i:]
		var n int
		switch {
		case hasPrefixFold(rest, "http://"), hasPrefixFold(rest, "https://"), hasPrefixFold(rest, "www.") && (i == 0 || !isWordByte(s[i-1])):
			n = urlLen(rest)
		case rest[0] == '#' && (i == 0 || !isWordByte(s[i-1])):
			n = 1
			for n < len(rest) {
				r, w := utf8.DecodeRuneInString(rest[n:])
				if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' {
					break
				}
				if isHan(r) {
					n = 0 // a Chinese hashtag is translated
					break
				}
				n += w
			}
			if n == 1 {
				n = 0
			}
		case rest[0] == '@' && i > 0 && isWordByte(s[i-1]):
			// An e-mail address: back to its start, forward to its end.
			a := i
			for a > 0 && (isWordByte(s[a-1]) || s[a-1] == '.' || s[a-1] == '+' || s[a-1] == '-') {
				a--
			}
			e := 1
			for e < len(rest) && (isWordByte(rest[e]) || rest[e] == '.' || rest[e] == '-') {
				e++
			}
			addr := strings.TrimRight(s[a:i+e], ".-")
			if strings.Contains(addr[i-a:], ".") {
				items = append(items, strings.ToLower(addr))
				spans = append(spans, Span{a, a + len(addr)})
			}
			i += e
			continue
		}
		if n > 0 {
			items = append(items, rest[:n])
			spans = append(spans, Span{i, i + n})
			i += n
			continue
		}
		_, w := utf8.DecodeRuneInString(rest)
		i += w
	}
	return items, spans
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_'
}

func hasPrefixFold(s, p string) bool { return len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) }

// urlLen is the length of the URL s starts with, without the punctuation
// that ends the sentence around it.
func urlLen(s string) int {
	n := 0
	for n < len(s) {
		r, w := utf8.DecodeRuneInString(s[n:])
		if unicode.IsSpace(r) || r > 0x7F || r == '"' || r == '<' || r == '>' {
			break
		}
		n += w
	}
	for n > 0 && strings.ContainsRune(".,;:!?)]'", rune(s[n-1])) {
		n--
	}
	return n
}

func checkURLs(seg Segment) []Finding {
	si, ss := links(seg.Source)
	ti, ts := links(seg.Target)
	if len(si) == 0 && len(ti) == 0 {
		return nil
	}
	var out []Finding
	for k, item := range si {
		if !containsStr(ti, item) {
			out = append(out, Finding{Check: CheckURLs, Severity: Error, Message: "QALinkMissing",
				Args: map[string]any{"Link": item}, Source: []Span{ss[k]}})
		}
	}
	for k, item := range ti {
		if !containsStr(si, item) {
			out = append(out, Finding{Check: CheckURLs, Severity: Error, Message: "QALinkExtra",
				Args: map[string]any{"Link": item}, Target: []Span{ts[k]}})
		}
	}
	return out
}

// --- capitalization

// openers may come before a sentence's first letter.
const openers = "¿¡“\"«'‘([—–-"

func checkCapitalization(seg Segment) []Finding {
	if seg.Continues {
		return nil
	}
	// A source that starts in lower case (a name, a continued line) does
	// not start a sentence.
	src := strings.TrimLeft(strings.TrimSpace(seg.Source), openers+"《（")
	if r, _ := utf8.DecodeRuneInString(src); unicode.IsLower(r) {
		return nil
	}
	t := seg.Target
	i := len(t) - len(strings.TrimLeftFunc(t, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(openers, r) }))
	r, w := utf8.DecodeRuneInString(t[i:])
	if !unicode.IsLower(r) {
		return nil
	}
	// iPhone, eBay: a brand written so.
	if r2, _ := utf8.DecodeRuneInString(t[i+w:]); unicode.IsUpper(r2) {
		return nil
	}
	// a) b) and a. b.: list markers.
	if r2, _ := utf8.DecodeRuneInString(t[i+w:]); r2 == ')' || r2 == '.' {
		return nil
	}
	end := i + w
	for end < len(t) {
		r3, w3 := utf8.DecodeRuneInString(t[end:])
		if !unicode.IsLetter(r3) {
			break
		}
		end += w3
	}
	return []Finding{{Check: CheckCapitalization, Severity: Warning, Message: "QALowerStart",
		Target: []Span{{i, end}}}}
}

package segment

import (
	"bufio"
	_ "embed"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Paragraph is one paragraph of a document: its text as written, whether it
// is a heading, and its sentence segments, which concatenate to Text.
type Paragraph struct {
	Text     string
	Heading  bool
	Segments []string
}

// SplitParagraphs cuts decoded text into paragraphs and their segments with
// the built-in rules of lang.
//
// Each non-empty line is a paragraph, except that a line which neither ends a
// sentence nor is a heading is a hard line break inside a sentence and is
// joined to the next (across blank lines: broken lines in copied documents
// often carry one). Text that was wrapped into blocks of lines is read block
// by block instead. Headings are one segment each; other paragraphs are split
// into sentences.
func SplitParagraphs(text, lang string) ([]Paragraph, error) {
	rules, err := RulesFor(lang)
	if err != nil {
		return nil, err
	}
	heads, err := headingRulesFor(lang)
	if err != nil {
		return nil, err
	}
	latin := !isCJKLang(lang)
	lines := paragraphLines(text, latin)

	var out []Paragraph
	var pending strings.Builder
	flush := func(heading bool) {
		if pending.Len() == 0 {
			return
		}
		p := Paragraph{Text: pending.String(), Heading: heading}
		if heading {
			p.Segments = []string{p.Text}
		} else {
			p.Segments = rules.Split(p.Text)
		}
		out = append(out, p)
		pending.Reset()
	}
	for i, line := range lines {
		heading := pending.Len() == 0 && isHeading(line, heads, latin)
		if pending.Len() > 0 && latin {
			pending.WriteByte(' ')
		}
		pending.WriteString(line)
		if heading {
			flush(true)
			continue
		}
		next := ""
		if i+1 < len(lines) {
			next = lines[i+1]
		}
		if endsSentence(line) || next == "" || isHeading(next, heads, latin) {
			flush(false)
		}
	}
	flush(false)
	return out, nil
}

// paragraphLines returns the trimmed non-empty lines of text, or, when the
// text is wrapped into multi-line blocks, one joined line per block.
func paragraphLines(text string, latin bool) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	var blocks [][]string
	var cur []string
	for _, raw := range strings.Split(text, "\n") {
		line := strings.TrimFunc(raw, unicode.IsSpace)
		if line == "" {
			if len(cur) > 0 {
				blocks = append(blocks, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, line)
	}
	if len(cur) > 0 {
		blocks = append(blocks, cur)
	}
	wrapped := isWrapped(blocks)
	var lines []string
	for _, b := range blocks {
		if !wrapped {
			lines = append(lines, b...)
			continue
		}
		sep := ""
		if latin {
			sep = " "
		}
		lines = append(lines, strings.Join(b, sep))
	}
	return lines
}

// isWrapped tells hard-wrapped prose (blank lines between paragraphs, lines
// cut at a width) from one-paragraph-per-line text: in wrapped text most
// lines inside multi-line blocks stop in mid-sentence.
func isWrapped(blocks [][]string) bool {
	var inner, open int
	for _, b := range blocks {
		if len(b) < 3 {
			continue
		}
		for _, l := range b[:len(b)-1] {
			inner++
			if !endsSentence(l) {
				open++
			}
		}
	}
	return inner >= 4 && open*4 >= inner*3
}

// closers may follow the punctuation that ends a sentence.
const closers = "”’」』）》〉】)]\"'»"

// endsSentence reports whether a line ends at a sentence (or clause) boundary
// on purpose: a full stop, question or exclamation mark, ellipsis, colon or
// semicolon, possibly followed by closing quotes and brackets.
func endsSentence(line string) bool {
	line = strings.TrimRight(line, closers)
	r, _ := utf8.DecodeLastRuneInString(line)
	switch r {
	case '。', '！', '？', '!', '?', '.', '…', '：', ':', '；', ';', '．':
		return true
	}
	return false
}

func isHeading(line string, heads []*regexp.Regexp, latin bool) bool {
	if line == "" || endsSentence(line) {
		return false
	}
	for _, re := range heads {
		if re.MatchString(line) {
			return true
		}
	}
	// A short line with no clause punctuation is a title, not a fragment.
	if latin {
		words := strings.Fields(line)
		first, _ := utf8.DecodeRuneInString(line)
		return len(words) <= 8 && (unicode.IsUpper(first) || unicode.IsDigit(first)) &&
			!strings.ContainsAny(line, ",;:")
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	return utf8.RuneCountInString(line) <= 25 && !strings.ContainsAny(line, "，,；;：:。") &&
		!strings.ContainsRune(danglingZh, last)
}

// danglingZh are characters a Chinese title does not end with but a line cut
// in mid-sentence often does: particles, conjunctions, prepositions, enumeration
// commas.
const danglingZh = "的地得之和与及或并而且在对从向把被将以为于了着过等、—"

func isCJKLang(lang string) bool {
	l := strings.ToLower(lang)
	return strings.HasPrefix(l, "zh") || strings.HasPrefix(l, "ja") || strings.HasPrefix(l, "ko")
}

//go:embed rules/headings.txt
var headingsTxt string

var (
	headingsOnce sync.Once
	headingRules []headingRule
	headingsErr  error
)

type headingRule struct {
	lang string
	re   *regexp.Regexp
}

func headingRulesFor(lang string) ([]*regexp.Regexp, error) {
	headingsOnce.Do(func() { headingRules, headingsErr = parseHeadingRules(headingsTxt) })
	if headingsErr != nil {
		return nil, headingsErr
	}
	l := strings.ToLower(lang)
	var out []*regexp.Regexp
	for _, h := range headingRules {
		if h.lang == "*" || l == h.lang || strings.HasPrefix(l, h.lang+"-") {
			out = append(out, h.re)
		}
	}
	return out, nil
}

func parseHeadingRules(src string) ([]headingRule, error) {
	var out []headingRule
	sc := bufio.NewScanner(strings.NewReader(src))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		lang, pat, ok := strings.Cut(line, " ")
		if !ok {
			return nil, fmt.Errorf("heading rules line %d: want LANG PATTERN", n)
		}
		re, err := regexp.Compile(strings.TrimSpace(pat))
		if err != nil {
			return nil, fmt.Errorf("heading rules line %d: %w", n, err)
		}
		out = append(out, headingRule{strings.ToLower(lang), re})
	}
	return out, sc.Err()
}

package formats

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// MaxHTMLBytes bounds an HTML file read.
const MaxHTMLBytes = 64 << 20

// Elements whose content is not running text: code, styling, embedded
// objects, forms, and the navigation and footer around an article.
var htmlSkipped = map[string]bool{
	"head": true, "script": true, "style": true, "noscript": true, "template": true,
	"svg": true, "math": true, "iframe": true, "object": true, "canvas": true,
	"select": true, "textarea": true, "button": true, "nav": true, "footer": true, "aside": true,
}

// Elements that begin and end a paragraph.
var htmlBlocks = map[string]bool{
	"p": true, "div": true, "li": true, "dt": true, "dd": true, "blockquote": true, "pre": true,
	"td": true, "th": true, "tr": true, "caption": true, "figcaption": true, "section": true,
	"article": true, "main": true, "header": true, "address": true, "center": true, "ul": true,
	"ol": true, "dl": true, "table": true, "hr": true, "body": true, "html": true, "form": true,
	"fieldset": true, "legend": true, "details": true, "summary": true, "figure": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
}

// ReadHTMLText extracts the paragraphs of an HTML page: each block element
// (p, li, h1-h6, td, div ...) ends one, h1-h6 give headings, <br> a line
// break. Scripts, styles, the head, navigation, footers and forms are
// dropped. Whitespace collapses as a browser shows it, and a line break
// between two Chinese characters disappears, as it does on screen. The
// encoding is taken from a byte order mark or <meta charset>, else UTF-8.
func ReadHTMLText(r io.Reader) ([]Paragraph, error) {
	lim := &limitedReader{r: r, n: MaxHTMLBytes}
	cr, err := charset.NewReader(lim, "text/html")
	if errors.Is(err, io.EOF) {
		return nil, nil // an empty file
	}
	if err != nil {
		return nil, fmt.Errorf("read html: %w", err)
	}
	z := html.NewTokenizer(cr)
	var (
		out     []Paragraph
		buf     strings.Builder
		skip    string // the skipped element we are inside
		depth   int    // nesting of skip elements of that name
		heading int
		pre     int
		tables  int
	)
	flush := func() {
		if s := collapseHTMLSpace(buf.String()); s != "" {
			out = append(out, Paragraph{Text: s, Heading: heading > 0, Level: heading, InTable: tables > 0})
		}
		buf.Reset()
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			err := z.Err()
			if errors.Is(err, io.EOF) {
				flush()
				return out, nil
			}
			if lim.hit {
				return nil, fmt.Errorf("read html: larger than %s: %w", sizeName(MaxHTMLBytes), ErrTooLarge)
			}
			return nil, fmt.Errorf("read html: %w", err)
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if skip != "" {
				if tag == skip && tt == html.StartTagToken {
					depth++
				} else if tag == skip && tt == html.EndTagToken {
					if depth--; depth == 0 {
						skip = ""
					}
				}
				continue
			}
			if htmlSkipped[tag] && tt == html.StartTagToken {
				skip, depth = tag, 1
				continue
			}
			if tag == "br" {
				buf.WriteRune('\u2028')
				continue
			}
			if !htmlBlocks[tag] {
				continue
			}
			flush()
			start := tt != html.EndTagToken
			switch {
			case len(tag) == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6':
				heading = 0
				if start {
					heading = int(tag[1] - '0')
				}
			case tag == "pre":
				pre = nest(pre, start)
			case tag == "table":
				tables = nest(tables, start)
			}
		case html.TextToken:
			if skip != "" {
				continue
			}
			t := string(z.Text())
			if pre > 0 {
				t = strings.ReplaceAll(t, "\n", "\u2028")
			}
			buf.WriteString(t)
		}
	}
}

// collapseHTMLSpace applies the browser's white-space rules to text in which
// U+2028 marks a <br>: runs of spaces, tabs and line breaks become one space,
// or nothing when they hold a line break between two wide (CJK) characters.
func collapseHTMLSpace(s string) string {
	var b strings.Builder
	var prev rune
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isHTMLSpace(r) {
			if r == '\u2028' {
				// A line break: drop the spaces before it, write it as \n.
				str := strings.TrimRight(b.String(), " ")
				b.Reset()
				b.WriteString(str)
				b.WriteByte('\n')
				prev = '\n'
				i += n
				for i < len(s) {
					r2, n2 := utf8.DecodeRuneInString(s[i:])
					if !isHTMLSpace(r2) {
						break
					}
					i += n2
				}
				continue
			}
			b.WriteRune(r)
			prev = r
			i += n
			continue
		}
		j, newline := i, false
		for j < len(s) {
			r2, n2 := utf8.DecodeRuneInString(s[j:])
			if !isHTMLSpace(r2) {
				break
			}
			newline = newline || r2 == '\n' || r2 == '\r'
			j += n2
		}
		next, _ := utf8.DecodeRuneInString(s[j:])
		if j < len(s) && prev != 0 && prev != '\n' && next != '\u2028' && !(newline && wide(prev) && wide(next)) {
			b.WriteByte(' ')
		}
		i = j
	}
	return strings.TrimSpace(b.String())
}

// nest counts an element opening or closing; stray end tags do not go below 0.
func nest(n int, start bool) int {
	if start {
		return n + 1
	}
	return max(0, n-1)
}

func isHTMLSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f'
}

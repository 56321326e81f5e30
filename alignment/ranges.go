package alignment

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"alinea/align"
	"alinea/align/text"
	"alinea/store"
)

// Range is a run of a document's segments by the row numbers the editor
// shows, From to To inclusive: the part of the document a translation
// covers, when the translator knows it.
type Range struct{ From, To int }

func (r Range) String() string {
	if r.From == r.To {
		return strconv.Itoa(r.From)
	}
	return strconv.Itoa(r.From) + "-" + strconv.Itoa(r.To)
}

// FormatRanges writes ranges as ParseRanges reads them.
func FormatRanges(rs []Range) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = r.String()
	}
	return strings.Join(parts, ", ")
}

// ErrBadRange is returned (wrapped in a *RangeError) for segment ranges
// that cannot be read or that lie outside the document.
var ErrBadRange = errors.New("bad segment range")

// RangeError names the range that is wrong, as it was typed.
type RangeError struct {
	Range string
	// Rows is the document's last row number when the range lies beyond
	// it, 0 when the range cannot be read.
	Rows int
}

func (e *RangeError) Error() string {
	if e.Rows > 0 {
		return fmt.Sprintf("segments %s: the document has rows 1 to %d", e.Range, e.Rows)
	}
	return fmt.Sprintf("segments %q: want row numbers such as 12-48, 77-120", e.Range)
}

func (e *RangeError) Unwrap() error { return ErrBadRange }

// ParseRanges reads segment ranges as a translator types them: "12-48,
// 77-120", a single row "5"; full-width digits, dashes, tildes and 至
// between the ends; commas, semicolons, 、 or spaces between ranges. The
// ranges come back in order, those that overlap or touch joined: the
// aligner takes the parts of a translation as runs apart.
func ParseRanges(s string) ([]Range, error) {
	folded := rangeDash.ReplaceAllString(text.Key(s), "$1")
	var out []Range
	for _, f := range strings.FieldsFunc(folded, func(r rune) bool {
		return r == ',' || r == ';' || r == '、' || r == '，' || r == '；' || r == ' '
	}) {
		r, ok := parseRange(f)
		if !ok {
			return nil, &RangeError{Range: f}
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b Range) int { return a.From - b.From })
	var merged []Range
	for _, r := range out {
		if l := len(merged) - 1; l >= 0 && r.From <= merged[l].To+1 {
			merged[l].To = max(merged[l].To, r.To)
			continue
		}
		merged = append(merged, r)
	}
	return merged, nil
}

// rangeDash is what may stand between the ends of a range, with the spaces
// around it.
var rangeDash = regexp.MustCompile(`\s*(-|~|〜|至|\.\.)\s*`)

func parseRange(f string) (Range, bool) {
	a, b, found := f, f, false
	for _, sep := range []string{"-", "~", "〜", "至", ".."} {
		if x, y, ok := strings.Cut(f, sep); ok {
			a, b, found = x, y, true
			break
		}
	}
	from, err1 := strconv.Atoi(strings.TrimSpace(a))
	to, err2 := strconv.Atoi(strings.TrimSpace(b))
	if err1 != nil || err2 != nil || from < 1 || to < from || found && (a == "" || b == "") {
		return Range{}, false
	}
	return Range{from, to}, true
}

// partsOf maps ranges (in order, apart) to runs of the rows, which are the
// document's live segments in order.
func partsOf(ranges []Range, rows []store.Row) ([]align.Span, error) {
	last := 0
	if len(rows) > 0 {
		last = rows[len(rows)-1].Position
	}
	var parts []align.Span
	for _, r := range ranges {
		s, _ := slices.BinarySearchFunc(rows, r.From, func(row store.Row, p int) int { return row.Position - p })
		e, _ := slices.BinarySearchFunc(rows, r.To+1, func(row store.Row, p int) int { return row.Position - p })
		if r.To > last || e == s {
			return nil, &RangeError{Range: r.String(), Rows: last}
		}
		parts = append(parts, align.Span{Start: s, End: e})
	}
	return parts, nil
}

// TranslatedRows returns the rows (row numbers by segment id, as
// store.RowNumbers gives them) that a's beads give translation, as runs:
// where a translation landed in the document.
func TranslatedRows(a store.Alignment, rows map[int64]int) []Range {
	var nums []int
	for _, b := range a.Beads {
		if b.TgtCount == 0 || b.Untranslated {
			continue
		}
		for _, s := range a.Sources[b.SrcFirst : b.SrcFirst+b.SrcCount] {
			if n, ok := rows[s.SegmentID]; ok {
				nums = append(nums, n)
			}
		}
	}
	slices.Sort(nums)
	var out []Range
	for _, n := range slices.Compact(nums) {
		if l := len(out) - 1; l >= 0 && n == out[l].To+1 {
			out[l].To = n
			continue
		}
		out = append(out, Range{n, n})
	}
	return out
}

package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"alinea/store"
	"alinea/workflow"
)

// The progress graphics are plain SVG drawn by the templates from numbers
// computed here: no chart library, no script, and nothing a user typed ends
// up inside them.

// barPart is one status's share of a stacked progress bar whose width is
// barWidth user units.
type barPart struct {
	Status   workflow.Status
	X, Width string
	Count    int
}

const barWidth = 1000.0

func progressBar(counts map[workflow.Status]int, total int) []barPart {
	if total == 0 {
		return nil
	}
	var out []barPart
	x := 0.0
	// Finished work first, so the bar fills from the left.
	for i := len(workflow.Statuses) - 1; i >= 0; i-- {
		st := workflow.Statuses[i]
		n := counts[st]
		if n == 0 {
			continue
		}
		w := barWidth * float64(n) / float64(total)
		out = append(out, barPart{Status: st, X: num(x), Width: num(w), Count: n})
		x += w
	}
	return out
}

// chart is a line chart of the share of words translated (or better) per
// target language over time, chartW by chartH user units.
type chart struct {
	Empty      bool
	Lines      []chartLine
	Start, End string // the first and last day, ISO dates
}

type chartLine struct {
	Lang    string
	Points  string // the polyline's points attribute
	Percent int    // where the line ends
}

type chartSeries struct {
	Lang   string
	Points []store.ProgressPoint
	Words  int // the document's words, the 100% line
}

const (
	chartW = 300.0
	chartH = 80.0
)

func newChart(series []chartSeries, today time.Time) chart {
	start := today
	any := false
	for _, s := range series {
		if len(s.Points) > 0 {
			any = true
			if s.Points[0].Day.Before(start) {
				start = s.Points[0].Day
			}
		}
	}
	if !any {
		return chart{Empty: true}
	}
	if !start.Before(today) {
		// One day of history still needs a width to draw a line across.
		start = today.AddDate(0, 0, -1)
	}
	span := today.Sub(start).Seconds()
	x := func(t time.Time) float64 { return chartW * t.Sub(start).Seconds() / span }
	out := chart{Start: start.Format(time.DateOnly), End: today.Format(time.DateOnly)}
	for _, s := range series {
		if s.Words == 0 {
			continue
		}
		y := func(words int) float64 { return chartH * (1 - float64(words)/float64(s.Words)) }
		var b strings.Builder
		point := func(px, py float64) { fmt.Fprintf(&b, "%s,%s ", num(px), num(py)) }
		last := 0
		point(0, y(0))
		for _, p := range s.Points {
			// Hold the previous level until the day the work was saved.
			point(x(p.Day), y(last))
			point(x(p.Day), y(p.Words))
			last = p.Words
		}
		point(chartW, y(last))
		out.Lines = append(out.Lines, chartLine{Lang: s.Lang, Points: strings.TrimSpace(b.String()),
			Percent: int(100 * float64(last) / float64(s.Words))})
	}
	return out
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func editorURL(docID int64, lang string) string {
	return "/documents/" + itoa(docID) + "/edit/" + lang
}

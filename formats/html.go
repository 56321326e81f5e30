package formats

import (
	"bufio"
	"fmt"
	"html/template"
	"io"
)

// The bilingual HTML page is self-contained (inline CSS, no scripts, no
// external resources) and meant for reading and printing. Every piece of
// document text goes through html/template, so markup in a segment, title
// or file name is shown as text.
var bilingualHTML = template.Must(template.New("page").Parse(`{{define "head"}}<!DOCTYPE html>
<html lang="{{.ZhTag}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{{.Tool}}">
<title>{{.Title}}</title>
<style>
body { font-family: "Noto Sans", "Segoe UI", Helvetica, Arial, "Noto Sans CJK SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; margin: 2rem auto; max-width: 80rem; padding: 0 1rem; color: #1a1a1a; line-height: 1.5; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
.meta { color: #595959; font-size: .85rem; margin: 0 0 1.5rem; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #d0d0d0; padding: .35rem .5rem; vertical-align: top; text-align: left; white-space: pre-wrap; overflow-wrap: anywhere; }
th { background: #e6e6e6; }
th.num, td.num { width: 2.5rem; color: #7f7f7f; font-size: .8rem; text-align: right; }
:lang(zh) { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", SimSun, sans-serif; }
tr.para td { border-top: 2px solid #595959; }
tr.heading td { background: #f2f2f2; font-weight: bold; font-size: 1.05rem; }
td.missing { background: #fafafa; }
.status { display: block; color: #7f7f7f; font-size: .75rem; font-weight: normal; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  th { background: none; border-bottom: 2px solid #000; }
  tr.heading td { background: none; }
}
</style>
</head>
<body>
<h1 lang="{{.ZhTag}}">{{.Title}}</h1>
<p class="meta">{{.Meta}}</p>
<table>
<thead><tr><th class="num">¶</th><th lang="{{.ZhTag}}">{{.SourceName}} (zh)</th>{{range .Langs}}<th lang="{{.Code}}">{{.Name}} ({{.Code}})</th>{{end}}</tr></thead>
<tbody>
{{end}}{{define "row"}}<tr{{if .Class}} class="{{.Class}}"{{end}}><td class="num">{{if .Num}}{{.Num}}{{end}}</td><td lang="{{.ZhTag}}">{{.Source}}</td>{{range .Cells}}<td lang="{{.Lang}}"{{if .Missing}} class="missing"{{end}}>{{.Text}}{{if .Status}}<span class="status">{{.Status}}</span>{{end}}</td>{{end}}</tr>
{{end}}{{define "foot"}}</tbody>
</table>
</body>
</html>
{{end}}`))

type htmlLang struct{ Code, Name string }

type htmlHead struct {
	Title, Meta, SourceName, Tool, ZhTag string
	Langs                                []htmlLang
}

type htmlCell struct {
	Lang, Text, Status string
	Missing            bool
}

type htmlRow struct {
	Class, Source, ZhTag string
	Num                  int
	Cells                []htmlCell
}

// WriteBilingualHTML writes a side-by-side page of the source and each
// target language, one row per segment.
func WriteBilingualHTML(w io.Writer, h Header, units Units, opt ExportOptions) error {
	if err := opt.validate(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 32<<10)
	name, version := h.tool()
	head := htmlHead{Title: h.Title, Meta: docMeta(&h), SourceName: langName("zh"), Tool: name + " " + version, ZhTag: h.fileLang("zh")}
	if head.Title == "" {
		head.Title = h.FileName
	}
	for _, l := range h.TargetLangs {
		head.Langs = append(head.Langs, htmlLang{Code: l, Name: langName(l)})
	}
	if err := bilingualHTML.ExecuteTemplate(bw, "head", head); err != nil {
		return fmt.Errorf("write html: %w", err)
	}
	row := htmlRow{Cells: make([]htmlCell, len(h.TargetLangs)), ZhTag: head.ZhTag}
	prev := -1
	for u, err := range units {
		if err != nil {
			return fmt.Errorf("write html: %w", err)
		}
		if !opt.keep(&u, h.TargetLangs) {
			continue
		}
		newPara := u.Paragraph != prev || u.Paragraph == 0
		prev = u.Paragraph
		row.Class, row.Num = "", 0
		switch {
		case u.Heading && newPara:
			row.Class = "para heading"
		case u.Heading:
			row.Class = "heading"
		case newPara:
			row.Class = "para"
		}
		if newPara {
			row.Num = u.Paragraph
		}
		row.Source = u.Source
		for i, l := range h.TargetLangs {
			t, ok := opt.usable(&u, l)
			c := htmlCell{Lang: l, Text: StripPlaceholders(t.Text), Missing: !ok || t.Text == ""}
			if opt.ShowStatus && ok && t.Status.Valid() {
				c.Status = opt.statusName(t.Status)
			}
			row.Cells[i] = c
		}
		if err := bilingualHTML.ExecuteTemplate(bw, "row", row); err != nil {
			return fmt.Errorf("write html: %w", err)
		}
	}
	if err := bilingualHTML.ExecuteTemplate(bw, "foot", nil); err != nil {
		return fmt.Errorf("write html: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write html: %w", err)
	}
	return nil
}

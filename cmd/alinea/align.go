package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"alinea/align"
	"alinea/align/segment"
	"alinea/align/text"
)

// maxDictBytes bounds a dictionary file (CC-CEDICT is about 10 MB).
const maxDictBytes = 64 << 20

func runAlign(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "align", "SRC TGT", "Align two texts sentence by sentence and print one bead per line,\n"+
		"\"[0,1]:[0]\" (0-based sentence numbers; [] for a sentence with no counterpart).\n"+
		"Touches no database.")
	srcLang := fs.String("src-lang", "zh", "`language` of SRC")
	tgtLang := fs.String("tgt-lang", "en", "`language` of TGT")
	presplit := fs.Bool("presplit", false, "the files hold one sentence per line (UTF-8); take them as they are")
	dictPath := fs.String("dict", "", "bilingual dictionary `file` in CC-CEDICT format (English glosses, read through cognates for es and pt), instead of the CC-CEDICT shipped for English, Spanish and Portuguese")
	noDict := fs.Bool("no-dict", false, "use no dictionary")
	withConf := fs.Bool("confidence", false, "append each bead's confidence: \"[0]:[0]:0.93\"")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usagef("want SRC and TGT files, got %d arguments", fs.NArg())
	}
	if !*presplit {
		for _, l := range []string{*srcLang, *tgtLang} {
			if _, err := segment.RulesFor(l); err != nil {
				return usagef("language %q: %v", l, err)
			}
		}
	}
	opt := align.Options{SrcLang: *srcLang, TgtLang: *tgtLang, NoDict: *noDict}
	if *noDict && *dictPath != "" {
		return usagef("--dict and --no-dict exclude each other")
	}
	if *dictPath != "" {
		data, err := readFileLimited(*dictPath, maxDictBytes)
		if err != nil {
			return fmt.Errorf("--dict: %w", err)
		}
		d, err := align.LoadCEDICT(bytes.NewReader(data))
		if err != nil {
			return fmt.Errorf("--dict %s: %w", *dictPath, err)
		}
		opt.Dict = d
	}
	src, srcParas, srcHeads, err := readSentences(fs.Arg(0), *srcLang, *presplit)
	if err != nil {
		return err
	}
	tgt, tgtParas, tgtHeads, err := readSentences(fs.Arg(1), *tgtLang, *presplit)
	if err != nil {
		return err
	}
	opt.SrcParas, opt.TgtParas = srcParas, tgtParas
	opt.SrcHeadings, opt.TgtHeadings = srcHeads, tgtHeads
	if err := ctx.Err(); err != nil {
		return err
	}
	beads, err := align.Align(src, tgt, opt)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(std.out)
	for _, b := range beads {
		w.WriteString(align.FormatBead(b, *withConf))
		w.WriteByte('\n')
	}
	return w.Flush()
}

// readSentences reads one side: with presplit, every line is a sentence
// (empty lines too; a final newline does not start another); otherwise the
// file is decoded and segmented, and the paragraph of each sentence is kept,
// with whether it is a heading.
func readSentences(path, lang string, presplit bool) ([]string, []int, []bool, error) {
	data, err := readFileLimited(path, maxImportBytes)
	if err != nil {
		return nil, nil, nil, err
	}
	if presplit {
		text := string(data)
		if !utf8.Valid(data) {
			off := firstInvalid(data)
			return nil, nil, nil, fmt.Errorf("%s: not valid UTF-8 at byte %d (--presplit files are read as UTF-8)", path, off)
		}
		if text == "" {
			return nil, nil, nil, nil
		}
		text = strings.TrimPrefix(text, "\ufeff")
		text = strings.TrimSuffix(text, "\n")
		lines := strings.Split(text, "\n")
		for k, l := range lines {
			lines[k] = strings.TrimSuffix(l, "\r")
		}
		return lines, nil, nil, nil
	}
	text, _, err := text.Decode(data)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	paras, err := segment.SplitParagraphs(text, lang)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	var sents []string
	var idx []int
	var heads []bool
	for p, para := range paras {
		for _, s := range para.Segments {
			sents = append(sents, strings.TrimSpace(s))
			idx = append(idx, p)
			heads = append(heads, para.Heading)
		}
	}
	return sents, idx, heads, nil
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}

package qa

import "alinea/align/text"

// --- inline codes

// checkCodes finds inline codes of the translation that do not pair up
// (an opening without its closing, a closing before its opening, pairs
// that cross, a code written twice) and, when seg.Reference holds codes,
// the codes lost, added or moved relative to it. Codes the file's tool
// wrote must come back whole and in order, or the export breaks the
// document they came from.
func checkCodes(seg Segment) []Finding {
	tgt := text.Codes(seg.Target)
	ref := text.Codes(seg.Reference)
	if len(tgt) == 0 && len(ref) == 0 {
		return nil
	}
	var out []Finding
	add := func(msg string, args map[string]any, spans ...Span) {
		out = append(out, Finding{Check: CheckInlineCodes, Severity: Error, Message: msg, Args: args, Target: spans})
	}
	span := func(c text.InlineCode) Span { return Span{c.Start, c.End} }

	type key struct {
		id   string
		kind byte
	}
	first := map[key]int{} // index in tgt of each code's first occurrence
	var open []int         // indexes of the openings not yet closed, innermost last
	for i, c := range tgt {
		k := key{c.ID, c.Kind}
		if _, dup := first[k]; dup {
			add("QACodeTwice", map[string]any{"Code": c.String()}, span(c))
			continue
		}
		first[k] = i
		switch c.Kind {
		case text.CodeOpens:
			open = append(open, i)
		case text.CodeCloses:
			at := -1
			for j := len(open) - 1; j >= 0; j-- {
				if tgt[open[j]].ID == c.ID {
					at = j
					break
				}
			}
			if at < 0 {
				if later := indexOf(tgt, i+1, c.ID, text.CodeOpens); later >= 0 {
					add("QACodeCloseFirst", map[string]any{"Code": c.String()}, span(c), span(tgt[later]))
				} else {
					add("QACodeUnopened", map[string]any{"Code": c.String()}, span(c))
				}
				continue
			}
			if at != len(open)-1 {
				// Closing an outer pair while an inner one is open: the
				// pairs cross.
				inner := tgt[open[len(open)-1]]
				add("QACodeCrossing", map[string]any{"Code": c.String(), "Other": inner.String()},
					span(inner), span(c))
			}
			open = append(open[:at], open[at+1:]...)
		}
	}
	for _, i := range open {
		// An opening whose closing comes first was reported with it.
		if indexOf(tgt[:i], 0, tgt[i].ID, text.CodeCloses) < 0 {
			add("QACodeUnclosed", map[string]any{"Code": tgt[i].String()}, span(tgt[i]))
		}
	}
	if len(ref) == 0 {
		return out
	}

	// Against the reference: counts of each code, then their order.
	count := map[key]int{}
	for _, c := range ref {
		count[key{c.ID, c.Kind}]++
	}
	for _, c := range tgt {
		count[key{c.ID, c.Kind}]--
	}
	changed := false
	for _, c := range ref {
		k := key{c.ID, c.Kind}
		if count[k] > 0 {
			count[k]-- // one finding per code lost
			changed = true
			add("QACodeMissing", map[string]any{"Code": c.String()})
		}
	}
	for i := len(tgt) - 1; i >= 0; i-- {
		c := tgt[i]
		k := key{c.ID, c.Kind}
		if count[k] < 0 {
			count[k]++
			changed = true
			if first[k] != i {
				continue // reported as written twice
			}
			add("QACodeExtra", map[string]any{"Code": c.String()}, span(c))
		}
	}
	if changed {
		return out
	}
	for i := range ref {
		if ref[i].ID != tgt[i].ID || ref[i].Kind != tgt[i].Kind {
			add("QACodeOrder", map[string]any{"Code": tgt[i].String(), "Expected": ref[i].String()}, span(tgt[i]))
			break
		}
	}
	return out
}

// indexOf is the index of the first code of cs from `from` on with id and
// kind, or -1.
func indexOf(cs []text.InlineCode, from int, id string, kind byte) int {
	for i := from; i < len(cs); i++ {
		if cs[i].ID == id && cs[i].Kind == kind {
			return i
		}
	}
	return -1
}

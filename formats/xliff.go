package formats

import (
	"fmt"
	"io"
	"strings"

	"alinea/workflow"
)

// Status and XLIFF states.
//
// XLIFF 2.0 has four states (initial, translated, reviewed, final); ours map
// onto them as
//
//	new        → initial     (no <target>)
//	draft      → initial     (a <target> not yet confirmed by its translator)
//	translated → translated
//	reviewed   → reviewed
//	approved   → final
//
// and subState="alinea:<status>" keeps the exact status. A draft is initial
// rather than translated so that a translator who confirms it in another
// tool (moving it to translated) is seen to have changed it.
//
// XLIFF 1.2 maps the same way onto its target states:
//
//	new        → no <target>
//	draft      → needs-review-translation
//	translated → translated
//	reviewed   → signed-off
//	approved   → final
//
// and approved="yes" on the trans-unit from translated on
//
// with the exact status in a context of type x-alinea-status.
//
// Reading back, the exact status is taken when the standard state is still
// the one it maps to; when another tool changed the state, the state wins:
// initial (or 1.2's new, needs-translation, needs-l10n, needs-adaptation)
// is new without a target and draft with one; needs-review-* is draft;
// translated, reviewed/signed-off and final map back as above. 1.2's
// approved="yes" means "not fuzzy" (as translate-toolkit writes it), so it
// makes a target without a finished state translated, and approved="no"
// with no state is a draft; a target with no state at all is translated.
// Our own XLIFF 1.2 has approved="yes" on every translated, reviewed and
// approved unit.

func xliff2State(s workflow.Status) string {
	switch s {
	case workflow.StatusTranslated:
		return "translated"
	case workflow.StatusReviewed:
		return "reviewed"
	case workflow.StatusApproved:
		return "final"
	}
	return "initial"
}

func statusFromXLIFF2(state, subState string, hasText bool) (workflow.Status, error) {
	if state == "" {
		state = "initial"
	}
	if s, ok := strings.CutPrefix(subState, "alinea:"); ok {
		// new has no text by definition: text added to it makes a draft.
		if st := workflow.Status(s); st.Valid() && xliff2State(st) == state && (st != workflow.StatusNew || !hasText) {
			return st, nil
		}
	}
	switch state {
	case "initial":
		if hasText {
			return workflow.StatusDraft, nil
		}
		return workflow.StatusNew, nil
	case "translated":
		return workflow.StatusTranslated, nil
	case "reviewed":
		return workflow.StatusReviewed, nil
	case "final":
		return workflow.StatusApproved, nil
	}
	return "", fmt.Errorf("state %q is not an XLIFF 2.0 state (initial, translated, reviewed, final)", state)
}

// xliff12State is the state attribute written for s; "" when no <target>
// is written.
func xliff12State(s workflow.Status, text string) string {
	if text == "" {
		return ""
	}
	switch s {
	case workflow.StatusDraft:
		return "needs-review-translation"
	case workflow.StatusTranslated:
		return "translated"
	case workflow.StatusReviewed:
		return "signed-off"
	case workflow.StatusApproved:
		return "final"
	}
	return "needs-translation"
}

func statusFromXLIFF12(ours workflow.Status, state, approved, text string) workflow.Status {
	if ours.Valid() && xliff12State(ours, text) == state && (approved == "yes") == xliff12Approved(ours, text) {
		return ours
	}
	switch state {
	case "final":
		return workflow.StatusApproved
	case "signed-off":
		return workflow.StatusReviewed
	case "translated":
		return workflow.StatusTranslated
	}
	if text == "" {
		return workflow.StatusNew
	}
	// approved="yes" says the translation is not fuzzy (translate-toolkit
	// writes it on every finished unit), not that a reviewer approved it.
	if approved == "yes" {
		return workflow.StatusTranslated
	}
	switch state {
	case "needs-review-translation", "needs-review-l10n", "needs-review-adaptation",
		"new", "needs-translation", "needs-l10n", "needs-adaptation":
		return workflow.StatusDraft
	}
	if approved == "no" {
		return workflow.StatusDraft // translate-toolkit's fuzzy
	}
	return workflow.StatusTranslated
}

// xliff12Approved says whether a unit gets approved="yes": every finished
// translation, so that translate-toolkit (xliff2po) and the tools built on
// it do not take them all for fuzzy.
func xliff12Approved(s workflow.Status, text string) bool {
	return text != "" && s.Rank() >= workflow.StatusTranslated.Rank()
}

// ReadXLIFF reads an XLIFF file, version 1.2 or 2.x, from us or from
// another tool. Each segment becomes a unit with one target; SegmentID and
// the target's Version are set only when the file carries ours. Inline
// codes are dropped and the text around them kept.
func ReadXLIFF(r io.Reader) (*Import, error) {
	x := newXMLReader(r)
	root, err := x.rootElement()
	if err != nil {
		return nil, fmt.Errorf("read xliff: %w", err)
	}
	if root.Name.Local != "xliff" {
		return nil, fmt.Errorf("read xliff: line %d: root element is <%s>, not <xliff>", x.Line(), root.Name.Local)
	}
	v, _ := attrOf(&root, "", "version")
	var im *Import
	switch {
	case root.Name.Space == nsXLIFF2 || strings.HasPrefix(v, "2."):
		im, err = readXLIFF2(x, root)
	case root.Name.Space == nsXLIFF12 || strings.HasPrefix(v, "1."):
		im, err = readXLIFF12(x, root)
	default:
		err = fmt.Errorf("line %d: <xliff version=%q> is neither 1.2 nor 2.x", x.Line(), v)
	}
	if err != nil {
		return nil, fmt.Errorf("read xliff: %w", err)
	}
	return im, nil
}

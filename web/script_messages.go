package web

// scriptMessage is a message the editor's script shows. Its fields become
// {Name} placeholders the script fills in; plural messages are sent in their
// one and other forms, and the script picks one with Intl.PluralRules.
type scriptMessage struct {
	id     string
	fields []string
	plural bool
}

// scriptMessageList is every message id editor.js uses (a test checks the
// script against it).
var scriptMessageList = []scriptMessage{
	{id: "Saving"},
	{id: "Saved"},
	{id: "SaveFailed", fields: []string{"Error"}},
	{id: "Offline"},
	{id: "RestoredUnsaved", plural: true},
	{id: "SegmentsLeft", plural: true},
	{id: "EmptyCannotConfirm"},
	{id: "ChangedElsewhere"},
	{id: "UpdatedElsewhere", fields: []string{"Author"}},
	{id: "NotAllowedReview"},
	{id: "NotAllowedEdit"},
	{id: "NotAllowedResegment"},
	{id: "LiveLost"},
	{id: "ConflictTheirs", fields: []string{"Version", "Author"}},
	{id: "AuthorNone"},
	{id: "NothingLeftHere"},
	{id: "NothingToMerge"},
	{id: "RevertedUndo"},
	{id: "SourceCharsLeft", plural: true},
	{id: "SegmentCounts", fields: []string{"Source", "Words", "Chars"}},
	{id: "QANotAnError"},
	{id: "QAFindingsLabel"},
	{id: "QAConfirmApprove", fields: []string{"Count"}},
	{id: "StatusNew"},
	{id: "StatusDraft"},
	{id: "StatusTranslated"},
	{id: "StatusReviewed"},
	{id: "StatusApproved"},
	{id: "HandoffNotSaved", fields: []string{"Pos", "Error"}},
}

// scriptMessages renders scriptMessageList in the page's language.
func scriptMessages(p *page) map[string]any {
	out := make(map[string]any, len(scriptMessageList))
	for _, m := range scriptMessageList {
		data := map[string]any{}
		for _, f := range m.fields {
			data[f] = "{" + f + "}"
		}
		if !m.plural {
			out[m.id] = p.loc.T(m.id, data)
			continue
		}
		forms := map[string]string{}
		// 1 selects the "one" form where a language has one, 5 "other".
		for cat, n := range map[string]int{"one": 1, "other": 5} {
			d := map[string]any{"Count": "{Count}"}
			for k, v := range data {
				d[k] = v
			}
			forms[cat] = p.loc.N(m.id, n, d)
		}
		out[m.id] = forms
	}
	return out
}

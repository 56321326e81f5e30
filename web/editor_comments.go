package web

import (
	"net/http"
)

// The comment threads in the editor: a count on each row and a panel in the
// dock with the active row's thread (static/comments.js).

type editorComments struct {
	Script commentsScript
}

type commentsScript struct {
	Lang      string            `json:"lang"`
	CanEdit   bool              `json:"canEdit"`
	CanReject bool              `json:"canReject"`
	Messages  map[string]string `json:"msgs"`
}

// commentMessages are the messages comments.js shows.
var commentMessages = []string{"CommentsOn", "NoComments", "Resolve", "Reopen", "ResolvedBy", "RejectionNote",
	"AuthorNone", "Offline", "RejectNeedsComment", "SentBack", "CommentAdded"}

// annotateComments gives the rows of the page their open comment counts.
func (h editorPage) annotateComments(r *http.Request, d *editorData) error {
	ids := make([]int64, len(d.Rows))
	for i, row := range d.Rows {
		ids[i] = row.ID
	}
	counts, err := h.store.CommentCounts(r.Context(), ids, d.Lang)
	if err != nil {
		return err
	}
	for i := range d.Rows {
		d.Rows[i].OpenComments = counts[d.Rows[i].ID].Open
	}
	p := d.page
	msgs := map[string]string{}
	for _, id := range commentMessages {
		msgs[id] = p.loc.T(id, map[string]any{"N": "{N}", "Name": "{Name}"})
	}
	// The row badge's count, in its plural forms (1 selects "one" where a
	// language has it, 5 "other").
	msgs["OpenComments.one"] = p.loc.N("OpenComments", 1, map[string]any{"Count": "{Count}"})
	msgs["OpenComments.other"] = p.loc.N("OpenComments", 5, map[string]any{"Count": "{Count}"})
	d.Comments.Script = commentsScript{Lang: d.Lang, CanEdit: d.Can.Edit, CanReject: d.Can.Review, Messages: msgs}
	return nil
}

package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"alinea/store"
)

// historyPage shows every revision of a segment's translation with what
// changed between them, and restores old ones.
type historyPage struct {
	responder
	store *store.Store
	perms permsFunc
	saved savedFunc
}

type historyData struct {
	*page
	Doc        store.Document
	Segment    store.Segment
	Lang       string
	Can        Can
	Current    store.Translation
	Revisions  []revisionView
	MergedFrom []store.Segment
	EditorURL  string
	RestoreURL string
	Row        int // the row number of the segment, or of the one it was merged into
}

type revisionView struct {
	store.Revision
	Diff    []diffOp
	Current bool
	// Restorable: the user may bring it back as it was; restores are
	// refused, not downgraded, so others get no button.
	Restorable bool
	When       string // UTC, for people
	ISO        string // for <time datetime>
}

func (h historyPage) show(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	seg := segmentFrom(ctx)
	lang := langFrom(ctx)
	doc := documentFrom(ctx)
	revs, err := h.store.Revisions(ctx, seg.ID, lang)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	merged, err := h.store.MergedInto(ctx, seg.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rowsOf, err := h.store.RowNumbers(ctx, doc.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(r)
	data := historyData{page: p, Doc: doc, Segment: seg, Lang: lang, MergedFrom: merged,
		RestoreURL: historyURL(seg.ID, lang) + "/restore", Row: rowsOf[seg.ID]}
	// People know a segment by its row number in the editor; one merged
	// away has none of its own, only the row that holds its text now.
	if seg.RetiredInto == 0 {
		p.Title = p.T("HistoryTitle", "N", p.Num(data.Row), "Language", p.LangWord(lang))
	} else {
		p.Title = p.T("HistoryTitleMerged", "N", p.Num(data.Row), "Language", p.LangWord(lang))
	}
	if seg.RetiredInto == 0 {
		data.Can = h.perms(r, doc, lang)
		cur, err := h.store.Translation(ctx, seg.ID, lang)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		data.Current = cur
		data.EditorURL = pageURL(editorURL(doc.ID, lang), store.FindQuery{}, seg.Position, "focus", itoa(seg.ID))
	}
	// Revisions come newest first; each is compared with the one before it.
	for i, rv := range revs {
		prev := ""
		if i+1 < len(revs) {
			prev = revs[i+1].Text
		}
		data.Revisions = append(data.Revisions, revisionView{Revision: rv, Diff: wordDiff(prev, rv.Text),
			Current:    seg.RetiredInto == 0 && rv.Version == data.Current.Version,
			Restorable: data.Can.MaySet(rv.Status) && store.CheckContent(rv.Text, rv.Status) == nil,
			When:       rv.CreatedAt.UTC().Format("2006-01-02 15:04 UTC"), ISO: rv.CreatedAt.UTC().Format(time.RFC3339)})
	}
	if err := h.views.render(w, http.StatusOK, "history", data); err != nil {
		h.log.Error("render history", "err", err)
	}
}

// restore saves an old revision's text and status again, as a new revision
// of origin restore, under the rules of every save: a translator restoring
// an approved revision, or an empty one above draft, is refused, not given
// something else than was asked for. The form carries the version it was
// shown, so a restore over someone else's newer save is a conflict.
func (h historyPage) restore(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	seg := segmentFrom(ctx)
	lang := langFrom(ctx)
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, failure(http.StatusBadRequest, "ErrBadParam", map[string]any{"Name": "form", "Value": ""}))
		return
	}
	revID, ok := parseID(r.PostFormValue("revision"))
	if !ok {
		h.fail(w, r, badParam("revision", r.PostFormValue("revision")))
		return
	}
	version, err := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	if err != nil || version < 0 {
		h.fail(w, r, badParam("version", r.PostFormValue("version")))
		return
	}
	t, err := h.store.RestoreRevision(ctx, store.Restore{SegmentID: seg.ID, Lang: lang, RevisionID: revID,
		BaseVersion: version, AuthorID: userID(r)})
	if errors.Is(err, store.ErrRevisionNotFound) {
		err = failure(http.StatusNotFound, "ErrRevisionNotFound", map[string]any{"ID": revID})
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if h.saved != nil {
		h.saved(ctx, seg.DocumentID, t)
	}
	http.Redirect(w, r, historyURL(seg.ID, lang), http.StatusSeeOther)
}

func historyURL(segID int64, lang string) string {
	return "/segments/" + itoa(segID) + "/history/" + lang
}

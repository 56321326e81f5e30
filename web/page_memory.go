package web

import (
	"errors"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"alinea/store"
	"alinea/tm"
)

// maxMemoryFile bounds a TMX memory uploaded through the workbench; the
// command line (alinea tm import) reads files of any size.
const maxMemoryFile = 512 << 20

// memoryPage shows the translation memory: the named memories, a
// concordance search, and for admins TMX upload and deletion.
type memoryPage struct {
	responder
	store *store.Store
	tm    *tm.Service
}

type memoryData struct {
	*page
	Memories []store.Memory
	Live     int
	Query    string
	Lang     string
	Langs    []string
	Hits     []tm.ConcordanceHit
	Searched bool
	IsAdmin  bool
	Notice   string
}

// Link is the editor row of a hit in a document.
func (d memoryData) Link(h tm.ConcordanceHit) string {
	l := h.Lang
	if l == "" {
		l = d.Lang
	}
	if l == "" && len(d.Langs) > 0 {
		l = d.Langs[0]
	}
	return "/documents/" + itoa(h.DocumentID) + "/edit/" + l + "#seg-" + itoa(h.SegmentID)
}

func (h memoryPage) show(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ms, err := h.store.Memories(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	live, err := h.store.LiveMemoryUnits(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	langs, err := h.store.TargetLanguages(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(r)
	p.Title = p.T("MemoryTitle")
	v := r.URL.Query()
	d := memoryData{page: p, Memories: ms, Live: live, Query: strings.TrimSpace(v.Get("q")), Langs: langs, IsAdmin: isAdmin(r)}
	if l := v.Get("lang"); l != "" {
		for _, x := range langs {
			if x == l {
				d.Lang = l
			}
		}
	}
	switch {
	case v.Has("imported"):
		d.Notice = p.T("MemoryImported", "Name", v.Get("imported"), "Added", v.Get("added"), "Skipped", v.Get("skipped"))
	case v.Has("deleted"):
		d.Notice = p.T("MemoryDeleted", "Name", v.Get("deleted"))
	}
	if d.Query != "" {
		d.Searched = true
		d.Hits, err = h.tm.Concordance(ctx, d.Query, d.Lang, 200)
		if err != nil && !errors.Is(err, store.ErrEmptyQuery) && !errors.Is(err, store.ErrBadFilter) {
			h.fail(w, r, err)
			return
		}
	}
	if err := h.views.render(w, http.StatusOK, "memory", d); err != nil {
		h.log.Error("render memory", "err", err)
	}
}

// importFile adds an uploaded TMX file (field "file") to the memory named
// in the field "name" (the file's name without extension by default).
func (h memoryPage) importFile(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxMemoryFile)
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "multipart/form-data" {
		h.fail(w, r, failure(http.StatusBadRequest, "ErrMemoryFile", nil))
		return
	}
	mr, err := r.MultipartReader()
	if err != nil {
		h.fail(w, r, failure(http.StatusBadRequest, "ErrMemoryFile", nil))
		return
	}
	name := ""
	for {
		part, err := mr.NextPart()
		if err != nil {
			h.fail(w, r, failure(http.StatusBadRequest, "ErrMemoryFile", nil))
			return
		}
		switch part.FormName() {
		case "name":
			b := make([]byte, 201)
			n, _ := part.Read(b)
			name = strings.TrimSpace(string(b[:min(n, 200)]))
			continue
		case "file":
		default:
			continue
		}
		if name == "" {
			name = strings.TrimSuffix(path.Base(part.FileName()), path.Ext(part.FileName()))
		}
		if name == "" || name == "." {
			h.fail(w, r, failure(http.StatusBadRequest, "ErrMemoryName", nil))
			return
		}
		rep, err := h.tm.ImportTMX(r.Context(), part, name, userID(r))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				h.fail(w, r, err)
				return
			}
			h.fail(w, r, failure(http.StatusBadRequest, "ErrMemoryRead", map[string]any{"Error": err.Error()}))
			return
		}
		skipped := 0
		for _, n := range rep.Skipped {
			skipped += n
		}
		q := url.Values{"imported": {rep.Memory.Name}, "added": {strconv.Itoa(rep.Added)}, "skipped": {strconv.Itoa(skipped)}}
		http.Redirect(w, r, "/memory?"+q.Encode(), http.StatusSeeOther)
		return
	}
}

// delete removes the memory named in the form field "name".
func (h memoryPage) delete(w http.ResponseWriter, r *http.Request) {
	name := r.FormValue("name")
	if _, err := h.store.DeleteMemory(r.Context(), name); err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.store.PruneMemoryLog(r.Context(), 50000); err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/memory?deleted="+url.QueryEscape(name), http.StatusSeeOther)
}

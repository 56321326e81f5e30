package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"alinea/store"
)

// usersPage is where admins manage accounts and assignments.
type usersPage struct {
	responder
	store *store.Store
}

type userRow struct {
	store.User
	Assignments []assignmentRow
}

type assignmentRow struct {
	DocID int64
	Title string
	Lang  string
}

type usersData struct {
	*page
	Users     []userRow
	Roles     []store.Role
	Documents []store.Document
	Langs     []string
	Error     string
	Notice    string
	// OneTime is a generated password to hand over, shown once.
	OneTime      string
	OneTimeLogin string
}

func (h usersPage) render(w http.ResponseWriter, r *http.Request, status int, d usersData) {
	ctx := r.Context()
	p := h.newPage(r)
	p.Title = p.T("Users")
	d.page = p
	d.Roles = store.Roles
	users, err := h.store.Users(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	docs, err := h.store.Documents(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	langs, err := h.store.TargetLanguages(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	titles := map[int64]string{}
	for _, doc := range docs {
		titles[doc.ID] = doc.Title
	}
	as, err := h.store.Assignments(ctx, 0, 0)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	byUser := map[int64][]assignmentRow{}
	for _, a := range as {
		byUser[a.UserID] = append(byUser[a.UserID], assignmentRow{DocID: a.DocumentID, Title: titles[a.DocumentID], Lang: a.Lang})
	}
	for _, u := range users {
		d.Users = append(d.Users, userRow{User: u, Assignments: byUser[u.ID]})
	}
	d.Documents, d.Langs = docs, langs
	if err := h.views.render(w, status, "users", d); err != nil {
		h.log.Error("render users", "err", err)
	}
}

func (h usersPage) show(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, usersData{})
}

func (h usersPage) parse(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, badParam("form", ""))
		return false
	}
	return true
}

// userErrorID names the message for store errors about accounts.
func userErrorID(err error) string {
	switch {
	case errors.Is(err, store.ErrLoginTaken):
		return "ErrLoginTaken"
	case errors.Is(err, store.ErrBadLogin):
		return "ErrBadLogin"
	case errors.Is(err, store.ErrWeakPassword):
		return "ErrWeakPassword"
	case errors.Is(err, store.ErrInvalidRole):
		return "ErrInvalidRole"
	case errors.Is(err, store.ErrUnknownLanguage):
		return "ErrUnknownLanguage"
	}
	return ""
}

// refuse re-renders the page with a message for errors the admin can fix,
// and reports anything else.
func (h usersPage) refuse(w http.ResponseWriter, r *http.Request, err error) {
	if id := userErrorID(err); id != "" {
		h.render(w, r, http.StatusBadRequest, usersData{Error: h.tr.of(r).T(id, map[string]any{"Min": store.MinPasswordLength, "Lang": "", "Langs": ""})})
		return
	}
	h.fail(w, r, err)
}

func (h usersPage) create(w http.ResponseWriter, r *http.Request) {
	if !h.parse(w, r) {
		return
	}
	pw := r.PostFormValue("password")
	generated := pw == ""
	if generated {
		var err error
		if pw, err = store.GeneratePassword(); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	login := strings.TrimSpace(r.PostFormValue("login"))
	u, err := h.store.CreateUser(r.Context(), store.NewUser{Login: login, Name: r.PostFormValue("name"),
		Role: store.Role(r.PostFormValue("role")), Password: pw, MustChangePassword: true})
	if err != nil {
		h.refuse(w, r, err)
		return
	}
	d := usersData{Notice: h.tr.of(r).T("UserCreated", map[string]any{"Login": u.Login})}
	if generated {
		d.OneTime, d.OneTimeLogin = pw, u.Login
	}
	h.render(w, r, http.StatusOK, d)
}

// userFrom reads the {userID} URL parameter.
func (h usersPage) userFrom(w http.ResponseWriter, r *http.Request) (store.User, bool) {
	id, ok := parseID(chi.URLParam(r, "userID"))
	if !ok {
		h.fail(w, r, failure(http.StatusNotFound, "ErrNotFound", nil))
		return store.User{}, false
	}
	u, err := h.store.User(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return u, false
	}
	return u, h.parse(w, r)
}

func (h usersPage) update(w http.ResponseWriter, r *http.Request) {
	u, ok := h.userFrom(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	me := currentUser(r)
	loc := h.tr.of(r)
	var err error
	d := usersData{}
	switch r.PostFormValue("action") {
	case "role":
		role := store.Role(r.PostFormValue("role"))
		if u.ID == me.ID && role != store.RoleAdmin {
			// An admin demoting themselves could leave nobody to manage
			// the workbench.
			h.render(w, r, http.StatusBadRequest, usersData{Error: loc.T("ErrOwnAccount", nil)})
			return
		}
		err = h.store.SetRole(ctx, u.ID, role)
	case "disable", "enable":
		if u.ID == me.ID {
			h.render(w, r, http.StatusBadRequest, usersData{Error: loc.T("ErrOwnAccount", nil)})
			return
		}
		err = h.store.SetDisabled(ctx, u.ID, r.PostFormValue("action") == "disable")
	case "reset":
		var pw string
		if pw, err = store.GeneratePassword(); err == nil {
			err = h.store.SetPassword(ctx, u.ID, pw, true)
			d.OneTime, d.OneTimeLogin = pw, u.Login
		}
	case "assign", "unassign":
		doc, perr := strconv.ParseInt(r.PostFormValue("doc"), 10, 64)
		if perr != nil {
			h.fail(w, r, badParam("doc", r.PostFormValue("doc")))
			return
		}
		a := store.Assignment{UserID: u.ID, DocumentID: doc, Lang: r.PostFormValue("lang")}
		if r.PostFormValue("action") == "assign" {
			err = h.store.Assign(ctx, a, me.ID)
		} else {
			err = h.store.Unassign(ctx, a, me.ID)
		}
	default:
		h.fail(w, r, badParam("action", r.PostFormValue("action")))
		return
	}
	if err != nil {
		h.refuse(w, r, err)
		return
	}
	d.Notice = loc.T("UserUpdated", map[string]any{"Login": u.Login})
	h.render(w, r, http.StatusOK, d)
}

// activityPage is a document's log, for admins.
type activityPage struct {
	responder
	store *store.Store
}

type activityData struct {
	*page
	Doc    store.Document
	Events []activityEvent
}

// activityEvent is a log entry as people read it: names instead of user
// ids, row numbers instead of segment ids, links to what it changed.
type activityEvent struct {
	store.Event
	Parts []detailPart
}

// detailPart is one piece of an event's details, a link when URL is set.
type detailPart struct {
	Text, URL string
	Lang      string // the language of Text when it is content (a file name is not)
}

func (h activityPage) show(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	doc := documentFrom(ctx)
	evs, err := h.store.Activity(ctx, doc.ID, 1000)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rowsOf, err := h.store.RowNumbers(ctx, doc.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	users, err := h.store.Users(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	names := map[int64]string{}
	for _, u := range users {
		names[u.ID] = cmpOr(u.Name, u.Login)
	}
	p := h.newPage(r)
	p.Title = p.T("ActivityTitle", "Title", doc.Title)
	data := activityData{page: p, Doc: doc}
	for _, e := range evs {
		data.Events = append(data.Events, activityEvent{Event: e, Parts: activityParts(p, doc, e, rowsOf, names)})
	}
	if err := h.views.render(w, http.StatusOK, "activity", data); err != nil {
		h.log.Error("render activity", "err", err)
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// detailFields reads the name=value pairs the store records as an event's
// detail; words without "=" are kept in order under "".
func detailFields(detail string) (map[string]string, []string) {
	kv := map[string]string{}
	var words []string
	for _, f := range strings.Fields(detail) {
		if k, v, ok := strings.Cut(f, "="); ok {
			kv[k] = v
		} else {
			words = append(words, f)
		}
	}
	return kv, words
}

// activityParts renders an event's details in the reader's language.
func activityParts(p *page, doc store.Document, e store.Event, rowsOf map[int64]int, names map[int64]string) []detailPart {
	kv, words := detailFields(e.Detail)
	num := func(k string) int {
		n, _ := strconv.Atoi(kv[k])
		return n
	}
	segment := func(id int64, lang string) detailPart {
		if lang == "" {
			lang = "es"
		}
		if n, ok := rowsOf[id]; ok {
			return detailPart{Text: p.T("RowNumber", "N", p.Num(n)), URL: historyURL(id, lang)}
		}
		return detailPart{Text: p.T("RowGone")}
	}
	segOf := func(k string) int64 {
		id, _ := strconv.ParseInt(kv[k], 10, 64)
		return id
	}
	user := func() detailPart {
		id, _ := strconv.ParseInt(kv["user"], 10, 64)
		if n, ok := names[id]; ok {
			return detailPart{Text: n}
		}
		return detailPart{Text: p.T("UnknownUser")}
	}
	text := func(s string) detailPart { return detailPart{Text: s} }
	switch e.Action {
	case "save":
		return []detailPart{segment(e.Segment, e.Lang), text(p.LangName(e.Lang)),
			text(p.T("RevisionVersion", "Version", e.Version)), text(p.StatusName(e.Status)), text(p.OriginName(e.Detail))}
	case "import":
		out := []detailPart{text(p.N("ParagraphCount", num("paragraphs"))), text(p.N("SegmentCount", num("segments")))}
		if f := kv["file"]; f != "" {
			out = append(out, text(p.T("FileNamed", "Name", f)))
		}
		return out
	case "assign", "unassign":
		return []detailPart{user(), text(p.LangName(kv["lang"])),
			{Text: p.T("OpenEditor"), URL: editorURL(doc.ID, kv["lang"])}}
	case "merge":
		return []detailPart{segment(segOf("segment"), ""), text(p.T("MergedNext"))}
	case "split":
		return []detailPart{segment(segOf("segment"), ""), text(p.T("SplitInto", "N", p.Num(rowsOf[segOf("new")])))}
	case "align", "align-accept":
		out := []detailPart{{Text: p.T("AlignmentNumber", "ID", kv["alignment"]), URL: "/alignments/" + kv["alignment"]}, text(p.LangName(kv["lang"]))}
		if e.Action == "align" {
			out = append(out, text(p.N("SentenceCount", num("sentences"))), text(p.N("BeadCount", num("beads"))))
			if f := kv["file"]; f != "" {
				out = append(out, text(p.T("FileNamed", "Name", f)))
			}
		} else {
			out = append(out, text(p.N("ActAccepted", num("accepted"))), text(p.N("ActSkipped", num("existing"))))
		}
		return out
	case "replace", "replace-undo":
		out := []detailPart{text(p.LangName(kv["lang"]))}
		if e.Action == "replace" {
			return append(out, text(p.N("ActReplaced", num("changed"))))
		}
		return append(out, text(p.N("ActRestored", num("restored"))), text(p.N("ActKept", num("kept"))))
	case "exchange-import":
		out := []detailPart{}
		if len(words) >= 2 {
			out = append(out, text(p.T("FileNamed", "Name", strings.Join(words[1:], " ")+" ("+words[0]+")")))
		}
		return append(out, text(p.N("ActApplied", num("applied"))), text(p.N("ActUnchanged", num("unchanged"))),
			text(p.N("ActConflicts", num("conflicts"))), text(p.N("ActUnmatched", num("unmatched"))))
	}
	return []detailPart{text(e.Detail)}
}

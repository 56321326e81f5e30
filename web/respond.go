package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"alinea/align/segment"
	"alinea/align/text"
	"alinea/docimport"
	"alinea/store"
	"alinea/workflow"
)

// userError is a failure to report to the user: an HTTP status and a message
// id with its data, rendered in the user's language.
type userError struct {
	status int
	id     string
	data   map[string]any
	extra  map[string]any // more fields for JSON responses
}

func (e *userError) Error() string { return fmt.Sprintf("%d %s %v", e.status, e.id, e.data) }

func failure(status int, id string, data map[string]any) *userError {
	return &userError{status: status, id: id, data: data}
}

// responder writes responses; every handler struct embeds one.
type responder struct {
	tr    *translator
	log   *slog.Logger
	views *views
}

func (rs responder) json(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		rs.log.Debug("write response", "err", err)
	}
}

// fail reports err to the client: as JSON {"error": "…"} for the API, as a
// localized HTML error page otherwise. Errors it does not recognize are logged and
// reported as internal errors, without details.
func (rs responder) fail(w http.ResponseWriter, r *http.Request, err error) {
	ue := rs.classify(r, err)
	loc := rs.tr.of(r)
	msg := loc.T(ue.id, ue.data)
	if wantsJSON(r) {
		body := map[string]any{"error": msg}
		for k, v := range ue.extra {
			body[k] = v
		}
		rs.json(w, ue.status, body)
		return
	}
	rs.renderError(w, r, ue.status, msg)
}

func wantsJSON(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/") || strings.Contains(r.Header.Get("Accept"), "application/json")
}

// classify maps errors from the layers below to what the user is told.
func (rs responder) classify(r *http.Request, err error) *userError {
	var ue *userError
	var conflict *store.ConflictError
	var dup *store.DuplicateError
	var dec *text.DecodeError
	var tooBig *http.MaxBytesError
	var unit *store.UnitError
	var char *store.CharError
	var status *store.StatusError
	switch {
	case errors.As(err, &ue):
		return ue
	case errors.As(err, &unit):
		// The unit of a file at fault, and what is wrong with it.
		loc := rs.tr.of(r)
		inner := rs.classify(r, unit.Err)
		where := loc.T("ImportWhereLine", map[string]any{"Line": unit.Line})
		if unit.Ref != "" {
			where = loc.T("ImportWhereUnit", map[string]any{"ID": unit.Ref, "Line": unit.Line})
		}
		return failure(inner.status, "ErrImportUnit", map[string]any{"Where": where,
			"Language": langName(loc, unit.Lang), "Problem": loc.T(inner.id, inner.data)})
	case errors.As(err, &char):
		if char.Invalid {
			return failure(http.StatusBadRequest, "ErrInvalidUTF8", nil)
		}
		return failure(http.StatusBadRequest, "ErrBadChar", map[string]any{"Char": store.CharName(char.Char), "Pos": char.Pos})
	case errors.As(err, &status):
		names := make([]string, len(workflow.Statuses))
		for i, s := range workflow.Statuses {
			names[i] = string(s)
		}
		return failure(http.StatusBadRequest, "ErrInvalidStatus", map[string]any{"Status": string(status.Status), "Statuses": strings.Join(names, ", ")})
	case errors.Is(err, docimport.ErrTooLarge):
		return failure(http.StatusRequestEntityTooLarge, "ErrFileTooLarge", map[string]any{"Max": docimport.MaxBytes >> 20})
	case errors.Is(err, docimport.ErrTitleTooLong):
		return failure(http.StatusBadRequest, "ErrTitleTooLong", map[string]any{"Max": docimport.MaxTitleRunes})
	case errors.Is(err, docimport.ErrBadTitle):
		return failure(http.StatusBadRequest, "ErrInvalidUTF8", nil)
	case errors.Is(err, store.ErrTextTooLong):
		return failure(http.StatusBadRequest, "ErrTextTooLong", map[string]any{"Max": store.MaxTranslationBytes})
	case errors.Is(err, store.ErrEmptyAboveDraft):
		return failure(http.StatusBadRequest, "ErrEmptyNotTranslated", nil)
	case errors.Is(err, store.ErrNeedsReviewer):
		return failure(http.StatusForbidden, "ErrNeedsReviewer", nil)
	case errors.Is(err, store.ErrForbidden):
		return failure(http.StatusForbidden, "ErrForbidden", nil)
	case errors.As(err, &conflict):
		cur := conflict.Current
		u := failure(http.StatusConflict, "ErrConflict", map[string]any{"Version": cur.Version})
		u.extra = map[string]any{"current": translationJSON(cur)}
		return u
	case errors.As(err, &dup):
		u := failure(http.StatusConflict, "ErrDuplicate", map[string]any{"ID": dup.Existing.ID, "Title": dup.Existing.Title})
		u.extra = map[string]any{"document_id": dup.Existing.ID}
		return u
	case errors.As(err, &dec) && dec.Problem == text.NotText:
		return failure(http.StatusBadRequest, "ErrNotText", map[string]any{"Offset": dec.Offset})
	case errors.As(err, &dec):
		loc := rs.tr.of(r)
		problem := loc.T(decodeProblemID(dec.Problem), map[string]any{"Value": hexValue(dec)})
		return failure(http.StatusBadRequest, "ErrBadEncoding", map[string]any{
			"Encoding": string(dec.Encoding), "Offset": dec.Offset, "Problem": problem})
	case errors.Is(err, segment.ErrNoText):
		return failure(http.StatusBadRequest, "ErrNoText", nil)
	case errors.As(err, &tooBig):
		return failure(http.StatusRequestEntityTooLarge, "ErrBodyTooLarge", map[string]any{"Max": tooBig.Limit})
	case errors.Is(err, store.ErrTooManySegments):
		return failure(http.StatusRequestEntityTooLarge, "ErrTooManySegments", map[string]any{"Max": store.MaxSegments})
	case errors.Is(err, store.ErrBusy):
		return failure(http.StatusTooManyRequests, "ErrSigninBusy", nil)
	case errors.Is(err, context.DeadlineExceeded):
		return failure(http.StatusServiceUnavailable, "ErrTimeout", nil)
	case errors.Is(err, store.ErrNoNextSegment):
		return failure(http.StatusConflict, "ErrNoNextSegment", nil)
	case errors.Is(err, store.ErrAcrossParagraphs):
		return failure(http.StatusConflict, "ErrAcrossParagraphs", nil)
	case errors.Is(err, store.ErrBadSplit):
		return failure(http.StatusBadRequest, "ErrBadSplit", nil)
	case errors.Is(err, store.ErrSegmentationChanged):
		return failure(http.StatusConflict, "ErrSegmentationChanged", nil)
	case errors.Is(err, store.ErrNotFound):
		return failure(http.StatusNotFound, "ErrNotFound", nil)
	}
	rs.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	return failure(http.StatusInternalServerError, "ErrInternal", nil)
}

func decodeProblemID(p text.DecodeProblem) string {
	switch p {
	case text.OddLength:
		return "DecodeOddLength"
	case text.LoneSurrogate:
		return "DecodeLoneSurrogate"
	case text.ControlChar:
		return "DecodeControlChar"
	}
	return "DecodeBadByte"
}

func hexValue(e *text.DecodeError) string {
	switch e.Problem {
	case text.BadByte:
		return fmt.Sprintf("%02X", e.Value)
	}
	return fmt.Sprintf("%04X", e.Value)
}

// langName is the name of a corpus language in loc's language.
func langName(loc *Locale, code string) string {
	if id := langNameIDs[code]; id != "" {
		return loc.T(id, nil)
	}
	return code
}

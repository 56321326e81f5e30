package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"
	"unicode/utf8"

	"alinea/quality"
	"alinea/store"
	"alinea/workflow"
)

// maxJSONBody bounds every JSON request body.
const maxJSONBody = 1 << 20

// translationsAPI saves translations and reads their history. The store
// decides whether a save is allowed; this is only HTTP.
type translationsAPI struct {
	responder
	store *store.Store
	// saved is told about every save, so open editors can update the row.
	saved savedFunc
	// qa checks each saved translation, so the editor shows its findings.
	qa quality.Service
}

// savedFunc is told about a save of a translation of document docID, with
// the context of the request that saved it.
type savedFunc func(ctx context.Context, docID int64, t store.Translation)

type translationBody struct {
	ID        int64           `json:"segment_id"`
	Lang      string          `json:"lang"`
	Text      string          `json:"text"`
	Status    workflow.Status `json:"status"`
	Version   int64           `json:"version"`
	Author    string          `json:"author,omitempty"`
	UpdatedAt *time.Time      `json:"updated_at,omitempty"`
}

func translationJSON(t store.Translation) translationBody {
	b := translationBody{ID: t.SegmentID, Lang: t.Lang, Text: t.Text, Status: t.Status, Version: t.Version, Author: t.Author}
	if !t.UpdatedAt.IsZero() {
		b.UpdatedAt = &t.UpdatedAt
	}
	return b
}

type saveRequest struct {
	Text    *string `json:"text"`
	Status  string  `json:"status"`
	Version *int64  `json:"version"`
}

// put saves a translation: 200 with the new version (or the current one
// when it already has this text and status), 409 with the current text and
// version when the request started from an older one and differs from it.
func (h translationsAPI) put(w http.ResponseWriter, r *http.Request) {
	seg := segmentFrom(r.Context())
	lang := langFrom(r.Context())
	var req saveRequest
	if err := decodeJSON(w, r, &req); err != nil {
		h.fail(w, r, err)
		return
	}
	if req.Text == nil {
		h.fail(w, r, badParam("text", ""))
		return
	}
	if req.Version == nil || *req.Version < 0 {
		h.fail(w, r, badParam("version", ""))
		return
	}
	st := workflow.Status(req.Status)
	if req.Status == "" {
		st = workflow.StatusDraft
	}
	t, err := h.store.SaveTranslation(r.Context(), store.Save{SegmentID: seg.ID, Lang: lang, Text: *req.Text,
		Status: st, BaseVersion: *req.Version, AuthorID: userID(r)})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if h.saved != nil {
		h.saved(r.Context(), seg.DocumentID, t)
	}
	// The save stands whatever the checks say; a failure to check is
	// logged and answered with no findings, as is a handler built without
	// the checks.
	var fs []quality.Finding
	if h.qa.Store != nil {
		if fs, err = h.qa.Segment(r.Context(), seg.ID, lang); err != nil {
			h.log.Error("quality check after save", "segment", seg.ID, "lang", lang, "err", err)
		}
	}
	h.json(w, http.StatusOK, savedBody{translationJSON(t), findingsJSON(h.tr.of(r), fs)})
}

// savedBody answers a save: the translation and the quality checks'
// findings on it.
type savedBody struct {
	translationBody
	QA []quality.FindingJSON `json:"qa"`
}

type revisionJSON struct {
	ID        int64           `json:"id"`
	Version   int64           `json:"version"`
	Text      string          `json:"text"`
	Status    workflow.Status `json:"status"`
	Author    string          `json:"author"`
	Origin    string          `json:"origin"`
	CreatedAt time.Time       `json:"created_at"`
}

// revisions returns the full history of a translation, newest first.
func (h translationsAPI) revisions(w http.ResponseWriter, r *http.Request) {
	seg := segmentFrom(r.Context())
	lang := langFrom(r.Context())
	revs, err := h.store.Revisions(r.Context(), seg.ID, lang)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out := make([]revisionJSON, 0, len(revs))
	for _, rv := range revs {
		out = append(out, revisionJSON{ID: rv.ID, Version: rv.Version, Text: rv.Text, Status: rv.Status,
			Author: rv.Author, Origin: rv.Origin, CreatedAt: rv.CreatedAt})
	}
	h.json(w, http.StatusOK, map[string]any{"segment_id": seg.ID, "lang": lang, "revisions": out})
}

// decodeJSON reads a size-limited JSON body into v. Invalid UTF-8 and lone
// surrogate escapes are refused, because encoding/json silently turns both
// into U+FFFD (TestJSONDecoderKeepsLoneSurrogates); encoding/json/v2 would
// reject them itself, but Go 1.26 builds it only with GOEXPERIMENT=jsonv2.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxJSONBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return err
		}
		return failure(http.StatusBadRequest, "ErrBadJSON", map[string]any{"Detail": err.Error()})
	}
	if !utf8.Valid(body) {
		return failure(http.StatusBadRequest, "ErrInvalidUTF8", nil)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return failure(http.StatusBadRequest, "ErrBadJSON", map[string]any{"Detail": err.Error()})
	}
	if dec.More() {
		return failure(http.StatusBadRequest, "ErrBadJSON", map[string]any{"Detail": "trailing data after the JSON value"})
	}
	if hasLoneSurrogateEscape(body) {
		return failure(http.StatusBadRequest, "ErrInvalidUTF8", nil)
	}
	return nil
}

// hasLoneSurrogateEscape finds \uD800–\uDFFF escapes that are not a high
// surrogate followed by a low one.
func hasLoneSurrogateEscape(body []byte) bool {
	s := string(body)
	for i := 0; i+6 <= len(s); i++ {
		if s[i] != '\\' {
			continue
		}
		if s[i+1] == '\\' {
			i++
			continue
		}
		if s[i+1] != 'u' {
			continue
		}
		u, ok := hex4(s[i+2 : i+6])
		if !ok {
			continue
		}
		switch {
		case u >= 0xD800 && u < 0xDC00:
			if i+12 > len(s) || s[i+6] != '\\' || s[i+7] != 'u' {
				return true
			}
			lo, ok := hex4(s[i+8 : i+12])
			if !ok || lo < 0xDC00 || lo > 0xDFFF {
				return true
			}
			i += 11
		case u >= 0xDC00 && u <= 0xDFFF:
			return true
		}
	}
	return false
}

func hex4(s string) (rune, bool) {
	var v rune
	for _, c := range []byte(s) {
		v <<= 4
		switch {
		case c >= '0' && c <= '9':
			v |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			v |= rune(c-'a') + 10
		case c >= 'A' && c <= 'F':
			v |= rune(c-'A') + 10
		default:
			return 0, false
		}
	}
	return v, true
}

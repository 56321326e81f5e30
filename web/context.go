package web

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"alinea/store"
)

// The records a route works on are loaded once, by middleware, into the
// request context; handlers read them back with documentFrom and friends.
type ctxKey int

const (
	documentKey ctxKey = iota
	segmentKey
	langKey
)

// loader is the middleware that loads records named in the URL.
type loader struct {
	responder
	store *store.Store
}

func (l loader) document(next http.Handler) http.Handler {
	return loadByID(l, "docID", "ErrDocumentNotFound", documentKey, l.store.Document, next)
}

// segment loads the live segment named in the URL, and its document, so
// handlers have both.
func (l loader) segment(next http.Handler) http.Handler {
	return loadByID(l, "segID", "ErrSegmentNotFound", segmentKey, l.store.Segment, l.segmentDocument(next))
}

// anySegment loads the segment named in the URL even when it was merged
// away, since its history stays readable, and its document.
func (l loader) anySegment(next http.Handler) http.Handler {
	return loadByID(l, "segID", "ErrSegmentNotFound", segmentKey, l.store.SegmentWithHistory, l.segmentDocument(next))
}

// segmentDocument puts the document of the segment in the context.
func (l loader) segmentDocument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		doc, err := l.store.Document(r.Context(), segmentFrom(r.Context()).DocumentID)
		if err != nil {
			l.fail(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), documentKey, doc)))
	})
}

// loadByID loads the record whose id is the URL parameter param into the
// context under key, answering notFound (a message id) when there is none.
func loadByID[T any](l loader, param, notFound string, key ctxKey, fetch func(context.Context, int64) (T, error), next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw := chi.URLParam(r, param)
		id, ok := parseID(raw)
		if !ok {
			l.fail(w, r, failure(http.StatusNotFound, notFound, map[string]any{"ID": raw}))
			return
		}
		rec, err := fetch(r.Context(), id)
		if err != nil {
			if isNotFound(err) {
				err = failure(http.StatusNotFound, notFound, map[string]any{"ID": id})
			}
			l.fail(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), key, rec)))
	})
}

// targetLang validates the target language named by the {lang} URL parameter
// or, failing that, the lang query parameter.
func (l loader) targetLang(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := chi.URLParam(r, "lang")
		if lang == "" {
			lang = r.URL.Query().Get("lang")
		}
		langs, err := l.store.TargetLanguages(r.Context())
		if err != nil {
			l.fail(w, r, err)
			return
		}
		if !slices.Contains(langs, lang) {
			l.fail(w, r, failure(http.StatusBadRequest, "ErrUnknownLanguage", map[string]any{
				"Lang": lang, "Langs": strings.Join(langs, ", ")}))
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), langKey, lang)))
	})
}

func documentFrom(ctx context.Context) store.Document { return ctx.Value(documentKey).(store.Document) }
func segmentFrom(ctx context.Context) store.Segment   { return ctx.Value(segmentKey).(store.Segment) }
func langFrom(ctx context.Context) string             { return ctx.Value(langKey).(string) }

func parseID(s string) (int64, bool) {
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"alinea/workflow"
)

// The rules every save of a translation obeys live here, and every way a
// translation is written (the editor and API, history restore, file
// imports, alignment acceptance, pre-translation, merges and splits) goes
// through saveTranslation, which applies them.

// MaxTranslationBytes bounds one translation: segments are sentences, so
// anything near this is a paste gone wrong.
const MaxTranslationBytes = 64 << 10

var (
	// ErrTextTooLong is returned (wrapped) for a translation over
	// MaxTranslationBytes.
	ErrTextTooLong = errors.New("translation too long")
	// ErrEmptyAboveDraft is returned for an empty translation with a status
	// above draft: only text can be translated, reviewed or approved.
	ErrEmptyAboveDraft = errors.New("an empty translation can only be new or draft")
	// ErrForbidden is returned (wrapped) when the author may not edit the
	// document in the language.
	ErrForbidden = errors.New("not allowed")
	// ErrNeedsReviewer is returned when someone who is not a reviewer or an
	// administrator sets reviewed or approved. It wraps ErrForbidden.
	ErrNeedsReviewer = fmt.Errorf("%w: only reviewers and administrators set reviewed or approved", ErrForbidden)
)

// CharError is a translation refused for a character it must not hold:
// control characters but tab, line feed and carriage return, noncharacters,
// and bytes that are not UTF-8 (which is how a lone surrogate arrives).
// Exchange formats cannot carry them: XML forbids most, and the writers
// would have to replace them.
type CharError struct {
	Char rune // the character; utf8.RuneError for bytes that are not UTF-8
	// Byte is the offending byte when the text is not UTF-8.
	Byte byte
	// Pos is the character's position in the text, counted in characters
	// from 1.
	Pos     int
	Invalid bool // not UTF-8
}

func (e *CharError) Error() string {
	if e.Invalid {
		return fmt.Sprintf("the text is not UTF-8: byte %02X at character %d", e.Byte, e.Pos)
	}
	return fmt.Sprintf("character %s at position %d is not allowed in a translation", CharName(e.Char), e.Pos)
}

// CharName writes a code point the way people look it up: U+000C.
func CharName(r rune) string { return fmt.Sprintf("U+%04X", r) }

// allowedChar reports whether a translation may hold r.
func allowedChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20 || r >= 0x7F && r <= 0x9F:
		return false
	case r >= 0xFDD0 && r <= 0xFDEF:
		return false
	case r&0xFFFE == 0xFFFE: // U+FFFE, U+FFFF and their likes in every plane
		return false
	case r >= 0xD800 && r <= 0xDFFF:
		return false
	}
	return true
}

// CheckText applies the rules about a translation's text alone: its length
// and its characters. Callers that gather many texts (a file, a
// pre-translation) may check them first; every save checks again.
func CheckText(text string) error {
	if len(text) > MaxTranslationBytes {
		return fmt.Errorf("%w: %d bytes, at most %d", ErrTextTooLong, len(text), MaxTranslationBytes)
	}
	pos := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		pos++
		if r == utf8.RuneError && size <= 1 {
			return &CharError{Char: r, Byte: text[i], Pos: pos, Invalid: true}
		}
		if !allowedChar(r) {
			return &CharError{Char: r, Pos: pos}
		}
		i += size
	}
	return nil
}

// CheckContent applies the rules about what is saved, before anything is
// read: a known status, allowed text, and no empty text above draft. Pages
// use it to offer only what a save would take; every save checks again.
func CheckContent(text string, st workflow.Status) error {
	if !st.Valid() {
		return &StatusError{Status: st}
	}
	if err := CheckText(text); err != nil {
		return err
	}
	if strings.TrimSpace(text) == "" && st.Rank() > workflow.StatusDraft.Rank() {
		return ErrEmptyAboveDraft
	}
	return nil
}

// Rights is what a user may do with a document in one target language.
type Rights struct {
	Edit   bool // type translations, set new, draft and translated
	Review bool // also set reviewed and approved
	Admin  bool // users, documents, glossary, everything
}

// MaySet reports whether a translation may be saved with status st.
func (r Rights) MaySet(st workflow.Status) bool {
	if st.Rank() > workflow.StatusTranslated.Rank() {
		return r.Review
	}
	return r.Edit
}

// check says why a save with status st is refused, nil when it is not.
func (r Rights) check(st workflow.Status) error {
	switch {
	case !r.Edit:
		return ErrForbidden
	case !r.MaySet(st):
		return ErrNeedsReviewer
	}
	return nil
}

// systemRights are those of saves no user makes: the command line without
// --user, seeds.
var systemRights = Rights{Edit: true, Review: true, Admin: true}

// RightsOf is the one place that decides what u may do with document docID
// in lang. Reviewers and administrators edit everything; translators edit
// the documents and languages assigned to them; viewers and disabled
// accounts only read. An empty lang or a zero docID asks about the
// workbench as a whole, where translators have no rights.
func (s *Store) RightsOf(ctx context.Context, u User, docID int64, lang string) (Rights, error) {
	return rightsOf(ctx, s.r, u, docID, lang)
}

func rightsOf(ctx context.Context, q querier, u User, docID int64, lang string) (Rights, error) {
	if u.Disabled {
		return Rights{}, nil
	}
	switch u.Role {
	case RoleAdmin:
		return Rights{Edit: true, Review: true, Admin: true}, nil
	case RoleReviewer:
		return Rights{Edit: true, Review: true}, nil
	case RoleTranslator:
		if lang == "" || docID == 0 {
			return Rights{}, nil
		}
		var n int
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM assignments WHERE user_id = ? AND document_id = ? AND lang = ?`,
			u.ID, docID, lang).Scan(&n); err != nil {
			return Rights{}, fmt.Errorf("assignment: %w", err)
		}
		return Rights{Edit: n > 0}, nil
	}
	return Rights{}, nil
}

// authorRights are the rights of the user userID (0: the system).
func authorRights(ctx context.Context, q querier, userID, docID int64, lang string) (Rights, error) {
	if userID == 0 {
		return systemRights, nil
	}
	var u User
	err := q.QueryRowContext(ctx, `SELECT id, role, disabled FROM users WHERE id = ?`, userID).Scan(&u.ID, &u.Role, &u.Disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return Rights{}, fmt.Errorf("user %d: %w", userID, ErrNotFound)
	}
	if err != nil {
		return Rights{}, err
	}
	return rightsOf(ctx, q, u, docID, lang)
}

// structural origins are saves that follow a change of the segments
// (merge, split): their statuses never rise above those the segments had,
// so they are not a status the author chose.
func structural(origin string) bool { return origin == "merge" || origin == "split" }

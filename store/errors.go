package store

import (
	"errors"
	"fmt"

	"alinea/workflow"
)

// ErrNotFound is returned (wrapped) when a document, segment or translation
// does not exist.
var ErrNotFound = errors.New("not found")

// ErrUnknownLanguage is returned (wrapped) for a language code the store does
// not know, or one that is not a target language where a target is needed.
var ErrUnknownLanguage = errors.New("unknown language")

// ErrInvalidStatus is returned (wrapped) for a status outside Statuses.
var ErrInvalidStatus = errors.New("invalid status")

// ConflictError is returned when a save starts from a version that is no
// longer the current one: someone else saved first. Nothing was written.
type ConflictError struct {
	Current Translation
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("segment %d (%s) was saved by someone else: now at version %d",
		e.Current.SegmentID, e.Current.Lang, e.Current.Version)
}

// DuplicateError is returned when a document with the same content was
// already imported.
type DuplicateError struct {
	Existing Document
}

func (e *DuplicateError) Error() string {
	return fmt.Sprintf("already imported as document %d (%q)", e.Existing.ID, e.Existing.Title)
}

// UnitError is a unit of an imported file that breaks a rule of saves (see
// CheckText); the whole file is refused, since applying the rest would
// leave a half-imported file behind.
type UnitError struct {
	Ref  string // the unit's id in the file, if it has one
	Line int
	Lang string
	Err  error
}

func (e *UnitError) Error() string {
	where := fmt.Sprintf("line %d", e.Line)
	if e.Ref != "" {
		where = fmt.Sprintf("unit %s (line %d)", e.Ref, e.Line)
	}
	return fmt.Sprintf("%s (%s): %v", where, e.Lang, e.Err)
}

func (e *UnitError) Unwrap() error { return e.Err }

// StatusError is a status outside Statuses; it is ErrInvalidStatus.
type StatusError struct {
	Status workflow.Status
}

func (e *StatusError) Error() string { return fmt.Sprintf("%v: %q", ErrInvalidStatus, e.Status) }

func (e *StatusError) Is(target error) bool { return target == ErrInvalidStatus }

// Package workflow names where a translation stands: the statuses a segment
// passes through, in order, shared by the store, the exchange formats and the
// web.
package workflow

import (
	"fmt"
	"strings"
)

// Status is where one translation of a segment stands in the workflow. The
// values are ordered: each later one implies the earlier ones were passed.
// New means there is no translation yet.
type Status string

const (
	StatusNew        Status = "new"
	StatusDraft      Status = "draft"
	StatusTranslated Status = "translated"
	StatusReviewed   Status = "reviewed"
	StatusApproved   Status = "approved"
)

// Statuses lists every status from least to most advanced.
var Statuses = []Status{StatusNew, StatusDraft, StatusTranslated, StatusReviewed, StatusApproved}

// Rank is the position of s in the workflow (new is 0, approved 4), -1 for
// an unknown status, so an unknown status never passes a filter.
func (s Status) Rank() int {
	for i, v := range Statuses {
		if v == s {
			return i
		}
	}
	return -1
}

// Valid reports whether s is one of the five statuses.
func (s Status) Valid() bool { return s.Rank() >= 0 }

// AtLeast reports whether s is min or further along; an empty min admits all.
func (s Status) AtLeast(min Status) bool {
	if min == "" {
		return true
	}
	return s.Valid() && s.Rank() >= min.Rank()
}

// ParseStatus reads a status name, ignoring case and surrounding space.
func ParseStatus(v string) (Status, error) {
	s := Status(strings.ToLower(strings.TrimSpace(v)))
	if !s.Valid() {
		return "", fmt.Errorf("unknown status %q (want new, draft, translated, reviewed or approved)", v)
	}
	return s, nil
}

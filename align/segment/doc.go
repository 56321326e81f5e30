// Package segment cuts decoded text into paragraphs and sentence segments
// with SRX rules and heading patterns per language.
package segment

// Package text turns bytes into text and text into the folded form that
// search and matching compare: decoding, folding, width, word counts and
// language tags.
package text

// Package align pairs the sentences of a source text with those of its
// translation, from lengths, anchors and a lexicon learnt from the pair itself.
package align

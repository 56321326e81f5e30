// Package term holds the terminology of a glossary and works with it: the
// concept types, the matcher that finds terms in text, term checks of
// translations and discovery of new term candidates.
package term

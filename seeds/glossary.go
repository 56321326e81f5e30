package seeds

import _ "embed"

// Glossary is the seed termbase: the terms of the policy paper with their
// official Spanish, Portuguese and English renderings, as glossary CSV
// (read it with formats.ReadTermCSV). It is kept as CSV so that it can be
// reviewed and extended in a spreadsheet.
//
//go:embed glossary.csv
var Glossary []byte

// GlossaryFile is the name Glossary was embedded from.
const GlossaryFile = "glossary.csv"

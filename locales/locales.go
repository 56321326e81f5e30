// Package locales holds the interface messages in every language the
// workbench speaks, as go-i18n TOML files named after their language tag.
package locales

import "embed"

// FS holds the message files (en.toml, es.toml, pt.toml, zh-Hans.toml).
//
//go:embed *.toml
var FS embed.FS

// Default is the language used when nothing else matches.
const Default = "en"

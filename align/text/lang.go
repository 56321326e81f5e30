package text

import "strings"

// IsLang reports whether the tag lang belongs to the language base ("zh"
// covers "zh", "zh-Hans", "zh-CN"...).
func IsLang(lang, base string) bool {
	return len(lang) >= len(base) && strings.EqualFold(lang[:len(base)], base) &&
		(len(lang) == len(base) || lang[len(base)] == '-' || lang[len(base)] == '_')
}

// BaseLang is the primary language subtag of lang, lower case.
func BaseLang(lang string) string {
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	return strings.ToLower(lang)
}

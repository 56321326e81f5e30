package formats

import "strings"

// NormalizeLang reduces a language tag from a file to the bare code the
// workbench stores: zh-CN, zh-Hans and zh_TW become "zh", es-ES and es-419
// "es", pt-BR "pt", en-US "en". Regional variants are not kept apart because
// the workbench has one target per language.
func NormalizeLang(tag string) string {
	tag = strings.TrimSpace(tag)
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	tag = strings.ToLower(tag)
	switch tag {
	case "zho", "chi", "cmn":
		return "zh"
	case "spa":
		return "es"
	case "por":
		return "pt"
	case "eng":
		return "en"
	}
	return tag
}

// DefaultZhTag is the tag of Chinese in exchange files when the header
// gives none: simplified Chinese, by script.
const DefaultZhTag = "zh-Hans"

// fileLang is the tag written into exchange files for a stored language
// code: Chinese with the header's tag, the others as they are.
func (h *Header) fileLang(code string) string {
	if code == "zh" {
		if h.ZhTag != "" {
			return h.ZhTag
		}
		return DefaultZhTag
	}
	return code
}

// langName is a language's own name, for column headings.
func langName(code string) string {
	switch code {
	case "zh":
		return "中文"
	case "es":
		return "Español"
	case "pt":
		return "Português"
	case "en":
		return "English"
	}
	return code
}

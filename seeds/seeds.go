// Package seeds carries the documents a new workbench starts with, so a first
// run has real work to show.
package seeds

import _ "embed"

// PolicyPaper is China's 2025 policy paper on Latin America and the
// Caribbean, in Chinese, as published (typos and hard line breaks included).
//
//go:embed china-lac-policy-paper-2025.zh.txt
var PolicyPaper []byte

const (
	PolicyPaperFile  = "china-lac-policy-paper-2025.zh.txt"
	PolicyPaperTitle = "中国对拉丁美洲和加勒比政策文件"
	PolicyPaperLang  = "zh"
)

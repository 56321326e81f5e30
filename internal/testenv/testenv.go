// Package testenv finds what tests read outside their own package: the
// seed document, the official exchange-format schemas, the external tools
// some checks drive, and the development data kept beside the repository.
package testenv

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// RequireAllEnv names the variable under which a test that lacks a tool or
// a file fails instead of skipping, so that CI cannot pass with checks
// silently left out. Only the development data (DevData) may still be
// absent: it is not part of the repository.
const RequireAllEnv = "ALINEA_REQUIRE_ALL"

// SeedFile is the seed document, which seeds.PolicyPaper embeds; the seeds
// package checks that both are the same bytes.
const SeedFile = "seeds/china-lac-policy-paper-2025.zh.txt"

// Missing skips the test for the reason given, or fails it when RequireAllEnv
// is set: every skip for a missing tool or file goes through here.
func Missing(tb testing.TB, format string, args ...any) {
	tb.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv(RequireAllEnv) != "" {
		tb.Fatalf("%s (%s is set, so nothing may be skipped)", msg, RequireAllEnv)
	}
	tb.Skip(msg)
}

var (
	rootOnce sync.Once
	root     string
	rootErr  error
)

// Root is the repository's root: the nearest folder above the test's
// working directory that holds go.mod.
func Root(tb testing.TB) string {
	tb.Helper()
	rootOnce.Do(func() {
		dir, err := os.Getwd()
		if err != nil {
			rootErr = err
			return
		}
		for {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				root = dir
				return
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				rootErr = fmt.Errorf("no go.mod above %s", dir)
				return
			}
			dir = parent
		}
	})
	if rootErr != nil {
		tb.Fatalf("repository root: %v", rootErr)
	}
	return root
}

// Seed is the seed document, as published (byte-order mark, typos and hard
// line breaks included).
func Seed(tb testing.TB) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(Root(tb), SeedFile))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// SeedLines are the non-blank lines of the seed document.
func SeedLines(tb testing.TB) []string {
	tb.Helper()
	var lines []string
	for _, l := range strings.Split(strings.TrimPrefix(string(Seed(tb)), "\uFEFF"), "\n") {
		if strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// Schema is the path of an official schema in testdata/schemas (see its
// README): tmx14.dtd, xliff-core-1.2-strict.xsd, xliff_core_2.0.xsd,
// TBXcoreStructV03.rng.
func Schema(tb testing.TB, name string) string {
	tb.Helper()
	p := filepath.Join(Root(tb), "testdata", "schemas", name)
	if _, err := os.Stat(p); err != nil {
		tb.Fatalf("schema %s: %v", name, err)
	}
	return p
}

// Tool is the path of an installed program, or Missing names the Debian
// package that provides it.
func Tool(tb testing.TB, name, debianPackage string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(tb, "%s is not installed (Debian package %s; .ci/run installs it)", name, debianPackage)
	}
	return p
}

// XMLLint validates file against one of the schemas with xmllint; kind is
// "--dtdvalid", "--schema" or "--relaxng".
func XMLLint(tb testing.TB, kind, schema, file string) {
	tb.Helper()
	bin := Tool(tb, "xmllint", "libxml2-utils")
	out, err := exec.Command(bin, "--noout", "--nonet", kind, Schema(tb, schema), file).CombinedOutput()
	if err != nil {
		tb.Fatalf("%s does not validate against %s: %v\n%s", filepath.Base(file), schema, err, out)
	}
}

// DevData is the path of development data beside the repository
// (../shared/align-dev, ../shared/tm-dev): evaluation sets that must not be
// copied into the project. Without them the test skips, saying so, even
// under RequireAllEnv.
func DevData(tb testing.TB, elem ...string) string {
	tb.Helper()
	p := filepath.Join(append([]string{filepath.Dir(Root(tb)), "shared"}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("needs the development data %s beside the repository, which is not part of it", filepath.Join(append([]string{"../shared"}, elem...)...))
	}
	return p
}

// Command alinea is the translation alignment workbench: a web server, and the
// command-line tools that share its store and algorithms.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// command is one subcommand. run returns a usageError for bad arguments (exit
// code 2), an exitError for a code of its own, and any other error for
// failures (exit code 1).
type command struct {
	summary string
	run     func(ctx context.Context, args []string, std stdio) error
}

// stdio carries the standard streams, so subcommands are testable.
type stdio struct {
	in       io.Reader
	out, err io.Writer
}

var commands = map[string]command{
	"serve":              {"run the workbench web server", runServe},
	"import":             {"import source documents into the store", runImport},
	"segment":            {"print the paragraphs and segments of a file", runSegment},
	"align":              {"align two texts sentence by sentence", runAlign},
	"stats":              {"print translation progress per document and language", runStats},
	"user":               {"manage accounts: add, passwd, list, disable, enable, role, assign, unassign", runUser},
	"token":              {"manage API tokens: create, list, revoke", runToken},
	"export":             {"export a document and its translations (docx, html, tmx, xliff, csv, …)", runExport},
	"apply":              {"apply the translations in an exchange file (xliff, tmx, csv, tsv) to a document", runApply},
	"import-translation": {"align an existing translation with a document and store it for review", runImportTranslation},
	"glossary":           {"manage the glossary: lookup, export, import, discover", runGlossary},
	"backup":             {"copy the database consistently, also while the server runs", runBackup},
	"restore":            {"replace the database with a backup (the server must be stopped)", runRestore},
	"copy-db":            {"copy a whole workbench into a new, empty database (SQLite or PostgreSQL) and verify it", runCopyDB},
	"concordance":        {"find a string in every document and memory, one Chinese character or more", runConcordance},
	"pretranslate":       {"fill a document's empty segments from the translation memory", runPretranslate},
	"analyze":            {"count a document's segments and characters per translation-memory band", runAnalyze},
	"tm":                 {"translation memory: import, export, lookup, list, delete", runTM},
	"qa":                 {"check a document's translations: numbers, punctuation, untranslated text, consistency…", runQA},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], stdio{os.Stdin, os.Stdout, os.Stderr})
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, std stdio) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(std.err)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(std.err, "alinea: unknown command %q (see alinea --help)\n", args[0])
		return 2
	}
	err := cmd.run(ctx, args[1:], std)
	var ue usageError
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ee):
		fmt.Fprintf(std.err, "alinea %s: %v\n", args[0], err)
		return ee.code
	case errors.As(err, &ue):
		fmt.Fprintf(std.err, "alinea %s: %v\n", args[0], err)
		return 2
	default:
		fmt.Fprintf(std.err, "alinea %s: %v\n", args[0], err)
		return 1
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: alinea COMMAND [flags] [args]\n\ncommands:")
	for _, n := range sortedKeys(commands) {
		fmt.Fprintf(w, "  %-20s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'alinea COMMAND --help' for the flags of a command.")
}

func sortedKeys(m map[string]command) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// errHelp ends a command that printed its help: exit code 0.
var errHelp = flag.ErrHelp

// usageError marks a mistake in how a command was called.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// exitError ends a command that did its work but must tell scripts about
// part of it with its own exit code (apply: 3 when conflicts were kept).
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }

// newFlags returns a flag set that reports to std.err and prints a usage line
// that names the positional arguments.
func newFlags(std stdio, name, positional, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(std.err)
	fs.Usage = func() {
		fmt.Fprintf(std.err, "usage: alinea %s [flags] %s\n\n%s\n\nflags:\n", name, positional, summary)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, turning flag errors into usage errors (exit code 2)
// and leaving --help as flag.ErrHelp (exit code 0).
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

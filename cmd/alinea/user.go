package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"alinea/store"
)

// subcommands dispatches "alinea NAME VERB …" to the verb's function.
func subcommands(name string, verbs map[string]command) func(context.Context, []string, stdio) error {
	return func(ctx context.Context, args []string, std stdio) error {
		if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
			fmt.Fprintf(std.err, "usage: alinea %s VERB [flags] [args]\n\nverbs:\n", name)
			for _, v := range sortedKeys(verbs) {
				fmt.Fprintf(std.err, "  %-10s %s\n", v, verbs[v].summary)
			}
			if len(args) == 0 {
				return usagef("no verb")
			}
			return errHelp
		}
		v, ok := verbs[args[0]]
		if !ok {
			return usagef("unknown verb %q (see alinea %s --help)", args[0], name)
		}
		return v.run(ctx, args[1:], std)
	}
}

var userVerbs = map[string]command{
	"add":      {"create an account", runUserAdd},
	"passwd":   {"set a new password", runUserPasswd},
	"list":     {"list the accounts", runUserList},
	"disable":  {"disable an account (ends its sessions)", runUserDisable(true)},
	"enable":   {"enable a disabled account", runUserDisable(false)},
	"role":     {"change an account's role", runUserRole},
	"assign":   {"give a translator a document in a target language", runUserAssign(true)},
	"unassign": {"take a document and language back", runUserAssign(false)},
}

var runUser = subcommands("user", userVerbs)

// dbFlag adds the --db flag every store command has.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", "alinea.db", "the database: a SQLite `file` or a postgres:// DSN")
}

// openExisting opens the database of a command that reads or changes what
// is already there: a mistyped --db must say so, not create an empty
// database and report that it holds nothing. A PostgreSQL database is
// created by its administrator; opening one that does not exist fails.
func openExisting(path string) (*store.Store, error) {
	if store.IsPostgres(path) {
		return store.Open(path)
	}
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("no database at %s (check --db; alinea import or serve creates one)", path)
		}
		return nil, err
	}
	return store.Open(path)
}

func roleList() string {
	names := make([]string, len(store.Roles))
	for i, r := range store.Roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

// readPassword reads one line from standard input.
func readPassword(in io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(in, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", usagef("no password on standard input")
	}
	return line, nil
}

// passwordFor returns the password from standard input when asked, else a
// generated one that must be changed at first sign-in.
func passwordFor(fromStdin bool, std stdio) (pw string, generated bool, err error) {
	if fromStdin {
		pw, err = readPassword(std.in)
		return pw, false, err
	}
	pw, err = store.GeneratePassword()
	return pw, true, err
}

func runUserAdd(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "user add", "LOGIN", "Create an account. Without --password-stdin a one-time password is generated and printed;\nit must be changed at the first sign-in.")
	db := dbFlag(fs)
	role := fs.String("role", "", "`role`: "+roleList())
	name := fs.String("name", "", "display `name` (default: the login)")
	stdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want exactly one LOGIN")
	}
	if !store.Role(*role).Valid() {
		return usagef("--role must be one of %s", roleList())
	}
	pw, generated, err := passwordFor(*stdin, std)
	if err != nil {
		return err
	}
	st, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := st.CreateUser(ctx, store.NewUser{Login: fs.Arg(0), Name: *name, Role: store.Role(*role), Password: pw, MustChangePassword: generated})
	if err != nil {
		return err
	}
	fmt.Fprintf(std.out, "created %s (%s, user %d)\n", u.Login, u.Role, u.ID)
	if generated {
		fmt.Fprintf(std.out, "one-time password: %s\n", pw)
	}
	return nil
}

func runUserPasswd(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "user passwd", "LOGIN", "Set a new password and end the account's sessions. Without --password-stdin a one-time\npassword is generated and printed; it must be changed at the next sign-in.")
	db := dbFlag(fs)
	stdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want exactly one LOGIN")
	}
	pw, generated, err := passwordFor(*stdin, std)
	if err != nil {
		return err
	}
	return withUser(ctx, *db, fs.Arg(0), func(st *store.Store, u store.User) error {
		if err := st.SetPassword(ctx, u.ID, pw, generated); err != nil {
			return err
		}
		fmt.Fprintf(std.out, "password of %s changed\n", u.Login)
		if generated {
			fmt.Fprintf(std.out, "one-time password: %s\n", pw)
		}
		return nil
	})
}

func runUserList(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "user list", "", "List the accounts with their roles and assignments.")
	db := dbFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	st, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	users, err := st.Users(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(std.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tlogin\tname\trole\tstate\tassignments")
	for _, u := range users {
		state := "active"
		switch {
		case u.Disabled:
			state = "disabled"
		case u.MustChangePassword:
			state = "must change password"
		}
		as, err := st.Assignments(ctx, u.ID, 0)
		if err != nil {
			return err
		}
		var parts []string
		for _, a := range as {
			parts = append(parts, fmt.Sprintf("doc %d/%s", a.DocumentID, a.Lang))
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Login, u.Name, u.Role, state, strings.Join(parts, ", "))
	}
	return tw.Flush()
}

func runUserDisable(disable bool) func(context.Context, []string, stdio) error {
	verb := map[bool]string{true: "disable", false: "enable"}[disable]
	return func(ctx context.Context, args []string, std stdio) error {
		fs := newFlags(std, "user "+verb, "LOGIN", strings.ToUpper(verb[:1])+verb[1:]+" an account.")
		db := dbFlag(fs)
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return usagef("want exactly one LOGIN")
		}
		return withUser(ctx, *db, fs.Arg(0), func(st *store.Store, u store.User) error {
			if err := st.SetDisabled(ctx, u.ID, disable); err != nil {
				return err
			}
			fmt.Fprintf(std.out, "%sd %s\n", verb, u.Login)
			return nil
		})
	}
}

func runUserRole(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "user role", "LOGIN", "Change an account's role.")
	db := dbFlag(fs)
	role := fs.String("role", "", "new `role`: "+roleList())
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want exactly one LOGIN")
	}
	if !store.Role(*role).Valid() {
		return usagef("--role must be one of %s", roleList())
	}
	return withUser(ctx, *db, fs.Arg(0), func(st *store.Store, u store.User) error {
		if err := st.SetRole(ctx, u.ID, store.Role(*role)); err != nil {
			return err
		}
		fmt.Fprintf(std.out, "%s is now %s\n", u.Login, *role)
		return nil
	})
}

func runUserAssign(assign bool) func(context.Context, []string, stdio) error {
	verb := map[bool]string{true: "assign", false: "unassign"}[assign]
	return func(ctx context.Context, args []string, std stdio) error {
		fs := newFlags(std, "user "+verb, "LOGIN", "Give (or take back) a document in a target language; translators edit only what they are assigned.")
		db := dbFlag(fs)
		doc := fs.Int64("doc", 0, "document `id`")
		lang := fs.String("lang", "", "target `language`")
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return usagef("want exactly one LOGIN")
		}
		if *doc <= 0 || *lang == "" {
			return usagef("--doc and --lang are required")
		}
		return withUser(ctx, *db, fs.Arg(0), func(st *store.Store, u store.User) error {
			a := store.Assignment{UserID: u.ID, DocumentID: *doc, Lang: *lang}
			var err error
			if assign {
				err = st.Assign(ctx, a, 0)
			} else {
				err = st.Unassign(ctx, a, 0)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(std.out, "%sed document %d (%s) %s %s\n", verb, *doc, *lang, map[bool]string{true: "to", false: "from"}[assign], u.Login)
			return nil
		})
	}
}

// withUser opens the store and finds the account, for verbs acting on one.
func withUser(ctx context.Context, db, login string, fn func(*store.Store, store.User) error) error {
	st, err := store.Open(db)
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := st.UserByLogin(ctx, login)
	if err != nil {
		return err
	}
	return fn(st, u)
}

// authorID is the account a command's changes are recorded under: the one
// --user names, or none (0) when it is empty.
func authorID(ctx context.Context, st *store.Store, login string) (int64, error) {
	if login == "" {
		return 0, nil
	}
	u, err := st.UserByLogin(ctx, login)
	if err != nil {
		return 0, fmt.Errorf("user %q: %w", login, err)
	}
	return u.ID, nil
}

var tokenVerbs = map[string]command{
	"create": {"create an API token and print it", runTokenCreate},
	"list":   {"list a user's API tokens", runTokenList},
	"revoke": {"revoke an API token", runTokenRevoke},
}

var runToken = subcommands("token", tokenVerbs)

func runTokenCreate(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "token create", "", "Create an API token for a user and print it, alone, on standard output.\nIt is shown only this once; send it as \"Authorization: Bearer TOKEN\".")
	db := dbFlag(fs)
	login := fs.String("user", "", "`login` of the token's owner")
	name := fs.String("name", "command line", "`name` to tell the token apart")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *login == "" {
		return usagef("--user is required")
	}
	return withUser(ctx, *db, *login, func(st *store.Store, u store.User) error {
		token, _, err := st.CreateToken(ctx, u.ID, *name)
		if err != nil {
			return err
		}
		fmt.Fprintln(std.out, token)
		return nil
	})
}

func runTokenList(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "token list", "", "List a user's API tokens (never the tokens themselves).")
	db := dbFlag(fs)
	login := fs.String("user", "", "`login` of the tokens' owner")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *login == "" {
		return usagef("--user is required")
	}
	return withUser(ctx, *db, *login, func(st *store.Store, u store.User) error {
		ts, err := st.Tokens(ctx, u.ID)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(std.out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "id\tname\tstarts with\tcreated\tlast used\tstate")
		for _, t := range ts {
			used, state := "never", "active"
			if !t.LastUsed.IsZero() {
				used = t.LastUsed.Format("2006-01-02 15:04")
			}
			if t.Revoked {
				state = "revoked"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s…\t%s\t%s\t%s\n", t.ID, t.Name, t.Prefix, t.CreatedAt.Format("2006-01-02 15:04"), used, state)
		}
		return tw.Flush()
	})
}

func runTokenRevoke(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "token revoke", "ID", "Revoke one of a user's API tokens.")
	db := dbFlag(fs)
	login := fs.String("user", "", "`login` of the token's owner")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *login == "" || fs.NArg() != 1 {
		return usagef("want --user LOGIN and one token ID")
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if err != nil {
		return usagef("token ID %q is not a number", fs.Arg(0))
	}
	return withUser(ctx, *db, *login, func(st *store.Store, u store.User) error {
		if err := st.RevokeToken(ctx, u.ID, id); err != nil {
			return err
		}
		fmt.Fprintf(std.out, "revoked token %d of %s\n", id, u.Login)
		return nil
	})
}

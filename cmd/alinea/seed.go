package main

import (
	"context"
	"errors"
	"fmt"

	"alinea/seeds"
	"alinea/store"
)

// seed loads the embedded seeds into a database that never had them.
func seed(ctx context.Context, st *store.Store, std stdio) error {
	got, err := seeds.Install(ctx, st)
	if err != nil {
		return err
	}
	if d := got.Document; d != nil {
		fmt.Fprintf(std.out, "Imported the seed document as document %d: %d paragraphs, %d segments.\n", d.ID, d.Paragraphs, d.Segments)
	}
	if got.Concepts > 0 {
		fmt.Fprintf(std.out, "Loaded the seed glossary: %d concepts.\n", got.Concepts)
	}
	return nil
}

// firstAdmin creates the administrator of a database without accounts and
// prints its one-time password, once: there is no default password.
func firstAdmin(ctx context.Context, st *store.Store, std stdio) error {
	n, err := st.CountUsers(ctx)
	if err != nil || n > 0 {
		return err
	}
	pw, err := store.GeneratePassword()
	if err != nil {
		return err
	}
	u, err := st.CreateUser(ctx, store.NewUser{Login: "admin", Name: "admin", Role: store.RoleAdmin,
		Password: pw, MustChangePassword: true, OnlyFirst: true})
	if errors.Is(err, store.ErrHasUsers) {
		return nil // another server starting on the same database made it
	}
	if err != nil {
		return fmt.Errorf("create the first administrator: %w", err)
	}
	fmt.Fprintf(std.out, "Created the administrator account.\n  login:             %s\n  one-time password: %s\n"+
		"It is shown only now; you will choose a new password when you first sign in.\n", u.Login, pw)
	return nil
}

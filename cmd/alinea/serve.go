package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"time"

	"alinea/store"
	"alinea/web"
)

// shutdownGrace bounds how long requests in flight may take to finish once
// the server is asked to stop.
const shutdownGrace = 8 * time.Second

func runServe(ctx context.Context, args []string, std stdio) error {
	fs := newFlags(std, "serve", "", "Run the workbench on a SQLite file, creating it (with the seed document) on first run, or on a PostgreSQL database (--db postgres://…), which several servers may share.")
	db := dbFlag(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "listen `address`")
	idle := fs.Duration("session-idle", web.DefaultSessions.Idle, "sign users out after this long without a request")
	absolute := fs.Duration("session-max", web.DefaultSessions.Absolute, "sign users out this long after they signed in")
	certFile := fs.String("tls-cert", "", "serve HTTPS with this certificate `file` (PEM)")
	keyFile := fs.String("tls-key", "", "the certificate's private key `file` (PEM)")
	var proxies []netip.Prefix
	fs.Func("trusted-proxy", "believe X-Forwarded-For from this reverse proxy `address or CIDR` (repeatable)", func(v string) error {
		p, err := netip.ParsePrefix(v)
		if err != nil {
			a, aerr := netip.ParseAddr(v)
			if aerr != nil {
				return fmt.Errorf("not an address or CIDR: %q", v)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		proxies = append(proxies, p)
		return nil
	})
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if (*certFile == "") != (*keyFile == "") {
		return usagef("--tls-cert and --tls-key go together")
	}
	log := slog.New(slog.NewTextHandler(std.err, nil))

	// One server per SQLite file: it is a file on one machine, and restore
	// must not pull it from under a server. Several servers share one
	// PostgreSQL database.
	lock, err := store.LockForServing(*db, "alinea serve")
	if err != nil {
		return err
	}
	defer lock.Release()
	st, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.CheckWritable(ctx); err != nil {
		return err
	}
	if err := seed(ctx, st, std); err != nil {
		return err
	}
	if err := firstAdmin(ctx, st, std); err != nil {
		return err
	}
	app, err := web.New(st, web.Options{Logger: log, Sessions: store.SessionPolicy{Idle: *idle, Absolute: *absolute},
		TrustedProxies: proxies})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", *addr, err)
	}
	srv := app.Server()
	scheme := "http"
	if *certFile != "" {
		scheme = "https"
	}
	fmt.Fprintf(std.out, "Alinea is serving %s on %s://%s/\n", st.Path(), scheme, ln.Addr())

	errc := make(chan error, 1)
	go func() {
		if *certFile != "" {
			errc <- srv.ServeTLS(ln, *certFile, *keyFile)
			return
		}
		errc <- srv.Serve(ln)
	}()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	// Finish the requests in flight (saves among them) before closing the
	// store; new connections are refused from here on and event streams end
	// at once (App.Server registers that). The deadline is for a request
	// stuck elsewhere; it stays under the 10 s process supervisors usually
	// allow before killing.
	log.Info("shutting down")
	start := time.Now()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		srv.Close()
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("stopped", "after", time.Since(start).Round(time.Millisecond))
	return nil
}

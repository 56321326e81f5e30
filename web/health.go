package web

import (
	"fmt"
	"net/http"
)

// health answers a process supervisor or load balancer, without an account:
// 200 when the database answers, 503 otherwise. The first line says which
// ("ok" or "database unavailable"); the next name the backend and the
// database (the file, or the DSN without its password), so that whoever
// runs several servers sees at once which database each one uses.
func (a *App) health(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	state := "ok"
	if err := a.store.Ping(r.Context()); err != nil {
		a.log.Error("health check", "err", err)
		state = "database unavailable"
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	fmt.Fprintf(w, "%s\nbackend: %s\ndatabase: %s\n", state, a.store.Dialect(), a.store.Path())
}

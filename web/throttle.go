package web

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"alinea/store"
)

// Sign-in throttling. Failures count per login and address, and per address
// across logins. A few are free; after that each further attempt must wait
// a delay that doubles with every failure. A guesser from one address is
// slowed to a crawl while the account's owner, from anywhere else, signs in
// as usual; nothing locks the right password out everywhere.
type throttlePolicy struct {
	window   time.Duration // failures older than this are forgotten
	pairFree int           // failures of one login from one address before delays start
	pairMax  time.Duration // the longest delay for one login from one address
	addrFree int           // failures from one address, any login, before delays start
	addrMax  time.Duration
	first    time.Duration // the first delay; it doubles with each failure
}

var defaultThrottle = throttlePolicy{
	window:   time.Hour,
	pairFree: 3, pairMax: 15 * time.Minute,
	// An address is often a whole office behind one router: its delays stay
	// short, so that one guesser there does not keep colleagues out long.
	addrFree: 20, addrMax: time.Minute,
	first: time.Second,
}

// delay is how long after the latest failure the next attempt must wait.
func (p throttlePolicy) delay(failures, free int, most time.Duration) time.Duration {
	if failures < free {
		return 0
	}
	d := p.first
	for i := free; i < failures && d < most; i++ {
		d *= 2
	}
	return min(d, most)
}

// throttle decides whether a sign-in attempt may go ahead. Attempts still
// being checked count as failures, recorded in the database, so a burst of
// concurrent attempts cannot all pass the check before the first failure is
// recorded, whichever of the servers sharing the database they reach.
type throttle struct {
	store  *store.Store
	policy throttlePolicy
}

func newThrottle(st *store.Store) *throttle {
	return &throttle{store: st, policy: defaultThrottle}
}

// begin checks whether an attempt of login from addr may go ahead. If so the
// attempt counts as a failure until done tells how it ended; if not, begin
// returns how long to wait.
func (t *throttle) begin(ctx context.Context, login, addr string) (wait time.Duration, done func(failed bool) error, err error) {
	now := t.store.Now()
	p := t.policy
	attempt, wait, err := t.store.BeginSignin(ctx, login, addr, now.Add(-p.window), func(f store.SigninFailures) time.Duration {
		return max(f.PairLatest.Add(p.delay(f.Pair, p.pairFree, p.pairMax)).Sub(now),
			f.AddressLatest.Add(p.delay(f.Address, p.addrFree, p.addrMax)).Sub(now))
	})
	if err != nil || wait > 0 {
		return wait, nil, err
	}
	return 0, func(failed bool) error {
		// The request may be over; the attempt must still be settled.
		return t.store.EndSignin(context.WithoutCancel(ctx), attempt, failed)
	}, nil
}

// retryAfter is a wait as the whole number of seconds Retry-After takes.
func retryAfter(d time.Duration) int {
	return max(1, int((d+time.Second-1)/time.Second))
}

// clientAddresses tells the address a request comes from. Forwarding
// headers are believed only from the configured proxies: anyone else could
// send them to dodge throttling.
type clientAddresses struct {
	trusted []netip.Prefix
}

func (c clientAddresses) of(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !c.isTrusted(peer) {
		return host
	}
	// The last address a trusted proxy added that is not itself a trusted
	// proxy is the client; whatever came before it the client could forge.
	var hops []string
	for _, h := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(h, ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		if !c.isTrusted(a) {
			return a.Unmap().String()
		}
	}
	return host
}

func (c clientAddresses) isTrusted(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range c.trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

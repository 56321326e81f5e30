package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// pgChannelExpr is the NOTIFY channel of the connection's schema, as SQL.
// Channel names are identifiers, at most 63 bytes.
const pgChannelExpr = `left('alinea ' || current_schema(), 63)`

// pgListenerPing is how long the LISTEN connection waits for a notice
// before it checks that the server is still there: a connection that died
// without a word would otherwise wait forever.
const pgListenerPing = 30 * time.Second

// pgListener holds the connection that LISTENs for a store's notices and
// passes them to deliver.
type pgListener struct {
	dsn     string
	deliver func(Notice)
	cancel  context.CancelFunc
	done    chan struct{}

	pid atomic.Uint32 // the LISTEN connection's backend, for tests

	mu      sync.Mutex
	readyCh chan struct{} // closed once the first LISTEN is done or has failed
	err     error         // why the first LISTEN failed
}

func newPGListener(dsn string, deliver func(Notice)) *pgListener {
	ctx, cancel := context.WithCancel(context.Background())
	p := &pgListener{dsn: dsn, deliver: deliver, cancel: cancel, done: make(chan struct{}), readyCh: make(chan struct{})}
	go p.run(ctx)
	return p
}

// ready waits for the first LISTEN. A listener that could not connect
// keeps trying, but whoever waits for it is told.
func (p *pgListener) ready(ctx context.Context) error {
	select {
	case <-p.readyCh:
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (p *pgListener) stop() {
	p.cancel()
	<-p.done
}

func (p *pgListener) run(ctx context.Context) {
	defer close(p.done)
	first := true
	wait := pgBackoff.first
	var lostErr error
	var alive time.Time // when the connection last showed it was up
	for ctx.Err() == nil {
		conn, err := p.listen(ctx)
		if first {
			p.mu.Lock()
			p.err = err
			p.mu.Unlock()
			close(p.readyCh)
			first = false
		}
		if err != nil {
			if lostErr == nil {
				lostErr = err
			}
			select {
			case <-ctx.Done():
			case <-time.After(wait):
			}
			wait = min(2*wait, pgBackoff.max)
			continue
		}
		wait = pgBackoff.first
		if lostErr != nil {
			// Back after a gap: whatever was sent meanwhile is lost.
			p.deliver(Notice{Missed: true, Since: alive, Err: lostErr})
		}
		alive = time.Now()
		lostErr = p.receive(ctx, conn, &alive)
		conn.Close(context.Background())
	}
}

// listen connects and LISTENs on the store's channel.
func (p *pgListener) listen(ctx context.Context) (*pgx.Conn, error) {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(cctx, p.dsn)
	if err != nil {
		return nil, err
	}
	var channel string
	err = conn.QueryRow(cctx, `SELECT `+pgChannelExpr).Scan(&channel)
	if err == nil {
		_, err = conn.Exec(cctx, `LISTEN `+pgx.Identifier{channel}.Sanitize())
	}
	if err != nil {
		conn.Close(context.Background())
		return nil, fmt.Errorf("listen: %w", err)
	}
	p.pid.Store(conn.PgConn().PID())
	return conn, nil
}

// receive passes on notices until the connection fails (its error is
// returned) or ctx ends, noting in alive when the connection last answered.
func (p *pgListener) receive(ctx context.Context, conn *pgx.Conn, alive *time.Time) error {
	for {
		wctx, cancel := context.WithTimeout(ctx, pgListenerPing)
		n, err := conn.WaitForNotification(wctx)
		cancel()
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			if !errors.Is(err, context.DeadlineExceeded) || conn.IsClosed() {
				return err
			}
			pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			err = conn.Ping(pctx)
			cancel()
			if err != nil && ctx.Err() == nil {
				return fmt.Errorf("the database stopped answering: %w", err)
			}
			*alive = time.Now()
			continue
		}
		*alive = time.Now()
		if notice, ok := decodeNotice(n.Payload); ok {
			p.deliver(notice)
		}
	}
}

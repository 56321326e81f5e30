package testenv

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the PostgreSQL run's databases
)

// PostgresEnv names the variable that holds the DSN of a PostgreSQL
// database for the tests, e.g.
// postgres://alinea@/alinea_test?host=/tmp/alinea-pg&sslmode=disable
// (.ci/postgres makes one). Each test gets a schema of its own in it.
const PostgresEnv = "ALINEA_TEST_POSTGRES"

// backendEnv tells the second run of a test binary (RunBackends) that it
// is the PostgreSQL run.
const backendEnv = "ALINEA_TEST_BACKEND"

// Backend is the database the tests run on: "sqlite" or "postgres".
func Backend() string {
	if os.Getenv(backendEnv) == "postgres" {
		return "postgres"
	}
	return "sqlite"
}

// RunBackends is TestMain's body in the packages whose tests use a
// database: it runs the tests on SQLite, then runs the test binary again
// on PostgreSQL when PostgresEnv names a database. Without it the
// PostgreSQL run is reported as skipped, and under RequireAllEnv that is a
// failure.
func RunBackends(m *testing.M) int {
	if os.Getenv(backendEnv) != "" {
		return m.Run()
	}
	code := m.Run()
	if os.Getenv(PostgresEnv) == "" {
		if os.Getenv(RequireAllEnv) != "" {
			fmt.Printf("FAIL: the PostgreSQL run is skipped: %s is not set (%s is set, so nothing may be skipped)\n", PostgresEnv, RequireAllEnv)
			return 1
		}
		fmt.Printf("SKIP: the PostgreSQL run (%s is not set)\n", PostgresEnv)
		return code
	}
	fmt.Println("=== the same tests on PostgreSQL")
	cmd := exec.Command(os.Args[0], os.Args[1:]...)
	cmd.Env = append(os.Environ(), backendEnv+"=postgres")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		if code == 0 {
			code = 1
		}
		if _, ok := err.(*exec.ExitError); !ok {
			fmt.Printf("FAIL: the PostgreSQL run: %v\n", err)
		}
	}
	return code
}

var (
	adminOnce sync.Once
	admin     *sql.DB
	adminErr  error
)

// DB is a fresh, empty database for one test, as store.Open takes it: a
// SQLite file in the test's temporary folder, or, in the PostgreSQL run, a
// schema of its own in the PostgresEnv database, dropped when the test
// ends.
func DB(tb testing.TB) string {
	tb.Helper()
	if Backend() != "postgres" {
		return filepath.Join(tb.TempDir(), "alinea.db")
	}
	base := os.Getenv(PostgresEnv)
	if base == "" {
		tb.Fatalf("the PostgreSQL run needs %s", PostgresEnv)
	}
	adminOnce.Do(func() {
		admin, adminErr = sql.Open("pgx", base)
	})
	if adminErr != nil {
		tb.Fatalf("%s: %v", PostgresEnv, adminErr)
	}
	var b [8]byte
	rand.Read(b[:])
	schema := "test_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		tb.Fatalf("%s: create schema: %v", PostgresEnv, err)
	}
	tb.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema + ",public"
}

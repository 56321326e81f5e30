package figures

import (
	"os"
	"testing"

	"alinea/internal/testenv"
)

func TestMain(m *testing.M) { os.Exit(testenv.RunBackends(m)) }

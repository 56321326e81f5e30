package formats

import (
	"bytes"
	"io"
	"runtime"
	"testing"
)

// BenchmarkExportSeed writes the seed document in every export format.
func BenchmarkExportSeed(b *testing.B) {
	units := seedUnits(b)
	for _, f := range ExportFormats() {
		b.Run(f.Name, func(b *testing.B) {
			h := seedHeader()
			if f.OneLang {
				h = seedHeader("es")
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := f.Write(io.Discard, h, UnitsOf(units), ExportOptions{ShowStatus: true}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkStream10k writes a 10,000-segment document.
func BenchmarkStream10k(b *testing.B) {
	for _, name := range []string{"tmx", "xliff2", "xliff12", "csv", "docx", "html"} {
		f, _ := LookupFormat(name)
		b.Run(name, func(b *testing.B) {
			h := seedHeader()
			if f.OneLang {
				h = seedHeader("es")
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := f.Write(io.Discard, h, manyUnits(10000), ExportOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRead10k reads back a 10,000-segment file.
func BenchmarkRead10k(b *testing.B) {
	for _, name := range []string{"tmx", "xliff2", "xliff12", "csv"} {
		f, _ := LookupFormat(name)
		h := seedHeader()
		if f.OneLang {
			h = seedHeader("es")
		}
		var buf bytes.Buffer
		if err := f.Write(&buf, h, manyUnits(10000), ExportOptions{}); err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(buf.Len()))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := f.Read(bytes.NewReader(buf.Bytes())); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestWritersStreamInConstantMemory: what the streaming writers allocate does
// not grow with the document, so memory stays flat however long it is.
func TestWritersStreamInConstantMemory(t *testing.T) {
	allocated := func(f Format, n int) uint64 {
		h := seedHeader()
		if f.OneLang {
			h = seedHeader("es")
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		if err := f.Write(io.Discard, h, manyUnits(n), ExportOptions{}); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	for _, name := range []string{"tmx", "xliff2", "xliff12"} {
		f, _ := LookupFormat(name)
		small, large := allocated(f, 1000), allocated(f, 10000)
		// Ten times the units may not cost more than a few buffers more.
		if large > small+64<<10 {
			t.Errorf("%s: %d bytes allocated for 1,000 units, %d for 10,000", name, small, large)
		}
	}
}

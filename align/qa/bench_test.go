package qa

import "testing"

// tenThousand is a 10,000-segment document made of the seed's correct
// translations, each source made distinct so the document checks see a
// realistic number of different texts.
func tenThousand(b *testing.B) []Segment {
	clean := cleanSeed(b, "en")
	segs := make([]Segment, 0, 10000)
	for i := 0; len(segs) < 10000; i++ {
		s := clean[i%len(clean)]
		s.ID, s.Position = int64(len(segs)+1), len(segs)+1
		if !s.Heading && i >= len(clean) {
			// Distinct texts without adding numbers to every row: a
			// character and a word of letters naming the copy.
			s.Source = s.Source + string(rune(0x4E00+i%20000))
			s.Target = s.Target + " " + copyName(i)
		}
		segs = append(segs, s)
	}
	return segs
}

func copyName(i int) string {
	b := []byte{'q'}
	for ; i > 0; i /= 26 {
		b = append(b, byte('a'+i%26))
	}
	return string(b)
}

// BenchmarkCheckDocument checks a whole 10,000-segment document.
func BenchmarkCheckDocument(b *testing.B) {
	segs := tenThousand(b)
	b.ResetTimer()
	for b.Loop() {
		Check(segs, Options{Lang: "en"})
	}
}

// BenchmarkCheckSegment checks one row against a document already learnt,
// as a save does.
func BenchmarkCheckSegment(b *testing.B) {
	segs := tenThousand(b)
	doc := NewDocument(segs, "en")
	seg := segs[29] // the longest sentence of the seed
	b.ResetTimer()
	for b.Loop() {
		doc.Segment(seg, Options{Lang: "en"})
	}
}

// BenchmarkNewDocument learns a 10,000-segment document (part of the
// whole-document check, and what a save costs when it learns afresh).
func BenchmarkNewDocument(b *testing.B) {
	segs := tenThousand(b)
	b.ResetTimer()
	for b.Loop() {
		NewDocument(segs, "en")
	}
}

// BenchmarkCheckSegmentCodes is BenchmarkCheckSegment on a translation
// that carries inline codes and their imported reference.
func BenchmarkCheckSegmentCodes(b *testing.B) {
	segs := codedSeed(tenThousand(b))
	doc := NewDocument(segs, "en")
	seg := segs[29]
	b.ResetTimer()
	for b.Loop() {
		doc.Segment(seg, Options{Lang: "en"})
	}
}

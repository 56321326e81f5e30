package align

import (
	_ "embed"
	"fmt"
	"hash/maphash"
	"strings"
	"sync"
	"unicode/utf8"
)

// cedictData is CC-CEDICT (https://www.mdbg.net/chinese/dictionary?page=cc-cedict,
// CC BY-SA 4.0, see cedict/README.md and cedict/LICENSE) in the compact form
// that cedict/gen.go writes: "SIMPLIFIED\tTRADITIONAL\tGLOSS/GLOSS…" per
// line, the traditional form empty when it is the same.
//
//go:embed cedict/cedict.txt
var cedictData string

var builtin struct {
	once sync.Once
	d    *Dictionary
	err  error
}

// DefaultDictionary returns the Chinese–English dictionary shipped with the
// aligner (CC-CEDICT), loaded once. Align uses it for English, and through
// cognates for Spanish and Portuguese, unless told otherwise (Options.Dict,
// Options.NoDict).
func DefaultDictionary() (*Dictionary, error) {
	builtin.once.Do(func() {
		builtin.d, builtin.err = loadCompact(cedictData)
	})
	return builtin.d, builtin.err
}

// compactDict indexes the lines of the embedded text by headword in an
// open-addressing table of line offsets: no string is copied and glosses
// are read into tokens only for the words a document holds, so that loading
// takes milliseconds, not the second a map of tokens would.
type compactDict struct {
	text  string
	slots []uint32 // offset of a headword + 1, tradFlag set for traditional ones; 0 is empty
	seed  maphash.Seed
	// starts has a bit set for the hash of the first two characters of
	// every headword: most places in a text start no word, and one bit
	// says so for all the lengths that would be looked up there.
	starts []uint64
	// prefixes has a bit set for the hash of every prefix of three to
	// maxDictRunes characters of a headword: where two characters start
	// a word, the longer lengths are looked up only as far as some
	// headword goes.
	prefixes []uint64
}

const prefixBits = 1 << 22

// mayPrefix tells whether some headword may start with p, of three
// characters or more.
func (cd *compactDict) mayPrefix(p string) bool {
	x := maphash.String(cd.seed, p) & (prefixBits - 1)
	return cd.prefixes[x/64]&(1<<(x%64)) != 0
}

func (cd *compactDict) markPrefixes(h string) {
	n := 0
	for off := range h {
		if n >= 3 {
			x := maphash.String(cd.seed, h[:off]) & (prefixBits - 1)
			cd.prefixes[x/64] |= 1 << (x % 64)
		}
		if n++; n > maxDictRunes {
			return
		}
	}
	if n >= 3 {
		x := maphash.String(cd.seed, h) & (prefixBits - 1)
		cd.prefixes[x/64] |= 1 << (x % 64)
	}
}

const startBits = 1 << 21

func (cd *compactDict) startHash(h string) uint64 {
	return maphash.String(cd.seed, h) & (startBits - 1)
}

// mayStart tells whether some headword may start with the two characters p.
func (cd *compactDict) mayStart(p string) bool {
	x := cd.startHash(p)
	return cd.starts[x/64]&(1<<(x%64)) != 0
}

func (cd *compactDict) markStart(h string) {
	_, a := utf8.DecodeRuneInString(h)
	_, b := utf8.DecodeRuneInString(h[a:])
	x := cd.startHash(h[:a+b])
	cd.starts[x/64] |= 1 << (x % 64)
}

func loadCompact(text string) (*Dictionary, error) {
	lines := strings.Count(text, "\n")
	size := 1
	for size < 4*lines {
		size <<= 1
	}
	if len(text) >= tradFlag {
		return nil, fmt.Errorf("cedict: %d bytes, too many for the index", len(text))
	}
	cd := &compactDict{text: text, slots: make([]uint32, size), seed: maphash.MakeSeed(),
		starts: make([]uint64, startBits/64), prefixes: make([]uint64, prefixBits/64)}
	d := &Dictionary{compact: cd, lang: "en"}
	for off, line := 0, 1; off < len(text); line++ {
		end := strings.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text) - off
		}
		simp, trad, _, ok := cd.fields(off)
		if !ok {
			return nil, fmt.Errorf("cedict: line %d: want SIMPLIFIED, TRADITIONAL and glosses", line)
		}
		cd.insert(simp, off)
		cd.markStart(simp)
		cd.markPrefixes(simp)
		d.maxLen = max(d.maxLen, utf8.RuneCountInString(simp))
		if trad != "" {
			cd.insert(trad, (off+len(simp)+1)|tradFlag)
			cd.markStart(trad)
			cd.markPrefixes(trad)
			d.maxLen = max(d.maxLen, utf8.RuneCountInString(trad))
		}
		off += end + 1
	}
	return d, nil
}

// fields splits the line at off.
func (cd *compactDict) fields(off int) (simp, trad, gloss string, ok bool) {
	l := cd.text[off:]
	if e := strings.IndexByte(l, '\n'); e >= 0 {
		l = l[:e]
	}
	simp, rest, ok1 := strings.Cut(l, "\t")
	trad, gloss, ok2 := strings.Cut(rest, "\t")
	return simp, trad, gloss, ok1 && ok2 && simp != ""
}

// tradFlag marks a slot that points at the traditional headword of a line.
const tradFlag = 1 << 31

func (cd *compactDict) insert(h string, off int) {
	mask := len(cd.slots) - 1
	for k := int(maphash.String(cd.seed, h)) & mask; ; k = (k + 1) & mask {
		if cd.slots[k] == 0 {
			cd.slots[k] = uint32(off) + 1
			return
		}
	}
}

// lookup calls f with the glosses of every line whose headword is h.
func (cd *compactDict) lookup(h string, f func(gloss string)) bool {
	mask := len(cd.slots) - 1
	found := false
	for k := int(maphash.String(cd.seed, h)) & mask; cd.slots[k] != 0; k = (k + 1) & mask {
		off := int(cd.slots[k]-1) &^ tradFlag
		end := off + len(h)
		if end >= len(cd.text) || cd.text[end] != '\t' || cd.text[off:end] != h {
			continue
		}
		found = true
		if f == nil {
			return true
		}
		rest := cd.text[end+1:]
		if cd.slots[k]-1 < tradFlag {
			_, rest, _ = strings.Cut(rest, "\t") // past the traditional form
		}
		if e := strings.IndexByte(rest, '\n'); e >= 0 {
			rest = rest[:e]
		}
		f(rest)
	}
	return found
}

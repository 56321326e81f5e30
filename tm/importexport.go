package tm

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"iter"
	"regexp"
	"sort"
	"strings"

	"alinea/align/fuzzy"
	"alinea/formats"
	"alinea/store"
	"alinea/workflow"
)

// Reasons a unit of a TMX file is not added.
const (
	SkipNoSource  = "no Chinese source"
	SkipNoTarget  = "no translation"
	SkipDuplicate = "already in the memory"
	SkipLanguage  = "language code not understood"
)

// ImportReport is what ImportTMX did.
type ImportReport struct {
	Memory store.Memory
	Read   int // <tu> elements
	Added  int // units stored: one per <tu> and target language
	// Skipped counts what was left out, by reason.
	Skipped map[string]int
}

// SkipReasons lists the reasons in a stable order.
func (r ImportReport) SkipReasons() []string {
	var out []string
	for k := range r.Skipped {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var langCode = regexp.MustCompile(`^[a-z]{2,3}$`)

// ImportTMX adds the units of a TMX file to the memory called name, in one
// transaction: a file that cannot be read adds nothing. Each <tu> with a
// Chinese <tuv> (zh, zh-CN, zh-Hans, zh-TW…) gives one unit per other
// language; units the memory already holds are skipped.
func (s *Service) ImportTMX(ctx context.Context, r io.Reader, name string, by int64) (ImportReport, error) {
	rep := ImportReport{Skipped: map[string]int{}}
	seed := maphash.MakeSeed()
	seen := map[uint64]struct{}{}
	pairKey := func(lang, key, target string) uint64 {
		var h maphash.Hash
		h.SetSeed(seed)
		h.WriteString(lang)
		h.WriteByte(0)
		h.WriteString(key)
		h.WriteByte(0)
		h.WriteString(target)
		return h.Sum64()
	}
	if err := s.st.MemoryPairs(ctx, name, func(lang, src, tgt string) {
		seen[pairKey(lang, fuzzy.Normalize(src), tgt)] = struct{}{}
	}); err != nil {
		return rep, err
	}
	units := func(yield func(store.MemoryUnit, error) bool) {
		stop := errors.New("stopped")
		err := formats.ScanTMX(r, func(u *formats.MemoryUnit) error {
			rep.Read++
			if strings.TrimSpace(u.Source) == "" {
				rep.Skipped[SkipNoSource]++
				return nil
			}
			key := fuzzy.Normalize(u.Source)
			added := 0
			for _, t := range u.Targets {
				if strings.TrimSpace(t.Text) == "" {
					continue
				}
				if !langCode.MatchString(t.Lang) {
					rep.Skipped[SkipLanguage]++
					added++ // not "no translation"
					continue
				}
				added++
				k := pairKey(t.Lang, key, t.Text)
				if _, dup := seen[k]; dup {
					rep.Skipped[SkipDuplicate]++
					continue
				}
				seen[k] = struct{}{}
				if !yield(store.MemoryUnit{Lang: t.Lang, Source: u.Source, Key: key, Target: t.Text,
					Status: workflow.StatusTranslated, Author: t.Author, UpdatedAt: t.Date}, nil) {
					return stop
				}
			}
			if added == 0 {
				rep.Skipped[SkipNoTarget]++
			}
			return nil
		})
		if err != nil && !errors.Is(err, stop) {
			yield(store.MemoryUnit{}, err)
		}
	}
	im, err := s.st.AddMemoryUnits(ctx, name, by, iter.Seq2[store.MemoryUnit, error](units))
	if err != nil {
		return rep, fmt.Errorf("import into memory %q: %w", name, err)
	}
	rep.Memory, rep.Added = im.Memory, im.Added
	// A large import leaves a long change log that every index would replay;
	// they reload instead.
	if err := s.st.PruneMemoryLog(ctx, 50000); err != nil {
		return rep, err
	}
	return rep, nil
}

// ExportTMX writes the memory called name (every memory and every live
// translation when name is ""), in lang when lang is not "", as TMX 1.4b.
func (s *Service) ExportTMX(ctx context.Context, w io.Writer, name, lang string) (int, error) {
	mw := formats.NewMemoryWriter(w)
	n := 0
	err := s.st.EachMemoryUnit(ctx, name, lang, func(u store.MemoryUnit) error {
		n++
		return mw.Write(formats.MemoryExportUnit{Source: u.Source, Lang: u.Lang, Target: u.Target,
			Author: u.Author, Date: u.UpdatedAt, Status: string(u.Status), Origin: originOf(u)})
	})
	if err != nil {
		return n, fmt.Errorf("export memory: %w", err)
	}
	if err := mw.Close(); err != nil {
		return n, fmt.Errorf("export memory: %w", err)
	}
	return n, nil
}

func originOf(u store.MemoryUnit) string {
	if u.MemoryName != "" {
		return u.MemoryName
	}
	return u.Document
}

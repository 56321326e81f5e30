package align

import (
	"strings"
	"testing"
)

// soundTokens runs the name search on a small document pair and returns
// the "sn:" tokens of each side.
func soundTokens(src, tgt []string) (srcSn, tgtSn [][]string) {
	srcTok, tgtTok := make([][]string, len(src)), make([][]string, len(tgt))
	addNameTokens(src, tgt, nil, srcTok, tgtTok)
	pick := func(toks [][]string) [][]string {
		out := make([][]string, len(toks))
		for k, ts := range toks {
			for _, t := range ts {
				if strings.HasPrefix(t, "sn:") {
					out[k] = append(out[k], t)
				}
			}
		}
		return out
	}
	return pick(srcTok), pick(tgtTok)
}

func TestSoundNames(t *testing.T) {
	for _, c := range []struct {
		han, word string
		match     bool
		extra     []string // more source sentences
	}{
		{"拿俄米", "Noemi", true, nil},
		{"路得", "Ruth", true, nil},
		{"波阿斯", "Booz", true, nil},
		{"以利米勒", "Elimelech", true, nil},
		{"腓利門", "Filemón", true, nil},
		{"提摩太", "Timoteo", true, nil},
		{"瑪倫", "Mahalón", true, nil},
		{"馬利亞", "María", true, nil},
		{"摩西", "Moisés", true, nil},
		{"法利賽", "Fariseos", true, nil},
		{"腓立比", "Filipos", true, nil},
		{"彼拉多", "Pilato", true, nil},
		{"莫尔斯", "Morse", true, nil},
		{"爱因斯坦", "Einstein", true, nil},
		// Other consonants.
		{"基督", "Cristo", false, nil},
		{"伯利恆", "Bethlehem", false, nil},
		// Sounds alike, but 里 and 的 are met everywhere: not a name.
		{"里的", "Lady", false, []string{"屋里很暖。", "心里明白。", "家里有人。", "这里很好。", "夜里很冷。", "那里有河。", "我的书。", "他的家。", "你的手。", "她的话。"}},
		// A pinyin syllable is a Chinese name's part, for the exact match.
		{"十万", "Zhen", false, nil},
		// Characters no transliteration uses.
		{"我们", "Yomamon", false, nil},
	} {
		t.Run(c.word, func(t *testing.T) {
			src := []string{
				"後來" + c.han + "說話了。",
				"他們看見了" + c.han + "，就走了。",
				"天很冷。",
				c.han + "回家了。",
			}
			src = append(src, c.extra...)
			tgt := []string{
				"Then " + c.word + " spoke.",
				"They saw " + c.word + " and went.",
				"It was cold.",
				"And " + c.word + " went home.",
			}
			srcSn, tgtSn := soundTokens(src, tgt)
			for k := range tgt {
				want := c.match && k != 2
				if got := len(tgtSn[k]) > 0; got != want {
					t.Errorf("target %q: tokens %v, want a name: %v", tgt[k], tgtSn[k], want)
				}
				if got := len(srcSn[k]) > 0; got != want {
					t.Errorf("source %q: tokens %v, want a name: %v", src[k], srcSn[k], want)
				}
				if want && len(srcSn[k]) > 0 && len(tgtSn[k]) > 0 && srcSn[k][0] != tgtSn[k][0] {
					t.Errorf("%s: source token %s, target token %s", c.han, srcSn[k][0], tgtSn[k][0])
				}
			}
		})
	}
}

// TestSoundNamesEvidence checks the evidence a pair needs besides its sound.
func TestSoundNamesEvidence(t *testing.T) {
	t.Run("run ends sound", func(t *testing.T) {
		// 和提摩太 and 提摩太的 share 提摩太's key; the anchor goes to
		// the sentences of 提摩太 alone, where it is met.
		src := []string{"保羅和提摩太來了。", "提摩太的信。", "提摩太走了。", "天冷。"}
		tgt := []string{"Pablo and Timoteo came.", "The letter of Timoteo.", "Then Timoteo left.", "Cold."}
		srcSn, tgtSn := soundTokens(src, tgt)
		for k := range 3 {
			if len(srcSn[k]) != 1 || len(tgtSn[k]) != 1 {
				t.Errorf("sentence %d: source %v, target %v, want one token each", k, srcSn[k], tgtSn[k])
			}
		}
	})
	t.Run("target far more often", func(t *testing.T) {
		// A word met in far more sentences than the run is another word.
		src := []string{"拿俄米來了。", "拿俄米走了。"}
		var tgt []string
		for range 8 {
			tgt = append(tgt, "Then Noemi came.")
		}
		if _, tgtSn := soundTokens(src, tgt); len(tgtSn[0]) > 0 {
			t.Errorf("got %v, want no anchor", tgtSn[0])
		}
	})
	t.Run("once", func(t *testing.T) {
		src := []string{"拿俄米來了。", "天冷。"}
		tgt := []string{"Then Noemi came.", "Cold."}
		if srcSn, _ := soundTokens(src, tgt); len(srcSn[0]) > 0 {
			t.Errorf("got %v, want no anchor for a name met once", srcSn[0])
		}
	})
	t.Run("rivals", func(t *testing.T) {
		// Two runs of one key met as often: neither is taken.
		src := []string{"拿俄米來了。", "拿俄米走了。", "那米來了。", "那米走了。"}
		tgt := []string{"Then Noemi came.", "Then Noemi left.", "He came.", "He left."}
		if srcSn, _ := soundTokens(src, tgt); len(srcSn[0]) > 0 {
			t.Errorf("got %v, want no anchor for a key held by two runs", srcSn[0])
		}
	})
}

// BenchmarkNameTokens measures the name search (exact and by sound) over
// the development documents of both language pairs.
func BenchmarkNameTokens(b *testing.B) {
	docs := append(devDocs(b, "zh-en/dev", "en"), devDocs(b, "zh-es/dev", "es")...)
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			addNameTokens(d.src, d.tgt, nil, make([][]string, len(d.src)), make([][]string, len(d.tgt)))
		}
	}
}

package align

import (
	"fmt"
	"testing"
)

func TestDbgLocate(t *testing.T) {
	for _, pc := range partialCases(t, "zh-en/dev", "en", 1)[:24] {
		opt := Options{SrcLang: "zh", TgtLang: "en"}
		c, anchors := buildCorpus(pc.src, pc.tgt, opt)
		s := &scorer{c: c, lm: newLengthModel(c.srcLen, c.tgtLen), lex: anchors, wLen: lenWeight, wLex: lexWeight, kappa: kappaValue, paraCost: paraPenalty, quoteCost: quotePenalty, missCost: missPenalty}
		setPrior(s, basePrior, nil)
		parts, whole := s.locateParts(opt)
		Align(pc.src, pc.tgt, opt)
		var truth []srcSpan
		for i, cv := range pc.covered {
			if cv && (i == 0 || !pc.covered[i-1]) {
				truth = append(truth, srcSpan{i, i})
			}
			if cv {
				truth[len(truth)-1].e = i + 1
			}
		}
		fmt.Println(pc.name, len(pc.src), "truth", truth, "located", parts, whole)
	}
}

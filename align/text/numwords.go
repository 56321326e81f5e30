package text

// CombineNumberWords adds up the values of spelled-out number words in
// order: "thirty five", "five hundred", "dos mil ocho".
func CombineNumberWords[T int64 | float64](vs []T) T {
	var total, cur T
	for _, v := range vs {
		switch {
		case v >= 1000:
			if cur == 0 {
				cur = 1
			}
			total += cur * v
			cur = 0
		case v == 100 && cur > 0 && cur < 100:
			cur *= 100
		default:
			cur += v
		}
	}
	return total + cur
}

// RomanValue reads an upper-case Roman numeral up to C (headings and list
// markers: I, IV, XII), 0 for anything else. Whether a word such as the
// pronoun I numbers something is the caller's judgement.
func RomanValue(s string) int64 {
	if s == "" || len(s) > 8 {
		return 0
	}
	var total int64
	for i := 0; i < len(s); i++ {
		v := romanDigit(s[i])
		if v == 0 {
			return 0
		}
		if i+1 < len(s) && romanDigit(s[i+1]) > v {
			total -= v
		} else {
			total += v
		}
	}
	return max(total, 0)
}

func romanDigit(c byte) int64 {
	switch c {
	case 'I':
		return 1
	case 'V':
		return 5
	case 'X':
		return 10
	case 'L':
		return 50
	case 'C':
		return 100
	}
	return 0
}

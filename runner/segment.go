package main

import (
	"fmt"
	"strconv"
	"strings"
)

// segment is the i-th of n parts of a plan (0-based): runners given 0/n … n-1/n together make one undivided run.
type segment struct{ index, of int }

var wholeRun = segment{0, 1}

func parseSegment(v string) (segment, error) {
	i, n, ok := strings.Cut(v, "/")
	a, err1 := strconv.Atoi(i)
	b, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || b < 1 || a < 0 || a >= b {
		return segment{}, fmt.Errorf(`--segment: expected i/n with 0 <= i < n (e.g. 0/3), got "%s"`, v)
	}
	return segment{a, b}, nil
}

func (s segment) String() string { return fmt.Sprintf("%d/%d", s.index, s.of) }

// span is this segment's contiguous share [first, end) of `total` units (informers, LIST workers).
func (s segment) span(total int) (first, end int) {
	return total * s.index / s.of, total * (s.index + 1) / s.of
}

// rate is this segment's share of a rate; the shares add up to the whole.
func (s segment) rate(total float64) float64 {
	return total*float64(s.index+1)/float64(s.of) - total*float64(s.index)/float64(s.of)
}

package content

import (
	"sync"

	"golang.org/x/net/html"
)

// scratch is the memory of a walk that is garbage once Clean or Extract
// returns: the page's elements, its blocks and their text, the walk's
// stack, the name cache. Much of what the two allocate is this, so it goes
// to a pool for the next page instead of to the garbage collector. What
// goes back is cleared of pointers, so that the pool keeps no document
// alive.
type scratch struct {
	es      []elem
	out     []Block
	buf     []byte
	stack   []frame
	dropped []*html.Node
	keep    []bool
	names   nameCache
}

var scratchPool = sync.Pool{New: func() any { return &scratch{names: nameCache{}} }}

// maxPooledElems bounds the elements of a scratch that goes back to the
// pool: the memory of a huge page is not kept for the small ones.
const maxPooledElems = 1 << 14

func getScratch() *scratch { return scratchPool.Get().(*scratch) }

// walker returns a walker that uses the scratch's memory.
func (s *scratch) walker(w blockWalker) blockWalker {
	w.es, w.out, w.buf, w.stack, w.dropped = s.es, s.out, s.buf, s.stack, s.dropped
	return w
}

// bools returns n false values.
func (s *scratch) bools(n int) []bool {
	if cap(s.keep) < n {
		s.keep = make([]bool, n)
	}
	s.keep = s.keep[:n]
	clear(s.keep)
	return s.keep
}

// put returns the scratch to the pool, with the memory that w used.
// Elements, blocks and dropped nodes are only ever appended, so what lies
// past their length is zero already; the stack shrinks, so all of it is
// cleared.
func (s *scratch) put(w *blockWalker) {
	if cap(w.es) > maxPooledElems {
		return
	}
	s.es, s.out, s.buf = cleared(w.es), cleared(w.out), w.buf[:0]
	s.stack, s.dropped = cleared(w.stack[:cap(w.stack)]), cleared(w.dropped)
	clear(s.names)
	scratchPool.Put(s)
}

// cleared returns x zeroed and emptied.
func cleared[T any](x []T) []T {
	clear(x)
	return x[:0]
}

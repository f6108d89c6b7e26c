package xlsx

import "sync"

// cache keeps the values of the last few keys: what is the same for every
// workbook of a profile is computed once for a batch of them.
type cache[K comparable, V any] struct {
	mu    sync.Mutex
	m     map[K]V
	order []K // oldest first
}

// maxCached is the number of keys a cache keeps.
const maxCached = 16

// lookup returns the value of k, if the cache holds it.
func (c *cache[K, V]) lookup(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[k]
	return v, ok
}

// store keeps the value of k, forgetting the oldest key when the cache is
// full.
func (c *cache[K, V]) store(k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[k]; ok { // computed meanwhile by another call
		return
	}
	if c.m == nil {
		c.m = map[K]V{}
	}
	if len(c.order) == maxCached {
		delete(c.m, c.order[0])
		c.order = c.order[1:]
	}
	c.m[k] = v
	c.order = append(c.order, k)
}

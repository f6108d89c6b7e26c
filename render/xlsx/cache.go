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

// get returns the value of k, computing it with value when the cache does not
// hold it. An error is not kept.
func (c *cache[K, V]) get(k K, value func() (V, error)) (V, error) {
	c.mu.Lock()
	v, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return v, nil
	}
	v, err := value()
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[k]; ok { // computed meanwhile by another call
		return v, nil
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
	return v, nil
}

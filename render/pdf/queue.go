package pdf

import "sync"

// Batch sizes. A LibreOffice process costs about 0.35 s of CPU to start on a
// ready profile and then 0.2–0.3 s a document (see the package
// documentation), so a batch should be long enough that starts are a small
// share, and the last batches short enough that no process sits idle while
// another finishes a long one.
const (
	minBatch = 4
	maxBatch = 200
)

// queue hands out the files still to convert, in order, in batches whose
// size falls as the queue empties (guided self-scheduling): each batch is a
// 1/(2·workers) share of what is left, within [minBatch, maxBatch], and the
// last one takes a remainder smaller than minBatch with it. The first
// batches are long, and the end of the run is made of batches short enough
// that the processes finish together.
type queue struct {
	mu      sync.Mutex
	files   []int
	workers int
}

func newQueue(n, workers int) *queue {
	q := &queue{files: make([]int, n), workers: max(1, workers)}
	for i := range q.files {
		q.files[i] = i
	}
	return q
}

// take returns the next batch, or nil when the queue is empty.
func (q *queue) take() []int {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := batchSize(len(q.files), q.workers)
	if n == 0 {
		return nil
	}
	b := q.files[:n:n]
	q.files = q.files[n:]
	return b
}

// batchSize is the size of the next batch when left files remain for
// workers processes.
func batchSize(left, workers int) int {
	n := min(left, max(minBatch, min(maxBatch, (left+2*workers-1)/(2*workers))))
	if left-n < minBatch {
		n = left // no tiny batch at the end
	}
	return n
}

// putBack returns files to the front of the queue.
func (q *queue) putBack(files []int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.files = append(append([]int(nil), files...), q.files...)
}

// drop empties the queue.
func (q *queue) drop() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.files = nil
}

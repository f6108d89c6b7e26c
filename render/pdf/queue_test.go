package pdf

import (
	"slices"
	"testing"
)

func TestBatchSize(t *testing.T) {
	tests := []struct {
		name          string
		left, workers int
		want          int
	}{
		{"empty", 0, 2, 0},
		{"fewer than the minimum", 3, 2, 3},
		{"minimum", 10, 2, minBatch},
		{"a quarter for two", 100, 2, 25},
		{"an eighth for four", 100, 4, 13},
		{"capped", 10000, 2, maxBatch},
		{"one worker", 100, 1, 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := batchSize(tt.left, tt.workers); got != tt.want {
				t.Errorf("batchSize(%d, %d) = %d, want %d", tt.left, tt.workers, got, tt.want)
			}
		})
	}
}

// TestQueue checks that the queue hands out every file once, in order, in
// batches that never grow but for the last, which takes the remainder, and
// that files put back come first.
func TestQueue(t *testing.T) {
	q := newQueue(1000, 2)
	var got, sizes []int
	for b := q.take(); b != nil; b = q.take() {
		got = append(got, b...)
		sizes = append(sizes, len(b))
	}
	want := make([]int, 1000)
	for i := range want {
		want[i] = i
	}
	if !slices.Equal(got, want) {
		t.Fatalf("files handed out out of order or not once each")
	}
	for i := 1; i < len(sizes)-1; i++ {
		if sizes[i] > sizes[i-1] {
			t.Errorf("batch %d grew: %v", i, sizes)
		}
	}
	if last := sizes[len(sizes)-1]; last < minBatch || last >= 2*minBatch {
		t.Errorf("last batch %d, want the remainder in [%d, %d): %v", last, minBatch, 2*minBatch, sizes)
	}
	t.Logf("batch sizes for 1000 files on 2 processes: %v", sizes)

	q = newQueue(10, 2)
	first := q.take()
	q.putBack(first[1:])
	if b := q.take(); !slices.Equal(b, []int{1, 2, 3, 4}) {
		t.Errorf("after putBack, take = %v, want [1 2 3 4]", b)
	}
	q.drop()
	if b := q.take(); b != nil {
		t.Errorf("after drop, take = %v, want nil", b)
	}
}

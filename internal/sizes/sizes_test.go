package sizes

import "testing"

func TestText(t *testing.T) {
	for _, tt := range []struct {
		n    int64
		want string
	}{
		{0, "0 字节"}, {1023, "1023 字节"}, {1024, "1 KB"}, {1536, "1.5 KB"},
		{16 << 20, "16 MB"}, {300 << 20, "300 MB"}, {32<<20 + 1, "32 MB"}, {5 << 30, "5 GB"},
	} {
		if got := Text(tt.n); got != tt.want {
			t.Errorf("Text(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
	if got := Limit(300<<20, 16<<20); got != "300 MB，最多 16 MB" {
		t.Errorf("Limit = %q", got)
	}
	if got := Limit(4<<20+1, 4<<20); got != "4194305 字节，最多 4194304 字节，即 4 MB" {
		t.Errorf("Limit near the limit = %q", got)
	}
}

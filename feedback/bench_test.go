package feedback_test

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/liwanbot/liwanbot/feedback"
)

// BenchmarkWrite measures one batch of 256 refusals written in one
// transaction: the recorder's unit of work.
func BenchmarkWrite(b *testing.B) {
	s, err := feedback.Open(context.Background(), filepath.Join(b.TempDir(), "f.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var batch feedback.Batch
	for i := 0; i < 256; i++ {
		batch.Refusals = append(batch.Refusals, feedback.Refusal{At: time.Now(), Question: "火星上有多少个托位" + strconv.Itoa(i%10), Lang: "zh-Hans", Channel: "telegram", Outcome: "refused", Topics: []string{"加快建设重大项目", "打造荔湾教育品牌"}, Resident: "0123456789abcdef", Report: "59a647b7c745c7e0"})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := s.Write(context.Background(), batch); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*256), "ns/row")
}

// BenchmarkRecordCommitted measures what an acknowledgement waits for: a
// record queued and waited for until its transaction commits. "serial" is
// one caller at a time, a lone record per transaction (the latency an idle
// server adds); "parallel" is 64 callers at once, where group commit puts
// whatever queued during one commit into the next.
func BenchmarkRecordCommitted(b *testing.B) {
	for _, bc := range []struct {
		name        string
		parallelism int // goroutines per GOMAXPROCS; 0 runs serially
	}{
		{"serial", 0},
		{"parallel", 32},
	} {
		b.Run(bc.name, func(b *testing.B) {
			s, err := feedback.Open(context.Background(), filepath.Join(b.TempDir(), "f.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			r := feedback.NewRecorder(s)
			defer r.Close(context.Background())
			x := feedback.Refusal{At: time.Now(), Question: "火星上有多少个托位", Lang: "zh-Hans", Channel: "telegram", Outcome: "refused", Topics: []string{"加快建设重大项目"}, Resident: "0123456789abcdef", Report: "59a647b7c745c7e0"}
			b.ReportAllocs()
			b.ResetTimer()
			if bc.parallelism == 0 {
				for i := 0; i < b.N; i++ {
					if err := r.Refusal(x).Wait(context.Background()); err != nil {
						b.Fatal(err)
					}
				}
				return
			}
			b.SetParallelism(bc.parallelism)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := r.Refusal(x).Wait(context.Background()); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

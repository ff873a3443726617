package handlers_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
)

// BenchmarkCreateClaim creates claims through the real router, with a bearer
// token, on a file-backed store, from 1 and from 16 concurrent clients. Every
// write goes through the store's single writer connection, so the second
// case measures how well that queue holds up under contention.
//
// RunParallel starts GOMAXPROCS × parallelism goroutines; the parallelism is
// chosen to give at least the wanted number and a semaphore lets exactly
// that many send requests at once, so the figures mean the same whatever
// -cpu says.
func BenchmarkCreateClaim(b *testing.B) {
	for _, clients := range []int{1, 16} {
		b.Run(fmt.Sprintf("clients=%d", clients), func(b *testing.B) {
			e := newEnv(b)
			a := e.createArticle("Ferry link", storyText)
			n := len([]rune(a.Text))
			path := "/api/v1/articles/" + itoa(a.ID) + "/claims"
			auth := "Bearer " + e.tokens["ed"]
			procs := runtime.GOMAXPROCS(0)
			b.SetParallelism((clients + procs - 1) / procs)
			sem := make(chan struct{}, clients)
			var seq atomic.Int64
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := int(seq.Add(1))
					start := i % (n - 10)
					body := fmt.Sprintf(`{"start":%d,"end":%d,"statement":"claim %d","kind":"other"}`, start, start+7, i)
					req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("Authorization", auth)
					sem <- struct{}{}
					rec := httptest.NewRecorder()
					e.h.ServeHTTP(rec, req)
					<-sem
					if rec.Code != http.StatusCreated {
						b.Errorf("status %d: %s", rec.Code, rec.Body)
						return
					}
				}
			})
			b.StopTimer()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "claims/s")
			if got := claimCount(b, e, a.ID); got != b.N {
				b.Errorf("%d claims stored, want %d", got, b.N)
			}
		})
	}
}

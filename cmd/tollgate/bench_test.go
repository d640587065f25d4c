package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"testing"
	"time"
)

// BenchmarkStartToToolsList measures the time from starting bin/tollgate to its answer
// to tools/list (after initialize), as an MCP client sees it. "cold" gives every start a
// new, empty compilation cache; "warm" reuses one. Run `make build` first.
func BenchmarkStartToToolsList(b *testing.B) {
	bin, err := findBinary()
	if err != nil {
		b.Fatal(err)
	}
	for _, mode := range []string{"cold", "warm"} {
		b.Run(mode, func(b *testing.B) {
			warmDir := b.TempDir()
			var times []time.Duration
			for b.Loop() {
				dir := warmDir
				if mode == "cold" {
					dir = b.TempDir()
				}
				times = append(times, startToToolsList(b, bin, dir))
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2])/float64(time.Millisecond), "p50-ms")
		})
	}
}

func findBinary() (string, error) {
	const bin = "../../bin/tollgate"
	if _, err := os.Stat(bin); err != nil {
		return "", fmt.Errorf("%s not built (run make build): %w", bin, err)
	}
	return bin, nil
}

func startToToolsList(b *testing.B, bin, cacheDir string) time.Duration {
	cmd := exec.Command(bin, "serve")
	cmd.Env = []string{"XDG_CACHE_HOME=" + cacheDir, "HOME=" + cacheDir, "BINANCE_BASE_URL=http://127.0.0.1:9"}
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { stdin.Close(); cmd.Process.Kill(); cmd.Wait() }()
	fmt.Fprintln(stdin, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}`)
	fmt.Fprintln(stdin, `{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	fmt.Fprintln(stdin, `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`)
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var msg struct {
			ID     int `json:"id"`
			Result struct {
				Tools []json.RawMessage `json:"tools"`
			} `json:"result"`
		}
		if json.Unmarshal(sc.Bytes(), &msg) == nil && msg.ID == 2 {
			if len(msg.Result.Tools) == 0 {
				b.Fatalf("tools/list answered no tools: %s", sc.Bytes())
			}
			return time.Since(start)
		}
	}
	b.Fatalf("no tools/list answer: %v", sc.Err())
	return 0
}

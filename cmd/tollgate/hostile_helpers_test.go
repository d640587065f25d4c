package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tollgate/tollgate/runtime/declare"
)

// The credentials the hostile suite's server runs with: plausible to sign.Load (64
// letters and digits), recognisable in any output they should never reach.
const (
	hostileKey    = "HOSTILETESTAPIKEYtollgate000000000000000000000000000000000000001"
	hostileSecret = "HOSTILETESTSECRETtollgate000000000000000000000000000000000000002"
)

// hostileDir holds the suite's WebAssembly sources and their assembled bytes.
const hostileDir = "testdata/hostile"

// readHostile reads testdata/hostile/name.
func readHostile(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(hostileDir, name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

var (
	goGuestOnce sync.Once
	goGuestWasm []byte
	goGuestErr  error
)

// hostileGoGuest builds testdata/hostile/goguest once per test process (into cacheHome,
// which TestMain removes) and returns its bytes, without a tollgate.tools section.
func hostileGoGuest(tb testing.TB) []byte {
	tb.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		tb.Skip("no go tool to build the Go guest")
	}
	goGuestOnce.Do(func() {
		out := filepath.Join(cacheHome, "hostile-goguest.wasm")
		cmd := exec.Command(goBin, "build", "-buildmode=c-shared", "-trimpath", "-o", out, "./"+hostileDir+"/goguest")
		cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "CGO_ENABLED=0")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			goGuestErr = fmt.Errorf("build the Go guest: %v\n%s", err, stderr.String())
			return
		}
		goGuestWasm, goGuestErr = os.ReadFile(out)
	})
	if goGuestErr != nil {
		tb.Fatal(goGuestErr)
	}
	return goGuestWasm
}

// toolDecl is one entry of a tollgate.tools section, as docs/abi.md describes it.
type toolDecl struct {
	Name        string          `json:"name"`
	Description string          `json:"description"`
	InputSchema json.RawMessage `json:"inputSchema"`
	Annotations struct {
		ReadOnlyHint    bool `json:"readOnlyHint"`
		DestructiveHint bool `json:"destructiveHint"`
		IdempotentHint  bool `json:"idempotentHint"`
		OpenWorldHint   bool `json:"openWorldHint"`
	} `json:"annotations"`
}

// noArgs is the input schema of a tool without arguments.
const noArgs = `{"type":"object","properties":{},"additionalProperties":false}`

// declTool declares a read-only tool with the given input schema (noArgs if empty).
func declTool(name, schema string) toolDecl {
	if schema == "" {
		schema = noArgs
	}
	d := toolDecl{Name: name, Description: "Hostile-suite tool " + name + ".", InputSchema: json.RawMessage(schema)}
	d.Annotations.ReadOnlyHint, d.Annotations.IdempotentHint = true, true
	return d
}

// sectionPayload is the JSON of a tollgate.tools section declaring tools.
func sectionPayload(tb testing.TB, tools []toolDecl) []byte {
	tb.Helper()
	b, err := json.Marshal(map[string]any{"abi": 1, "tools": tools})
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// packTools returns wasm with a tollgate.tools section holding payload. Payloads within
// declare.MaxSectionSize go through declare.AppendSection, as `tollgate pack` writes them;
// AppendSection refuses larger ones, which the oversized vectors need, so those are
// framed here by hand: a custom section (id 0) whose content is the name, then the bytes.
func packTools(tb testing.TB, wasm, payload []byte) []byte {
	tb.Helper()
	if len(payload) <= declare.MaxSectionSize {
		out, err := declare.AppendSection(wasm, payload)
		if err != nil {
			tb.Fatal(err)
		}
		return out
	}
	name := appendULEB(nil, uint32(len(declare.SectionName)))
	name = append(name, declare.SectionName...)
	out := append(bytes.Clone(wasm), declare.SectionCustom)
	out = appendULEB(out, uint32(len(name)+len(payload)))
	out = append(out, name...)
	return append(out, payload...)
}

func appendULEB(b []byte, v uint32) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// lockedBuffer is an io.Writer safe for the server's concurrent loggers.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// mcpSession is a `tollgate serve` run in-process, spoken to over its stdin and stdout as
// an MCP client would.
type mcpSession struct {
	stdin  *io.PipeWriter
	stderr *lockedBuffer
	exit   chan int // run's exit code; closed without a value if run panicked

	writeMu sync.Mutex
	nextID  atomic.Int64

	mu       sync.Mutex
	lines    []string // every line the server wrote to stdout, in order
	pending  map[int64]chan json.RawMessage
	panicked any
}

// startServe runs `tollgate serve --config path` in a goroutine.
func startServe(t *testing.T, path string, env map[string]string) *mcpSession {
	t.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	s := &mcpSession{stdin: inW, stderr: &lockedBuffer{}, exit: make(chan int, 1), pending: map[int64]chan json.RawMessage{}}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go func() {
		defer outW.Close()
		// A server that has stopped reads no more: writes to its stdin fail, not block.
		defer inR.CloseWithError(errServerGone)
		defer func() {
			if p := recover(); p != nil {
				s.mu.Lock()
				s.panicked = p
				s.mu.Unlock()
				close(s.exit)
			}
		}()
		s.exit <- run(ctx, []string{"serve", "--config", path}, inR, outW, s.stderr, func(k string) string { return env[k] })
	}()
	go s.readStdout(outR)
	t.Cleanup(func() { inW.Close() })
	return s
}

var errServerGone = errors.New("the server has exited")

// readStdout keeps every line and hands each response to the call waiting for its id.
func (s *mcpSession) readStdout(r io.Reader) {
	br := bufio.NewReaderSize(r, 1<<16)
	for {
		line, err := br.ReadString('\n')
		if line != "" {
			s.mu.Lock()
			s.lines = append(s.lines, line)
			var msg struct {
				ID *int64 `json:"id"`
			}
			if json.Unmarshal([]byte(line), &msg) == nil && msg.ID != nil {
				if ch := s.pending[*msg.ID]; ch != nil {
					ch <- json.RawMessage(line)
					delete(s.pending, *msg.ID)
				}
			}
			s.mu.Unlock()
		}
		if err != nil {
			// The server is gone: nobody will answer the calls still waiting.
			s.mu.Lock()
			for id, ch := range s.pending {
				close(ch)
				delete(s.pending, id)
			}
			s.mu.Unlock()
			return
		}
	}
}

// send writes one JSON-RPC message to the server's stdin.
func (s *mcpSession) send(t *testing.T, msg any) {
	t.Helper()
	b, err := json.Marshal(msg)
	if err != nil {
		t.Fatal(err)
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if _, err := s.stdin.Write(append(b, '\n')); err != nil {
		t.Fatalf("write to the server's stdin: %v (panic: %v; stderr:\n%s)", err, s.panic(), tailOf(s.stderr.String(), 4000))
	}
}

// rpcWait bounds how long a request may stay unanswered: generous, since the first call
// to a Go module waits for its compile (~20 s under the race detector on two cores,
// beside the built-in modules' compiles).
const rpcWait = 3 * time.Minute

// request sends a request and returns its result; a JSON-RPC error fails the test.
func (s *mcpSession) request(t *testing.T, method string, params any) json.RawMessage {
	t.Helper()
	id := s.nextID.Add(1)
	ch := make(chan json.RawMessage, 1)
	s.mu.Lock()
	s.pending[id] = ch
	s.mu.Unlock()
	msg := map[string]any{"jsonrpc": "2.0", "id": id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	s.send(t, msg)
	timer := time.NewTimer(rpcWait)
	defer timer.Stop()
	select {
	case line, ok := <-ch:
		if !ok {
			t.Fatalf("%s: the server closed stdout without answering (panic: %v; stderr:\n%s)", method, s.panic(), tailOf(s.stderr.String(), 4000))
		}
		var resp struct {
			Result json.RawMessage `json:"result"`
			Error  *struct {
				Code    int    `json:"code"`
				Message string `json:"message"`
			} `json:"error"`
		}
		if err := json.Unmarshal(line, &resp); err != nil {
			t.Fatalf("%s: answer %s: %v", method, line, err)
		}
		if resp.Error != nil {
			t.Fatalf("%s: JSON-RPC error %d: %s", method, resp.Error.Code, resp.Error.Message)
		}
		return resp.Result
	case <-timer.C:
		t.Fatalf("%s: no answer within %v", method, rpcWait)
	}
	return nil
}

func (s *mcpSession) panic() any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.panicked
}

// initialize opens the MCP session.
func (s *mcpSession) initialize(t *testing.T) {
	t.Helper()
	s.request(t, "initialize", map[string]any{
		"protocolVersion": "2025-06-18", "capabilities": map[string]any{},
		"clientInfo": map[string]any{"name": "hostile-suite", "version": "0"},
	})
	s.send(t, map[string]any{"jsonrpc": "2.0", "method": "notifications/initialized"})
}

// listedTool is a tool as tools/list shows it.
type listedTool struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// listTools returns every tool of tools/list, following pages.
func (s *mcpSession) listTools(t *testing.T) map[string]listedTool {
	t.Helper()
	tools := map[string]listedTool{}
	cursor := ""
	for page := 0; page < 1000; page++ {
		params := map[string]any{}
		if cursor != "" {
			params["cursor"] = cursor
		}
		var res struct {
			Tools      []listedTool `json:"tools"`
			NextCursor string       `json:"nextCursor"`
		}
		if err := json.Unmarshal(s.request(t, "tools/list", params), &res); err != nil {
			t.Fatal(err)
		}
		for _, tl := range res.Tools {
			if _, dup := tools[tl.Name]; dup {
				t.Errorf("tools/list names %s twice", tl.Name)
			}
			tools[tl.Name] = tl
		}
		if cursor = res.NextCursor; cursor == "" {
			return tools
		}
	}
	t.Fatal("tools/list pages without end")
	return nil
}

// callResult is a tools/call result with its envelope decoded.
type callResult struct {
	IsError  bool
	Text     string
	Envelope struct {
		Success bool            `json:"success"`
		Data    json.RawMessage `json:"data"`
		Error   *struct {
			Type    string `json:"type"`
			Message string `json:"message"`
		} `json:"error"`
	}
}

// callTool calls a tool and decodes its result; the text content and the structured
// content must be the same envelope.
func (s *mcpSession) callTool(t *testing.T, name string, args any) callResult {
	t.Helper()
	if args == nil {
		args = map[string]any{}
	}
	raw := s.request(t, "tools/call", map[string]any{"name": name, "arguments": args})
	var res struct {
		IsError bool `json:"isError"`
		Content []struct {
			Type string `json:"type"`
			Text string `json:"text"`
		} `json:"content"`
		StructuredContent json.RawMessage `json:"structuredContent"`
	}
	if err := json.Unmarshal(raw, &res); err != nil {
		t.Fatalf("tools/call %s: %v in %s", name, err, raw)
	}
	if len(res.Content) != 1 || res.Content[0].Type != "text" {
		t.Fatalf("tools/call %s: content %s", name, raw)
	}
	out := callResult{IsError: res.IsError, Text: res.Content[0].Text}
	if err := json.Unmarshal([]byte(out.Text), &out.Envelope); err != nil {
		t.Fatalf("tools/call %s: text is not an envelope: %v in %q", name, err, out.Text)
	}
	var structured, text any
	if json.Unmarshal(res.StructuredContent, &structured) != nil || json.Unmarshal([]byte(out.Text), &text) != nil ||
		!jsonEqual(structured, text) {
		t.Errorf("tools/call %s: structuredContent %s differs from the text %s", name, res.StructuredContent, out.Text)
	}
	if out.IsError == out.Envelope.Success || (out.Envelope.Error == nil) == out.IsError {
		t.Errorf("tools/call %s: isError %v with envelope %s", name, out.IsError, out.Text)
	}
	return out
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

// stop closes the server's stdin, as a client going away does, and waits for run to
// return; it returns the exit code.
func (s *mcpSession) stop(t *testing.T) int {
	t.Helper()
	s.stdin.Close()
	timer := time.NewTimer(rpcWait)
	defer timer.Stop()
	select {
	case code, ok := <-s.exit:
		if !ok {
			t.Fatalf("run panicked: %v", s.panic())
		}
		return code
	case <-timer.C:
		t.Fatalf("run did not return within %v of stdin closing", rpcWait)
	}
	return -1
}

// stdoutLines returns what the server wrote to stdout, line by line.
func (s *mcpSession) stdoutLines() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.lines...)
}

// logRecords decodes the lines of a JSON-lines log that are JSON objects.
func logRecords(text string) []map[string]any {
	var out []map[string]any
	for _, line := range strings.Split(text, "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(line), &m) == nil {
			m["_line"] = line
			out = append(out, m)
		}
	}
	return out
}

// hasAny reports whether s contains one of the alternatives of want, "a|b|c".
func hasAny(s, want string) bool {
	for _, w := range strings.Split(want, "|") {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// tailOf returns the end of s, for failure messages.
func tailOf(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

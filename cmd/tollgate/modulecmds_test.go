package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tollgate/tollgate/internal/wasmtest"
	"github.com/tollgate/tollgate/runtime/declare"
	"github.com/tollgate/tollgate/runtime/mcpserver"
	"github.com/tollgate/tollgate/runtime/modpin"
	"github.com/tollgate/tollgate/tools"
)

// Modules the tests read: a built-in one (embedded by package tools, so present whenever
// this package compiles) and the sandbox's test modules.
const (
	marketWasm    = "../../tools/market/market.wasm"
	sandboxData   = "../../runtime/sandbox/testdata/"
	describeWasm  = sandboxData + "describe.wasm" // not packed: tollgate_describe, tollgate_call
	pathOpenWasm  = sandboxData + "forbidden_path_open.wasm"
	opensslKeyPEM = "../../runtime/modpin/testdata/openssl_ed25519.pem"
)

// modCLI runs the CLI in-process, with an empty environment, failing the test if the
// command has not returned after a minute (a FIFO that blocked the open, say).
func modCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(context.Background(), args, strings.NewReader(""), &out, &errOut, func(string) string { return "" })
	}()
	select {
	case code = <-done:
	case <-time.After(time.Minute):
		t.Fatalf("tollgate %s did not return", strings.Join(args, " "))
	}
	return code, out.String(), errOut.String()
}

func writeTemp(t *testing.T, name string, data []byte, perm os.FileMode) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, perm); err != nil { // past the umask
		t.Fatal(err)
	}
	return p
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestHashIsSha256sum(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.wasm")
	odd := filepath.Join(dir, `back\slash`+"\nnewline.wasm")
	spaced := filepath.Join(dir, "sp ace \u00e9t\u00e9.wasm") // printed raw by both
	for _, p := range []string{small, odd, spaced} {
		if err := os.WriteFile(p, []byte("\x00asm\x01\x00\x00\x00"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files := []string{marketWasm, small, odd, spaced}
	code, out, errOut := modCLI(t, append([]string{"hash"}, files...)...)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	market, err := os.ReadFile(marketWasm)
	if err != nil {
		t.Fatal(err)
	}
	small8 := sum([]byte("\x00asm\x01\x00\x00\x00"))
	want := sum(market) + "  " + marketWasm + "\n" + small8 + "  " + small + "\n" +
		`\` + small8 + "  " + strings.ReplaceAll(strings.ReplaceAll(odd, `\`, `\\`), "\n", `\n`) + "\n" +
		small8 + "  " + spaced + "\n"
	if out != want {
		t.Fatalf("stdout\n%q\nwant\n%q", out, want)
	}
	if _, err := exec.LookPath("sha256sum"); err != nil {
		t.Skip("no sha256sum to compare with")
	}
	ref, err := exec.Command("sha256sum", files...).Output()
	if err != nil {
		t.Fatal(err)
	}
	if out != string(ref) {
		t.Fatalf("tollgate hash\n%q\nsha256sum\n%q", out, ref)
	}
}

func TestHashErrors(t *testing.T) {
	dir := t.TempDir()
	good := writeTemp(t, "good.wasm", []byte("\x00asm\x01\x00\x00\x00"), 0o644)
	fifo := filepath.Join(dir, "fifo.wasm")
	haveFIFO := exec.Command("mkfifo", fifo).Run() == nil
	huge := filepath.Join(dir, "huge.wasm")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(modpin.MaxModuleSize + 1); err != nil { // sparse: nothing is written
		t.Fatal(err)
	}
	f.Close()
	atLimit := filepath.Join(dir, "at_limit.wasm")
	if err := os.WriteFile(atLimit, nil, 0o644); err == nil {
		_ = os.Truncate(atLimit, modpin.MaxModuleSize)
	}

	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string // in stderr
		wantOut  string // stdout exactly
	}{
		{"no files", []string{"hash"}, 2, "hash takes one or more module files; got none", ""},
		{"unknown flag", []string{"hash", "-x", good}, 2, "flag provided but not defined", ""},
		{"missing file", []string{"hash", filepath.Join(dir, "nope.wasm")}, 1, "nope.wasm: no such file", ""},
		{"a directory", []string{"hash", dir}, 1, "it is a directory", ""},
		{"over 64 MiB", []string{"hash", huge}, 1, "huge.wasm: file too large: 67108865 bytes, over the 67108864 bytes allowed", ""},
		{"exactly 64 MiB", []string{"hash", atLimit}, 0, "", sum(make([]byte, modpin.MaxModuleSize)) + "  " + atLimit + "\n"},
		{"the good file is still hashed", []string{"hash", filepath.Join(dir, "nope.wasm"), good}, 1, "nope.wasm", sum([]byte("\x00asm\x01\x00\x00\x00")) + "  " + good + "\n"},
	}
	if haveFIFO {
		tests = append(tests, struct {
			name     string
			args     []string
			wantCode int
			wantErr  string
			wantOut  string
		}{"a FIFO with no writer", []string{"hash", fifo}, 1, "fifo.wasm: not a regular file: it is a named pipe", ""})
	} else {
		t.Log("no mkfifo: the FIFO case is not run")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := modCLI(t, tt.args...)
			if code != tt.wantCode || out != tt.wantOut || !strings.Contains(errOut, tt.wantErr) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit %d, stdout %q, stderr with %q", code, out, errOut, tt.wantCode, tt.wantOut, tt.wantErr)
			}
			if code == 1 && !strings.HasPrefix(errOut, "tollgate: error: ") {
				t.Errorf("stderr does not start with tollgate: error: %q", errOut)
			}
		})
	}
}

// A built-in module inspects cleanly but for its tool names, which the built-in itself
// always serves: as a [[module]] beside it, the server refuses it.
func TestInspectBuiltin(t *testing.T) {
	market, err := os.ReadFile(marketWasm)
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := modCLI(t, "inspect", marketWasm)
	if code != 1 || errOut != "" {
		t.Fatalf("exit %d, stderr %q\n%s", code, errOut, out)
	}
	for _, want := range []string{
		"sha256: " + sum(market) + "\n",
		"size: " + strconv.Itoa(len(market)) + " bytes\n",
		"allowed  tollgate.request",
		`get_ticker_price      "Ticker price"            read-only,idempotent,open-world  input schema`,
		"\nnote: refused if granted \"trade\": get_available_assets, get_avg_price, get_book_ticker and 6 more declare(s) readOnlyHint",
		"\nnote: this file is the built-in module market, which tollgate always serves",
		"\nloadable: no: tool name collision: tool \"get_available_assets\" is already provided by built-in module market; ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "REFUSED") || strings.Contains(out, "invalid declarations") {
		t.Fatalf("refused for more than its names:\n%s", out)
	}

	code, out, _ = modCLI(t, "inspect", "-json", marketWasm)
	var in inspection
	if err := json.Unmarshal([]byte(out), &in); err != nil || code != 1 {
		t.Fatalf("exit %d, %v\n%s", code, err, out)
	}
	decl, err := declare.Read(market)
	if err != nil {
		t.Fatal(err)
	}
	if in.Loadable || !strings.HasPrefix(in.Reason, "tool name collision: ") || in.SHA256 != sum(market) || len(in.Tools) != len(decl.Tools) || len(in.Imports) == 0 || len(in.Notes) != 2 {
		t.Fatalf("%+v", in)
	}
	for _, imp := range in.Imports {
		if !imp.Allowed {
			t.Errorf("refused: %+v", imp)
		}
	}

	// Every built-in's declarations pass the server's checks for community modules:
	// internal/cmd/tollgate-pack, which packs them, refuses any that does not.
	for _, m := range tools.Builtin() {
		decl, err := declare.Read(m.Wasm)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range decl.Tools {
			if err := mcpserver.CheckDeclaration(d); err != nil {
				t.Errorf("%s: %v", m.Name, err)
			}
		}
	}
}

func TestInspectNotLoadable(t *testing.T) {
	notWasm := writeTemp(t, "script.wasm", []byte("#!/bin/sh\necho hi\n"), 0o644)
	tests := []struct {
		name    string
		file    string
		verdict string // the last line of stdout
	}{
		{"a forbidden WASI import", pathOpenWasm, "loadable: no: import wasi_snapshot_preview1.path_open refused: not in the WASI subset"},
		{"not packed", describeWasm, "loadable: no: declare: no tollgate.tools custom section"},
		{"not WebAssembly", notWasm, "loadable: no: sandbox: invalid module"},
		{"a start function that never returns, and no exports", spinModule(t, "Spin"), `loadable: no: sandbox: invalid module: no exported memory named "memory"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := modCLI(t, "inspect", tt.file)
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if code != 1 || errOut != "" || !strings.HasPrefix(lines[len(lines)-1], tt.verdict) {
				t.Fatalf("exit %d, stderr %q, stdout\n%s\nwant exit 1 and a last line starting %q", code, errOut, out, tt.verdict)
			}
		})
	}
}

// A title is the module author's text: inspect shows it quoted, so escape sequences
// reach the terminal as text.
func TestInspectQuotesModuleText(t *testing.T) {
	code, out, _ := modCLI(t, "inspect", spinModule(t, "\x1b]0;pwned\x07\x1b[31mred\u202e"))
	if code != 1 || strings.ContainsAny(out, "\x1b\x07\u202e") || !strings.Contains(out, `"\x1b]0;pwned\a\x1b[31mred\u202e"`) {
		t.Fatalf("exit %d\n%q", code, out)
	}
}

func TestInspectUsage(t *testing.T) {
	for _, args := range [][]string{{"inspect"}, {"inspect", describeWasm, pathOpenWasm}, {"inspect", "-jsn", describeWasm}} {
		if code, out, errOut := modCLI(t, args...); code != 2 || out != "" || !strings.Contains(errOut, "usage:") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
	if code, _, errOut := modCLI(t, "inspect", "/nonexistent/x.wasm"); code != 1 || !strings.Contains(errOut, "tollgate: error: inspect: open /nonexistent/x.wasm") {
		t.Errorf("missing file: exit %d, %q", code, errOut)
	}
}

// spinModule writes a packed module declaring one tool with the given title, whose start
// function loops forever and which exports nothing. Running any of it would hang.
func spinModule(t *testing.T, title string) string {
	t.Helper()
	wasm := []byte("\x00asm\x01\x00\x00\x00" +
		"\x01\x04\x01\x60\x00\x00" + // type 0: () -> ()
		"\x03\x02\x01\x00" + // func 0: type 0
		"\x08\x01\x00" + // start: func 0
		"\x0a\x09\x01\x07\x00\x03\x40\x0c\x00\x0b\x0b") // func 0: loop br 0 end
	decl, err := json.Marshal(map[string]any{"abi": 1, "tools": []any{map[string]any{
		"name": "spin", "title": title, "inputSchema": map[string]any{"type": "object"},
		"annotations": map[string]bool{"readOnlyHint": true, "destructiveHint": false, "idempotentHint": true, "openWorldHint": false},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	packed, err := declare.AppendSection(wasm, decl)
	if err != nil {
		t.Fatal(err)
	}
	return writeTemp(t, "spin.wasm", packed, 0o644)
}

func TestPackRoundTrip(t *testing.T) {
	out := filepath.Join(t.TempDir(), "packed.wasm")
	code, stdout, errOut := modCLI(t, "pack", describeWasm, out)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	packed, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if want := out + ": 1 tool(s) declared\nsha256 = \"" + sum(packed) + "\"\n"; stdout != want {
		t.Fatalf("stdout %q, want %q", stdout, want)
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
	decl, err := declare.Read(packed)
	if err != nil || decl.Tools[0].Name != "ping" {
		t.Fatalf("%+v %v", decl, err)
	}
	code, stdout, _ = modCLI(t, "inspect", out)
	if code != 0 || !strings.HasSuffix(stdout, "loadable: yes\n") {
		t.Fatalf("packed module: exit %d\n%s", code, stdout)
	}
	// Packing again, in place, gives the same bytes.
	if code, _, errOut := modCLI(t, "pack", out, out); code != 0 {
		t.Fatalf("repack: %q", errOut)
	}
	if again, _ := os.ReadFile(out); !bytes.Equal(again, packed) {
		t.Fatal("repacking changed the module")
	}
}

func TestPackErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"one argument", []string{"pack", describeWasm}, 2, "pack takes 2 argument(s), IN.wasm OUT.wasm; got 1"},
		{"three arguments", []string{"pack", describeWasm, "a", "b"}, 2, "got 3"},
		{"missing input", []string{"pack", filepath.Join(dir, "nope.wasm"), filepath.Join(dir, "out.wasm")}, 1, "nope.wasm: no such file"},
		{"a forbidden import", []string{"pack", pathOpenWasm, filepath.Join(dir, "out.wasm")}, 1, `"wasi_snapshot_preview1"."path_open" refused`},
		{"no tollgate_describe", []string{"pack", spinModule(t, "x"), filepath.Join(dir, "out.wasm")}, 1, "describe: sandbox: invalid module"},
		{"output directory missing", []string{"pack", describeWasm, filepath.Join(dir, "no", "out.wasm")}, 1, "write "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := modCLI(t, tt.args...)
			if code != tt.wantCode || out != "" || !strings.Contains(errOut, tt.wantErr) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit %d and %q", code, out, errOut, tt.wantCode, tt.wantErr)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "out.wasm")); !os.IsNotExist(err) {
		t.Errorf("a failed pack left an output: %v", err)
	}
}

// publisherKey returns the value of the publisher_key line keygen and sign print.
func publisherKey(t *testing.T, stdout string) string {
	t.Helper()
	line, ok := strings.CutPrefix(strings.TrimSuffix(stdout, "\n"), "publisher_key = ")
	if !ok {
		t.Fatalf("stdout %q is not one publisher_key line", stdout)
	}
	v, err := strconv.Unquote(line)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestKeygenSignVerify(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "publisher.pem")
	code, out, errOut := modCLI(t, "keygen", "-out", key)
	if code != 0 {
		t.Fatalf("keygen: exit %d, %q", code, errOut)
	}
	keygenPub := publisherKey(t, out)
	pemBytes, err := os.ReadFile(key)
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(key); fi.Mode().Perm() != 0o600 {
		t.Fatalf("key mode %v, want 0600", fi.Mode().Perm())
	}

	wasm, err := os.ReadFile(describeWasm)
	if err != nil {
		t.Fatal(err)
	}
	mod := writeTemp(t, "m.wasm", wasm, 0o644)
	code, out, errOut = modCLI(t, "sign", "-key", key, mod)
	if code != 0 {
		t.Fatalf("sign: exit %d, %q", code, errOut)
	}
	if got := publisherKey(t, out); got != keygenPub {
		t.Fatalf("sign printed %s, keygen %s", got, keygenPub)
	}
	for _, line := range strings.Split(string(pemBytes), "\n") {
		if len(line) > 8 && !strings.HasPrefix(line, "-----") && strings.Contains(out+errOut, line) {
			t.Fatal("the private key reached the output")
		}
	}
	sig, err := os.ReadFile(mod + ".sig")
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(mod + ".sig"); fi.Mode().Perm() != 0o644 {
		t.Errorf("signature mode %v, want 0644", fi.Mode().Perm())
	}
	pub, err := modpin.ParsePublicKey(keygenPub)
	if err != nil {
		t.Fatal(err)
	}
	if err := modpin.CheckSignature(wasm, sig, pub); err != nil {
		t.Fatalf("the signature does not verify: %v", err)
	}
	if modpin.CheckSignature(append(wasm, 0), sig, pub) == nil {
		t.Fatal("the signature verifies over other bytes")
	}

	// A key made by openssl signs too, and re-signing replaces the signature.
	opensslKey, err := os.ReadFile(opensslKeyPEM)
	if err != nil {
		t.Fatal(err)
	}
	okey := writeTemp(t, "openssl.pem", opensslKey, 0o600)
	code, out, errOut = modCLI(t, "sign", "-key", okey, mod)
	if code != 0 {
		t.Fatalf("sign with the openssl key: exit %d, %q", code, errOut)
	}
	opub, err := modpin.ParsePublicKey(publisherKey(t, out))
	if err != nil {
		t.Fatal(err)
	}
	sig2, _ := os.ReadFile(mod + ".sig")
	if modpin.CheckSignature(wasm, sig2, opub) != nil || modpin.CheckSignature(wasm, sig2, pub) == nil {
		t.Fatal("the signature was not replaced by the openssl key's")
	}
}

func TestSignErrors(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile(opensslKeyPEM)
	if err != nil {
		t.Fatal(err)
	}
	key := writeTemp(t, "key.pem", good, 0o600)
	readable := writeTemp(t, "readable.pem", good, 0o640)
	notPEM := writeTemp(t, "not.pem", []byte("hello\n"), 0o600)
	pubPEM := writeTemp(t, "pub.pem", []byte("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAB5Wd9wiVwJSpkmRF5uekxRnUHoSm+KZ2PzOXIWQuMQo=\n-----END PUBLIC KEY-----\n"), 0o600)
	mod := writeTemp(t, "m.wasm", []byte("\x00asm\x01\x00\x00\x00"), 0o644)
	fifo := filepath.Join(dir, "fifo.pem")
	haveFIFO := exec.Command("mkfifo", "-m", "600", fifo).Run() == nil

	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"no -key", []string{"sign", mod}, 2, "sign needs -key KEY.pem"},
		{"no file", []string{"sign", "-key", key}, 2, "sign takes 1 argument(s), a module file; got 0"},
		{"two files", []string{"sign", "-key", key, mod, mod}, 2, "got 2"},
		{"missing key", []string{"sign", "-key", filepath.Join(dir, "nope.pem"), mod}, 1, "nope.pem: no such file"},
		{"key readable by the group", []string{"sign", "-key", readable, mod}, 1, "may be read by other users; run chmod 600 on it (mode -rw-r-----)"},
		{"key is a directory", []string{"sign", "-key", dir, mod}, 1, "private-key file is not a regular file"},
		{"key is not PEM", []string{"sign", "-key", notPEM, mod}, 1, "not.pem: modpin: bad key: no PEM block"},
		{"a public key given as -key", []string{"sign", "-key", pubPEM, mod}, 1, `a PEM "PUBLIC KEY" block; want a PKCS#8 PRIVATE KEY block`},
		{"missing module", []string{"sign", "-key", key, filepath.Join(dir, "nope.wasm")}, 1, "nope.wasm: no such file"},
		{"module is a directory", []string{"sign", "-key", key, dir}, 1, "it is a directory"},
	}
	if haveFIFO {
		tests = append(tests, struct {
			name     string
			args     []string
			wantCode int
			wantErr  string
		}{"key is a FIFO", []string{"sign", "-key", fifo, mod}, 1, "private-key file is not a regular file"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := modCLI(t, tt.args...)
			if code != tt.wantCode || out != "" || !strings.Contains(errOut, tt.wantErr) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit %d and %q", code, out, errOut, tt.wantCode, tt.wantErr)
			}
		})
	}
	if _, err := os.Stat(mod + ".sig"); !os.IsNotExist(err) {
		t.Errorf("a failed sign wrote a signature: %v", err)
	}
}

func TestKeygenErrors(t *testing.T) {
	existing := writeTemp(t, "existing.pem", []byte("keep me"), 0o600)
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"no -out", []string{"keygen"}, 2, "keygen needs -out KEY.pem"},
		{"an argument", []string{"keygen", "-out", existing + "2", "extra"}, 2, "keygen takes 0 argument(s)"},
		{"existing file", []string{"keygen", "-out", existing}, 1, "already exists; refusing to replace a key"},
		{"missing directory", []string{"keygen", "-out", filepath.Join(t.TempDir(), "no", "k.pem")}, 1, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := modCLI(t, tt.args...)
			if code != tt.wantCode || out != "" || !strings.Contains(errOut, tt.wantErr) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit %d and %q", code, out, errOut, tt.wantCode, tt.wantErr)
			}
		})
	}
	if b, _ := os.ReadFile(existing); string(b) != "keep me" {
		t.Fatalf("the existing file was changed: %q", b)
	}
}

// describeDecl is describe.wat's declaration.
const describeDecl = `{"abi":1,"tools":[{"name":"ping","title":"Ping","inputSchema":{"type":"object"},"annotations":{"readOnlyHint":true,"destructiveHint":false,"idempotentHint":true,"openWorldHint":false}}]}`

func TestDescribeGuestIsDescribeWat(t *testing.T) {
	want, err := os.ReadFile(describeWasm)
	if err != nil {
		t.Fatal(err)
	}
	if got := wasmtest.DescribeGuest(describeDecl); !bytes.Equal(got, want) {
		t.Fatalf("describeGuest\n%x\ndescribe.wasm\n%x", got, want)
	}
}

// oneToolDecl returns a tollgate.tools payload declaring one tool.
func oneToolDecl(t *testing.T, name, inputSchema, outputSchema string, readOnly bool) string {
	t.Helper()
	tool := map[string]any{
		"name": name, "title": "T", "inputSchema": json.RawMessage(inputSchema),
		"annotations": map[string]bool{"readOnlyHint": readOnly, "destructiveHint": false, "idempotentHint": true, "openWorldHint": false},
	}
	if outputSchema != "" {
		tool["outputSchema"] = json.RawMessage(outputSchema)
	}
	b, err := json.Marshal(map[string]any{"abi": 1, "tools": []any{tool}})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// prop is an input schema with one property "a" of the given schema.
func prop(schema string) string { return `{"type":"object","properties":{"a":` + schema + `}}` }

// serverRefusals are declarations the server refuses in a community module, each with the
// nearest one it serves.
var serverRefusals = []struct {
	name                string
	tool, input, output string // refused
	okTool, okIn, okOut string // the nearest accepted
	want                string // in the verdict
}{
	{"an unknown type", "t", prop(`{"type":"nosuch"}`), "",
		"t", prop(`{"type":"string"}`), "", "value must be one of"},
	{"an unknown type in the output schema", "t", `{"type":"object"}`, prop(`{"type":"nosuch"}`),
		"t", `{"type":"object"}`, prop(`{"type":"number"}`), "output schema"},
	{"a pattern Go cannot compile", "t", prop(`{"type":"string","pattern":"(?=x)"}`), "",
		"t", prop(`{"type":"string","pattern":"(?:x)"}`), "", "is not valid regex"},
	{"$ref to http:", "t", prop(`{"$ref":"http://example.com/s.json"}`), "",
		"t", `{"type":"object","properties":{"a":{"$ref":"#/$defs/s"}},"$defs":{"s":{"type":"string"}}}`, "", `"http://example.com/s.json"; external references are not loaded`},
	{"$ref to file:", "t", prop(`{"$ref":"file:///etc/passwd"}`), "",
		"t", prop(`{"$ref":"#"}`), "", `"file:///etc/passwd"; external references are not loaded`},
	{"$ref to a relative path", "t", prop(`{"$ref":"other.json"}`), "",
		"t", prop(`{"$ref":"#/properties"}`), "", "other.json\"; external references are not loaded"},
	{"$ref to /etc/passwd", "t", prop(`{"$ref":"/etc/passwd"}`), "",
		"t", prop(`{"$ref":"#/properties/a/$defs/p","$defs":{"p":{"type":"string"}}}`), "", "/etc/passwd\"; external references are not loaded"},
	{"$schema an http URL", "t", `{"$schema":"http://example.com/schema","type":"object"}`, "",
		"t", `{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object"}`, "", `"http://example.com/schema"; external references are not loaded`},
	// A bare http $id renames the schema and fetches nothing: the server serves it. A
	// relative $ref then resolves against it, to a URL that is never loaded.
	{"$id an http URL that a $ref resolves against", "t", `{"$id":"http://example.com/s","type":"object","properties":{"a":{"$ref":"defs.json"}}}`, "",
		"t", `{"$id":"http://example.com/s","type":"object","properties":{"a":{"$ref":"#/$defs/d"}},"$defs":{"d":{"type":"string"}}}`, "", `"http://example.com/defs.json"; external references are not loaded`},
	{"x-mcp-header with CR LF", "t", prop(`{"type":"string","x-mcp-header":"X-A\r\nInjected: 1"}`), "",
		"t", prop(`{"type":"string","x-mcp-header":"X-A"}`), "", `contains invalid character '\r'`},
	{"a built-in tool's name", "get_ticker_price", `{"type":"object"}`, "",
		"get_ticker_prices", `{"type":"object"}`, "", `tool name collision: tool "get_ticker_price" is already provided by built-in module market`},
	{"a schema error quoting terminal escapes", "t", prop(`{"type":"string","pattern":"(?=\u001b]0;pwned\u0007)"}`), "",
		"t", prop(`{"type":"string","pattern":"\u001b]0;pwned\u0007"}`), "", `'(?=\x1b]0;pwned\a)' is not valid regex`},
}

// packedModule writes describe.wasm with decl as its tollgate.tools section.
func packedModule(t *testing.T, decl string) string {
	t.Helper()
	wasm, err := os.ReadFile(describeWasm)
	if err != nil {
		t.Fatal(err)
	}
	packed, err := declare.AppendSection(wasm, []byte(decl))
	if err != nil {
		t.Fatal(err)
	}
	return writeTemp(t, "m.wasm", packed, 0o644)
}

// inspect says "loadable: no" for what the server refuses in a community module, and
// "yes" for the nearest declaration it serves.
func TestInspectServerChecks(t *testing.T) {
	for _, tt := range serverRefusals {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := modCLI(t, "inspect", packedModule(t, oneToolDecl(t, tt.tool, tt.input, tt.output, false)))
			last := lastLine(out)
			if code != 1 || errOut != "" || !strings.HasPrefix(last, "loadable: no: ") || !strings.Contains(last, tt.want) {
				t.Fatalf("exit %d, stderr %q, stdout\n%s\nwant exit 1 and a verdict with %q", code, errOut, out, tt.want)
			}
			if strings.ContainsAny(out, "\x1b\x07\r") {
				t.Fatalf("raw control characters in\n%q", out)
			}
			code, out, _ = modCLI(t, "inspect", "-json", packedModule(t, oneToolDecl(t, tt.tool, tt.input, tt.output, false)))
			var in inspection
			if err := json.Unmarshal([]byte(out), &in); err != nil || code != 1 || in.Loadable || !strings.Contains(in.Reason, tt.want) {
				t.Fatalf("-json: exit %d, %v, %+v", code, err, in)
			}

			code, out, errOut = modCLI(t, "inspect", packedModule(t, oneToolDecl(t, tt.okTool, tt.okIn, tt.okOut, false)))
			if code != 0 || errOut != "" || lastLine(out) != "loadable: yes" || strings.Contains(out, "note:") {
				t.Fatalf("nearest accepted: exit %d, stderr %q, stdout\n%s", code, errOut, out)
			}
		})
	}
}

func lastLine(out string) string {
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	return lines[len(lines)-1]
}

// A read-only tool is served unless the operator grants "trade", which inspect cannot
// know: a note, not a refusal.
func TestInspectReadOnlyNote(t *testing.T) {
	code, out, _ := modCLI(t, "inspect", packedModule(t, oneToolDecl(t, "t", `{"type":"object"}`, "", true)))
	if code != 0 || !strings.Contains(out, "\nnote: refused if granted \"trade\": t declare(s) readOnlyHint") || lastLine(out) != "loadable: yes" {
		t.Fatalf("exit %d\n%s", code, out)
	}
	code, out, _ = modCLI(t, "inspect", "-json", packedModule(t, oneToolDecl(t, "t", `{"type":"object"}`, "", true)))
	var in inspection
	if err := json.Unmarshal([]byte(out), &in); err != nil || code != 0 || !in.Loadable || len(in.Notes) != 1 {
		t.Fatalf("-json: exit %d, %v, %+v", code, err, in)
	}
}

// pack writes nothing the server would refuse (a collision with a built-in is only
// warned of: the module may be meant for a server of its own), and packs the nearest
// declaration it serves.
func TestPackServerChecks(t *testing.T) {
	for _, tt := range serverRefusals {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			in := writeTemp(t, "in.wasm", wasmtest.DescribeGuest(oneToolDecl(t, tt.tool, tt.input, tt.output, false)), 0o644)
			out := filepath.Join(dir, "out.wasm")
			code, stdout, errOut := modCLI(t, "pack", in, out)
			if strings.ContainsAny(errOut, "\x1b\x07\r") {
				t.Fatalf("raw control characters in %q", errOut)
			}
			if strings.HasPrefix(tt.want, "tool name collision") {
				if code != 0 || !strings.HasPrefix(errOut, "tollgate: warning: pack: tool \"get_ticker_price\" is also a tool of the built-in module market") {
					t.Fatalf("exit %d, stderr %q", code, errOut)
				}
				if _, err := os.Stat(out); err != nil {
					t.Fatal(err)
				}
			} else {
				if code != 1 || stdout != "" || !strings.Contains(errOut, "the server would refuse this module: invalid declarations: ") || !strings.Contains(errOut, tt.want) {
					t.Fatalf("exit %d, stdout %q, stderr %q; want exit 1 and %q", code, stdout, errOut, tt.want)
				}
				if _, err := os.Stat(out); !os.IsNotExist(err) {
					t.Fatalf("a refused pack wrote %s: %v", out, err)
				}
			}

			okIn := writeTemp(t, "ok.wasm", wasmtest.DescribeGuest(oneToolDecl(t, tt.okTool, tt.okIn, tt.okOut, false)), 0o644)
			if code, _, errOut := modCLI(t, "pack", okIn, out); code != 0 || errOut != "" {
				t.Fatalf("nearest accepted: exit %d, stderr %q", code, errOut)
			}
			if code, stdout, _ := modCLI(t, "inspect", out); code != 0 || lastLine(stdout) != "loadable: yes" {
				t.Fatalf("the packed module: exit %d\n%s", code, stdout)
			}
		})
	}
}

// A file name reaches the terminal escaped when it holds a control character, a bidi
// control or a byte that is not UTF-8; one sha256sum escapes itself (a backslash, a
// newline) stays as sha256sum prints it (TestHashIsSha256sum).
func TestHashEscapesControlCharacters(t *testing.T) {
	dir := t.TempDir()
	content := []byte("\x00asm\x01\x00\x00\x00")
	s := sum(content)
	tests := []struct{ name, want string }{
		{"plain.wasm", s + "  " + dir + "/plain.wasm"}, // the nearest accepted as is
		{"e\x1b]0;T\x07.wasm", `\` + s + "  " + dir + `/e\x1b]0;T\x07.wasm`},
		{"csi\x1b[2J.wasm", `\` + s + "  " + dir + `/csi\x1b[2J.wasm`},
		{"tab\t.wasm", `\` + s + "  " + dir + `/tab\x09.wasm`},
		{"del\x7f.wasm", `\` + s + "  " + dir + `/del\x7f.wasm`},
		{"c1\u009b31m.wasm", `\` + s + "  " + dir + `/c1\xc2\x9b31m.wasm`},
		{"bidi\u202egnp.wasm", `\` + s + "  " + dir + `/bidi\xe2\x80\xaegnp.wasm`},
		{"raw\x9b.wasm", `\` + s + "  " + dir + `/raw\x9b.wasm`},
		{"bad\xff.wasm", `\` + s + "  " + dir + `/bad\xff.wasm`},
		{"cr\r.wasm", `\` + s + "  " + dir + `/cr\r.wasm`}, // as coreutils 9's sha256sum
		{"back\\slash\x1b.wasm", `\` + s + "  " + dir + `/back\\slash\x1b.wasm`},
		{"\u00e9t\u00e9.wasm", s + "  " + dir + "/\u00e9t\u00e9.wasm"}, // printable UTF-8 is not escaped
	}
	for _, tt := range tests {
		t.Run(strconv.Quote(tt.name), func(t *testing.T) {
			p := filepath.Join(dir, tt.name)
			if err := os.WriteFile(p, content, 0o644); err != nil {
				t.Skipf("the file system refuses the name: %v", err)
			}
			code, out, errOut := modCLI(t, "hash", p)
			if code != 0 || errOut != "" || out != tt.want+"\n" {
				t.Fatalf("exit %d, stderr %q, stdout %q; want %q", code, errOut, out, tt.want+"\n")
			}

			// inspect names the file Go-quoted, in text; in JSON the name is exact.
			code, out, _ = modCLI(t, "inspect", p)
			wantFile := "file: " + dir + "/" + tt.name + "\n"
			if hasUnsafe(tt.name) {
				wantFile = "file: " + strconv.Quote(p) + "\n"
			}
			if code != 1 || !strings.HasPrefix(out, wantFile) {
				t.Fatalf("inspect: exit %d, stdout %q; want it to start %q", code, out, wantFile)
			}
			code, out, _ = modCLI(t, "inspect", "-json", p)
			var in inspection
			if err := json.Unmarshal([]byte(out), &in); err != nil || code != 1 || in.File != strings.ToValidUTF8(p, "\ufffd") {
				t.Fatalf("inspect -json: exit %d, %v, file %q", code, err, in.File)
			}
			if strings.ContainsFunc(out, func(r rune) bool { return r != '\n' && unsafeRune(r) }) {
				t.Fatalf("inspect -json: a raw control character in %q", out)
			}

			// Errors that name the file escape it too.
			missing := p + ".missing"
			for _, args := range [][]string{{"hash", missing}, {"inspect", missing}, {"pack", missing, p + ".out"}} {
				code, out, errOut := modCLI(t, args...)
				if code != 1 || out != "" || hasUnsafe(strings.TrimSuffix(errOut, "\n")) || !strings.Contains(errOut, terminalSafe(missing)) {
					t.Fatalf("%s: exit %d, stdout %q, stderr %q", args[0], code, out, errOut)
				}
			}
		})
	}
}

// sign and keygen name the files they write as inspect does.
func TestSignKeygenEscapeNames(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "k\x1b]0;T\x07.pem")
	code, _, errOut := modCLI(t, "keygen", "-out", key)
	if code != 0 || hasUnsafe(strings.TrimSuffix(errOut, "\n")) || !strings.Contains(errOut, strconv.Quote(key)) {
		t.Fatalf("keygen: exit %d, stderr %q", code, errOut)
	}
	mod := filepath.Join(dir, "m\x1b[2J.wasm")
	if err := os.WriteFile(mod, []byte("\x00asm\x01\x00\x00\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = modCLI(t, "sign", "-key", key, mod)
	if code != 0 || hasUnsafe(strings.TrimSuffix(errOut, "\n")) || !strings.Contains(errOut, strconv.Quote(mod+".sig")) {
		t.Fatalf("sign: exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = modCLI(t, "keygen", "-out", key)
	if code != 1 || hasUnsafe(strings.TrimSuffix(errOut, "\n")) || !strings.Contains(errOut, `k\x1b]0;T\a.pem already exists`) {
		t.Fatalf("keygen over an existing key: exit %d, stderr %q", code, errOut)
	}
}

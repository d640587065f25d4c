package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/tollgate/tollgate/runtime/declare"
	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/gate/sign"
	"github.com/tollgate/tollgate/runtime/host"
	"github.com/tollgate/tollgate/runtime/mcpserver"
	"github.com/tollgate/tollgate/runtime/modpin"
	"github.com/tollgate/tollgate/runtime/sandbox"
	"github.com/tollgate/tollgate/tools"
)

// exitFailed: a module command could not do its work (an unreadable file, a module that
// would not load). Usage errors stay exitUsage.
const exitFailed = 1

// moduleCommands work on files alone: no configuration and no Host, so they work on a
// machine with no config at all (a publisher's) and cannot be broken by one.
var moduleCommands = map[string]func(ctx context.Context, args []string, stdout, stderr io.Writer) int{
	"hash":    hashCmd,
	"inspect": inspectCmd,
	"pack":    packCmd,
	"sign":    signCmd,
	"keygen":  keygenCmd,
}

// newFlags returns a flag set whose errors and help go to stderr with the usage.
func newFlags(cmd string, stderr io.Writer) *flag.FlagSet {
	flags := flag.NewFlagSet("tollgate "+cmd, flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() { fmt.Fprint(stderr, usage) }
	return flags
}

// parseArgs parses args and checks the number of operands (want, or at least min when
// want is -1). It reports a usage error itself; ok false means exit with exitUsage.
func parseArgs(flags *flag.FlagSet, args []string, want int, operands string, stderr io.Writer) bool {
	if err := flags.Parse(args); err != nil {
		return false
	}
	cmd := strings.TrimPrefix(flags.Name(), "tollgate ")
	switch {
	case want >= 0 && flags.NArg() != want:
		fmt.Fprintf(stderr, "tollgate: error: %s takes %d argument(s), %s; got %d\n%s", cmd, want, operands, flags.NArg(), usage)
		return false
	case want < 0 && flags.NArg() == 0:
		fmt.Fprintf(stderr, "tollgate: error: %s takes %s; got none\n%s", cmd, operands, usage)
		return false
	}
	return true
}

// failf reports an error. Its messages name files, and the errors it wraps may quote
// them: control characters are escaped (terminalSafe), so a file name cannot write to
// the terminal.
func failf(stderr io.Writer, format string, args ...any) int {
	fmt.Fprintf(stderr, "tollgate: error: %s\n", terminalSafe(fmt.Sprintf(format, args...)))
	return exitFailed
}

func warnf(stderr io.Writer, format string, args ...any) {
	fmt.Fprintf(stderr, "tollgate: warning: %s\n", terminalSafe(fmt.Sprintf(format, args...)))
}

// hashCmd prints each file's SHA-256 as sha256sum does, which is the pin that
// [[module]] sha256 takes. A file that cannot be read is reported and the rest are
// still hashed, as sha256sum does; the exit status is then exitFailed.
func hashCmd(_ context.Context, args []string, stdout, stderr io.Writer) int {
	flags := newFlags("hash", stderr)
	if !parseArgs(flags, args, -1, "one or more module files", stderr) {
		return exitUsage
	}
	code := exitOK
	for _, path := range flags.Args() {
		wasm, err := modpin.ReadModule(path)
		if err != nil {
			code = failf(stderr, "hash: %v", err)
			continue
		}
		fmt.Fprintln(stdout, sumLine(modpin.Hash(wasm), path))
	}
	return code
}

// sumLine formats a line as GNU sha256sum (coreutils 9) does: a name that holds a
// backslash, a newline or a carriage return is written with those escaped as \\, \n and
// \r, and the line is marked with a leading backslash, so that `sha256sum -c` reads it
// back. For such names, and for plain ones, the line is byte for byte sha256sum's.
//
// sha256sum writes every other byte of a name raw, so a name holding ESC or BEL can set
// the terminal's title or colours, or hide the line. Here a name holding any other
// control character or byte a terminal could act on (unsafeRune: C0, DEL, C1, the
// bidirectional controls, and bytes that are not UTF-8) is escaped too, each byte as
// \xNN, on a line marked the same way. That is this command's choice, not sha256sum's:
// `sha256sum -c` does not read \xNN back, so such a line names the file for a person, not
// for a checker (the pin, the hash before the name, is the same either way).
func sumLine(sum, path string) string {
	if !strings.ContainsAny(path, "\\\n\r") && !hasUnsafe(path) {
		return sum + "  " + path
	}
	var b strings.Builder
	b.WriteString(`\` + sum + "  ")
	for i := 0; i < len(path); {
		r, w := utf8.DecodeRuneInString(path[i:])
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == utf8.RuneError && w == 1, unsafeRune(r):
			for _, c := range []byte(path[i : i+w]) {
				fmt.Fprintf(&b, `\x%02x`, c)
			}
		default:
			b.WriteString(path[i : i+w])
		}
		i += w
	}
	return b.String()
}

// unsafeRune reports whether r, in a file name or in text a module wrote, may not reach a
// terminal as it is: a C0 control (tab and newline included), DEL, a C1 control (U+0080
// to U+009F, which some terminals act on as they do on ESC sequences), or one of the
// Unicode bidirectional controls, which reorder how a line is shown.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// hasUnsafe reports whether s holds an unsafe rune or a byte that is not UTF-8.
func hasUnsafe(s string) bool {
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && w == 1 || unsafeRune(r) {
			return true
		}
		i += w
	}
	return false
}

// displayName returns a file name as output shows it: as it is, or Go-quoted
// (strconv.Quote, which escapes ESC as \x1b, a byte that is not UTF-8 as \xff, U+202E as
// \u202e) when it holds something unsafe. The quotes tell that what is shown is not the
// name's bytes.
func displayName(path string) string {
	if !hasUnsafe(path) {
		return path
	}
	return strconv.Quote(path)
}

// terminalSafe escapes in s each unsafe rune and each byte that is not UTF-8, as Go
// writes them in a quoted string (\x1b, \n, \u0085, \xff), and leaves the rest: a
// message with nothing unsafe is unchanged.
func terminalSafe(s string) string {
	if !hasUnsafe(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && w == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unsafeRune(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+w])
		}
		i += w
	}
	return b.String()
}

// jsonSafe escapes, in JSON that encoding/json wrote, what it leaves raw and a terminal
// could act on: DEL, C1 controls and the bidirectional controls, as \u00XX or \uXXXX.
// They can only be inside strings (the encoder escapes every C0 control there, and
// replaces bytes that are not UTF-8), so the JSON decodes to the same values.
func jsonSafe(js []byte) []byte {
	var b bytes.Buffer
	for i := 0; i < len(js); {
		r, w := utf8.DecodeRune(js[i:])
		if r >= 0x7f && unsafeRune(r) {
			fmt.Fprintf(&b, `\u%04x`, r)
		} else {
			b.Write(js[i : i+w])
		}
		i += w
	}
	return b.Bytes()
}

// inspection is what inspect reports; its JSON form is `tollgate inspect -json`.
type inspection struct {
	File             string           `json:"file"`
	Size             int              `json:"size"`
	SHA256           string           `json:"sha256"`
	Imports          []sandbox.Import `json:"imports"`
	ImportsError     string           `json:"imports_error,omitempty"`
	Tools            []inspectedTool  `json:"tools"`
	DeclarationError string           `json:"declaration_error,omitempty"`
	CompileError     string           `json:"compile_error,omitempty"`
	// Notes are what the verdict depends on beyond the file: the operator's grants.
	Notes    []string `json:"notes,omitempty"`
	Loadable bool     `json:"loadable"`
	Reason   string   `json:"reason,omitempty"`
}

type inspectedTool struct {
	Name            string `json:"name"`
	Title           string `json:"title,omitempty"`
	ReadOnly        bool   `json:"read_only"`
	Destructive     bool   `json:"destructive"`
	Idempotent      bool   `json:"idempotent"`
	OpenWorld       bool   `json:"open_world"`
	InputSchemaSize int    `json:"input_schema_bytes"`
}

// inspectCmd describes a module without running any of it: imports with the sandbox's
// verdict, the declared tools, and whether the server would serve it as a [[module]]. It
// is meant for a module from someone else, before it goes into a configuration, so
// everything the module wrote is shown quoted or escaped: a title may hold terminal
// escape sequences.
func inspectCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := newFlags("inspect", stderr)
	asJSON := flags.Bool("json", false, "print JSON")
	if !parseArgs(flags, args, 1, "a module file", stderr) {
		return exitUsage
	}
	path := flags.Arg(0)
	wasm, err := modpin.ReadModule(path)
	if err != nil {
		return failf(stderr, "inspect: %v", err)
	}
	in := inspect(ctx, path, wasm)
	if *asJSON {
		js, err := json.MarshalIndent(in, "", "  ")
		if err != nil {
			return failf(stderr, "inspect: %v", err)
		}
		_, _ = stdout.Write(jsonSafe(append(js, '\n')))
	} else {
		printInspection(stdout, in)
	}
	if !in.Loadable {
		return exitFailed
	}
	return exitOK
}

func inspect(ctx context.Context, path string, wasm []byte) inspection {
	in := inspection{File: path, Size: len(wasm), SHA256: modpin.Hash(wasm), Imports: []sandbox.Import{}, Tools: []inspectedTool{}}
	var reasons []string
	// The two checks sandbox.Engine.Load makes before it accepts a module: imports, then
	// the tollgate.tools section. Neither compiles anything.
	if imports, err := sandbox.Imports(wasm); err != nil {
		in.ImportsError = err.Error()
		reasons = append(reasons, in.ImportsError)
	} else {
		in.Imports = append(in.Imports, imports...) // [] rather than null in JSON
		var refused []string
		for _, imp := range imports {
			if !imp.Allowed {
				refused = append(refused, "import "+imp.Module+"."+imp.Name+" refused: "+imp.Reason)
			}
		}
		if len(refused) > 0 {
			r := refused[0]
			if len(refused) > 1 {
				r += fmt.Sprintf(" (and %d more refused imports)", len(refused)-1)
			}
			reasons = append(reasons, r)
		}
	}
	if decl, err := declare.Read(wasm); err != nil {
		in.DeclarationError = err.Error()
		switch {
		case errors.Is(err, declare.ErrMalformed) && in.ImportsError != "":
			// The same broken framing, already given as the first reason.
		case errors.Is(err, declare.ErrNoSection):
			reasons = append(reasons, in.DeclarationError+" (`tollgate pack` adds it)")
		default:
			reasons = append(reasons, in.DeclarationError)
		}
	} else {
		for _, t := range decl.Tools {
			a := t.Annotations
			in.Tools = append(in.Tools, inspectedTool{t.Name, t.Title, a.ReadOnlyHint, a.DestructiveHint, a.IdempotentHint, a.OpenWorldHint, len(t.InputSchema)})
		}
		refused, notes := communityChecks(decl.Tools, in.SHA256)
		reasons = append(reasons, summarize(refused, "refused declarations")...)
		in.Notes = notes
	}
	// What Load leaves to its background compile: a binary that validates and has the
	// exports of ABI v1. Only when the rest passed, since an import the sandbox refuses
	// already says the module will not run.
	if len(reasons) == 0 {
		if err := sandbox.Validate(ctx, wasm); err != nil {
			in.CompileError = err.Error()
			reasons = append(reasons, in.CompileError)
		}
	}
	in.Loadable, in.Reason = len(reasons) == 0, strings.Join(reasons, "; ")
	return in
}

// communityChecks runs on a community module's tools what the host checks before serving
// them (host.declared): no tool may have the name of a built-in module's tool (the
// built-ins are always served, so the name is always taken), and each declaration must
// pass mcpserver.CheckDeclaration. It returns the refusals in the host's words, one line
// each, and notes on what depends on the operator's configuration: the host also refuses
// a read-only tool in a module granted "trade", and inspect cannot know the grants.
func communityChecks(decls []declare.Tool, sha256 string) (refused, notes []string) {
	builtin, err := builtinTools()
	if err != nil { // BUG: the built-ins are checked when they are built
		return []string{err.Error()}, nil
	}
	var readOnly []string
	for _, d := range decls {
		if owner, taken := builtin[d.Name]; taken {
			refused = append(refused, fmt.Sprintf("%v: tool %q is already provided by built-in module %s", host.ErrToolCollision, d.Name, owner))
		}
		if err := mcpserver.CheckDeclaration(d); err != nil {
			refused = append(refused, fmt.Sprintf("%v: %s", declare.ErrInvalid, oneLine(err.Error(), 400)))
		}
		if d.Annotations.ReadOnlyHint {
			readOnly = append(readOnly, d.Name)
		}
	}
	if len(readOnly) > 0 {
		names := strings.Join(readOnly, ", ")
		if len(readOnly) > 3 {
			names = fmt.Sprintf("%s and %d more", strings.Join(readOnly[:3], ", "), len(readOnly)-3)
		}
		notes = append(notes, fmt.Sprintf("refused if granted %q: %s declare(s) readOnlyHint, and the server refuses a read-only claim from a module that may trade",
			gate.GrantTrade, names))
	}
	for _, m := range tools.Builtin() {
		if m.SHA256 == sha256 {
			notes = append(notes, "this file is the built-in module "+m.Name+", which tollgate always serves: as a [[module]] beside it, its tool names collide")
		}
	}
	return refused, notes
}

// builtinTools maps each tool name of the built-in modules to its module, read from
// their tollgate.tools sections as the host reads them.
var builtinTools = sync.OnceValues(func() (map[string]string, error) {
	owner := map[string]string{}
	for _, m := range tools.Builtin() {
		decl, err := declare.Read(m.Wasm)
		if err != nil {
			return nil, fmt.Errorf("built-in module %s: %w", m.Name, err)
		}
		for _, t := range decl.Tools {
			owner[t.Name] = m.Name
		}
	}
	return owner, nil
})

// summarize returns the first few of reasons and how many more there are.
func summarize(reasons []string, what string) []string {
	const shown = 3
	if len(reasons) <= shown {
		return reasons
	}
	return append(reasons[:shown:shown], fmt.Sprintf("(and %d more %s)", len(reasons)-shown, what))
}

// oneLine joins the lines of a multi-line error (the JSON Schema compiler's list causes
// one per line, indented) and cuts it to n bytes: a reason is printed on the verdict line.
func oneLine(s string, n int) string {
	var parts []string
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			parts = append(parts, line)
		}
	}
	s = strings.Join(parts, " ")
	if len(s) > n {
		s = strings.ToValidUTF8(s[:n], "") + "..."
	}
	return s
}

func printInspection(w io.Writer, in inspection) {
	fmt.Fprintf(w, "file: %s\nsize: %d bytes\nsha256: %s\n", displayName(in.File), in.Size, in.SHA256)
	fmt.Fprintf(w, "imports: %d\n", len(in.Imports))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, imp := range in.Imports {
		verdict, why := "allowed", ""
		if !imp.Allowed {
			verdict, why = "REFUSED", "\t"+imp.Reason
		}
		fmt.Fprintf(tw, "  %s\t%s.%s\t%s%s\n", verdict, imp.Module, imp.Name, imp.Signature, why)
	}
	tw.Flush()
	if in.ImportsError != "" {
		fmt.Fprintf(w, "  error: %s\n", terminalSafe(in.ImportsError))
	}
	if in.DeclarationError != "" {
		fmt.Fprintf(w, "tools: none readable: %s\n", terminalSafe(in.DeclarationError))
	} else {
		fmt.Fprintf(w, "tools: %d\n", len(in.Tools))
		tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, t := range in.Tools {
			fmt.Fprintf(tw, "  %s\t%s\t%s\tinput schema %d bytes\n", t.Name, strconv.Quote(t.Title), hints(t), t.InputSchemaSize)
		}
		tw.Flush()
	}
	for _, n := range in.Notes {
		fmt.Fprintf(w, "note: %s\n", terminalSafe(n))
	}
	if in.Loadable {
		fmt.Fprintln(w, "loadable: yes")
	} else {
		fmt.Fprintf(w, "loadable: no: %s\n", terminalSafe(in.Reason))
	}
}

func hints(t inspectedTool) string {
	var hs []string
	for _, h := range []struct {
		on   bool
		name string
	}{{t.ReadOnly, "read-only"}, {t.Destructive, "destructive"}, {t.Idempotent, "idempotent"}, {t.OpenWorld, "open-world"}} {
		if h.on {
			hs = append(hs, h.name)
		}
	}
	if len(hs) == 0 {
		return "-"
	}
	return strings.Join(hs, ",")
}

// packCmd is internal/cmd/tollgate-pack for modules built elsewhere. It runs the guest's
// tollgate_describe, in the sandbox, with an in-memory compilation cache: a module that
// is only being packed leaves no compiled code behind. It writes nothing when the server
// would refuse the declarations of a community module (mcpserver.CheckDeclaration), and
// warns of a tool named like a built-in one, which the server refuses beside it.
func packCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := newFlags("pack", stderr)
	if !parseArgs(flags, args, 2, "IN.wasm OUT.wasm", stderr) {
		return exitUsage
	}
	in, out := flags.Arg(0), flags.Arg(1)
	wasm, err := modpin.ReadModule(in)
	if err != nil {
		return failf(stderr, "pack: %v", err)
	}
	engine, err := sandbox.NewEngine(ctx, sandbox.NewEngineConfig().WithCacheDir(""))
	if err != nil {
		return failf(stderr, "pack: %v", err)
	}
	defer engine.Close(ctx)
	packed, decl, err := engine.Pack(ctx, wasm)
	if err != nil {
		return failf(stderr, "pack: %s: %v", in, err)
	}
	for _, d := range decl.Tools {
		if err := mcpserver.CheckDeclaration(d); err != nil {
			return failf(stderr, "pack: %s: the server would refuse this module: %v: %s", in, declare.ErrInvalid, oneLine(err.Error(), 400))
		}
	}
	builtin, err := builtinTools()
	if err != nil {
		return failf(stderr, "pack: %v", err)
	}
	for _, d := range decl.Tools {
		if owner, taken := builtin[d.Name]; taken {
			warnf(stderr, "pack: tool %q is also a tool of the built-in module %s: the server refuses this module beside the built-ins (%v)", d.Name, owner, host.ErrToolCollision)
		}
	}
	if err := writeFileAtomic(out, packed, 0o644); err != nil {
		return failf(stderr, "pack: %v", err)
	}
	fmt.Fprintf(stdout, "%s: %d tool(s) declared\nsha256 = %q\n", displayName(out), len(decl.Tools), modpin.Hash(packed))
	return exitOK
}

// signCmd writes FILE.sig, the publisher's signature over FILE's bytes, and prints the
// public key as [[module]] publisher_key takes it.
func signCmd(_ context.Context, args []string, stdout, stderr io.Writer) int {
	flags := newFlags("sign", stderr)
	keyPath := flags.String("key", "", "Ed25519 private key, PKCS#8 PEM (`tollgate keygen` or `openssl genpkey -algorithm ed25519`)")
	if !parseArgs(flags, args, 1, "a module file", stderr) {
		return exitUsage
	}
	if *keyPath == "" {
		fmt.Fprintf(stderr, "tollgate: error: sign needs -key KEY.pem, the publisher's Ed25519 private key\n%s", usage)
		return exitUsage
	}
	path := flags.Arg(0)
	priv, err := readPrivateKey(*keyPath)
	if err != nil {
		return failf(stderr, "sign: %v", err)
	}
	defer clear(priv)
	wasm, err := modpin.ReadModule(path)
	if err != nil {
		return failf(stderr, "sign: %v", err)
	}
	sig := modpin.Sign(wasm, priv)
	pub := priv.Public().(ed25519.PublicKey)
	if err := modpin.CheckSignature(wasm, sig, pub); err != nil { // BUG if it ever fails
		return failf(stderr, "sign: %s: own signature does not verify: %v", path, err)
	}
	if err := writeFileAtomic(path+".sig", sig, 0o644); err != nil {
		return failf(stderr, "sign: %v", err)
	}
	fmt.Fprintf(stderr, "tollgate: signed %s (sha256 %s) into %s\n", displayName(path), modpin.Hash(wasm), displayName(path+".sig"))
	fmt.Fprintf(stdout, "publisher_key = %q\n", base64.StdEncoding.EncodeToString(pub))
	return exitOK
}

// readPrivateKey reads a signing key with the checks runtime/gate/sign applies to the
// Binance key file, and its errors: a regular file, not over 64 KiB, that no other user
// can read.
func readPrivateKey(path string) (ed25519.PrivateKey, error) {
	pemBytes, err := modpin.ReadRegular(path, sign.MaxKeyFileSize, func(fi fs.FileInfo) error {
		switch {
		case !fi.Mode().IsRegular():
			return sign.ErrKeyFileNotFile
		case fi.Size() > sign.MaxKeyFileSize:
			return sign.ErrKeyFileTooLarge
		case fi.Mode().Perm()&0o077 != 0:
			return fmt.Errorf("%w (mode %v)", sign.ErrKeyFileReadable, fi.Mode().Perm())
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	defer clear(pemBytes)
	priv, err := modpin.ParsePrivateKey(pemBytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return priv, nil
}

// keygenCmd writes a new Ed25519 key for signing modules, readable by its owner only,
// and prints the public half as publisher_key takes it. It never replaces a file: a key
// overwritten by mistake cannot sign updates that operators will accept.
func keygenCmd(_ context.Context, args []string, stdout, stderr io.Writer) int {
	flags := newFlags("keygen", stderr)
	out := flags.String("out", "", "where to write the new private key (PKCS#8 PEM, mode 0600)")
	if !parseArgs(flags, args, 0, "only -out KEY.pem", stderr) {
		return exitUsage
	}
	if *out == "" {
		fmt.Fprintf(stderr, "tollgate: error: keygen needs -out KEY.pem, where to write the new key\n%s", usage)
		return exitUsage
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return failf(stderr, "keygen: %v", err)
	}
	defer clear(priv)
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return failf(stderr, "keygen: %v", err)
	}
	defer clear(der)
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	defer clear(pemBytes)
	// O_EXCL: refuse an existing file, and a symlink planted in its place.
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return failf(stderr, "keygen: %s already exists; refusing to replace a key (choose another -out)", *out)
	}
	if err != nil {
		return failf(stderr, "keygen: %v", err)
	}
	_, err = f.Write(pemBytes)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(*out)
		return failf(stderr, "keygen: %v", err)
	}
	fmt.Fprintf(stderr, "tollgate: wrote a new Ed25519 private key to %s (mode 0600); keep it secret and backed up\n", displayName(*out))
	fmt.Fprintf(stdout, "publisher_key = %q\n", base64.StdEncoding.EncodeToString(pub))
	return exitOK
}

// writeFileAtomic writes data to a temporary file next to path and renames it over path:
// a reader never sees half a module or half a signature, and a symlink at path is
// replaced rather than followed.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(perm)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

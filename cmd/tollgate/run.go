package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"sort"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/tollgate/tollgate/runtime/config"
	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/host"
	"github.com/tollgate/tollgate/runtime/redact"
	"github.com/tollgate/tollgate/tools"
)

const (
	exitOK        = 0
	exitToolError = 1
	exitUsage     = 2
)

const usage = `usage:
  tollgate [serve] [--config FILE]        run the MCP server on stdio
  tollgate tools [--config FILE] [--json] list the tools
  tollgate call [--config FILE] TOOL JSON call one tool and print the result envelope
  tollgate check [--config FILE]          validate the configuration and modules

modules (no configuration needed):
  tollgate hash FILE...                   print each file's sha256 (the [[module]] pin)
  tollgate inspect [-json] FILE           a module's imports, tools and whether it loads; runs none of it
  tollgate pack IN.wasm OUT.wasm          write a module's tool declarations into it (runs it, sandboxed)
  tollgate sign -key KEY.pem FILE         write FILE.sig, the publisher's signature; print publisher_key
  tollgate keygen -out KEY.pem            make an Ed25519 signing key (mode 0600); print publisher_key
`

// run is the whole CLI; main only supplies the process's streams and environment.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	// Whatever reaches stdout or stderr passes a redactor that knows the credentials in
	// the environment, even if they are refused: a configuration error must not print a key.
	// stdout too: MCP results are redacted where they are made, but `check` and `tools`
	// print configuration, which may hold what an operator should not have put there.
	red := redact.New(getenv("BINANCE_API_KEY"), getenv("BINANCE_API_SECRET"))
	cmd := "serve"
	if len(args) > 0 && (!strings.HasPrefix(args[0], "-") || args[0] == "-h" || args[0] == "--help") {
		cmd, args = args[0], args[1:]
	}
	// Both are read by people on terminals, except serve's stdout, which carries MCP
	// messages: module names, paths and arguments quoted in them must not reach a
	// terminal as escape sequences.
	stdout = redactingWriter{w: stdout, red: red, escape: cmd != "serve"}
	stderr = redactingWriter{w: stderr, red: red, escape: true}
	if c, ok := moduleCommands[cmd]; ok { // before config.Load: they work on files alone
		return c(ctx, args, stdout, stderr)
	}
	fs := flag.NewFlagSet("tollgate "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	configPath := fs.String("config", "", "configuration file (default: $TOLLGATE_CONFIG, else built-in defaults)")
	asJSON := false
	if cmd == "tools" {
		fs.BoolVar(&asJSON, "json", false, "print JSON")
	}
	switch cmd {
	case "serve", "tools", "call", "check":
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "tollgate: error: unknown command %q\n%s", cmd, usage)
		return exitUsage
	}
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	wantArgs := map[string]int{"serve": 0, "tools": 0, "call": 2, "check": 0}[cmd]
	if fs.NArg() != wantArgs {
		fmt.Fprintf(stderr, "tollgate: error: %s takes %d argument(s), got %d\n%s", cmd, wantArgs, fs.NArg(), usage)
		return exitUsage
	}

	cfg, err := config.Load(config.Path(*configPath, getenv), getenv)
	if err != nil {
		fmt.Fprintf(stderr, "tollgate: error: %v\n", err)
		return exitUsage
	}
	h, err := host.New(ctx, cfg, host.Options{Modules: builtinModules(), Stderr: stderr})
	if err != nil {
		fmt.Fprintf(stderr, "tollgate: error: %v\n", err)
		return exitUsage
	}
	defer h.Close()

	switch cmd {
	case "tools":
		return listTools(h, stdout, asJSON)
	case "call":
		return callTool(ctx, h, fs.Arg(0), fs.Arg(1), stdout, stderr)
	case "check":
		return check(ctx, h, cfg, stdout, stderr)
	}
	defer reloadOnHangup(ctx, h, config.Path(*configPath, getenv), getenv)()
	return serve(ctx, h, stdin, stdout)
}

func builtinModules() []host.Module {
	var mods []host.Module
	for _, m := range tools.Builtin() {
		mods = append(mods, host.Module{Name: m.Name, Wasm: m.Wasm, SHA256: m.SHA256, Grants: m.Grants})
	}
	return mods
}

// serve runs the MCP server on stdio. stdout carries MCP messages only; everything else
// goes to the log.
func serve(ctx context.Context, h *host.Host, stdin io.Reader, stdout io.Writer) int {
	s := server.NewStdioServer(h.MCP())
	s.SetErrorLogger(log.New(slogWriter{h}, "", 0))
	// mcp-go's default of 5 workers queued fast calls behind slow ones (and ping behind
	// them once its queue filled).
	server.WithWorkerPoolSize(32)(s)
	if err := s.Listen(ctx, lineLimit(stdin, maxMessageSize), stdout); err != nil && !errors.Is(err, context.Canceled) {
		h.Logger().Error("stdio server stopped", "err", err)
		return exitUsage
	}
	return exitOK
}

// slogWriter sends mcp-go's log.Logger lines to the server's structured log.
type slogWriter struct{ h *host.Host }

func (w slogWriter) Write(p []byte) (int, error) {
	w.h.Logger().Warn(strings.TrimSpace(string(p)), "source", "mcp-go")
	return len(p), nil
}

func listTools(h *host.Host, stdout io.Writer, asJSON bool) int {
	type row struct {
		Name        string `json:"name"`
		Module      string `json:"module"`
		SHA256      string `json:"sha256"`
		Grants      string `json:"grants"`
		ReadOnly    bool   `json:"read_only"`
		Destructive bool   `json:"destructive"`
		Description string `json:"description"`
	}
	var rows []row
	for _, t := range h.Tools() {
		rows = append(rows, row{t.Decl.Name, t.Module, t.SHA256, t.Grants.String(), t.Decl.Annotations.ReadOnlyHint, t.Decl.Annotations.DestructiveHint, t.Decl.Description})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].Name < rows[j].Name })
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(rows)
		return exitOK
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TOOL\tMODULE\tGRANTS\tREAD-ONLY\tSHA256")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%v\t%s\n", r.Name, r.Module, r.Grants, r.ReadOnly, r.SHA256[:16]+"…")
	}
	tw.Flush()
	return exitOK
}

// callTool calls one tool through an in-process MCP client, so a call here takes exactly
// the path a call from Claude Desktop takes.
func callTool(ctx context.Context, h *host.Host, tool, argsJSON string, stdout, stderr io.Writer) int {
	// The arguments go on as the bytes given: decoding them here would turn numbers into
	// float64 and round them.
	args := json.RawMessage(strings.TrimSpace(argsJSON))
	if !json.Valid(args) || len(args) == 0 || args[0] != '{' {
		fmt.Fprintf(stderr, "tollgate: error: arguments must be one JSON object, e.g. '{\"symbol\":\"BTCUSDT\"}'; got %q\n", gate.Cap(argsJSON, 80))
		return exitUsage
	}
	c, err := client.NewInProcessClient(h.MCP())
	if err != nil {
		fmt.Fprintf(stderr, "tollgate: error: %v\n", err)
		return exitUsage
	}
	defer c.Close()
	if err := c.Start(ctx); err != nil {
		fmt.Fprintf(stderr, "tollgate: error: %v\n", err)
		return exitUsage
	}
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	init.Params.ClientInfo = mcp.Implementation{Name: "tollgate-call", Version: host.Version}
	if _, err := c.Initialize(ctx, init); err != nil {
		fmt.Fprintf(stderr, "tollgate: error: %v\n", err)
		return exitUsage
	}
	req := mcp.CallToolRequest{}
	req.Params.Name, req.Params.Arguments = tool, args
	res, err := c.CallTool(ctx, req)
	if err != nil {
		fmt.Fprintf(stderr, "tollgate: error: %v\n", err)
		return exitUsage
	}
	for _, content := range res.Content {
		if text, ok := content.(mcp.TextContent); ok {
			fmt.Fprintln(stdout, text.Text)
		}
	}
	if res.IsError {
		return exitToolError
	}
	return exitOK
}

// check loads everything serve would, waits for every module to compile, and reports.
func check(ctx context.Context, h *host.Host, cfg config.Config, stdout, stderr io.Writer) int {
	if err := h.Wait(ctx); err != nil {
		// A module that passed every load-time check but does not compile or initialise
		// is served, and each of its calls fails: that is what check exists to catch.
		fmt.Fprintf(stderr, "tollgate: error: %v\n", err)
		fmt.Fprintln(stdout, "not ok: a module does not compile or initialise; serve would list its tools, and every call of them would fail")
		return exitFailed
	}
	creds := "none (public market data only; signed tools answer auth_error)"
	if cfg.Credentials != nil {
		creds = cfg.Credentials.KeyType() + " key, checked"
	}
	fmt.Fprintf(stdout, "configuration: %s\nbinance: %s (testnet: %v)\ncredentials: %s\ntrading enabled: %v\ninput heuristics: %v\n",
		cfg.Source, cfg.Binance.BaseURL, cfg.Binance.Testnet, creds, cfg.Trading.Enabled, cfg.Input.Heuristics)
	modules := map[string]int{}
	for _, t := range h.Tools() {
		modules[t.Module]++
	}
	for name, n := range modules {
		fmt.Fprintf(stdout, "module %s: %d tools, hash verified, compiled\n", name, n)
	}
	// A refused [[module]] does not stop `serve`, but a check exists to catch it.
	if refused := h.Refused(); len(refused) > 0 {
		for _, r := range refused {
			fmt.Fprintf(stdout, "module %s: refused: %s\n", r.Module, r.Reason)
		}
		fmt.Fprintf(stdout, "not ok: %d module(s) refused\n", len(refused))
		return exitFailed
	}
	fmt.Fprintln(stdout, "ok")
	return exitOK
}

// maxMessageSize caps one JSON-RPC message on stdin. mcp-go reads a line whole; a
// client (or anything else writing to our stdin) sending a gigabyte without a newline
// would otherwise exhaust memory.
const maxMessageSize = 8 << 20

// lineLimit returns r with every line cut at max bytes. A longer line is ended where it
// overflows, so the server reads a truncated message and answers it with a JSON-RPC parse
// error, and the rest of that line is dropped; the session goes on with the next line.
// Failing the read instead would end the whole session over one message.
func lineLimit(r io.Reader, max int) io.Reader { return &lineLimitReader{r: r, max: max} }

type lineLimitReader struct {
	r          io.Reader
	max, run   int
	discarding bool // in the dropped rest of an overlong line
}

func (l *lineLimitReader) Read(p []byte) (int, error) {
	for {
		n, err := l.r.Read(p)
		out := 0 // bytes kept, written back into p: never more than were read
		for _, c := range p[:n] {
			switch {
			case l.discarding:
				if c == '\n' {
					l.discarding, l.run = false, 0
				}
			case c == '\n':
				l.run = 0
				p[out], out = c, out+1
			case l.run == l.max:
				l.discarding = true
				p[out], out = '\n', out+1
			default:
				l.run++
				p[out], out = c, out+1
			}
		}
		if out > 0 || err != nil || n == 0 {
			return out, err
		}
	}
}

// redactingWriter passes each write through a redactor and, with escape, escapes the
// control characters a terminal acts on. Every write here is one whole message (a log
// line or an error), which is what the redactor matches.
type redactingWriter struct {
	w      io.Writer
	red    *redact.Redactor
	escape bool
}

func (r redactingWriter) Write(p []byte) (int, error) {
	out := r.red.Bytes(p)
	if r.escape {
		out = escapeControls(out)
	}
	if _, err := r.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// escapeControls writes C0 controls other than newline and tab, DEL and C1 controls
// (U+0080 to U+009F) as \u00XX, and bytes that are not UTF-8 as \xNN. \u00XX is also
// what JSON would write, so a JSON log line stays valid JSON with the same meaning.
func escapeControls(p []byte) []byte {
	var out []byte // nil until something needs escaping
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRune(p[i:])
		var esc string
		switch {
		case r == utf8.RuneError && size == 1:
			esc = fmt.Sprintf("\\x%02x", p[i])
		case r < 0x20 && r != '\n' && r != '\t', r == 0x7f, r >= 0x80 && r <= 0x9f:
			esc = fmt.Sprintf("\\u%04x", r)
		}
		if esc != "" && out == nil {
			out = append(make([]byte, 0, len(p)+16), p[:i]...)
		}
		switch {
		case esc != "":
			out = append(out, esc...)
		case out != nil:
			out = append(out, p[i:i+size]...)
		}
		i += size
	}
	if out == nil {
		return p
	}
	return out
}

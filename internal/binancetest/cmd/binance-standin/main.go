// Command binance-standin runs the Binance stand-in of package binancetest as a process, for
// end-to-end tests written in other languages.
//
//	binance-standin [-addr 127.0.0.1:0] [-log] [-exit-on-stdin-close] [-weight-limit N]
//	                [-hmac-key apiKey=secret]... [-ed25519-key apiKey=pub.pem]... [-rsa-key apiKey=pub.pem]...
//
// The key flags register API keys for the signed endpoints: an HMAC secret, or the path of a
// PEM "PUBLIC KEY" (PKIX) file holding an Ed25519 or RSA public key. They are for test keys:
// a secret on the command line is visible to other processes.
//
// Once listening it prints one line on stdout, BINANCE_BASE_URL=http://127.0.0.1:PORT, and
// serves until SIGINT or SIGTERM (or, with -exit-on-stdin-close, until stdin is closed, so
// that it dies with the test that started it). It listens only on a loopback address.
// Tests drive it through the control API under /__standin/ (see package binancetest).
package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/tollgate/tollgate/internal/binancetest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run serves until ctx is done (or stdin closes, if asked) and returns the exit code: 0, 1 on
// a serving error, 2 on a usage error or a refused address.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("binance-standin", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "listen `address`; must be a loopback address")
	logRequests := fs.Bool("log", false, "log each request to stderr")
	stdinExit := fs.Bool("exit-on-stdin-close", false, "exit when stdin is closed")
	testnet := fs.Bool("testnet", false, "answer like the spot test network: /sapi and /fapi paths are 404")
	weightLimit := fs.Int("weight-limit", 0, "REQUEST_WEIGHT limit per minute, served and enforced (default: exchangeInfo's, 1200)")
	var keys []binancetest.Option
	fs.Func("hmac-key", "register an HMAC `apiKey=secret` (repeatable)", func(v string) error {
		k, secret, ok := strings.Cut(v, "=")
		if !ok || k == "" || secret == "" {
			return errors.New("want apiKey=secret")
		}
		keys = append(keys, binancetest.WithAPIKey(k, secret))
		return nil
	})
	pemKey := func(want string) func(string) error {
		return func(v string) error {
			k, file, ok := strings.Cut(v, "=")
			if !ok || k == "" || file == "" {
				return errors.New("want apiKey=file.pem")
			}
			pub, err := readPublicKey(file)
			if err != nil {
				return err
			}
			switch pub := pub.(type) {
			case ed25519.PublicKey:
				if want == "ed25519" {
					keys = append(keys, binancetest.WithEd25519Key(k, pub))
					return nil
				}
			case *rsa.PublicKey:
				if want == "rsa" {
					keys = append(keys, binancetest.WithRSAKey(k, pub))
					return nil
				}
			}
			return fmt.Errorf("%s: not an %s public key", file, want)
		}
	}
	fs.Func("ed25519-key", "register an Ed25519 key: `apiKey=pub.pem` (repeatable)", pemKey("ed25519"))
	fs.Func("rsa-key", "register an RSA key: `apiKey=pub.pem` (repeatable)", pemKey("rsa"))
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "binance-standin: error: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *weightLimit < 0 {
		fmt.Fprintln(stderr, "binance-standin: error: -weight-limit must be positive")
		return 2
	}
	ln, err := listenLoopback(*addr)
	if err != nil {
		fmt.Fprintf(stderr, "binance-standin: error: %v\n", err)
		return 2
	}
	opts := append([]binancetest.Option{binancetest.WithRequestWeightLimit(*weightLimit)}, keys...)
	if *logRequests {
		opts = append(opts, binancetest.WithLog(stderr))
	}
	if *testnet {
		opts = append(opts, binancetest.WithTestnet())
	}
	standin := binancetest.New(opts...)
	srv := &http.Server{Handler: standin, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "BINANCE_BASE_URL=http://%s\n", ln.Addr())

	stdinClosed := make(chan struct{})
	if *stdinExit {
		go func() {
			_, _ = io.Copy(io.Discard, stdin)
			close(stdinClosed)
		}()
	}
	code := 0
	select {
	case <-ctx.Done():
	case <-stdinClosed:
	case err := <-served:
		fmt.Fprintf(stderr, "binance-standin: error: %v\n", err)
		code = 1
	}
	standin.Close() // ends delay faults in progress
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		srv.Close()
	}
	return code
}

// readPublicKey reads a PEM "PUBLIC KEY" (PKIX) file.
func readPublicKey(file string) (any, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(raw)
	if block == nil || block.Type != "PUBLIC KEY" {
		return nil, fmt.Errorf("%s: no PEM PUBLIC KEY block", file)
	}
	return x509.ParsePKIXPublicKey(block.Bytes)
}

// listenLoopback listens on addr if, and only if, it is a loopback address: the stand-in
// accepts control requests from anyone who can reach it. "localhost" means 127.0.0.1.
func listenLoopback(addr string) (net.Listener, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("-addr %q: %w", addr, err)
	}
	if host == "localhost" {
		host = "127.0.0.1"
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("-addr %q: refusing to listen on a non-loopback address", addr)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, port))
	if err != nil {
		return nil, err
	}
	if tcp, ok := ln.Addr().(*net.TCPAddr); !ok || !tcp.IP.IsLoopback() {
		ln.Close()
		return nil, fmt.Errorf("-addr %q: listener is not on a loopback address", addr)
	}
	return ln, nil
}

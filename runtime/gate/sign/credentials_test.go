package sign

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

const (
	testAPIKey = "TESTKEYtollgate0000000000000000000000000000000000000000000000001"
	testSecret = "TESTSECRETtollgate0000000000000000000000000000000000000000000002"
)

func writeKey(t *testing.T, key any, mode os.FileMode) string {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil { // the umask may have narrowed it
		t.Fatal(err)
	}
	return path
}

func TestLoad(t *testing.T) {
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	edFile := writeKey(t, edKey, 0o600)
	rsaFile := writeKey(t, rsaKey, 0o600)
	openFile := writeKey(t, edKey, 0o644)

	tests := []struct {
		name    string
		src     Source
		wantErr error  // nil: loads
		want    string // key type when loaded; "" with no error: no credentials
	}{
		{"nothing set: public tools only", Source{}, nil, ""},
		{"hmac", Source{APIKey: testAPIKey, APISecret: testSecret}, nil, KeyHMAC},
		{"ed25519 file", Source{APIKey: testAPIKey, PrivateKeyFile: edFile}, nil, KeyEd25519},
		{"rsa file", Source{APIKey: testAPIKey, PrivateKeyFile: rsaFile}, nil, KeyRSA},
		{"key without secret", Source{APIKey: testAPIKey}, ErrSecretMissing, ""},
		{"secret without key", Source{APISecret: testSecret}, ErrAPIKeyMissing, ""},
		{"both secret and file", Source{APIKey: testAPIKey, APISecret: testSecret, PrivateKeyFile: edFile}, ErrBothSecrets, ""},
		{"placeholder key", Source{APIKey: "your_api_key_here", APISecret: testSecret}, ErrPlaceholder, ""},
		{"placeholder secret", Source{APIKey: testAPIKey, APISecret: "your_api_secret_here"}, ErrPlaceholder, ""},
		{"key one character short", Source{APIKey: testAPIKey[1:], APISecret: testSecret}, ErrImplausible, ""},
		{"secret with a dash", Source{APIKey: testAPIKey, APISecret: "-" + testSecret[1:]}, ErrImplausible, ""},
		{"key file readable by others", Source{APIKey: testAPIKey, PrivateKeyFile: openFile}, ErrKeyFileReadable, ""},
		{"key file is a directory", Source{APIKey: testAPIKey, PrivateKeyFile: t.TempDir()}, ErrKeyFileNotFile, ""},
		{"key file missing", Source{APIKey: testAPIKey, PrivateKeyFile: filepath.Join(t.TempDir(), "none.pem")}, os.ErrNotExist, ""},
		{"key file is a FIFO: refused, not waited on", Source{APIKey: testAPIKey, PrivateKeyFile: fifo(t)}, ErrKeyFileNotFile, ""},
		{"secret equal to the key", Source{APIKey: testAPIKey, APISecret: testAPIKey}, ErrSameKeyAndSecret, ""},
		{"key of one repeated character", Source{APIKey: strings.Repeat("x", 64), APISecret: testSecret}, ErrPlaceholder, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load(tc.src)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				var ce *CredentialError
				if !errors.As(err, &ce) {
					t.Fatalf("err %T is not a *CredentialError", err)
				}
				for _, secret := range []string{testAPIKey, testSecret, tc.src.APIKey, tc.src.APISecret} {
					if secret != "" && strings.Contains(err.Error(), secret) {
						t.Fatalf("error text %q contains a credential", err)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if tc.want == "" {
				if c != nil {
					t.Fatalf("got credentials %v, want none", c)
				}
				return
			}
			if c.KeyType() != tc.want {
				t.Fatalf("key type %s, want %s", c.KeyType(), tc.want)
			}
			h := http.Header{}
			c.SetHeader(h)
			if h.Get(HeaderAPIKey) != testAPIKey {
				t.Fatalf("API key header %q", h.Get(HeaderAPIKey))
			}
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%q"} {
				if out := fmt.Sprintf(verb, c); strings.Contains(out, testAPIKey) || strings.Contains(out, testSecret) {
					t.Fatalf("%s prints a credential: %s", verb, out)
				}
			}
		})
	}
}

func fifo(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "key.pem")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// A key file another user owns is refused even at mode 600: its owner could swap the key.
func TestLoadKeyFileOfAnotherUser(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to give a file to another user")
	}
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	path := writeKey(t, edKey, 0o600)
	if err := os.Chown(path, 65534, 65534); err != nil { // nobody
		t.Fatal(err)
	}
	if _, err := Load(Source{APIKey: testAPIKey, PrivateKeyFile: path}); !errors.Is(err, ErrKeyFileOwner) {
		t.Fatalf("err = %v, want %v", err, ErrKeyFileOwner)
	}
	if err := os.Chown(path, 0, 0); err != nil { // the nearest accepted: our own
		t.Fatal(err)
	}
	if _, err := Load(Source{APIKey: testAPIKey, PrivateKeyFile: path}); err != nil {
		t.Fatalf("own file: %v", err)
	}
}

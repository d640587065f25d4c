package sign

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

func TestSecretNeverPrinted(t *testing.T) {
	const key = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
	s := NewSecret(key)
	type private struct{ s Secret } // fmt cannot call methods on unexported fields
	type public struct{ S Secret }
	j, err := json.Marshal(public{s})
	if err != nil {
		t.Fatal(err)
	}
	outs := []string{string(j)}
	for _, v := range []any{s, &s, Secret{}, private{s}, &private{s}, public{s}, []Secret{s}, map[string]Secret{"k": s}} {
		for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T %10.3v"} {
			outs = append(outs, fmt.Sprintf(f, v))
		}
	}
	for _, o := range outs {
		if strings.Contains(o, key[:8]) || strings.Contains(o, fmt.Sprintf("%x", key[:8])) ||
			strings.Contains(o, fmt.Sprint([]byte(key[:4]))[1:12]) {
			t.Errorf("secret printed: %s", o)
		}
	}
	if string(j) != `{"S":"REDACTED"}` {
		t.Errorf("json = %s", j)
	}
	if !Secret.IsZero(Secret{}) || !NewSecret("").IsZero() || s.IsZero() {
		t.Error("IsZero")
	}
	if string(s.bytes()) != key {
		t.Error("bytes() lost the key")
	}
}

// byteList matches fmt's rendering of a []byte, "[78 104 ...".
var byteList = regexp.MustCompile(`\[[0-9]+ [0-9]+`)

func TestSignersNeverPrinted(t *testing.T) {
	edPEM, _ := ed25519PEM(t)
	rsaBytes, _ := rsaPEM(t, 2048)
	ed, _ := NewEd25519(edPEM)
	r, _ := NewRSA(rsaBytes)
	h, _ := NewHMAC(NewSecret("NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"))
	type private struct {
		ed *Ed25519
		r  *RSA
		h  *HMAC
		ev Ed25519
		rv RSA
		hv HMAC
	}
	v := private{ed, r, h, *ed, *r, *h}
	for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		for _, x := range []any{v, &v} {
			o := fmt.Sprintf(f, x)
			if byteList.MatchString(o) || strings.Contains(o, "Nhq") {
				t.Errorf("%s: key material printed: %s", f, o)
			}
		}
	}
}

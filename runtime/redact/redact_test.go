package redact

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// vector is one hostile or harmless input with the exact output expected. want == in
// means the text must come back byte-identical.
type vector struct {
	name, in, want string
}

const m = Marker

// mustRedact are inputs that carry a credential; want shows exactly what survives.
var mustRedact = []vector{
	// Configured values, anywhere.
	{"api_key_alone", apiKey, m},
	{"api_key_at_start", apiKey + " was rejected", m + " was rejected"},
	{"api_key_at_end", "key in use: " + apiKey, "key in use: " + m},
	{"api_key_repeated", apiKey + apiKey + " and " + apiKey, m + " and " + m},
	{"api_key_in_url", "https://example.com/cb?k=" + apiKey + "&x=1", "https://example.com/cb?k=" + m + "&x=1"},
	{"api_key_in_json_unrelated_field", `{"note":"` + apiKey + `"}`, `{"note":"` + m + `"}`},
	{"secret_in_panic", "panic: sign: bad key " + apiSecret + " [recovered]", "panic: sign: bad key " + m + " [recovered]"},
	{"secret_inside_word", "x" + apiSecret + "y", "x" + m + "y"},
	{"secret_in_go_error", `sign request: hmac key "` + apiSecret + `" rejected`, `sign request: hmac key "` + m + `" rejected`},
	{"pem_line_alone_in_log", "read key line: " + edPEMLine, "read key line: " + m},
	{"pem_whole_file", "key file:\n" + edPEM + "loaded", "key file:\n" + m + "\nloaded"},

	// Signatures (rest-api.md examples, and a real Ed25519 one).
	{"hmac_signature_query", hmacPayload + "&signature=" + hmacSig, hmacPayload + "&signature=" + m},
	{"hmac_signature_first_param", "signature=" + hmacSig + "&timestamp=1499827319559", "signature=" + m + "&timestamp=1499827319559"},
	{"hmac_signature_in_go_url_error",
		`Post "https://api.binance.com/api/v3/order?` + hmacPayload + `&signature=` + hmacSig + `": dial tcp: i/o timeout`,
		`Post "https://api.binance.com/api/v3/order?` + hmacPayload + `&signature=` + m + `": dial tcp: i/o timeout`},
	{"hmac_signature_uppercase_hex", "signature=" + strings.ToUpper(hmacSig), "signature=" + m},
	{"ed25519_signature_percent_encoded", "timestamp=1&signature=" + edSig + " sent", "timestamp=1&signature=" + m + " sent"},
	{"docs_ed25519_signature_in_curl",
		`curl -X POST 'https://api.binance.com/api/v3/order?symbol=BTCUSDT&signature=` + docsSigEncoded + `'`,
		`curl -X POST 'https://api.binance.com/api/v3/order?symbol=BTCUSDT&signature=` + m + `'`},
	{"signature_json_field", `{"signature":"` + hmacSig + `"}`, `{"signature":"` + m + `"}`},
	{"signature_capitalised_param", "Signature=" + hmacSig, "Signature=" + m},

	// Header dumps.
	{"x_mbx_apikey_header", "X-MBX-APIKEY: 4yNzx3yWC5bS6YTwEkSRaC0nRmSQIIStAUOh1b6kqaBrTLIhjCpI5lJH8q8R8WNO", "X-MBX-APIKEY: " + m},
	{"x_mbx_apikey_equals", "X-MBX-APIKEY=4yNzx3yWC5bS6YTwEkSRaC0nRmSQIIStAUOh1b6kqaBrTLIhjCpI5lJH8q8R8WNO", "X-MBX-APIKEY=" + m},
	{"curl_header_quoted", `curl -H "X-MBX-APIKEY: 4yNzx3yWC5bS6YTwEkSRaC0nRmSQIIStAUOh1b6kqaBrTLIhjCpI5lJH8q8R8WNO" -X POST`, `curl -H "X-MBX-APIKEY: ` + m + `" -X POST`},
	{"go_http_header_printed", "map[Content-Type:[application/json] X-Mbx-Apikey:[4yNzx3yWC5bS6YTwEkSRaC0nRmSQIIStAUOh1b6kqaBrTLIhjCpI5lJH8q8R8WNO]]",
		"map[Content-Type:[application/json] X-Mbx-Apikey:[" + m + "]]"},

	// Credential names with unconfigured values.
	{"python_miss_secret_key", "secret_key=Zm9vYmFyYmF6cXV4", "secret_key=" + m},
	{"python_miss_secret_key_base64", "secret_key=abc/def+ghi%3D1234", "secret_key=" + m},
	{"secretKey_camel", "secretKey=Zm9vYmFyYmF6cXV4&x=1", "secretKey=" + m + "&x=1"},
	{"api_secret_env", "BINANCE_API_SECRET=Zm9vYmFyYmF6cXV4", "BINANCE_API_SECRET=" + m},
	{"api_key_env_quoted", `export BINANCE_API_KEY="Zm9vYmFyYmF6cXV4"`, `export BINANCE_API_KEY="` + m + `"`},
	{"api_key_dash", "api-key: Zm9vYmFyYmF6cXV4", "api-key: " + m},
	{"apikey_json", `{"apiKey": "Zm9vYmFyYmF6cXV4", "symbol":"BTCUSDT"}`, `{"apiKey": "` + m + `", "symbol":"BTCUSDT"}`},
	{"apikey_json_escaped_in_string", `{"msg":"{\"apiKey\":\"Zm9vYmFyYmF6cXV4\"}"}`, `{"msg":"{\"apiKey\":\"` + m + `\"}"}`},
	{"private_key_field", "private_key: MC4CAQAwBQYDK2VwBCIE", "private_key: " + m},
	{"privateKey_camel", "privateKey=MC4CAQAwBQYDK2VwBCIE", "privateKey=" + m},
	{"passphrase", "passphrase=correct-horse-battery", "passphrase=" + m},
	{"password_yaml", "password: hunter2hunter2", "password: " + m},
	{"access_token", "access_token=eyJhbGciOiJIUzI1NiJ9", "access_token=" + m},
	{"bearerish_token_camel", "accessToken:eyJhbGciOiJIUzI1NiJ9", "accessToken:" + m},
	{"cli_flag", "tollgate --token=eyJhbGciOiJIUzI1NiJ9 serve", "tollgate --token=" + m + " serve"},
	{"go_struct_printed", "{APIKey:Zm9vYmFyYmF6cXV4 SecretKey:YmF6cXV4Zm9vYmFy KeyType:HMAC}", "{APIKey:" + m + " SecretKey:" + m + " KeyType:HMAC}"},
	{"value_ends_at_comma", "token=Zm9vYmFyYmF6cXV4, next", "token=" + m + ", next"},
	{"value_after_marker", "token=" + m + "Zm9vYmFyYmF6cXV4", "token=" + m + m},
	// Found by FuzzRedact: a configured value glued to the name after it hid the name's
	// word boundary, and a second pass redacted what the first had let through.
	{"secret_glued_before_name", apiSecret + "passphrase=correct-horse-battery", m + "passphrase=" + m},
	{"secret_inside_unconfigured_value", "X-MBX-APIKEY: 4yNzx3yW" + apiKey + "qaBrTLIh", "X-MBX-APIKEY: " + m},
	{"fuzz_marker_then_quote", `ApiKeY:00000000"00` + apiKey + "0", "ApiKeY:" + m + `"00` + m + "0"},

	// PEM blocks, configured or not.
	{"pem_unconfigured_rsa", "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nabc\n-----END RSA PRIVATE KEY-----\nnext", m + "\nnext"},
	{"pem_escaped_in_json", `{"key":"-----BEGIN PRIVATE KEY-----\nMC4CAQAw\n-----END PRIVATE KEY-----\n"}`, `{"key":"` + m + `\n"}`},
	{"pem_truncated", "log: -----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG", "log: " + m},
}

// mustNotChange are inputs without a credential; each must come back byte-identical.
var mustNotChange = []string{
	// Binance's own messages that name credentials (the full list is in TestBinanceErrors).
	"Invalid API-key, IP, or permissions for action.",
	"Signature for this request is not valid.",
	"API-key format invalid.",
	`{"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."}`,
	`{"code":-1022,"msg":"Signature for this request is not valid."}`,
	"Mandatory parameter 'signature' was not sent, was empty/null, or malformed.",
	"Parameter 'signature' was empty.",
	"Illegal characters found in parameter 'apiKey'; legal range is '^[A-Za-z0-9]{64}$'.",
	// English.
	"the secret is out; keep your key safe and your password long",
	"tokens were refreshed; signature check passed",
	"Password: ",
	"token: expired",
	"secret: none",
	"set api_key and secret_key in the environment",
	"signature=",
	"signature=short",
	"my_token_count=123456789",
	"csrftoken=abcdefghijkl",
	"listenKey=pqia91ma19a5s61cv6a81va65sdf19v8a65a1a5s61cv6a81va65sdf19v8a65a1",
	// Market data.
	"BTCUSDT",
	`{"symbol":"BTCUSDT","priceChange":"-94.99999800","priceChangePercent":"-95.960","weightedAvgPrice":"0.29628482","lastPrice":"4.00000200","lastQty":"200.00000000","openTime":1499783499040,"closeTime":1499869899040,"firstId":28385,"lastId":28460,"count":76}`,
	`[[1499040000000,"0.01634790","0.80000000","0.01575800","0.01577100","148976.11427815",1499644799999,"2434.19055334",308,"1756.87402397","28.46694368","0"]]`,
	`{"orderId":28,"clientOrderId":"6gCrw2kRUAF9CvJDGP16IP","transactTime":1507725176595}`,
	"order 1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809 filled",
	"txId=0x9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0",
	"https://api.binance.com/api/v3/ticker/24hr?symbol=BTCUSDT",
	"https://api.binance.com/api/v3/order?" + hmacPayload,
	// Public keys are not secret.
	"-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAobdyzMj0cnuFyfnfgRe5m4Tn6L0j0Ds2rdCe3y3mqGs=\n-----END PUBLIC KEY-----",
	// Already redacted text stays as it is.
	"signature=" + m,
	`{"apiKey":"` + m + `"}`,
	"",
}

func TestMustRedact(t *testing.T) {
	for _, v := range mustRedact {
		t.Run(v.name, func(t *testing.T) {
			got := testRedactor.String(v.in)
			if got != v.want {
				t.Errorf("String(%q)\n got %q\nwant %q", v.in, got, v.want)
			}
			noSecrets(t, got)
			if b := testRedactor.Bytes([]byte(v.in)); string(b) != v.want {
				t.Errorf("Bytes(%q) = %q, want %q", v.in, b, v.want)
			}
			if again := testRedactor.String(got); again != got {
				t.Errorf("not idempotent: second pass %q", again)
			}
		})
	}
}

func TestMustNotChange(t *testing.T) {
	for _, in := range mustNotChange {
		if got := testRedactor.String(in); got != in {
			t.Errorf("String(%q) = %q, want it unchanged", in, got)
		}
		b := []byte(in)
		if got := testRedactor.Bytes(b); len(b) > 0 && &got[0] != &b[0] {
			t.Errorf("Bytes(%q) copied although nothing matched", in)
		}
	}
}

func TestNew(t *testing.T) {
	tests := []struct {
		name    string
		secrets []string
		in      string
		want    string
	}{
		{"empty_value_ignored", []string{""}, "BTCUSDT", "BTCUSDT"},
		// A 4-byte "secret" would turn every "LIMIT" in every result into the marker.
		{"short_value_ignored", []string{"LIMIT"}, "type=LIMIT", "type=LIMIT"},
		{"seven_bytes_ignored", []string{"1234567"}, "id 1234567", "id 1234567"},
		{"eight_bytes_kept", []string{"12345678"}, "id 12345678", "id " + m},
		{"trailing_newline_trimmed", []string{apiSecret + "\n"}, "k=" + apiSecret + ".", "k=" + m + "."},
		{"pem_short_last_line_ignored", []string{"-----BEGIN PRIVATE KEY-----\nAAAAAAAAAAAAAAAAAAAA\nAB==\n-----END PRIVATE KEY-----\n"}, "AB==", "AB=="},
		{"pem_line_percent_encoded", []string{"-----BEGIN PRIVATE KEY-----\nab+cd/efghijklmnop==\n-----END PRIVATE KEY-----\n"},
			"k=ab%2Bcd%2Fefghijklmnop%3D%3D", "k=" + m},
		{"no_secrets_patterns_still_apply", nil, "signature=" + hmacSig, "signature=" + m},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := New(tt.secrets...).String(tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// A nil *Redactor must still fail closed for the patterns.
func TestNilRedactor(t *testing.T) {
	var r *Redactor
	if got, want := r.String("signature="+hmacSig), "signature="+m; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if r.Contains([]byte(apiKey)) {
		t.Error("nil Redactor knows no values")
	}
}

func TestContains(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"api_key", "x" + apiKey + "x", true},
		{"pem_line", edPEMLine, true},
		{"signature_is_pattern_not_value", "signature=" + hmacSig, false},
		{"prefix_only", apiKey[:20], false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := testRedactor.Contains([]byte(tt.in)); got != tt.want {
				t.Errorf("Contains = %v, want %v", got, tt.want)
			}
		})
	}
}

// Many values (an RSA key file registers dozens) must all be found, including ones whose
// 8-byte prefixes collide in the filter, and ones that overlap each other.
func TestManyValues(t *testing.T) {
	var vals []string
	for i := range 200 {
		vals = append(vals, fmt.Sprintf("secret-%04d-%s", i, strings.Repeat("x", i%7)))
	}
	r := New(vals...)
	for _, v := range vals {
		if got := r.String("<" + v + ">"); got != "<"+m+">" {
			t.Fatalf("value %q: got %q", v, got)
		}
	}
	// "secret-0001-x" and "secret-0008-x" touch in the text below: one marker.
	if got := r.String("secret-0001-xsecret-0008-x"); got != m {
		t.Errorf("touching values: got %q", got)
	}
}

func TestBytesDoesNotModifyInput(t *testing.T) {
	in := []byte("signature=" + hmacSig)
	orig := bytes.Clone(in)
	out := testRedactor.Bytes(in)
	if !bytes.Equal(in, orig) {
		t.Errorf("input modified: %q", in)
	}
	if string(out) != "signature="+m {
		t.Errorf("got %q", out)
	}
}

func TestConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for _, v := range mustRedact {
				if got := testRedactor.String(v.in); got != v.want {
					t.Errorf("%s: got %q", v.name, got)
				}
			}
		})
	}
	wg.Wait()
}

func ExampleRedactor_String() {
	r := New("NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j")
	fmt.Println(r.String("hmac key NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j rejected"))
	fmt.Println(r.String("GET /api/v3/account?timestamp=1499827319559&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"))
	fmt.Println(r.String("secret_key=Zm9vYmFyYmF6cXV4"))
	fmt.Println(r.String("Signature for this request is not valid."))
	// Output:
	// hmac key [REDACTED] rejected
	// GET /api/v3/account?timestamp=1499827319559&signature=[REDACTED]
	// secret_key=[REDACTED]
	// Signature for this request is not valid.
}

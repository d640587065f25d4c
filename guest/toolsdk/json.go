package toolsdk

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Decode decodes JSON data into v the way the SDK does everywhere: numbers become
// json.Number (never float64, so prices and quantities keep every digit) and
// unknown object members into a struct are an error.
func Decode(data []byte, v any) error { return decodeStrict(data, v, true) }

func decodeStrict(data []byte, v any, disallowUnknown bool) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	if disallowUnknown {
		d.DisallowUnknownFields()
	}
	if err := d.Decode(v); err != nil {
		return err
	}
	if _, err := d.Token(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("unexpected data after the JSON value")
	}
	return nil
}

// marshal encodes v without HTML escaping, so text from the exchange is written
// back byte for byte as it was received (json.RawMessage included).
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

package declare

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// SectionName is the name of the custom section that holds the declarations.
const SectionName = "tollgate.tools"

// ABIVersion is the only ABI version this host implements.
const ABIVersion = 1

// Limits on the declarations. Sizes are in bytes of JSON as found in the
// section.
const (
	MaxSectionSize    = 1 << 20 // the whole section payload
	MaxTools          = 256
	MaxNameLen        = 64
	MaxTitleLen       = 128
	MaxDescriptionLen = 4 << 10
	MaxSchemaSize     = 64 << 10 // each of inputSchema and outputSchema
	MaxSchemaDepth    = 32       // nesting of objects and arrays in a schema
)

// Declarations is the content of the tollgate.tools section.
type Declarations struct {
	ABI   int    `json:"abi"`
	Tools []Tool `json:"tools"`
}

// Tool is one tool a module declares. It says what the tool is, never what
// it may do: that is the operator's grants.
type Tool struct {
	Name        string `json:"name"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
	// InputSchema is a JSON Schema object with "type": "object", compacted.
	InputSchema json.RawMessage `json:"inputSchema"`
	// OutputSchema is nil or, like InputSchema, an object schema.
	OutputSchema json.RawMessage `json:"outputSchema,omitempty"`
	Annotations  Annotations     `json:"annotations"`
}

// Annotations are the MCP tool hints. All four must be present in the
// section, so none is left to a client's default (mcp-go treats a missing
// destructiveHint as true, other clients may not).
type Annotations struct {
	ReadOnlyHint    bool `json:"readOnlyHint"`
	DestructiveHint bool `json:"destructiveHint"`
	IdempotentHint  bool `json:"idempotentHint"`
	OpenWorldHint   bool `json:"openWorldHint"`
}

// The wire forms: pointers tell a missing field from a zero one.
type (
	rawTool struct {
		Name         *string         `json:"name"`
		Title        string          `json:"title"`
		Description  string          `json:"description"`
		InputSchema  json.RawMessage `json:"inputSchema"`
		OutputSchema json.RawMessage `json:"outputSchema"`
		Annotations  json.RawMessage `json:"annotations"`
		annotations  *rawAnnotations
	}
	rawAnnotations struct {
		ReadOnlyHint    *bool `json:"readOnlyHint"`
		DestructiveHint *bool `json:"destructiveHint"`
		IdempotentHint  *bool `json:"idempotentHint"`
		OpenWorldHint   *bool `json:"openWorldHint"`
	}
)

// Read finds the tollgate.tools custom section in a WebAssembly binary and
// parses it with [Parse]. It walks the section headers only: nothing is
// decoded or compiled, and no guest code runs. A binary without the section
// gives ErrNoSection; one with two gives an *Error.
func Read(wasm []byte) (*Declarations, error) {
	var payload []byte
	found := 0
	err := Sections(wasm, func(s Section) error {
		if s.ID == SectionCustom && s.Name == SectionName {
			found++
			payload = s.Payload
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("declare: %w", err)
	}
	switch found {
	case 0:
		return nil, fmt.Errorf("declare: %w", ErrNoSection)
	case 1:
		return Parse(payload)
	default:
		return nil, &Error{Index: -1, Reason: fmt.Sprintf("%d %s sections, want one", found, SectionName)}
	}
}

// Parse decodes and validates the JSON of a tollgate.tools section. Unknown
// fields, duplicate keys and trailing data are refused. On error the
// result is nil and the error is an *Error (or wraps ErrTooLarge).
func Parse(payload []byte) (*Declarations, error) {
	if len(payload) > MaxSectionSize {
		return nil, &Error{Index: -1, Reason: fmt.Sprintf("section is %d bytes, over %d", len(payload), MaxSectionSize), Err: ErrTooLarge}
	}
	var raw struct {
		ABI   *int              `json:"abi"`
		Tools []json.RawMessage `json:"tools"`
	}
	if err := decodeStrict(payload, &raw, topKeys); err != nil {
		return nil, decodeError(-1, "", err)
	}
	if raw.ABI == nil {
		return nil, &Error{Index: -1, Field: "abi", Reason: "missing"}
	}
	if *raw.ABI != ABIVersion {
		return nil, &Error{Index: -1, Field: "abi", Reason: fmt.Sprintf("is %d, this host implements %d", *raw.ABI, ABIVersion)}
	}
	if len(raw.Tools) == 0 {
		return nil, &Error{Index: -1, Field: "tools", Reason: "no tools declared"}
	}
	if len(raw.Tools) > MaxTools {
		return nil, &Error{Index: -1, Field: "tools", Reason: fmt.Sprintf("%d tools, over %d", len(raw.Tools), MaxTools), Err: ErrTooLarge}
	}
	out := &Declarations{ABI: *raw.ABI, Tools: make([]Tool, 0, len(raw.Tools))}
	seen := make(map[string]int, len(raw.Tools))
	for i, tj := range raw.Tools {
		var rt rawTool
		if err := decodeStrict(tj, &rt, toolKeys); err != nil {
			return nil, decodeError(i, nameOf(tj), err)
		}
		if rt.Annotations != nil {
			if err := decodeStrict(rt.Annotations, &rt.annotations, annotationKeys); err != nil {
				e := decodeError(i, nameOf(tj), err)
				e.Field = strings.TrimPrefix("annotations."+e.Field, ".")
				return nil, e
			}
		}
		t, err := validateTool(i, rt)
		if err != nil {
			return nil, err
		}
		if j, dup := seen[t.Name]; dup {
			return nil, &Error{Tool: t.Name, Index: i, Field: "name", Reason: "also declared by tools[" + strconv.Itoa(j) + "]"}
		}
		seen[t.Name] = i
		out.Tools = append(out.Tools, t)
	}
	// encoding/json keeps the last of duplicate keys; a second parser (the
	// client's, the argument validator's) may keep the first. Refuse them,
	// and bound nesting, before anyone else reads a schema.
	if err := checkShape(payload); err != nil {
		if err.Index >= 0 && err.Index < len(out.Tools) {
			err.Tool = out.Tools[err.Index].Name
		}
		return nil, err
	}
	return out, nil
}

// The keys each object of the section may have, matched exactly.
// encoding/json matches struct fields case-insensitively, so without this
// {"NAME": ...} would set Name, and {"name": "a", "Name": "b"} would be two
// different keys that both set it.
var (
	topKeys        = keySet("abi", "tools")
	toolKeys       = keySet("name", "title", "description", "inputSchema", "outputSchema", "annotations")
	annotationKeys = keySet("readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint")
)

func keySet(keys ...string) map[string]bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// unknownFieldError names a key outside the allowed set.
type unknownFieldError struct{ key string }

func (e unknownFieldError) Error() string { return "unknown field " + quote(e.key) }

// decodeStrict decodes one JSON object into v, refusing any key not in
// keys (exactly, case included) and trailing data.
func decodeStrict(data []byte, v any, keys map[string]bool) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	unknown := ""
	for k := range m {
		if !keys[k] && (unknown == "" || k < unknown) { // the first in order, for stable errors
			unknown = k
		}
	}
	if unknown != "" {
		return unknownFieldError{unknown}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the JSON value")
	}
	return nil
}

// decodeError turns a decoding error into an *Error that names the field
// where encoding/json tells us which one it is.
func decodeError(index int, tool string, err error) *Error {
	e := &Error{Tool: tool, Index: index, Reason: "bad JSON: " + capErr(err)}
	var typeErr *json.UnmarshalTypeError
	var unknown unknownFieldError
	switch msg := err.Error(); {
	case errors.As(err, &unknown):
		e.Reason = unknown.Error()
	case errors.As(err, &typeErr):
		e.Field = typeErr.Field
		e.Reason = "wrong JSON type (" + typeErr.Value + ")"
		if len(e.Field) > maxPath {
			e.Field = e.Field[:maxPath] + "..."
		}
	case strings.HasPrefix(msg, "json: unknown field "):
		if name, uerr := strconv.Unquote(strings.TrimPrefix(msg, "json: unknown field ")); uerr == nil {
			e.Reason = "unknown field " + quote(name)
		}
	}
	return e
}

// nameOf returns a tool's name for an error message, or "" when the name
// cannot be read or is not a valid name.
func nameOf(tool json.RawMessage) string {
	var m map[string]json.RawMessage
	var name string
	if json.Unmarshal(tool, &m) != nil || json.Unmarshal(m["name"], &name) != nil || !ValidName(name) {
		return ""
	}
	return name
}

func validateTool(i int, rt rawTool) (Tool, error) {
	fail := func(name, field, reason string, cause error) (Tool, error) {
		return Tool{}, &Error{Tool: name, Index: i, Field: field, Reason: reason, Err: cause}
	}
	if rt.Name == nil {
		return fail("", "name", "missing", nil)
	}
	name := *rt.Name
	if !ValidName(name) {
		return fail("", "name", quote(name)+" does not match ^[a-z][a-z0-9_]{0,63}$", nil)
	}
	if len(rt.Title) > MaxTitleLen {
		return fail(name, "title", fmt.Sprintf("%d bytes, over %d", len(rt.Title), MaxTitleLen), ErrTooLarge)
	}
	if len(rt.Description) > MaxDescriptionLen {
		return fail(name, "description", fmt.Sprintf("%d bytes, over %d", len(rt.Description), MaxDescriptionLen), ErrTooLarge)
	}
	if rt.InputSchema == nil {
		return fail(name, "inputSchema", "missing", nil)
	}
	in, reason, cause := checkSchema(rt.InputSchema)
	if reason != "" {
		return fail(name, "inputSchema", reason, cause)
	}
	var outSchema json.RawMessage
	if rt.OutputSchema != nil {
		if outSchema, reason, cause = checkSchema(rt.OutputSchema); reason != "" {
			return fail(name, "outputSchema", reason, cause)
		}
	}
	a := rt.annotations
	if a == nil {
		return fail(name, "annotations", "missing", nil)
	}
	for _, h := range []struct {
		field string
		v     *bool
	}{
		{"readOnlyHint", a.ReadOnlyHint},
		{"destructiveHint", a.DestructiveHint},
		{"idempotentHint", a.IdempotentHint},
		{"openWorldHint", a.OpenWorldHint},
	} {
		if h.v == nil {
			return fail(name, "annotations."+h.field, "missing; all four hints must be given", nil)
		}
	}
	return Tool{
		Name:         name,
		Title:        rt.Title,
		Description:  rt.Description,
		InputSchema:  in,
		OutputSchema: outSchema,
		Annotations: Annotations{
			ReadOnlyHint:    *a.ReadOnlyHint,
			DestructiveHint: *a.DestructiveHint,
			IdempotentHint:  *a.IdempotentHint,
			OpenWorldHint:   *a.OpenWorldHint,
		},
	}, nil
}

// checkSchema checks the outer shape of a schema: size, an object, and
// "type": "object". It returns the schema compacted, or a reason.
func checkSchema(s json.RawMessage) (json.RawMessage, string, error) {
	if len(s) > MaxSchemaSize {
		return nil, fmt.Sprintf("%d bytes, over %d", len(s), MaxSchemaSize), ErrTooLarge
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(s, &top); err != nil || top == nil {
		return nil, "not a JSON object", nil
	}
	var typ string
	if err := json.Unmarshal(top["type"], &typ); err != nil || typ != "object" {
		return nil, `must have "type": "object"`, nil
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, s); err != nil {
		return nil, "bad JSON: " + capErr(err), nil
	}
	return buf.Bytes(), "", nil
}

// maxPath caps the field path in an error; keys come from the module.
const maxPath = 160

// plainKey reports whether an object key can be shown unquoted in a path.
func plainKey(k string) bool {
	if k == "" || len(k) > 32 {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$') {
			return false
		}
	}
	return true
}

// ValidName reports whether name matches ^[a-z][a-z0-9_]{0,63}$.
func ValidName(name string) bool {
	if len(name) == 0 || len(name) > MaxNameLen || name[0] < 'a' || name[0] > 'z' {
		return false
	}
	for i := 1; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// checkShape walks the whole payload once, refusing duplicate object keys
// and nesting deeper than a schema may go. Only schemas can nest deeply:
// every other field has a fixed type, so the document limit is the schema
// limit plus the three levels above a schema (root, tools, tool).
func checkShape(payload []byte) *Error {
	const schemaBase = 3
	type frame struct {
		obj       bool
		expectKey bool
		key       string
		index     int
		keys      map[string]struct{}
	}
	var stack []frame
	locate := func(reason string) *Error {
		e := &Error{Index: -1, Reason: reason}
		if len(stack) >= 2 && stack[0].key == "tools" && !stack[1].obj {
			e.Index = stack[1].index
			var path strings.Builder
			for _, f := range stack[2:] {
				switch {
				case !f.obj:
					path.WriteString("[" + strconv.Itoa(f.index) + "]")
				case plainKey(f.key) && path.Len() == 0:
					path.WriteString(f.key)
				case plainKey(f.key):
					path.WriteString("." + f.key)
				default:
					path.WriteString("[" + quote(f.key) + "]")
				}
				if path.Len() > maxPath {
					path.WriteString("...")
					break
				}
			}
			e.Field = path.String()
		}
		return e
	}
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber()
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return &Error{Index: -1, Reason: "bad JSON: " + capErr(err)}
		}
		if n := len(stack); n > 0 && stack[n-1].obj && stack[n-1].expectKey {
			if key, ok := tok.(string); ok {
				top := &stack[n-1]
				if _, dup := top.keys[key]; dup {
					top.key = key
					return locate("duplicate key " + quote(key))
				}
				top.keys[key] = struct{}{}
				top.key = key
				top.expectKey = false
				continue
			}
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			if len(stack) >= schemaBase+MaxSchemaDepth {
				return locate(fmt.Sprintf("nested deeper than %d levels", MaxSchemaDepth))
			}
			f := frame{obj: tok == json.Delim('{'), expectKey: true}
			if f.obj {
				f.keys = map[string]struct{}{}
			}
			stack = append(stack, f)
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
		// A value just ended: the enclosing container moves on.
		if n := len(stack); n > 0 {
			if stack[n-1].obj {
				stack[n-1].expectKey = true
			} else {
				stack[n-1].index++
			}
		}
	}
}

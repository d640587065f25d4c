package mcpserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/gate/validate"
)

// maxArgumentsSize caps the JSON of one call's arguments.
const maxArgumentsSize = 64 << 10

// argSchema checks call arguments against a tool's declared input schema.
type argSchema struct {
	schema *jsonschema.Schema
	names  []string // the declared argument names, for "accepted" lists
}

func compileArgs(tool string, raw json.RawMessage) (*argSchema, error) {
	return compileSchema(tool, "input", raw)
}

// compileSchema compiles one of a tool's schemas; which is "input" or "output".
func compileSchema(tool, which string, raw json.RawMessage) (*argSchema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("tool %s: %s schema: %w", tool, which, err)
	}
	c := jsonschema.NewCompiler()
	c.UseLoader(noLoader{}) // a schema may not make the server fetch anything
	url := "tollgate:///tools/" + tool + "/" + which
	if err := c.AddResource(url, doc); err != nil {
		return nil, fmt.Errorf("tool %s: %s schema: %w", tool, which, err)
	}
	s, err := c.Compile(url)
	if err != nil {
		return nil, fmt.Errorf("tool %s: %s schema: %w", tool, which, err)
	}
	var props struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	_ = json.Unmarshal(raw, &props)
	names := make([]string, 0, len(props.Properties))
	for k := range props.Properties {
		names = append(names, k)
	}
	sort.Strings(names)
	return &argSchema{schema: s, names: names}, nil
}

type noLoader struct{}

func (noLoader) Load(url string) (any, error) {
	return nil, fmt.Errorf("schema references %q; external references are not loaded", url)
}

// check validates args (JSON) and returns a validation_error naming the argument.
func (a *argSchema) check(args json.RawMessage) *gate.Error {
	if len(args) > maxArgumentsSize {
		return &gate.Error{Type: gate.TypeValidation, Message: fmt.Sprintf("the arguments are %d bytes; at most %d are accepted", len(args), maxArgumentsSize), Field: "arguments"}
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(args))
	if err != nil {
		return &gate.Error{Type: gate.TypeValidation, Message: "the arguments are not valid JSON", Field: "arguments"}
	}
	if dup := duplicateKey(args); dup != "" {
		return &gate.Error{Type: gate.TypeValidation, Field: gate.Cap(dup, 64), Accepted: "each argument once",
			Message: fmt.Sprintf("argument %q is given more than once; a reader that takes the first value and one that takes the last would disagree", gate.Cap(dup, 64))}
	}
	err = a.schema.Validate(doc)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return &gate.Error{Type: gate.TypeValidation, Message: "the arguments do not match the tool's input schema", Field: "arguments"}
	}
	return a.describe(leaf(ve))
}

// duplicateKey returns the first top-level key of the JSON object args that appears twice.
func duplicateKey(args json.RawMessage) string {
	dec := json.NewDecoder(bytes.NewReader(args))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return ""
	}
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return ""
		}
		key, _ := t.(string)
		if seen[key] {
			return key
		}
		seen[key] = true
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return ""
		}
	}
	return ""
}

// leaf returns the most specific cause: the one a person should be told about.
func leaf(ve *jsonschema.ValidationError) *jsonschema.ValidationError {
	for len(ve.Causes) > 0 {
		ve = ve.Causes[0]
	}
	return ve
}

var printer = message.NewPrinter(language.English)

func (a *argSchema) describe(ve *jsonschema.ValidationError) *gate.Error {
	field := strings.Join(ve.InstanceLocation, ".")
	e := &gate.Error{Type: gate.TypeValidation, Field: field}
	switch k := ve.ErrorKind.(type) {
	case *kind.Required:
		e.Field = join(field, k.Missing[0])
		e.Message = fmt.Sprintf("missing required argument %q", e.Field)
		e.Accepted = "a value for " + e.Field
	case *kind.AdditionalProperties:
		sort.Strings(k.Properties)
		e.Field = gate.Cap(join(field, k.Properties[0]), 64)
		e.Message = fmt.Sprintf("unknown argument %q", e.Field)
		e.Accepted = "only " + strings.Join(a.names, ", ")
	case *kind.Type:
		e.Message = fmt.Sprintf("argument %q must be of type %s, not %s", field, strings.Join(k.Want, " or "), k.Got)
		e.Accepted = strings.Join(k.Want, " or ")
	case *kind.MaxLength:
		e.Message = fmt.Sprintf("argument %q is too long: %s, at most %d", field, characters(k.Got), k.Want)
		e.Accepted = "at most " + characters(k.Want)
	case *kind.MinLength:
		e.Message = fmt.Sprintf("argument %q is too short: %s, at least %d", field, characters(k.Got), k.Want)
		e.Accepted = "at least " + characters(k.Want)
	case *kind.Minimum:
		got := gate.Cap(k.Got.RatString(), 32)
		e.Message = fmt.Sprintf("argument %q is %s; the minimum is %s", field, got, k.Want.RatString())
		e.Value, e.Accepted = got, "at least "+k.Want.RatString()
	case *kind.Maximum:
		got := gate.Cap(k.Got.RatString(), 32)
		e.Message = fmt.Sprintf("argument %q is %s; the maximum is %s", field, got, k.Want.RatString())
		e.Value, e.Accepted = got, "at most "+k.Want.RatString()
	case *kind.Enum:
		want := make([]string, len(k.Want))
		for i, w := range k.Want {
			want[i] = fmt.Sprint(w)
		}
		e.Message = fmt.Sprintf("argument %q must be one of %s", field, strings.Join(want, ", "))
		e.Value, e.Accepted = gate.Cap(fmt.Sprint(k.Got), 64), "one of "+strings.Join(want, ", ")
	default:
		e.Message = fmt.Sprintf("argument %q: %s", field, gate.Cap(ve.ErrorKind.LocalizedString(printer), 256))
	}
	if e.Field == "" {
		e.Field = "arguments"
	}
	return e
}

func characters(n int) string {
	if n == 1 {
		return "1 character"
	}
	return fmt.Sprintf("%d characters", n)
}

func join(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "." + name
}

// injection returns a validation error when a string in the arguments (a value or a key,
// at any depth) holds an injection pattern (validate.Suspicious). args is valid JSON: the
// schema check ran first.
func injection(args json.RawMessage) *gate.Error {
	var top map[string]json.RawMessage
	if json.Unmarshal(args, &top) != nil {
		return nil
	}
	for _, name := range sortedNames(top) {
		var v any
		dec := json.NewDecoder(bytes.NewReader(top[name]))
		dec.UseNumber()
		if dec.Decode(&v) != nil {
			continue
		}
		if p, found := suspiciousIn(name, v); found {
			return &gate.Error{Type: gate.TypeValidation, Field: gate.Cap(name, 64), Accepted: "text without markup, template, shell, path or SQL syntax",
				Message: fmt.Sprintf("argument %q contains %q, a pattern used in injection attacks (an operator can turn this heuristic off with MCP_INPUT_VALIDATION=false)", gate.Cap(name, 64), p)}
		}
	}
	return nil
}

func suspiciousIn(key string, v any) (string, bool) {
	if p, found := validate.Suspicious(key); found {
		return p, true
	}
	switch x := v.(type) {
	case string:
		return validate.Suspicious(x)
	case []any:
		for _, e := range x {
			if p, found := suspiciousIn("", e); found {
				return p, true
			}
		}
	case map[string]any:
		for k, e := range x {
			if p, found := suspiciousIn(k, e); found {
				return p, true
			}
		}
	}
	return "", false
}

func sortedNames(m map[string]json.RawMessage) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

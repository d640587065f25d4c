package toolsdk

import (
	"encoding/json"
	"fmt"
	"sort"
	"sync"

	"github.com/tollgate/tollgate/guest/internal/jsonscan"
)

// Tool declares one tool of a module.
type Tool struct {
	// Name is the tool's name as clients call it: ^[a-z][a-z0-9_]{0,63}$.
	Name string
	// Title is a short human-readable name.
	Title string
	// Description tells a model what the tool does and what it returns.
	Description string
	// Input is the arguments' schema (see Object and RawSchema).
	Input Schema
	// Output is the JSON Schema of the data the tool returns; optional.
	Output json.RawMessage
	// Annotations are the MCP behaviour hints; all four must be set.
	Annotations Annotations
	// Handler runs one call. It returns the data to send back, or an error: an
	// *Error is sent as it is, anything else as a guest_error.
	Handler func(c *Call) (any, error)

	forward []forwarded       // the params sent with SendAs, by op parameter name
	argOf   map[string]string // op parameter → argument, to rename error fields
}

// forwarded is one argument Call.Forward sends: Input.params[index], as the op
// parameter whose JSON key, `"name":`, is key.
type forwarded struct {
	index int
	key   []byte
}

// Hint is the value of one MCP tool annotation. Its zero value is not a valid
// setting: Register refuses a tool whose hints were not all chosen, because an
// annotation left to a default is how read-only tools end up marked destructive, or
// order-placing tools marked harmless.
type Hint uint8

// The two settings of a Hint.
const (
	No  Hint = iota + 1 // the hint is false
	Yes                 // the hint is true
)

// Annotations are the four MCP tool annotations, all required.
type Annotations struct {
	ReadOnly    Hint // the tool does not modify anything
	Destructive Hint // the tool may destroy or overwrite (meaningful when not read-only)
	Idempotent  Hint // calling again with the same arguments has no further effect
	OpenWorld   Hint // the tool reaches outside the server (here: the exchange)
}

// ReadOnlyHints are the annotations of a tool that only reads: from the exchange
// (open world), changing nothing (read-only, not destructive), so that calling it
// again has no further effect (idempotent). Market data and account queries are such
// tools; anything that places, changes or cancels an order is not.
var ReadOnlyHints = Annotations{ReadOnly: Yes, Destructive: No, Idempotent: Yes, OpenWorld: Yes}

var registry = struct {
	sync.Mutex
	tools map[string]*Tool
}{tools: map[string]*Tool{}}

// Register adds a tool to the module; call it from an init function (a
// -buildmode=c-shared module runs package init functions, not main). It panics if
// the declaration is invalid or the name is taken, so a broken module fails when it
// is packed or tested, not when a client calls it.
func Register(t Tool) {
	if err := t.verify(); err != nil {
		panic(fmt.Sprintf("toolsdk: Register(%q): %v", t.Name, err))
	}
	registry.Lock()
	defer registry.Unlock()
	if _, dup := registry.tools[t.Name]; dup {
		panic(fmt.Sprintf("toolsdk: Register(%q): tool already registered", t.Name))
	}
	t.plan()
	registry.tools[t.Name] = &t
}

// plan prepares Call.Forward: the sent arguments sorted by op parameter name (the
// order encoding/json gives a map's keys), each with its key written out.
func (t *Tool) plan() {
	for i, p := range t.Input.params {
		if p.sendAs == "" {
			continue
		}
		key := append(jsonscan.AppendQuote(nil, p.sendAs), ':')
		t.forward = append(t.forward, forwarded{i, key})
		if t.argOf == nil {
			t.argOf = map[string]string{}
		}
		t.argOf[p.sendAs] = p.name
	}
	sort.Slice(t.forward, func(i, j int) bool {
		return t.Input.params[t.forward[i].index].sendAs < t.Input.params[t.forward[j].index].sendAs
	})
}

func lookup(name string) *Tool {
	registry.Lock()
	defer registry.Unlock()
	return registry.tools[name]
}

// lastTool is the tool lookupRaw found last: an instance is often called for the
// same tool again, and comparing a name is cheaper than a map lookup in Wasm.
var lastTool *Tool

// lookupRaw is lookup for a name given as a JSON string.
func lookupRaw(name []byte) *Tool {
	plain, ok := jsonscan.PlainString(name)
	if !ok {
		s, ok := jsonscan.Unquote(name)
		if !ok {
			return nil
		}
		return lookup(s)
	}
	if t := lastTool; t != nil && t.Name == string(plain) {
		return t
	}
	registry.Lock()
	t := registry.tools[string(plain)]
	registry.Unlock()
	if t != nil {
		lastTool = t
	}
	return t
}

func (t *Tool) verify() error {
	if !validName(t.Name) {
		return fmt.Errorf("name must match ^[a-z][a-z0-9_]{0,63}$")
	}
	if t.Description == "" {
		return fmt.Errorf("description is empty")
	}
	if t.Handler == nil {
		return fmt.Errorf("handler is nil")
	}
	a := t.Annotations
	for _, h := range []struct {
		name string
		v    Hint
	}{{"ReadOnly", a.ReadOnly}, {"Destructive", a.Destructive}, {"Idempotent", a.Idempotent}, {"OpenWorld", a.OpenWorld}} {
		if h.v != Yes && h.v != No {
			return fmt.Errorf("annotation %s must be set to Yes or No", h.name)
		}
	}
	if a.ReadOnly == Yes && a.Destructive == Yes {
		return fmt.Errorf("a read-only tool cannot be destructive")
	}
	if t.Input.raw == nil && t.Input.params == nil {
		t.Input = Object() // no arguments
	}
	if err := t.Input.verify(); err != nil {
		return err
	}
	if t.Output != nil {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(t.Output, &m); err != nil {
			return fmt.Errorf("output schema is not a JSON object: %w", err)
		}
	}
	return nil
}

// declaration is one entry of {"abi":1,"tools":[...]} (docs/abi.md, Declarations).
type declaration struct {
	Name         string          `json:"name"`
	Title        string          `json:"title,omitempty"`
	Description  string          `json:"description"`
	InputSchema  Schema          `json:"inputSchema"`
	OutputSchema json.RawMessage `json:"outputSchema,omitempty"`
	Annotations  struct {
		ReadOnly    bool `json:"readOnlyHint"`
		Destructive bool `json:"destructiveHint"`
		Idempotent  bool `json:"idempotentHint"`
		OpenWorld   bool `json:"openWorldHint"`
	} `json:"annotations"`
}

// ABIVersion is the version of docs/abi.md this SDK implements.
const ABIVersion = 1

// declarations returns the module's declarations, sorted by name.
func declarations() ([]byte, error) {
	registry.Lock()
	tools := make([]declaration, 0, len(registry.tools))
	for _, t := range registry.tools {
		d := declaration{Name: t.Name, Title: t.Title, Description: t.Description,
			InputSchema: t.Input, OutputSchema: t.Output}
		d.Annotations.ReadOnly = t.Annotations.ReadOnly == Yes
		d.Annotations.Destructive = t.Annotations.Destructive == Yes
		d.Annotations.Idempotent = t.Annotations.Idempotent == Yes
		d.Annotations.OpenWorld = t.Annotations.OpenWorld == Yes
		tools = append(tools, d)
	}
	registry.Unlock()
	sort.Slice(tools, func(i, j int) bool { return tools[i].Name < tools[j].Name })
	return marshal(struct {
		ABI   int           `json:"abi"`
		Tools []declaration `json:"tools"`
	}{ABIVersion, tools})
}

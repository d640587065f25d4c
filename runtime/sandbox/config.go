package sandbox

import (
	"fmt"
	"log/slog"
	"time"
)

// EngineConfig configures an Engine. It is immutable: each With method
// returns a changed copy and leaves its receiver alone, so one value can be
// shared and specialised safely. Errors surface only at NewEngine.
//
//	cfg := sandbox.NewEngineConfig().WithCacheDir("").WithLogger(logger)
//
// A nil *EngineConfig means NewEngineConfig().
type EngineConfig struct {
	cacheDir    string
	cacheDirSet bool // false: the default directory
	logger      *slog.Logger
	now         func() time.Time
	interpreter bool // tests only: run the hostile suite on both engines
}

var defaultEngineConfig = &EngineConfig{logger: slog.New(slog.DiscardHandler), now: time.Now}

// NewEngineConfig returns the defaults: a compilation cache in
// os.UserCacheDir()/tollgate/wazero and guest logs discarded.
func NewEngineConfig() *EngineConfig { return defaultEngineConfig.clone() }

func (c *EngineConfig) clone() *EngineConfig {
	ret := *c
	return &ret
}

// WithCacheDir sets the directory of the compilation cache, created 0700 if
// missing. NewEngine refuses a directory that is not owned by the current
// user or that the group or others can write. "" keeps compiled code in
// memory only.
func (c *EngineConfig) WithCacheDir(dir string) *EngineConfig {
	ret := c.clone()
	ret.cacheDir, ret.cacheDirSet = dir, true
	return ret
}

// WithLogger sets where guest log lines and captured stdout/stderr go,
// tagged with the module, tool and request id. The default discards them;
// never pass a logger that writes to the MCP stdout.
func (c *EngineConfig) WithLogger(l *slog.Logger) *EngineConfig {
	ret := c.clone()
	if l == nil {
		l = defaultEngineConfig.logger
	}
	ret.logger = l
	return ret
}

// WithClock sets the clock of the per-module log budget; nil means time.Now. Tests pass
// a manual clock so that they need no sleeps.
func (c *EngineConfig) WithClock(now func() time.Time) *EngineConfig {
	ret := c.clone()
	if now == nil {
		now = time.Now
	}
	ret.now = now
	return ret
}

// withInterpreter selects wazero's interpreter instead of its compiler.
func (c *EngineConfig) withInterpreter(on bool) *EngineConfig {
	ret := c.clone()
	ret.interpreter = on
	return ret
}

// ModuleConfig sets the limits of one module. Like EngineConfig it is
// immutable and copy-on-With; out-of-range values are reported by Load. A
// nil *ModuleConfig means NewModuleConfig().
//
//	cfg := sandbox.NewModuleConfig().WithMemoryLimitPages(512).WithTimeout(2 * time.Second)
type ModuleConfig struct {
	memoryLimitPages  uint32
	timeout           time.Duration
	maxOutput         int
	maxRequests       int
	maxRequestSize    int
	logLineBytes      int
	logLines          int
	logLinesPerMinute int
	poolSize          int
	fresh             bool
	compileOnDemand   bool
	compileWait       time.Duration
}

var defaultModuleConfig = &ModuleConfig{
	memoryLimitPages:  1024, // 64 MiB
	timeout:           5 * time.Second,
	maxOutput:         256 << 10,
	maxRequests:       10,
	maxRequestSize:    64 << 10,
	logLineBytes:      1 << 10,
	logLines:          64,
	logLinesPerMinute: 600,
	poolSize:          4,
	compileWait:       5 * time.Minute,
}

// NewModuleConfig returns the defaults of docs/abi.md and DESIGN §4:
// 64 MiB of memory, 5 s per call, 256 KiB of output, 10 requests of at most
// 64 KiB per call, log lines of 1 KiB, 64 lines per call and 600 per minute
// for the module, and a pool of 4 prepared instances.
func NewModuleConfig() *ModuleConfig { return defaultModuleConfig.clone() }

func (c *ModuleConfig) clone() *ModuleConfig {
	ret := *c
	return &ret
}

// WithMemoryLimitPages caps the guest's linear memory, in 64 KiB pages
// (1 to 65536). A memory.grow past it returns -1 to the guest; a call that
// then fails is a memory fault. A module declaring a larger minimum is
// refused when it compiles.
func (c *ModuleConfig) WithMemoryLimitPages(pages uint32) *ModuleConfig {
	ret := c.clone()
	ret.memoryLimitPages = pages
	return ret
}

// WithTimeout sets the deadline of one call, preparing an instance included
// when none was ready.
func (c *ModuleConfig) WithTimeout(d time.Duration) *ModuleConfig {
	ret := c.clone()
	ret.timeout = d
	return ret
}

// WithMaxOutput caps the bytes a call may pass to output_write.
func (c *ModuleConfig) WithMaxOutput(n int) *ModuleConfig {
	ret := c.clone()
	ret.maxOutput = n
	return ret
}

// WithMaxRequests caps the gate requests of one call; 0 allows none.
func (c *ModuleConfig) WithMaxRequests(n int) *ModuleConfig {
	ret := c.clone()
	ret.maxRequests = n
	return ret
}

// WithMaxRequestSize caps the bytes of one request.
func (c *ModuleConfig) WithMaxRequestSize(n int) *ModuleConfig {
	ret := c.clone()
	ret.maxRequestSize = n
	return ret
}

// WithLogLimits caps each guest log line at lineBytes (longer ones are
// truncated) and each call at lines (later ones are dropped and counted).
// Captured stdout and stderr lines count against the same caps.
func (c *ModuleConfig) WithLogLimits(lineBytes, lines int) *ModuleConfig {
	ret := c.clone()
	ret.logLineBytes, ret.logLines = lineBytes, lines
	return ret
}

// WithLogRate caps the log lines of all the module's calls together at perMinute, with
// a burst of one minute's worth; lines over it are dropped and counted like those over
// the per-call cap. Captured stdout and stderr lines count too.
func (c *ModuleConfig) WithLogRate(perMinute int) *ModuleConfig {
	ret := c.clone()
	ret.logLinesPerMinute = perMinute
	return ret
}

// WithPoolSize sets how many prepared instances are kept ready, which is
// also the most kept between calls: set it to the number of calls expected
// at once. A Go guest instance costs about 4.5 MiB of host memory to start
// with, and can grow to the memory limit. 0 keeps none: every call
// prepares its own instance, as with WithFreshInstances.
func (c *ModuleConfig) WithPoolSize(n int) *ModuleConfig {
	ret := c.clone()
	ret.poolSize = n
	return ret
}

// WithFreshInstances makes every call run in a new instance that is closed
// afterwards, instead of reusing healthy instances from the pool: no state
// survives from one call to the next, at the price of instantiating the
// module (about 6 ms for a Go guest) on every call.
func (c *ModuleConfig) WithFreshInstances(on bool) *ModuleConfig {
	ret := c.clone()
	ret.fresh = on
	return ret
}

// WithCompileWait caps how long a call waits for the module's compile (default five
// minutes, enough for a Go guest under the race detector on a busy machine); a call
// that waits longer fails with a timeout fault wrapping ErrStillCompiling, and the
// compile goes on.
func (c *ModuleConfig) WithCompileWait(d time.Duration) *ModuleConfig {
	ret := c.clone()
	ret.compileWait = d
	return ret
}

// WithCompileOnDemand leaves compiling to Module.Prepare or the first call,
// instead of starting it in Load. On a 2-core machine a compile running from
// the first millisecond takes the CPU a server needs to answer initialize and
// tools/list (measured: 50 ms to tools/list instead of 18 ms); the host starts
// compiling once those have had their chance.
func (c *ModuleConfig) WithCompileOnDemand(on bool) *ModuleConfig {
	ret := c.clone()
	ret.compileOnDemand = on
	return ret
}

// validate reports the first value out of range.
func (c *ModuleConfig) validate() error {
	const maxBytes = 64 << 20
	switch {
	case c.memoryLimitPages < 1 || c.memoryLimitPages > 65536:
		return fmt.Errorf("%w: memory limit of %d pages, want 1 to 65536", ErrInvalidConfig, c.memoryLimitPages)
	case c.timeout <= 0:
		return fmt.Errorf("%w: timeout %v, want > 0", ErrInvalidConfig, c.timeout)
	case c.compileWait <= 0:
		return fmt.Errorf("%w: compile wait %v, want > 0", ErrInvalidConfig, c.compileWait)
	case c.maxOutput < 1 || c.maxOutput > maxBytes:
		return fmt.Errorf("%w: max output %d, want 1 to %d", ErrInvalidConfig, c.maxOutput, maxBytes)
	case c.maxRequests < 0 || c.maxRequests > 1000:
		return fmt.Errorf("%w: max requests %d, want 0 to 1000", ErrInvalidConfig, c.maxRequests)
	case c.maxRequestSize < 1 || c.maxRequestSize > maxBytes:
		return fmt.Errorf("%w: max request size %d, want 1 to %d", ErrInvalidConfig, c.maxRequestSize, maxBytes)
	case c.logLineBytes < 1 || c.logLineBytes > 64<<10 || c.logLines < 0 || c.logLines > 10000:
		return fmt.Errorf("%w: log limits %d bytes x %d lines out of range", ErrInvalidConfig, c.logLineBytes, c.logLines)
	case c.logLinesPerMinute < 0 || c.logLinesPerMinute > 1000000:
		return fmt.Errorf("%w: log rate %d lines per minute, want 0 to 1000000", ErrInvalidConfig, c.logLinesPerMinute)
	case c.poolSize < 0 || c.poolSize > 256:
		return fmt.Errorf("%w: pool size %d, want 0 to 256", ErrInvalidConfig, c.poolSize)
	}
	return nil
}

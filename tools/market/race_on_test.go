//go:build race

package main

// raceEnabled: under the race detector, wazero's compiler takes ~20 s on a Go
// guest, and the detector cannot see inside Wasm anyway, so TestWasmModule uses the
// interpreter and fewer calls.
const raceEnabled = true

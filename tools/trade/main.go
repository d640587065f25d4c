package main

// main is never run: the module is a reactor (see tools/market/main.go).
func main() {}

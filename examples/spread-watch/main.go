package main

// main is never run: the module is built with -buildmode=c-shared, a reactor whose
// _initialize runs the package init functions (which register the tools) and whose calls
// enter through toolsdk's tollgate_call export.
func main() {}

package content

// The trainer's two inner loops in SSE2 (every amd64 processor has it),
// two classes an instruction: the same operations in the same order as
// addRowGo and updateRowGo, each rounded alike, so the same weights to the
// bit (TestRowKernelsMatchTheGoLoops). Go does not vectorise them itself.

//go:noescape
func addRowSSE2(p []float64, row []float32, scale float64)

//go:noescape
func updateRowSSE2(row []float32, scaled []float64, lr, l2 float64)

// addRow adds a feature's weights, times scale, to the class scores p;
// len(p) >= len(row).
func addRow(p []float64, row []float32, scale float64) {
	_ = p[:len(row)]
	addRowSSE2(p, row, scale)
}

// updateRow takes one gradient step on a feature's weights; len(scaled) >=
// len(row).
func updateRow(row []float32, scaled []float64, lr, l2 float64) {
	_ = scaled[:len(row)]
	updateRowSSE2(row, scaled, lr, l2)
}

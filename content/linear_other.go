//go:build !amd64

package content

func addRow(p []float64, row []float32, scale float64) { addRowGo(p, row, scale) }

func updateRow(row []float32, scaled []float64, lr, l2 float64) { updateRowGo(row, scaled, lr, l2) }

package content

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// The trainer's row kernels (SSE2 on amd64) give the plain Go loops'
// results to the bit, for every row length (the tails of 1 to 3 classes
// included) and for weights and gradients of every size: a model must not
// depend on the machine that trained it, and the model cache and the
// calibration figures rely on it.
func TestRowKernelsMatchTheGoLoops(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	val := func() float64 {
		switch rng.IntN(8) {
		case 0:
			return 0
		case 1:
			return 1e-40 // float32 subnormal
		}
		return (rng.Float64()*2 - 1) * math.Pow(10, float64(rng.IntN(12)-8))
	}
	for n := 0; n <= 41; n++ {
		for range 50 {
			row := make([]float32, n)
			p := make([]float64, n+rng.IntN(3))
			scaled := make([]float64, n+rng.IntN(3))
			for i := range row {
				row[i] = float32(val())
			}
			for i := range p {
				p[i] = val()
			}
			for i := range scaled {
				scaled[i] = val()
			}
			scale, lr, l2 := math.Abs(val())+1e-3, rng.Float64(), 1e-5

			pGo, pK := slices.Clone(p), slices.Clone(p)
			addRowGo(pGo, row, scale)
			addRow(pK, row, scale)
			for i := range pGo {
				if math.Float64bits(pGo[i]) != math.Float64bits(pK[i]) {
					t.Fatalf("addRow, %d classes, class %d: %v, the Go loop %v", n, i, pK[i], pGo[i])
				}
			}
			rGo, rK := slices.Clone(row), slices.Clone(row)
			updateRowGo(rGo, scaled, lr, l2)
			updateRow(rK, scaled, lr, l2)
			for i := range rGo {
				if math.Float32bits(rGo[i]) != math.Float32bits(rK[i]) {
					t.Fatalf("updateRow, %d classes, class %d: %v, the Go loop %v", n, i, rK[i], rGo[i])
				}
			}
		}
	}
}

// Package chart draws the small PNG bar charts staff get with /thongke.
// It embeds DejaVu Sans Condensed (Bitstream Vera licence, see
// fonts/LICENSE-DejaVu.txt) because the Go fonts lack most Vietnamese
// letters with two marks (ộ, ườ, ự); DejaVu has them all.
package chart

import (
	"bytes"
	_ "embed"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

var (
	//go:embed fonts/DejaVuSansCondensed.ttf
	regularTTF []byte
	//go:embed fonts/DejaVuSansCondensed-Bold.ttf
	boldTTF []byte
)

// Bar is one row of a chart.
type Bar struct {
	Label string // left of the bar, cut with "…" when too long
	Value int64  // the bar's length, relative to the largest
	Note  string // right of the bar (the value as people read it)
}

// Chart is a horizontal bar chart with a value axis under the bars.
type Chart struct {
	Title    string
	Subtitle string
	Footer   string
	// Axis names what the bar lengths count ("Số người tham dự"); it is
	// printed under the axis values.
	Axis string
	Bars []Bar
}

var (
	background = color.RGBA{0xff, 0xff, 0xff, 0xff}
	ink        = color.RGBA{0x22, 0x22, 0x22, 0xff}
	muted      = color.RGBA{0x66, 0x66, 0x66, 0xff}
	barColor   = color.RGBA{0xd8, 0x3a, 0x7c, 0xff} // the union's pink
	gridColor  = color.RGBA{0xe6, 0xe6, 0xe6, 0xff}
)

const (
	width    = 1000
	rowH     = 30
	top      = 84
	labelW   = 330
	noteW    = 170
	padRight = 20
	bottom   = 40
	axisH    = 44 // the axis values and the axis name
	ticks    = 4
)

// niceStep is the axis step: at least v, of the form 1, 2 or 5 times a
// power of ten, so the values read naturally (0, 5, 10, 15, 20).
func niceStep(v int64) int64 {
	if v < 1 {
		return 1
	}
	for p := int64(1); ; p *= 10 {
		for _, m := range []int64{1, 2, 5} {
			if m*p >= v {
				return m * p
			}
		}
	}
}

// PNG draws the chart. Fonts are parsed per call (about a millisecond): a
// chart is drawn once per /thongke, and nothing is kept between calls.
func (c Chart) PNG() ([]byte, error) {
	face, err := newFace(regularTTF, 16)
	if err != nil {
		return nil, err
	}
	defer face.Close()
	titleFace, err := newFace(boldTTF, 20)
	if err != nil {
		return nil, err
	}
	defer titleFace.Close()

	height := top + len(c.Bars)*rowH + axisH + bottom
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	fill(img, img.Bounds(), background)
	text(img, titleFace, ink, 20, 34, fit(titleFace, c.Title, width-40))
	text(img, face, muted, 20, 60, fit(face, c.Subtitle, width-40))

	var longest int64 = 1
	for _, b := range c.Bars {
		longest = max(longest, b.Value)
	}
	step := niceStep((longest + ticks - 1) / ticks)
	longest = step * ticks // the axis end; bars are drawn against it
	barMax := width - labelW - noteW - padRight
	axisY := top + len(c.Bars)*rowH
	for i := 0; i <= ticks; i++ { // grid and values at each step
		x := labelW + barMax*i/ticks
		fill(img, image.Rect(x, top-6, x+1, axisY+4), gridColor)
		v := fmt.Sprint(step * int64(i))
		text(img, face, muted, x-font.MeasureString(face, v).Ceil()/2, axisY+20, v)
	}
	fill(img, image.Rect(labelW, axisY, labelW+barMax+1, axisY+1), muted)
	if c.Axis != "" {
		text(img, face, muted, labelW, axisY+40, fit(face, c.Axis, barMax))
	}
	for i, b := range c.Bars {
		y := top + i*rowH
		text(img, face, ink, 20, y+20, fit(face, b.Label, labelW-30))
		w := int(int64(barMax) * max(b.Value, 0) / longest)
		if b.Value > 0 && w < 2 {
			w = 2
		}
		fill(img, image.Rect(labelW, y+5, labelW+w, y+rowH-5), barColor)
		text(img, face, ink, labelW+w+8, y+20, fit(face, b.Note, noteW+barMax-w-8))
	}
	text(img, face, muted, 20, height-14, fit(face, c.Footer, width-40))

	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	return buf.Bytes(), nil
}

func newFace(ttf []byte, size float64) (font.Face, error) {
	f, err := opentype.Parse(ttf)
	if err != nil {
		return nil, fmt.Errorf("chart font: %w", err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, fmt.Errorf("chart font: %w", err)
	}
	return face, nil
}

func fill(img *image.RGBA, r image.Rectangle, c color.Color) {
	draw.Draw(img, r, image.NewUniform(c), image.Point{}, draw.Src)
}

func text(img *image.RGBA, f font.Face, c color.Color, x, y int, s string) {
	d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: f, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

// fit cuts s with "…" so it is at most w pixels wide.
func fit(f font.Face, s string, w int) string {
	if font.MeasureString(f, s).Ceil() <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && font.MeasureString(f, string(r)+"…").Ceil() > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// Missing lists the runes of s that the chart's fonts cannot draw (they
// would show as empty boxes); tests use it to prove Vietnamese coverage.
func Missing(s string) (string, error) {
	var out []rune
	for _, ttf := range [][]byte{regularTTF, boldTTF} {
		f, err := opentype.Parse(ttf)
		if err != nil {
			return "", fmt.Errorf("chart font: %w", err)
		}
		var buf sfnt.Buffer
		for _, r := range s {
			if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
				out = append(out, r)
			}
		}
	}
	return string(out), nil
}

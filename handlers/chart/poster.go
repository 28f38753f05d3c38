package chart

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/png"
)

// Poster prints a picture (an invite QR code) on a white card with a bold
// heading above it and lines of text below, in the fonts that draw every
// Vietnamese letter: the card can be printed or forwarded and still says
// whose it is and what to do with it.
func Poster(pic image.Image, heading string, lines []string) ([]byte, error) {
	face, err := newFace(regularTTF, 20)
	if err != nil {
		return nil, err
	}
	defer face.Close()
	headFace, err := newFace(boldTTF, 26)
	if err != nil {
		return nil, err
	}
	defer headFace.Close()
	const pad, headH, lineH = 24, 48, 30
	pw, ph := pic.Bounds().Dx(), pic.Bounds().Dy()
	w := max(pw+2*pad, 640)
	h := pad + headH + ph + len(lines)*lineH + pad
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fill(img, img.Bounds(), background)
	text(img, headFace, ink, pad, pad+30, fit(headFace, heading, w-2*pad))
	x := (w - pw) / 2
	draw.Draw(img, image.Rect(x, pad+headH, x+pw, pad+headH+ph), pic, pic.Bounds().Min, draw.Src)
	for i, l := range lines {
		text(img, face, ink, pad, pad+headH+ph+(i+1)*lineH-8, fit(face, l, w-2*pad))
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("poster: %w", err)
	}
	return buf.Bytes(), nil
}

package handlers

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"sort"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"loa/store"
)

// The /thongke chart: one horizontal bar per sub-unit (the largest
// maxStatsRows), its length the estimated attendance, with the reporting
// rate written beside it. Drawn with the Go fonts, which carry every
// Vietnamese letter with its marks.

// chartFonts parses the embedded Go fonts (well under a millisecond; a
// chart is drawn once per /thongke).
func chartFonts() (regular, bold *opentype.Font, err error) {
	if regular, err = opentype.Parse(goregular.TTF); err != nil {
		return nil, nil, err
	}
	bold, err = opentype.Parse(gobold.TTF)
	return regular, bold, err
}

var (
	chartBackground = color.RGBA{0xff, 0xff, 0xff, 0xff}
	chartInk        = color.RGBA{0x22, 0x22, 0x22, 0xff}
	chartMuted      = color.RGBA{0x66, 0x66, 0x66, 0xff}
	chartBar        = color.RGBA{0xd8, 0x3a, 0x7c, 0xff} // the union's pink
	chartGrid       = color.RGBA{0xe6, 0xe6, 0xe6, 0xff}
)

const (
	chartWidth    = 1000
	chartRow      = 30
	chartTop      = 80
	chartLabelW   = 330
	chartValueW   = 170
	chartPadRight = 20
	chartBottom   = 40
)

// StatsChart draws the sub-units of a report as a PNG bar chart.
func StatsChart(rep store.Report) ([]byte, error) {
	regular, bold, err := chartFonts()
	if err != nil {
		return nil, fmt.Errorf("chart fonts: %w", err)
	}
	face, err := opentype.NewFace(regular, &opentype.FaceOptions{Size: 16, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, fmt.Errorf("chart face: %w", err)
	}
	defer face.Close()
	titleFace, err := opentype.NewFace(bold, &opentype.FaceOptions{Size: 20, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, fmt.Errorf("chart face: %w", err)
	}
	defer titleFace.Close()

	rows := append([]store.UnitStats(nil), rep.Children...)
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Tally.Present > rows[j].Tally.Present })
	more := 0
	if len(rows) > maxStatsRows {
		more = len(rows) - maxStatsRows
		rows = rows[:maxStatsRows]
	}
	height := chartTop + len(rows)*chartRow + chartBottom
	img := image.NewRGBA(image.Rect(0, 0, chartWidth, height))
	draw.Draw(img, img.Bounds(), image.NewUniform(chartBackground), image.Point{}, draw.Src)

	text := func(f font.Face, c color.Color, x, y int, s string) {
		d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: f, Dot: fixed.P(x, y)}
		d.DrawString(s)
	}
	fit := func(f font.Face, s string, width int) string {
		if font.MeasureString(f, s).Ceil() <= width {
			return s
		}
		r := []rune(s)
		for len(r) > 1 && font.MeasureString(f, string(r)+"…").Ceil() > width {
			r = r[:len(r)-1]
		}
		return string(r) + "…"
	}
	text(titleFace, chartInk, 20, 32, fit(titleFace, "Số người tham dự theo đơn vị – "+rep.Total.Unit.Name, chartWidth-40))
	text(face, chartMuted, 20, 58, fmt.Sprintf("%s · tổng %s người · tỉ lệ báo cáo %s", rep.Period.Label(),
		FormatCount(rep.Total.Tally.Present), percent(rep.Total.Tally.ReportingRate())))

	var top int64 = 1
	for _, r := range rows {
		top = max(top, r.Tally.Present)
	}
	barX := chartLabelW
	barMax := chartWidth - chartLabelW - chartValueW - chartPadRight
	for i := 0; i <= 4; i++ { // grid at quarters of the longest bar
		x := barX + barMax*i/4
		draw.Draw(img, image.Rect(x, chartTop-6, x+1, chartTop+len(rows)*chartRow), image.NewUniform(chartGrid), image.Point{}, draw.Src)
	}
	for i, r := range rows {
		y := chartTop + i*chartRow
		text(face, chartInk, 20, y+20, fit(face, r.Unit.Name, chartLabelW-30))
		w := int(int64(barMax) * r.Tally.Present / top)
		if r.Tally.Present > 0 && w < 2 {
			w = 2
		}
		draw.Draw(img, image.Rect(barX, y+5, barX+w, y+chartRow-5), image.NewUniform(chartBar), image.Point{}, draw.Src)
		text(face, chartInk, barX+w+8, y+20, fmt.Sprintf("%s · BC %s", FormatCount(r.Tally.Present), percent(r.Tally.ReportingRate())))
	}
	foot := "BC: tỉ lệ sự kiện đã báo cáo số người dự."
	if more > 0 {
		foot += fmt.Sprintf(" Còn %d đơn vị khác trong /xuat.", more)
	}
	text(face, chartMuted, 20, height-14, foot)

	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("chart png: %w", err)
	}
	return buf.Bytes(), nil
}

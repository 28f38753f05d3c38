package chart_test

import (
	"bytes"
	"image/color"
	"image/png"
	"testing"

	"loa/handlers/chart"
)

// Every Vietnamese letter (lower and upper case, all five tone marks on
// every vowel) and the punctuation the stats use can be drawn.
func TestFontsDrawEveryVietnameseLetter(t *testing.T) {
	letters := "aăâbcdđeêghiklmnoôơpqrstuưvxy" +
		"àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ" +
		"AĂÂĐÊÔƠƯÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ" +
		"0123456789%·–…/()"
	missing, err := chart.Missing(letters)
	if err != nil {
		t.Fatal(err)
	}
	if missing != "" {
		t.Fatalf("the chart fonts cannot draw %q", missing)
	}
}

func TestBarsAreProportionalAndReadable(t *testing.T) {
	c := chart.Chart{
		Title: "Số người tham dự theo đơn vị – Phường Trấn Biên", Subtitle: "tháng 12/2026",
		Footer: "Số người tham dự theo báo cáo", Axis: "Số người tham dự",
		Bars: []chart.Bar{
			{Label: "Chi hội Khu phố Hiệp Nhất", Value: 120, Note: "120 người · báo cáo 3/4"},
			{Label: "Chi hội Ấp Bình Dương", Value: 60, Note: "60 người · báo cáo 1/2"},
			{Label: "Chi hội không ai dự", Value: 0, Note: "chưa có sự kiện"},
		},
	}
	data, err := c.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() != 1000 || img.Bounds().Dy() < 84+3*30 {
		t.Fatalf("size %v", img.Bounds())
	}
	// Measure each bar's pink run along its middle row.
	pink := color.RGBA{0xd8, 0x3a, 0x7c, 0xff}
	run := func(row int) int {
		y := 84 + row*30 + 15
		n := 0
		for x := 330; x < 1000; x++ {
			if color.RGBAModel.Convert(img.At(x, y)) == pink {
				n++
			}
		}
		return n
	}
	long, half, none := run(0), run(1), run(2)
	// The axis runs 0, 50, 100, 150, 200 over the 480 pixels of bar room:
	// 120 people is 288 pixels long.
	if long < 286 || long > 290 || half < long/2-2 || half > long/2+2 || none != 0 {
		t.Fatalf("bar lengths %d, %d, %d: want 288, 144, 0", long, half, none)
	}
	// The axis line is drawn under the bars, with room for its values.
	axisY := 84 + 3*30
	if got := color.RGBAModel.Convert(img.At(400, axisY)); got != (color.RGBA{0x66, 0x66, 0x66, 0xff}) {
		t.Fatalf("no axis line at y=%d: %v", axisY, got)
	}
	if img.Bounds().Dy() < axisY+44 {
		t.Fatalf("no room for the axis values: %v", img.Bounds())
	}
}

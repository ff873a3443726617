package pages

import (
	"strconv"

	"github.com/factmark/factmark/internal/model"
)

// chartBar is one bar of the throughput chart, laid out in SVG units.
type chartBar struct {
	X, Y, W, H int
	Class      string
	Title      string
}

// chartLabel is a week's label under its bars.
type chartLabel struct {
	X    int
	Text string
}

// Chart sizes, in SVG units: the plot's height and each week's width.
const (
	chartHeight = 120
	chartWeek   = 60
	chartBarW   = 22
)

// throughputBars lays out two bars per week (claims checked, reviews
// published), scaled to the busiest week.
func throughputBars(weeks []model.WeekActivity) ([]chartBar, []chartLabel) {
	peak := 1
	for _, w := range weeks {
		peak = max(peak, w.Checked, w.Published)
	}
	var bars []chartBar
	var labels []chartLabel
	for i, w := range weeks {
		x := i*chartWeek + 8
		for j, v := range []struct {
			n     int
			class string
			what  string
		}{{w.Checked, "bar-checked", "claims checked"}, {w.Published, "bar-published", "reviews published"}} {
			h := v.n * chartHeight / peak
			bars = append(bars, chartBar{X: x + j*(chartBarW+2), Y: chartHeight - h, W: chartBarW, H: h, Class: v.class,
				Title: "Week of " + w.Start + ": " + strconv.Itoa(v.n) + " " + v.what})
		}
		labels = append(labels, chartLabel{X: x + chartBarW, Text: w.Start[5:]})
	}
	return bars, labels
}

// chartWidth is the chart's width for n weeks.
func chartWidth(n int) string { return strconv.Itoa(n*chartWeek + 16) }

// chartViewBox is the chart's viewBox for n weeks, with room for labels.
func chartViewBox(n int) string {
	return "0 0 " + chartWidth(n) + " " + strconv.Itoa(chartHeight+20)
}

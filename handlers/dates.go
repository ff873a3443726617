package handlers

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/factmark/factmark/internal/model"
)

// Day-month orders of a date written with numbers only ("13/11/2004"),
// which the forms make the editor choose.
const (
	dayFirst   = "dmy" // 13/11/2004
	monthFirst = "mdy" // 11/13/2004
)

// numericDate is a date written with numbers: two of one or two digits and
// a year of four, separated by slashes, dots or dashes.
var numericDate = regexp.MustCompile(`^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$`)

// writtenDates are the layouts of dates written with the month's name.
var writtenDates = []string{"January 2, 2006", "January 2 2006", "Jan 2, 2006", "Jan 2 2006", "2 January 2006", "2 Jan 2006", "January 2006"}

// parseDate reads a date typed into a form as 2004-11-13, November 13,
// 2004, 13 November 2004 or 13/11/2004 (order says whether the day or the
// month comes first) and returns it as 2004-11-13. A full timestamp is
// kept as it is, and "" stays "". field names the field for the error.
func parseDate(raw, order, field string) (string, error) {
	raw = strings.Join(strings.Fields(raw), " ")
	if d, ok := model.NormalizeDate(raw); ok {
		return d, nil
	}
	if m := numericDate.FindStringSubmatch(raw); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		day, month := a, b
		if order == monthFirst {
			day, month = b, a
		}
		t := time.Date(mustAtoi(m[3]), time.Month(month), day, 0, 0, 0, 0, time.UTC)
		if month < 1 || month > 12 || t.Day() != day {
			other := "month/day"
			if order == monthFirst {
				other = "day/month"
			}
			return "", model.Invalid(field, "%q is not a date read as %s: check it, or choose %s.", raw, orderName(order), other)
		}
		return t.Format(time.DateOnly), nil
	}
	for _, layout := range writtenDates {
		if t, err := time.Parse(layout, strings.TrimSuffix(raw, ".")); err == nil {
			return t.Format(time.DateOnly), nil
		}
	}
	return "", model.Invalid(field, "%q is not a date: write it as 2004-11-13, November 13, 2004 or 13/11/2004, or pick it from the calendar.", raw)
}

func orderName(order string) string {
	if order == monthFirst {
		return "month/day"
	}
	return "day/month"
}

func mustAtoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(fmt.Sprintf("mustAtoi(%q): the pattern allows digits only", s))
	}
	return n
}

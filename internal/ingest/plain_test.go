package ingest

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// pasted is an invented article as an editor might paste it: a caption to
// drop, Windows line endings, a paragraph wrapped over two lines, a blank
// line of spaces and NBSP, and boilerplate at the end.
const pasted = "Photo: the ferry at dawn (archive)\r\n\r\n" +
	"The night ferry to Vell\u00f8y will run again from 1 April, the operator said.\r\n" +
	"Tickets go on sale next week.\r\n" +
	"  \u00a0\t\r\n" +
	"Fares rise by 8\u00a0per cent; children under 12 travel free.\r\n\r\n\r\n" +
	"Subscribe to our newsletter for more news.\r\n"

func TestPreviewBlocks(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", []string{}},
		{"blank", " \n\u00a0\n\t", []string{}},
		{"article", pasted, []string{
			"Photo: the ferry at dawn (archive)",
			"The night ferry to Vell\u00f8y will run again from 1 April, the operator said. Tickets go on sale next week.",
			"Fares rise by 8 per cent; children under 12 travel free.",
			"Subscribe to our newsletter for more news.",
		}},
		{"normalized as the canonical text is", "Cafe\u0301\u3000au lait\n\n\u1112\u1161\u11ab 🇰🇿", []string{"Caf\u00e9 au lait", "\ud55c 🇰🇿"}},
		{"not UTF-8", "ok\n\n\xff", []string{}},
		{"too long", strings.Repeat("a", MaxTextBytes+1), []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := PreviewBlocks(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("PreviewBlocks =\n %q\nwant\n %q", got, tt.want)
			}
			if len(got) == 0 {
				return
			}
			// The numbering is text.Build's: block i of the preview is
			// block i of the built document.
			doc := text.Build(text.SplitPlain(tt.in))
			ix := text.NewIndex(doc.Text)
			if len(doc.Blocks) != len(got) {
				t.Fatalf("Build made %d blocks, preview %d", len(doc.Blocks), len(got))
			}
			for i, b := range doc.Blocks {
				if s := ix.Slice(b.Start, b.End); s != got[i] {
					t.Errorf("block %d: Build %q, preview %q", i, s, got[i])
				}
			}
		})
	}
}

func TestPlain(t *testing.T) {
	in := PlainInput{
		Title:       "  Night ferry\nreturns\u00a0in April ",
		Byline:      " Mar\u00eda Ortega ",
		Publication: "The Coastal Post",
		URL:         " https://news.example.org/ferry?id=7 ",
		PublishedAt: "2026-03-02T09:30:00+01:00",
		Text:        pasted,
		Drop:        []int{0, 3, 3},
	}
	got, err := Plain(in)
	if err != nil {
		t.Fatal(err)
	}
	wantText := "The night ferry to Vell\u00f8y will run again from 1 April, the operator said. Tickets go on sale next week." +
		"\n\nFares rise by 8 per cent; children under 12 travel free."
	want := model.NewArticle{
		Title:       "Night ferry returns in April",
		Byline:      "Mar\u00eda Ortega",
		Publication: "The Coastal Post",
		URL:         "https://news.example.org/ferry?id=7",
		PublishedAt: "2026-03-02T08:30:00Z",
		Doc: text.Document{Text: wantText, Blocks: []text.Block{
			{Kind: text.Paragraph, Start: 0, End: 103},
			{Kind: text.Paragraph, Start: 105, End: 161},
		}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Plain =\n %+v\nwant\n %+v", got, want)
	}
	if n := text.Len(wantText); n != 161 {
		t.Fatalf("fixture: text has %d code points", n)
	}
}

func TestPlainKeepsEverythingWithoutDrop(t *testing.T) {
	got, err := Plain(PlainInput{Title: "T", Text: pasted, PublishedAt: "2026-03-02"})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(got.Doc.Blocks); n != 4 {
		t.Errorf("blocks = %d, want 4", n)
	}
	if got.PublishedAt != "2026-03-02" || got.URL != "" || got.Byline != "" {
		t.Errorf("optional fields = %q %q %q", got.PublishedAt, got.URL, got.Byline)
	}
}

func TestPlainErrors(t *testing.T) {
	valid := PlainInput{Title: "Ferry returns", Text: pasted}
	tests := []struct {
		name   string
		edit   func(*PlainInput)
		fields []string // every field at fault
		first  string   // the one reported to the API
	}{
		{"empty form", func(in *PlainInput) { *in = PlainInput{} }, []string{"title", "text"}, "title"},
		{"title blank", func(in *PlainInput) { in.Title = " \u00a0\n " }, []string{"title"}, "title"},
		{"title too long in code points", func(in *PlainInput) { in.Title = strings.Repeat("\u00e9", model.MaxTitleLen+1) }, []string{"title"}, "title"},
		{"byline too long", func(in *PlainInput) { in.Byline = strings.Repeat("b", model.MaxShortLen+1) }, []string{"byline"}, "byline"},
		{"publication too long", func(in *PlainInput) { in.Publication = strings.Repeat("東", model.MaxShortLen+1) }, []string{"publication"}, "publication"},
		{"title not UTF-8", func(in *PlainInput) { in.Title = "bad \xff" }, []string{"title"}, "title"},
		{"javascript URL", func(in *PlainInput) { in.URL = "javascript:alert(1)" }, []string{"url"}, "url"},
		{"ftp URL", func(in *PlainInput) { in.URL = "ftp://files.example.org/a.txt" }, []string{"url"}, "url"},
		{"URL without scheme", func(in *PlainInput) { in.URL = "news.example.org/ferry" }, []string{"url"}, "url"},
		{"date in another format", func(in *PlainInput) { in.PublishedAt = "02/03/2026" }, []string{"published_at"}, "published_at"},
		{"text blank", func(in *PlainInput) { in.Text = "\r\n \u00a0 \r\n\u3000" }, []string{"text"}, "text"},
		{"text too long", func(in *PlainInput) { in.Text = strings.Repeat("word ", MaxTextBytes/5+1) }, []string{"text"}, "text"},
		{"text not UTF-8", func(in *PlainInput) { in.Text = "caf\xe9 au lait" }, []string{"text"}, "text"},
		{"drop past the end", func(in *PlainInput) { in.Drop = []int{1, 4} }, []string{"drop"}, "drop"},
		{"drop negative", func(in *PlainInput) { in.Drop = []int{-1} }, []string{"drop"}, "drop"},
		{"every block dropped", func(in *PlainInput) { in.Drop = []int{3, 2, 1, 0} }, []string{"drop"}, "drop"},
		{"several problems, first in form order", func(in *PlainInput) {
			in.Title = ""
			in.URL = "data:text/html,hi"
			in.PublishedAt = "soon"
			in.Drop = []int{0, 1, 2, 3}
		}, []string{"title", "url", "published_at", "drop"}, "title"},
		{"later fields only", func(in *PlainInput) {
			in.PublishedAt = "soon"
			in.URL = "mailto:desk@example.org"
		}, []string{"url", "published_at"}, "url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := valid
			tt.edit(&in)
			got, err := Plain(in)
			if err == nil {
				t.Fatalf("Plain = %+v, want an error", got)
			}
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %T %v is not a *ValidationError", err, err)
			}
			var fields []string
			for f, msg := range ve.Fields {
				fields = append(fields, f)
				if msg == "" {
					t.Errorf("field %s has no message", f)
				}
			}
			slices.Sort(fields)
			want := slices.Sorted(slices.Values(tt.fields))
			if !slices.Equal(fields, want) {
				t.Errorf("fields = %v, want %v (%v)", fields, want, ve.Fields)
			}
			// The API sees a plain EINVALID *model.Error for the first field.
			var me *model.Error
			if !errors.As(err, &me) {
				t.Fatalf("errors.As(*model.Error) failed on %v", err)
			}
			if me.Code != model.EINVALID || me.Field != tt.first || me.Message != ve.Fields[tt.first] {
				t.Errorf("first error = %+v, want field %q with message %q", me, tt.first, ve.Fields[tt.first])
			}
			if model.ErrorCode(err) != model.EINVALID || model.ErrorMessage(err) != me.Message {
				t.Errorf("ErrorCode/ErrorMessage = %q/%q", model.ErrorCode(err), model.ErrorMessage(err))
			}
			if !reflect.DeepEqual(got, model.NewArticle{}) {
				t.Errorf("Plain returned %+v with its error", got)
			}
		})
	}
}

func TestPlainLimitsAreInclusive(t *testing.T) {
	in := PlainInput{
		Title:       strings.Repeat("\u00e9", model.MaxTitleLen),
		Byline:      strings.Repeat("b", model.MaxShortLen),
		Publication: strings.Repeat("東", model.MaxShortLen),
		Text:        strings.Repeat("x", MaxTextBytes),
	}
	got, err := Plain(in)
	if err != nil {
		t.Fatal(err)
	}
	if text.Len(got.Title) != model.MaxTitleLen || len(got.Doc.Text) != MaxTextBytes {
		t.Errorf("title %d code points, text %d bytes", text.Len(got.Title), len(got.Doc.Text))
	}
}
